from django.contrib import admin

from toptechniek.common.admin import FactsRefreshAdminMixin
from toptechniek.common.forms import TextCleanModelForm
from toptechniek.common.uploads import AttachmentAdminMixin

from . import models


class TransitionInline(admin.TabularInline):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    model = models.ReportTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "at", "comment"]
    can_delete = False


@admin.register(models.MonitorReport)
class MonitorReportAdmin(FactsRefreshAdminMixin, admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["region", "programme_year", "status", "is_late", "submitted_at"]
    list_filter = ["status", "is_late", "programme_year__year"]
    search_fields = ["region__name"]
    inlines = [TransitionInline]

    def facts_regions(self, obj) -> list[int]:
        return [obj.region_id]


@admin.register(models.ReportAttachment)
class ReportAttachmentAdmin(AttachmentAdminMixin, admin.ModelAdmin):
    list_display = ["name", "report", *AttachmentAdminMixin.list_display[1:]]

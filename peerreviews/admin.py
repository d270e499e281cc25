from django.contrib import admin

from toptechniek.common.forms import TextCleanModelForm
from toptechniek.common.uploads import AttachmentAdminMixin

from . import models


@admin.register(models.GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["title", "region", "status", "published_at", "created_by"]
    list_filter = ["status", "region__landsdeel__name", "region"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["themes", "success_conditions"]
    raw_id_fields = ["created_by"]


@admin.register(models.PeerReviewAttachment)
class PeerReviewAttachmentAdmin(AttachmentAdminMixin, admin.ModelAdmin):
    list_display = ["name", "review", *AttachmentAdminMixin.list_display[1:]]

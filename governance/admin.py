from django.contrib import admin

from toptechniek.common.forms import TextCleanModelForm

from . import models


@admin.register(models.GovernanceMeeting)
class GovernanceMeetingAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["region", "programme_year", "date", "status", "held_at"]
    list_filter = ["status", "programme_year__year", "region__landsdeel__name"]
    search_fields = ["region__name", "notes", "decision_summary"]
    raw_id_fields = ["created_by", "updated_by"]

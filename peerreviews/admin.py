from django.contrib import admin

from . import models


@admin.register(models.GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "status", "published_at", "created_by"]
    list_filter = ["status", "region__landsdeel", "region"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["themes", "success_conditions"]
    raw_id_fields = ["created_by"]

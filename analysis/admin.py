from django.contrib import admin

from regions.admin import ReadOnlyAdmin

from . import models


class AnalysisSectionInline(admin.TabularInline):
    model = models.AnalysisSection
    extra = 0
    fields = ["theme", "condition", "success_factors", "bottlenecks", "improvements"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ProgrammeAnalysis)
class ProgrammeAnalysisAdmin(ReadOnlyAdmin):
    """Written and published only through analysis.services."""

    list_display = ["programme_year", "status", "version", "published_at"]
    list_filter = ["status", "programme_year__programme"]
    inlines = [AnalysisSectionInline]

from django.contrib import admin

from . import models


class TargetInline(admin.TabularInline):
    """Targets of an agreed indicator change only through an amendment (regions.services): read-only here."""

    model = models.Target
    extra = 0

    def _agreed(self, obj) -> bool:
        return obj is not None and obj.status == models.Indicator.Status.AGREED

    def has_add_permission(self, request, obj=None):
        return not self._agreed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._agreed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._agreed(obj) and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History kept for ever: readable in the admin, written only by the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TargetAmendmentLineInline(admin.TabularInline):
    model = models.TargetAmendmentLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuidingQuestionInline(admin.TabularInline):
    model = models.GuidingQuestion
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.ProgrammeYear)
class ProgrammeYearAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "report_due_date", "scoring_due_date"]
    list_filter = ["programme"]


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "landsdeel", "join_year", "status"]
    list_filter = ["programme", "landsdeel", "status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subtype", "city"]
    list_filter = ["kind", "subtype"]
    search_fields = ["name"]


@admin.register(models.RegionPartner)
class RegionPartnerAdmin(admin.ModelAdmin):
    list_display = ["region", "organisation", "is_penvoerder"]
    list_filter = ["region"]


@admin.register(models.RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role", "start_date"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__full_name"]


@admin.register(models.PlacematTheme)
class PlacematThemeAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind", "number", "name"]
    inlines = [GuidingQuestionInline]


@admin.register(models.SuccessCondition)
class SuccessConditionAdmin(admin.ModelAdmin):
    list_display = ["programme", "number", "group", "name"]


@admin.register(models.RegionVision)
class RegionVisionAdmin(admin.ModelAdmin):
    list_display = ["region", "version", "status", "approved_at"]
    list_filter = ["status"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["region", "code", "name", "performance_area", "route", "kind", "direction", "status"]
    list_filter = ["route", "kind", "direction", "status", "region"]
    inlines = [TargetInline]


@admin.register(models.TargetAmendment)
class TargetAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    inlines = [TargetAmendmentLineInline]


@admin.register(models.PastRegionRole)
class PastRegionRoleAdmin(ReadOnlyAdmin):
    list_display = ["user", "region", "role", "start_date", "end_date"]
    list_filter = ["role", "region"]

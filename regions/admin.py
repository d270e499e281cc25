from django.contrib import admin

from toptechniek.common.admin import FactsRefreshAdminMixin
from toptechniek.common.forms import TextCleanModelForm

from . import models


def _programme_regions(programme_id: int | None) -> list[int]:
    return list(models.Region.objects.filter(programme_id=programme_id).values_list("pk", flat=True))


class TargetInline(admin.TabularInline):
    """Targets of an agreed indicator change only through an amendment (regions.services): read-only here."""

    form = TextCleanModelForm  # text cleaned of control characters, limited in length

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
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    model = models.GuidingQuestion
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["name", "start_year", "end_year"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.ProgrammeYear)
class ProgrammeYearAdmin(FactsRefreshAdminMixin, admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["programme", "year", "report_due_date", "scoring_due_date"]
    list_filter = ["programme"]

    def facts_regions(self, obj) -> list[int]:
        """A programme's years are the years its regions take part in."""
        return _programme_regions(obj.programme_id)


@admin.register(models.Region)
class RegionAdmin(FactsRefreshAdminMixin, admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["name", "programme", "landsdeel", "join_year", "status"]
    list_select_related = ["programme", "landsdeel"]
    list_filter = ["programme", "landsdeel__name", "status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def facts_regions(self, obj) -> list[int]:
        return [obj.pk]

    def facts_regions_deleted(self, obj) -> list[int]:
        """Deleting a region deletes its peer reviews with it, which are facts of its partners too: every
        region of the programme (regions knows no peer reviews, and a partner is always in the programme)."""
        return _programme_regions(obj.programme_id)


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["name", "kind", "subtype", "city"]
    list_filter = ["kind", "subtype"]
    search_fields = ["name"]


@admin.register(models.RegionPartner)
class RegionPartnerAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["region", "organisation", "is_penvoerder"]
    list_filter = ["region"]


@admin.register(models.RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["user", "region", "role", "start_date"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__full_name"]


@admin.register(models.PlacematTheme)
class PlacematThemeAdmin(FactsRefreshAdminMixin, admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["programme", "kind", "number", "name"]
    inlines = [GuidingQuestionInline]
    facts_on_save = False  # a name or its questions are no fact

    def facts_regions(self, obj) -> list[int]:
        """Deleting a theme deletes its consolidated scores and self-assessments with it."""
        return _programme_regions(obj.programme_id)


@admin.register(models.SuccessCondition)
class SuccessConditionAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["programme", "number", "group", "name"]


@admin.register(models.RegionVision)
class RegionVisionAdmin(admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["region", "version", "status", "approved_at"]
    list_filter = ["status"]


@admin.register(models.Indicator)
class IndicatorAdmin(FactsRefreshAdminMixin, admin.ModelAdmin):
    form = TextCleanModelForm  # text cleaned of control characters, limited in length
    list_display = ["region", "code", "name", "performance_area", "route", "kind", "direction", "status"]
    list_select_related = ["region", "performance_area", "route"]
    list_filter = ["route__name", "kind", "direction", "status", "region"]
    inlines = [TargetInline]

    def facts_regions(self, obj) -> list[int]:
        return [obj.region_id]


@admin.register(models.TargetAmendment)
class TargetAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    inlines = [TargetAmendmentLineInline]


@admin.register(models.PastRegionRole)
class PastRegionRoleAdmin(ReadOnlyAdmin):
    list_display = ["user", "region", "role", "start_date", "end_date"]
    list_filter = ["role", "region"]


@admin.register(models.Cofinancing)
class CofinancingAdmin(ReadOnlyAdmin):
    """Written on the region's co-financing page (services: audit log and dashboard facts), read here."""

    list_display = [
        "region",
        "partner",
        "programme_year",
        "committed_money",
        "committed_in_kind",
        "realised_money",
        "realised_in_kind",
        "updated_at",
    ]
    list_select_related = ["region", "partner__organisation", "programme_year__programme"]
    list_filter = ["programme_year__year", "region"]


@admin.register(models.SubProject)
class SubProjectAdmin(ReadOnlyAdmin):
    """Written on the region page's sub-project pages (services: audit log and the leader's role), read here."""

    list_display = ["name", "region", "leader", "budget"]
    list_select_related = ["region", "leader"]
    list_filter = ["region"]
    search_fields = ["name", "region__name"]

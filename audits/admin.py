"""The office's back room for the audits app: to look things up, not to change them.

Assignments, scorings, placemats, grants and visits change only through the services (which check the
rules, keep the history and send the mails), so these pages are read-only; the office works in the app.
"""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "region", "programme_year", "role", "removed_at"]
    list_filter = ["role", "programme_year__year", "region"]
    search_fields = ["user__email", "user__full_name", "region__name"]

    def get_queryset(self, request):
        return models.Assignment.with_removed.select_related("user", "region", "programme_year")


@admin.register(models.Placemat)
class PlacematAdmin(ReadOnlyAdmin):
    list_display = ["region", "programme_year", "status"]
    list_filter = ["status", "programme_year__year"]
    search_fields = ["region__name"]


@admin.register(models.Scoring)
class ScoringAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "placemat", "status"]
    list_filter = ["status"]


@admin.register(models.ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    list_display = ["placemat", "at", "actor"]


@admin.register(models.PlacematPdf)
class PlacematPdfAdmin(ReadOnlyAdmin):
    list_display = ["placemat", "rendered_at", "notified_at"]


@admin.register(models.Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["kind", "region", "recipient", "created_at", "sent_at"]
    list_filter = ["kind", "programme_year__year"]
    search_fields = ["recipient__email", "region__name"]


@admin.register(models.GrantRule)
class GrantRuleAdmin(ReadOnlyAdmin):
    list_display = ["programme_year", "base_amount", "progress_weight_pct", "placemat_weight_pct"]


@admin.register(models.StimulusGrant)
class StimulusGrantAdmin(ReadOnlyAdmin):
    list_display = ["region", "programme_year", "status", "proposed_amount", "decided_amount"]
    list_filter = ["status", "programme_year__year"]
    search_fields = ["region__name"]


@admin.register(models.GrantChange)
class GrantChangeAdmin(ReadOnlyAdmin):
    list_display = ["grant", "kind", "old_amount", "new_amount", "actor", "at"]
    list_filter = ["kind"]


@admin.register(models.AuditVisit)
class AuditVisitAdmin(ReadOnlyAdmin):
    list_display = ["region", "programme_year", "date", "status"]
    list_filter = ["status", "programme_year__year"]
    search_fields = ["region__name"]


@admin.register(models.FollowUpAction)
class FollowUpActionAdmin(ReadOnlyAdmin):
    list_display = ["visit", "description", "owner", "due_date", "done_at"]

from django.contrib import admin

from .models import Application, Call, CommitteeMember, CommitteeScore


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readable in the admin, never written there: the services keep the audit log, the mails and the region."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "join_year", "deadline", "published_at"]
    list_filter = ["programme"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["region_name", "call", "applicant", "status", "region"]
    list_filter = ["status", "call"]
    search_fields = ["region_name"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "call"]


@admin.register(CommitteeScore)
class CommitteeScoreAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "advice", "submitted_at"]

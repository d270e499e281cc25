from django.contrib import admin

from regions.admin import ReadOnlyAdmin

from .models import Application, Call, CommitteeMember, CommitteeScore


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

from django.contrib import admin

from regions.admin import ReadOnlyAdmin
from toptechniek.common.uploads import AttachmentAdminMixin

from .models import Event, EventAttachment, EventLink, Invitation, Registration


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "programme", "date", "status"]
    list_filter = ["programme", "kind", "status"]
    search_fields = ["title", "place"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["event", "user", "invited_at", "declined_at"]
    list_filter = ["event__programme"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["event", "user", "region", "walk_in", "attended"]
    list_filter = ["event__programme", "attended"]


@admin.register(EventLink)
class EventLinkAdmin(ReadOnlyAdmin):
    list_display = ["title", "event", "url", "added_at"]


@admin.register(EventAttachment)
class EventAttachmentAdmin(AttachmentAdminMixin, ReadOnlyAdmin):
    list_display = ["name", "event", "file_type", "size", "uploaded_at"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, SignInLink, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "global_role", "is_active", "is_staff"]
    list_filter = ["global_role", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language", "global_role"]}),
        (_("Django admin"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "sent_at"]


@admin.register(SignInLink)
class SignInLinkAdmin(admin.ModelAdmin):
    """Read-only: who asked for a sign-in link when, from where, and whether it was used (hashes not shown)."""

    list_display = ["user", "created_at", "expires_at", "sent_at", "used_at", "failed_codes", "requested_ip"]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Mijn e-mailinstellingen: each person chooses per kind of mail how it reaches them."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from toptechniek.common.notifications import kinds_for_roles, preference_set, preferences_of
from toptechniek.common.views import require_perm

from .forms import MailPreferencesForm
from .rules import region_roles


def _roles(user) -> set[str]:
    roles = {role for held in region_roles(user).values() for role in held}
    if user.global_role:
        roles.add(user.global_role)
    return roles


@require_http_methods(["GET", "HEAD", "POST"])
def mail_preferences(request):
    require_perm(request, "accounts.change_mail_preferences")
    user = request.user
    kinds = kinds_for_roles(_roles(user))
    current = preferences_of(user, kinds)
    form = MailPreferencesForm(request.POST if request.method == "POST" else None, kinds=kinds, current=current)
    if request.method == "POST" and form.is_valid():
        preference_set(user=user, choices=form.choices())
        messages.success(request, _("Your mail settings are saved."))
        return redirect("accounts:mail_preferences")
    return render(
        request,
        "accounts/mail_preferences.html",
        {"form": form, "digest_hour": settings.MAIL_DIGEST_HOUR},
        status=200,
    )

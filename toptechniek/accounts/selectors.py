"""Reads of the accounts app shaped for pages."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toptechniek.common.todo import Todo

from .models import User


def user_list_with_roles() -> QuerySet[User]:
    """Everyone with their region roles and regions, grouped by role (two queries per page).

    The region roles are reached through the reverse relation, so accounts stays below the regions app.
    """
    region_role = User.region_roles.rel.related_model
    return User.objects.prefetch_related(
        Prefetch("region_roles", queryset=region_role.objects.select_related("region").order_by("role", "region__name"))
    ).order_by("full_name", "email")


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """The office unlocks people locked out after failed logins (1 query, only for the office)."""
    from .lockouts import current_lockouts

    if not user.is_programme_office:
        return []
    count = current_lockouts().count()
    if not count:
        return []
    return [
        Todo(
            kind="lockouts",
            what=ngettext("%(count)d login is locked", "%(count)d logins are locked", count) % {"count": count},
            subject=_("Security"),
            url=reverse("accounts:lockouts"),
            role=_("programme office"),
        )
    ]

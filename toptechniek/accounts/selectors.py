"""Reads of the accounts app shaped for pages."""

from django.db.models import Prefetch, QuerySet

from .models import User


def user_list_with_roles() -> QuerySet[User]:
    """Everyone with their region roles and regions (two queries per page).

    The region roles are reached through the reverse relation, so accounts stays below the regions app.
    """
    region_role = User.region_roles.rel.related_model
    return User.objects.prefetch_related(
        Prefetch("region_roles", queryset=region_role.objects.select_related("region").order_by("region__name"))
    ).order_by("full_name", "email")

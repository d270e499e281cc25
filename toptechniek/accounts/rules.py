"""Role predicates shared by every app's rules.

A user's region roles are loaded once per user object (one query) and cached on it,
so checking permissions for many regions on one page costs no extra queries.
"""

import rules


def region_roles(user) -> dict[int, set[str]]:
    """Map region id -> set of role codes the user holds there."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_tt_region_roles", None)
    if cached is None:
        cached = {}
        for region_id, role in user.region_roles.values_list("region_id", "role"):
            cached.setdefault(region_id, set()).add(role)
        user._tt_region_roles = cached
    return cached


def forget_region_roles(user) -> None:
    if hasattr(user, "_tt_region_roles"):
        del user._tt_region_roles


def has_region_role(user, region_id, *roles: str) -> bool:
    held = region_roles(user).get(region_id, set())
    return bool(held & set(roles)) if roles else bool(held)


@rules.predicate
def is_programme_office(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_office)


@rules.predicate
def is_viewer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_viewer)


@rules.predicate
def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


rules.add_perm("accounts.change_mail_preferences", is_active_user)  # one's own, on "Mijn e-mailinstellingen"
rules.add_perm("accounts.manage_users", is_programme_office)
rules.add_perm("accounts.manage_lockouts", is_programme_office)
rules.add_perm("accounts.view_audit_log", is_programme_office)

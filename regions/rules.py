"""Object-level permissions of the regions app, declared once, used by views and templates.

Objects are regions unless said otherwise; vision, indicator, partner and role rules
take the object and look at its region.
"""

import rules

from toptechniek.accounts.rules import has_region_role, is_programme_office, is_viewer, region_roles

PROJECT_LEADER = "project_leader"
PENVOERDER = "penvoerder"
PARTNER = "partner"
CRITICAL_FRIEND = "critical_friend"


def _region_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "region_id"):
        return obj.region_id
    if hasattr(obj, "indicator_id"):  # a target amendment: its indicator's region
        return obj.indicator.region_id
    return obj.pk


@rules.predicate
def is_region_member(user, obj) -> bool:
    region_id = _region_id(obj)
    return region_id is not None and has_region_role(user, region_id)


@rules.predicate
def is_region_project_leader(user, obj) -> bool:
    region_id = _region_id(obj)
    return region_id is not None and has_region_role(user, region_id, PROJECT_LEADER)


@rules.predicate
def can_read_drafts_of_region(user, obj) -> bool:
    """People who work on the region itself see its drafts (not partners, not the viewer)."""
    region_id = _region_id(obj)
    return region_id is not None and has_region_role(user, region_id, PROJECT_LEADER, PENVOERDER, CRITICAL_FRIEND)


@rules.predicate
def has_any_region(user) -> bool:
    return bool(region_roles(user))


@rules.predicate
def vision_is_draft(user, vision) -> bool:
    return vision is not None and vision.status == "draft"


@rules.predicate
def vision_is_approved(user, vision) -> bool:
    return vision is not None and vision.status == "approved"


@rules.predicate
def indicator_is_proposed(user, indicator) -> bool:
    return indicator is not None and indicator.status == "proposed"


@rules.predicate
def indicator_is_agreed(user, indicator) -> bool:
    return indicator is not None and indicator.status == "agreed"


@rules.predicate
def amendment_is_proposed(user, amendment) -> bool:
    return amendment is not None and amendment.status == "proposed"


@rules.predicate
def is_amendment_proposer(user, amendment) -> bool:
    return amendment is not None and user.is_authenticated and amendment.proposed_by_id == user.pk


@rules.predicate
def programme_is_open(user, obj) -> bool:
    """The object's (a region's, or a region-owned object's) programme is not closed: a closed programme is
    history and read-only."""
    region = obj if hasattr(obj, "programme_id") else getattr(obj, "region", None)
    return region is not None and region.programme.closed_at is None


# Programme, calendar, framework
rules.add_perm("regions.view_programme", is_programme_office | is_viewer)
rules.add_perm("regions.manage_programme", is_programme_office)
rules.add_perm("regions.manage_framework", is_programme_office)  # rename themes, conditions, questions
rules.add_perm("regions.add_framework_item", is_programme_office)  # themes, conditions, guiding questions
rules.add_perm("regions.delete_framework_item", is_programme_office)  # the service refuses items in use
rules.add_perm("regions.manage_organisations", is_programme_office)

# Regions
rules.add_perm("regions.list_regions", is_programme_office | is_viewer | has_any_region)
rules.add_perm("regions.view_region", is_programme_office | is_viewer | is_region_member)
rules.add_perm("regions.manage_region", is_programme_office)  # edit, partners, roles
rules.add_perm("regions.view_region_drafts", is_programme_office | can_read_drafts_of_region)

# Regional vision (object: vision, or region for 'add')
rules.add_perm("regions.add_vision", is_region_project_leader)
rules.add_perm(
    "regions.view_vision",
    (vision_is_approved & (is_programme_office | is_viewer | is_region_member))
    | (is_programme_office | can_read_drafts_of_region),
)
rules.add_perm("regions.change_vision", vision_is_draft & is_region_project_leader)
rules.add_perm("regions.approve_vision", vision_is_draft & is_programme_office)

# Indicators and targets (object: indicator, or region for 'add')
rules.add_perm("regions.add_indicator", is_region_project_leader | is_programme_office)
rules.add_perm("regions.change_indicator", (indicator_is_proposed & is_region_project_leader) | is_programme_office)
rules.add_perm("regions.approve_indicator", indicator_is_proposed & is_programme_office)

# Amendments of agreed targets (object: indicator for 'propose', amendment otherwise)
rules.add_perm("regions.propose_amendment", indicator_is_agreed & (is_region_project_leader | is_programme_office))
rules.add_perm("regions.decide_amendment", amendment_is_proposed & is_programme_office)
rules.add_perm(
    "regions.withdraw_amendment",
    amendment_is_proposed & ((is_amendment_proposer & is_region_project_leader) | is_programme_office),
)

# Co-financing of a region's partners (object: region): its project leader and the office record it, while
# the programme is open; whoever sees the region sees the figures.
rules.add_perm("regions.view_cofinancing", is_programme_office | is_viewer | is_region_member)
rules.add_perm("regions.change_cofinancing", (is_region_project_leader | is_programme_office) & programme_is_open)

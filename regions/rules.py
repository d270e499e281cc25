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


# --- Closed programmes: everything in them is read-only -------------------------------------------------

# Related objects through which an object reaches its programme, tried in this order when it carries no
# programme, programme year or region of its own (a scoring → its placemat, an amendment → its indicator …).
_TOWARDS_PROGRAMME = (
    "assignment",
    "placemat",
    "report",
    "indicator",
    "review",
    "visit",
    "meeting",
    "grant",
    "theme",
    "scoring",
    "question",
    "call",
    "application",
)


class _Closed:
    """The ids of closed programmes, and of their years and regions (loaded only when one is closed)."""

    def __init__(self):
        from .models import Programme, ProgrammeYear, Region

        self.programmes = set(Programme.objects.filter(closed_at__isnull=False).values_list("pk", flat=True))
        self.years: set[int] = set()
        self.regions: set[int] = set()
        if self.programmes:
            closed = list(self.programmes)
            self.years = set(ProgrammeYear.objects.filter(programme_id__in=closed).values_list("pk", flat=True))
            self.regions = set(Region.objects.filter(programme_id__in=closed).values_list("pk", flat=True))


def _closed(user) -> _Closed:
    """Cached on the user object, like the region roles: one query per request (three with a closed programme)."""
    cached = getattr(user, "_tt_closed_programmes", None)
    if cached is None:
        cached = _Closed()
        if user is not None:
            user._tt_closed_programmes = cached
    return cached


def forget_closed_programmes(user) -> None:
    if hasattr(user, "_tt_closed_programmes"):
        del user._tt_closed_programmes


def in_closed_programme(user, obj, depth: int = 0) -> bool:
    """Whether `obj` (a programme, year, region or anything that belongs to one) is of a closed programme."""
    from .models import Programme

    if obj is None or depth > 3:
        return False
    closed = _closed(user)
    if not closed.programmes:
        return False
    if isinstance(obj, Programme):
        return obj.pk in closed.programmes
    if getattr(obj, "programme_id", None) is not None:
        return obj.programme_id in closed.programmes
    if getattr(obj, "programme_year_id", None) is not None:
        return obj.programme_year_id in closed.years
    if getattr(obj, "region_id", None) is not None:
        return obj.region_id in closed.regions
    for name in _TOWARDS_PROGRAMME:
        related = getattr(obj, name, None)
        if related is not None and not callable(related):
            return in_closed_programme(user, related, depth + 1)
    return False


@rules.predicate
def programme_is_open(user, obj) -> bool:
    """Every change needs an open programme: a closed one is history, read-only (objects without a programme,
    or no object, pass)."""
    return not in_closed_programme(user, obj)


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


# Programme, calendar, framework
rules.add_perm("regions.view_programme", is_programme_office | is_viewer)
rules.add_perm("regions.manage_programme", programme_is_open & is_programme_office)
rules.add_perm("regions.close_programme", programme_is_open & is_programme_office)
rules.add_perm("regions.reopen_programme", ~programme_is_open & is_programme_office)
rules.add_perm(
    "regions.manage_framework", programme_is_open & is_programme_office
)  # rename themes, conditions, questions
rules.add_perm(
    "regions.add_framework_item", programme_is_open & is_programme_office
)  # themes, conditions, guiding questions
rules.add_perm(
    "regions.delete_framework_item", programme_is_open & is_programme_office
)  # the service refuses items in use
rules.add_perm("regions.manage_organisations", is_programme_office)

# Regions
rules.add_perm("regions.list_regions", is_programme_office | is_viewer | has_any_region)
rules.add_perm("regions.view_region", is_programme_office | is_viewer | is_region_member)
rules.add_perm("regions.manage_region", programme_is_open & is_programme_office)  # edit, partners, roles
rules.add_perm("regions.view_region_drafts", is_programme_office | can_read_drafts_of_region)

# Regional vision (object: vision, or region for 'add')
rules.add_perm("regions.add_vision", programme_is_open & is_region_project_leader)
rules.add_perm(
    "regions.view_vision",
    (vision_is_approved & (is_programme_office | is_viewer | is_region_member))
    | (is_programme_office | can_read_drafts_of_region),
)
rules.add_perm("regions.change_vision", programme_is_open & (vision_is_draft & is_region_project_leader))
rules.add_perm("regions.approve_vision", programme_is_open & (vision_is_draft & is_programme_office))

# Indicators and targets (object: indicator, or region for 'add')
rules.add_perm("regions.add_indicator", programme_is_open & (is_region_project_leader | is_programme_office))
rules.add_perm(
    "regions.change_indicator",
    programme_is_open & ((indicator_is_proposed & is_region_project_leader) | is_programme_office),
)
rules.add_perm("regions.approve_indicator", programme_is_open & (indicator_is_proposed & is_programme_office))

# Amendments of agreed targets (object: indicator for 'propose', amendment otherwise)
rules.add_perm(
    "regions.propose_amendment",
    programme_is_open & (indicator_is_agreed & (is_region_project_leader | is_programme_office)),
)
rules.add_perm("regions.decide_amendment", programme_is_open & (amendment_is_proposed & is_programme_office))
rules.add_perm(
    "regions.withdraw_amendment",
    programme_is_open
    & (amendment_is_proposed & ((is_amendment_proposer & is_region_project_leader) | is_programme_office)),
)

# Co-financing of a region's partners (object: region): its project leader and the office record it, while
# the programme is open; whoever sees the region sees the figures.
rules.add_perm("regions.view_cofinancing", is_programme_office | is_viewer | is_region_member)
rules.add_perm("regions.change_cofinancing", (is_region_project_leader | is_programme_office) & programme_is_open)

# Sub-projects (deelprojecten; object: the region, or a sub-project): read by whoever sees the region; kept by
# its project leader and the office while the programme is open.
rules.add_perm("regions.view_subprojects", is_programme_office | is_viewer | is_region_member)
rules.add_perm("regions.change_subprojects", (is_region_project_leader | is_programme_office) & programme_is_open)

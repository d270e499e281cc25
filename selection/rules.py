"""Who may do what in the selection of regions (objects: a call, or an application).

- The office opens calls, forms the beoordelingscommissie, invites applicants and decides.
- An applicant writes and submits their own application while the call accepts applications.
- A committee member scores submitted applications of their call, and sees the others' scores only after
  giving their own (as assessors do with placemats); the office sees them once it is not a member itself.
- The ministry (viewer) follows every call and records the subsidiebeschikking of an honoured application.
Everything is read-only in a closed programme (`regions.rules.programme_is_open`).
"""

import rules

from regions.rules import programme_is_open
from toptechniek.accounts.rules import is_programme_office, is_viewer


def committee_calls(user) -> set[int]:
    """The ids of the calls whose committee this person sits on: one query per user object, cached."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_tt_committee_calls", None)
    if cached is None:
        cached = set(user.committee_seats.values_list("call_id", flat=True))
        user._tt_committee_calls = cached
    return cached


def forget_committee_calls(user) -> None:
    if hasattr(user, "_tt_committee_calls"):
        del user._tt_committee_calls


def _call_id(obj):
    return getattr(obj, "call_id", None) or getattr(obj, "pk", None)


@rules.predicate
def is_committee_member(user, obj) -> bool:
    return obj is not None and _call_id(obj) in committee_calls(user)


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and user.is_authenticated and application.applicant_id == user.pk


@rules.predicate
def has_selection_role(user) -> bool:
    """Sits on a committee or has applied: finds the calls page."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_tt_selection_role", None)
    if cached is None:
        from django.db.models import Q

        cached = (
            type(user)
            .objects.filter(Q(applications__isnull=False) | Q(committee_seats__isnull=False), pk=user.pk)
            .exists()
        )
        user._tt_selection_role = cached
    return cached


@rules.predicate
def call_is_published(user, call) -> bool:
    return call is not None and call.published_at is not None


@rules.predicate
def call_is_concept(user, call) -> bool:
    return call is not None and call.published_at is None


@rules.predicate
def call_accepts_applications(user, obj) -> bool:
    call = getattr(obj, "call", obj)
    return call is not None and call.accepts_applications()


@rules.predicate
def is_applicant_of_call(user, call) -> bool:
    return call is not None and user.is_authenticated and call.applications.filter(applicant=user).exists()


@rules.predicate
def application_is_draft(user, application) -> bool:
    return application is not None and application.status == "draft"


@rules.predicate
def application_is_submitted(user, application) -> bool:
    return application is not None and application.status == "submitted"


@rules.predicate
def application_is_past_draft(user, application) -> bool:
    return application is not None and application.status != "draft"


@rules.predicate
def application_awaits_beschikking(user, application) -> bool:
    return application is not None and application.status == "honoured" and application.region_id is None


@rules.predicate
def application_is_decided(user, application) -> bool:
    return application is not None and application.status in ("honoured", "rejected")


@rules.predicate
def has_scored(user, application) -> bool:
    if application is None or not user.is_authenticated:
        return False
    scored = getattr(application, "scored_by_ids", None)  # selectors annotate it for lists
    if scored is not None:
        return user.pk in scored
    return application.scores.filter(member=user).exists()


rules.add_perm("selection.view_calls", is_programme_office | is_viewer | has_selection_role)
rules.add_perm("selection.add_call", is_programme_office)
rules.add_perm(
    "selection.view_call",
    is_programme_office | (call_is_published & (is_viewer | is_committee_member | is_applicant_of_call)),
)
rules.add_perm("selection.manage_call", programme_is_open & is_programme_office)  # edit, committee, applicants
rules.add_perm("selection.publish_call", programme_is_open & call_is_concept & is_programme_office)

rules.add_perm(
    "selection.view_application",
    is_programme_office | is_applicant | (application_is_past_draft & (is_viewer | is_committee_member)),
)
rules.add_perm(
    "selection.change_application",
    programme_is_open & application_is_draft & call_accepts_applications & is_applicant,
)
rules.add_perm(
    "selection.score_application",
    programme_is_open & application_is_submitted & is_committee_member,
)
# Blind scoring: a member sees the other scores once they gave their own; the office when it is no member
# itself (or has scored too); everyone who follows the call once the office has decided.
rules.add_perm(
    "selection.view_scores",
    (is_committee_member & (has_scored | application_is_decided))
    | (is_programme_office & (~is_committee_member | has_scored | application_is_decided))
    | (is_viewer & application_is_decided),
)
rules.add_perm("selection.decide_application", programme_is_open & application_is_submitted & is_programme_office)
rules.add_perm("selection.record_beschikking", programme_is_open & application_awaits_beschikking & is_viewer)

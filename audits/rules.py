"""Permissions of the audits app.

Objects: an Assignment for scoring (the assessor's own), a Placemat for calibration and reading,
a ProgrammeYear for the office's assignment and reminder pages.
"""

import rules

from monitoring.selectors import SETTLED_STATUSES
from regions.rules import CRITICAL_FRIEND, PARTNER, PENVOERDER, PROJECT_LEADER, programme_is_open
from toptechniek.accounts.rules import has_region_role, is_programme_office, is_viewer, region_roles


@rules.predicate
def is_own_assessor_assignment(user, assignment) -> bool:
    return assignment is not None and assignment.user_id == user.pk and assignment.role == "assessor"


@rules.predicate
def is_critical_friend_anywhere(user) -> bool:
    """Assignments give a critical_friend region role, so the cached role map answers without a query."""
    return any(CRITICAL_FRIEND in roles for roles in region_roles(user).values())


@rules.predicate
def placemat_is_published(user, placemat) -> bool:
    return placemat is not None and placemat.status == "published"


@rules.predicate
def is_placemat_region_member(user, placemat) -> bool:
    return placemat is not None and has_region_role(
        user, placemat.region_id, PROJECT_LEADER, PENVOERDER, PARTNER, CRITICAL_FRIEND
    )


rules.add_perm("audits.manage_assignments", programme_is_open & is_programme_office)
rules.add_perm("audits.view_my_assignments", is_critical_friend_anywhere)
rules.add_perm(
    "audits.score", programme_is_open & is_own_assessor_assignment
)  # further state checks live in the service


@rules.predicate
def row_report_is_settled(user, row) -> bool:
    """A critical friend's row (audits.selectors.scoring.MyAssignmentRow): its region's report is submitted
    to the office or accepted, so scoring can start."""
    return row is not None and row.report is not None and row.report.status in SETTLED_STATUSES


@rules.predicate
def row_scoring_not_submitted(user, row) -> bool:
    return row is not None and (row.scoring is None or row.scoring.status != "submitted")


@rules.predicate
def row_is_own_assessor(user, row) -> bool:
    return row is not None and is_own_assessor_assignment(user, row.assignment)


@rules.predicate
def is_own_submitted_scoring(user, scoring) -> bool:
    return scoring is not None and scoring.assignment.user_id == user.pk and scoring.status == "submitted"


# Start or continue scoring (object: a MyAssignmentRow): the own assessor assignment, the report in.
rules.add_perm(
    "audits.start_scoring",
    programme_is_open & (row_is_own_assessor & row_report_is_settled & row_scoring_not_submitted),
)
# No peeking: an assessor sees the other assessors' submitted scores once their own is submitted
# (object: their Scoring); the office sees them all on the calibration page.
rules.add_perm("audits.view_other_scorings", is_programme_office | is_own_submitted_scoring)
rules.add_perm("audits.calibrate", programme_is_open & is_programme_office)  # object: placemat
rules.add_perm(
    "audits.view_placemat", is_programme_office | (placemat_is_published & (is_viewer | is_placemat_region_member))
)
rules.add_perm("audits.render_placemats", is_programme_office)
rules.add_perm("audits.view_reminders", is_programme_office)


# Stimulus grants. Objects: a ProgrammeYear (overview), a StimulusGrant (decide), a Region (its grants over the years).
@rules.predicate
def is_grant_region_lead(user, region) -> bool:
    return region is not None and has_region_role(user, region.pk, PROJECT_LEADER, PENVOERDER)


rules.add_perm("audits.manage_grants", programme_is_open & is_programme_office)
rules.add_perm("audits.view_grants", is_programme_office | is_viewer)  # proposals included
rules.add_perm("audits.view_region_grants", is_programme_office | is_viewer | is_grant_region_lead)


# Audit visits. Objects: a ProgrammeYear (the office's list), an AuditVisit, a FollowUpAction.
@rules.predicate
def visit_is_reported(user, visit) -> bool:
    return visit is not None and visit.status == "reported"


@rules.predicate
def visit_is_held(user, visit) -> bool:
    return visit is not None and visit.status == "held"


@rules.predicate
def is_visit_region_member(user, visit) -> bool:
    return visit is not None and has_region_role(
        user, visit.region_id, PROJECT_LEADER, PENVOERDER, PARTNER, CRITICAL_FRIEND
    )


@rules.predicate
def is_visit_committee_member(user, visit) -> bool:
    return visit is not None and user.is_authenticated and visit.committee.filter(pk=user.pk).exists()


@rules.predicate
def is_action_region_lead(user, action) -> bool:
    return action is not None and has_region_role(user, action.visit.region_id, PROJECT_LEADER, PENVOERDER)


@rules.predicate
def action_visit_is_reported(user, action) -> bool:
    return action is not None and action.visit.status == "reported"


rules.add_perm("audits.manage_visits", programme_is_open & is_programme_office)
# The plan (date, place, committee) is visible to the region before the visit is reported; viewers see reported ones.
rules.add_perm("audits.view_visit", is_programme_office | is_visit_region_member | (visit_is_reported & is_viewer))
# The committee check (a query) comes last, so a region's people and the ministry are answered from the cached roles.
rules.add_perm(
    "audits.view_visit_report",
    is_programme_office | (visit_is_reported & (is_viewer | is_visit_region_member)) | is_visit_committee_member,
)
rules.add_perm(
    "audits.record_visit", programme_is_open & (is_programme_office | (visit_is_held & is_visit_committee_member))
)
rules.add_perm(
    "audits.toggle_visit_action",
    programme_is_open & (is_programme_office | (action_visit_is_reported & is_action_region_lead)),
)


# Advice (klankbord en vraagbaak). Objects: a Region (its advice page, asking, planning), an AdviceQuestion or
# an AdviceConversation. Advice and assessment stay apart: the region's assessors of the advice's year and of
# the next year never read it, whatever other role they hold.
def advice_year(*, region, today=None):
    """The region's programme year advice given today belongs to: this calendar year, within the programme."""
    from django.utils import timezone

    from regions.models import ProgrammeYear

    today = today or timezone.localdate()
    programme = region.programme
    year = min(max(today.year, programme.start_year, region.join_year), programme.end_year)
    return ProgrammeYear.objects.filter(programme_id=region.programme_id, year=year).first()


def _assignments(user, *, region_id) -> list[tuple]:
    """This person's live assignments of the region as (programme year id, year, role): loaded once per user
    object (one query for all regions), and only for people who are a critical friend of the region."""
    if not getattr(user, "is_authenticated", False) or not has_region_role(user, region_id, CRITICAL_FRIEND):
        return []
    cached = getattr(user, "_tt_assignments", None)
    if cached is None:
        from .models import Assignment

        cached = {}
        for rid, py_id, year, role in Assignment.objects.filter(user_id=user.pk).values_list(
            "region_id", "programme_year_id", "programme_year__year", "role"
        ):
            cached.setdefault(rid, []).append((py_id, year, role))
        user._tt_assignments = cached
    return cached.get(region_id, [])


def forget_assignments(user) -> None:
    if hasattr(user, "_tt_assignments"):
        del user._tt_assignments


@rules.predicate
def is_advice_reader_of_region(user, obj) -> bool:
    """The region's own people (project leader, penvoerder, partners, sub-project leaders)."""
    region_id = getattr(obj, "region_id", None) or getattr(obj, "pk", None)
    return region_id is not None and has_region_role(
        user, region_id, PROJECT_LEADER, PENVOERDER, PARTNER, "subproject_leader"
    )


@rules.predicate
def is_advice_asker_of_region(user, region) -> bool:
    return region is not None and has_region_role(user, region.pk, PROJECT_LEADER, PENVOERDER)


@rules.predicate
def is_advisor_of_region(user, region) -> bool:
    """An advisor of the region in any of its years (the advice page; each item is checked on its own)."""
    return region is not None and any(role == "advisor" for _py, _y, role in _assignments(user, region_id=region.pk))


@rules.predicate
def is_advisor_of_region_now(user, region) -> bool:
    if region is None or not _assignments(user, region_id=region.pk):
        return False
    year = advice_year(region=region)
    return year is not None and (year.pk, year.year, "advisor") in _assignments(user, region_id=region.pk)


@rules.predicate
def is_advisor_of_item(user, item) -> bool:
    return item is not None and any(
        py == item.programme_year_id and role == "advisor"
        for py, _y, role in _assignments(user, region_id=item.region_id)
    )


@rules.predicate
def assesses_region_near_item(user, item) -> bool:
    """An assessor of the item's region in the item's year or the next one."""
    if item is None:
        return False
    rows = _assignments(user, region_id=item.region_id)
    if not rows:
        return False
    year = item.programme_year.year
    return any(role == "assessor" and y in (year, year + 1) for _py, y, role in rows)


@rules.predicate
def question_is_open(user, question) -> bool:
    return question is not None and question.status == "open"


@rules.predicate
def is_conversation_advisor(user, conversation) -> bool:
    return conversation is not None and user.is_authenticated and conversation.advisor_id == user.pk


rules.add_perm("audits.view_region_advice", is_programme_office | is_advice_reader_of_region | is_advisor_of_region)
rules.add_perm(
    "audits.view_advice",
    (is_programme_office | is_advice_reader_of_region | is_advisor_of_item) & ~assesses_region_near_item,
)
rules.add_perm("audits.ask_advice", programme_is_open & is_advice_asker_of_region)
rules.add_perm(
    "audits.answer_advice", programme_is_open & question_is_open & is_advisor_of_item & ~assesses_region_near_item
)
rules.add_perm("audits.plan_advice", programme_is_open & is_advisor_of_region_now)


@rules.predicate
def conversation_is_due(user, conversation) -> bool:
    """Held, or its date has come: a conversation is recorded once it has taken place."""
    from django.utils import timezone

    return conversation is not None and (conversation.status == "held" or conversation.date <= timezone.localdate())


rules.add_perm("audits.record_advice", programme_is_open & is_conversation_advisor & conversation_is_due)

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
rules.add_perm(
    "audits.view_visit_report",
    is_programme_office | is_visit_committee_member | (visit_is_reported & (is_viewer | is_visit_region_member)),
)
rules.add_perm(
    "audits.record_visit", programme_is_open & (is_programme_office | (visit_is_held & is_visit_committee_member))
)
rules.add_perm(
    "audits.toggle_visit_action",
    programme_is_open & (is_programme_office | (action_visit_is_reported & is_action_region_lead)),
)

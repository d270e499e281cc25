"""The scoring rules by name, as views and templates use them: start scoring once the report is in, and
no peeking at the other assessors' scores before one's own is submitted."""

import pytest

from audits.selectors.scoring import MyAssignmentRow
from audits.tests.factories import AssignmentFactory, PlacematFactory, ScoringFactory
from monitoring.tests.factories import MonitorReportFactory
from regions.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("report_status", "scoring_status", "expected"),
    [
        (None, None, False),
        ("draft", None, False),
        ("awaiting_endorsement", None, False),
        ("submitted", None, True),
        ("accepted", "draft", True),
        ("submitted", "submitted", False),
    ],
)
def test_start_scoring_needs_the_report_in_and_no_submitted_scoring(report_status, scoring_status, expected):
    assignment = AssignmentFactory(role="assessor")
    report = None
    if report_status:
        report = MonitorReportFactory(
            region=assignment.region, programme_year=assignment.programme_year, status=report_status
        )
    scoring = None
    if scoring_status:
        placemat = PlacematFactory(region=assignment.region, programme_year=assignment.programme_year)
        scoring = ScoringFactory(assignment=assignment, placemat=placemat, status=scoring_status)
    row = MyAssignmentRow(assignment=assignment, report=report, scoring=scoring)
    assert assignment.user.has_perm("audits.start_scoring", row) is expected
    assert UserFactory().has_perm("audits.start_scoring", row) is False  # never someone else's row


def test_start_scoring_is_not_for_advisors():
    assignment = AssignmentFactory(role="advisor")
    report = MonitorReportFactory(
        region=assignment.region, programme_year=assignment.programme_year, status="submitted"
    )
    row = MyAssignmentRow(assignment=assignment, report=report, scoring=None)
    assert assignment.user.has_perm("audits.start_scoring", row) is False


def test_other_scorings_only_after_submitting_ones_own():
    scoring = ScoringFactory()
    assessor = scoring.assignment.user
    assert assessor.has_perm("audits.view_other_scorings", scoring) is False
    scoring.status = "submitted"
    assert assessor.has_perm("audits.view_other_scorings", scoring) is True
    assert UserFactory().has_perm("audits.view_other_scorings", scoring) is False
    assert UserFactory(office=True).has_perm("audits.view_other_scorings", scoring) is True

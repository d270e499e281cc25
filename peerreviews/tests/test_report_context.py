"""Last year's peer-review outcomes and actions appear on the region's next monitor report, read and edit."""

import datetime

import pytest
from django.urls import reverse

from monitoring.tests.factories import MonitorReportFactory
from peerreviews.models import LearningOutcome, LearningQuestion
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory

from .factories import PeerReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    region = RegionFactory(name="Twente")
    y2014 = ProgrammeYearFactory(programme=region.programme, year=2014)
    y2015 = ProgrammeYearFactory(programme=region.programme, year=2015)
    report_2014 = MonitorReportFactory(region=region, programme_year=y2014, accepted=True)
    report_2015 = MonitorReportFactory(region=region, programme_year=y2015)
    leader = UserFactory()
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    review = PeerReviewFactory(host_region=region, programme_year=y2014, closed=True)
    question = LearningQuestion.objects.create(
        review=review,
        region=region,
        question="How do we get more SMEs into the classroom every month?",
        owner="Pia Leider",
        theme=region.programme.placemat_themes.get(kind="process", number=3),
        report=report_2014,
    )
    LearningOutcome.objects.create(
        question=question,
        insights="Fixed pairs of a teacher and a company make agreements last.",
        action="Record one pair per school by March.",
        action_owner="Pia Leider",
        action_due=datetime.date(2015, 3, 1),
    )
    return region, leader, report_2014, report_2015


def test_next_report_shows_last_years_outcomes(client, setup):
    region, leader, _report_2014, _report_2015 = setup
    client.force_login(leader)
    for name in ("monitoring:report_detail", "monitoring:report_edit"):
        page = client.get(reverse(name, args=[region, 2015])).content.decode()
        assert "Outcomes of the peer review in 2014" in page
        assert "Record one pair per school by March." in page
        assert "Fixed pairs of a teacher and a company make agreements last." in page


def test_same_year_report_has_no_outcome_panel(client, setup):
    region, leader, _report_2014, _report_2015 = setup
    client.force_login(leader)
    page = client.get(reverse("monitoring:report_detail", args=[region, 2014])).content.decode()
    assert "Outcomes of the peer review" not in page

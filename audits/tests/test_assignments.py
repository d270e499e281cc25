"""A critical friend's access follows their assignments, and independence is a rule of the services:
nobody advises or assesses a region in which they hold another role, and an assignment that was in force
keeps blocking the next year after it is removed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import Assignment, Scoring
from audits.services.scoring import assignment_create, assignment_remove
from audits.tests.factories import AssignmentFactory, ScoringFactory
from monitoring.tests.factories import MonitorReportFactory
from peerreviews.tests.factories import GoodPracticeFactory
from regions.models import PastRegionRole, ProgrammeYear, RegionRole
from regions.services import region_role_add
from regions.tests.factories import RegionFactory, RegionRoleFactory, UserFactory
from toptechniek.common.samples import store_sample_attachment

pytestmark = pytest.mark.django_db


def _year(region, year):
    return ProgrammeYear.objects.get_or_create(
        programme=region.programme, year=year, defaults={"report_due_date": datetime.date(year + 1, 3, 1)}
    )[0]


@pytest.fixture
def office():
    return UserFactory(office=True)


def test_assignment_gives_the_critical_friend_role_and_removal_ends_it(client, office):
    region = RegionFactory()
    friend = UserFactory()
    assignment = assignment_create(
        programme_year=_year(region, 2013), region=region, user=friend, role=Assignment.Role.ADVISOR
    )
    assert RegionRole.objects.filter(user=friend, region=region, role="critical_friend").exists()

    draft = MonitorReportFactory(region=region, programme_year=_year(region, 2013))
    from monitoring.models import ReportAttachment

    leader = RegionRoleFactory(region=region, role="project_leader").user
    attachment = store_sample_attachment(ReportAttachment, report=draft, user=leader, name="plan.pdf")
    practice = GoodPracticeFactory(region=region)
    urls = [
        reverse("monitoring:report_detail", args=[region, 2013]),
        reverse("monitoring:report_attachment_download", args=[region, 2013, attachment.pk]),
        reverse("peerreviews:good_practice_update", args=[practice.pk]),
    ]
    client.force_login(friend)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]

    assignment_remove(assignment=assignment, removed_by=office)

    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert not RegionRole.objects.filter(user=friend, region=region).exists()
    past = PastRegionRole.objects.get(user=friend, region=region)
    assert past.role == "critical_friend" and past.ended_by == office
    kept = Assignment.with_removed.get(pk=assignment.pk)
    assert kept.removed_at is not None and kept.removed_by == office
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_removing_one_of_two_assignments_keeps_the_role(office):
    region = RegionFactory()
    friend = UserFactory()
    first = assignment_create(
        programme_year=_year(region, 2013), region=region, user=friend, role=Assignment.Role.ADVISOR
    )
    assignment_create(programme_year=_year(region, 2014), region=region, user=friend, role=Assignment.Role.ADVISOR)
    assignment_remove(assignment=first, removed_by=office)
    assert RegionRole.objects.filter(user=friend, region=region, role="critical_friend").exists()


def test_own_region_project_leader_cannot_be_assessor(office):
    region = RegionFactory()
    leader = RegionRoleFactory(region=region, role="project_leader").user
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=_year(region, 2014), region=region, user=leader, role=Assignment.Role.ASSESSOR)
    assert "holds another role" in " ".join(error.value.messages) or "another role" in " ".join(error.value.messages)
    assert not Assignment.with_removed.exists()


def test_assigned_critical_friend_cannot_get_another_role_in_the_region():
    region = RegionFactory()
    friend = UserFactory()
    assignment_create(programme_year=_year(region, 2014), region=region, user=friend, role=Assignment.Role.ASSESSOR)
    with pytest.raises(ValidationError) as error:
        region_role_add(region=region, user=friend, role=RegionRole.Role.PARTNER)
    assert "cannot hold another role" in " ".join(error.value.messages)
    assert list(RegionRole.objects.filter(user=friend).values_list("role", flat=True)) == ["critical_friend"]


def test_advisor_of_last_year_still_blocked_after_the_assignment_is_removed(office):
    region = RegionFactory()
    friend = UserFactory()
    advice = assignment_create(
        programme_year=_year(region, 2013), region=region, user=friend, role=Assignment.Role.ADVISOR
    )
    assignment_remove(assignment=advice, removed_by=office)
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=_year(region, 2014), region=region, user=friend, role=Assignment.Role.ASSESSOR)
    assert "was advisor of" in " ".join(error.value.messages)
    assert not Assignment.objects.exists()


def test_assessor_of_next_year_blocks_advice_after_removal(office):
    region = RegionFactory()
    friend = UserFactory()
    assessment = assignment_create(
        programme_year=_year(region, 2014), region=region, user=friend, role=Assignment.Role.ASSESSOR
    )
    assignment_remove(assignment=assessment, removed_by=office)
    with pytest.raises(ValidationError):
        assignment_create(programme_year=_year(region, 2013), region=region, user=friend, role=Assignment.Role.ADVISOR)


def test_removal_with_a_submitted_scoring_is_refused_and_changes_nothing(office):
    scoring = ScoringFactory(submitted=True)
    with pytest.raises(ValidationError):
        assignment_remove(assignment=scoring.assignment, removed_by=office)
    assert Assignment.objects.filter(pk=scoring.assignment_id).exists()
    assert Scoring.objects.filter(pk=scoring.pk).exists()


def test_removal_takes_a_draft_scoring_with_it(office):
    scoring = ScoringFactory()
    assignment_remove(assignment=scoring.assignment, removed_by=office)
    assert not Scoring.objects.filter(pk=scoring.pk).exists()


def test_remove_page_keeps_the_history(client, office):
    assignment = AssignmentFactory()
    client.force_login(office)
    url = reverse("audits:assignment_delete", args=[assignment.pk])
    assert "stays in the history" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Assignment.with_removed.get(pk=assignment.pk).removed_by == office


@pytest.mark.parametrize(("status", "expected"), [("draft", 404), ("awaiting", 404), ("submitted", 200)])
def test_partner_reads_a_report_once_it_is_submitted(client, status, expected):
    region = RegionFactory()
    partner = RegionRoleFactory(region=region, role="partner").user
    traits = {} if status == "draft" else {status: True}
    MonitorReportFactory(region=region, programme_year=_year(region, 2013), **traits)
    client.force_login(partner)
    assert client.get(reverse("monitoring:report_detail", args=[region, 2013])).status_code == expected

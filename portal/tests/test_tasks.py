"""Mijn taken: every person lands on what waits for them; a task appears when the state asks for work and
disappears when the work is done; the page's query count does not grow with regions or tasks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Scoring
from audits.tests.factories import (
    AssignmentFactory,
    AuditVisitFactory,
    ConsolidatedScoreFactory,
    FollowUpActionFactory,
    PlacematFactory,
    ScoringFactory,
    StimulusGrantFactory,
)
from dashboard.services import facts_rebuild
from monitoring import services as report_services
from monitoring.models import MonitorReport
from monitoring.tests.factories import MonitorReportFactory, ReportTransitionFactory
from peerreviews.models import FeedbackReport
from peerreviews.tests.factories import PeerReviewFactory
from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    UserFactory,
)
from regions.tests.world import region_key, world_build
from toptechniek.common.testing import assert_flat_queries
from toptechniek.common.todo import todos_for

pytestmark = pytest.mark.django_db
HOME = reverse("home")


@pytest.fixture
def w():
    today = timezone.localdate()
    w = world_build(
        programme={"slug": "ttib", "start_year": today.year - 3, "end_year": today.year + 1},
        # This year's cycle is at work: the report is due in three weeks, scoring a month later. A year three
        # years back is history: nothing of it is a task any more.
        years=(
            {
                "year": today.year,
                "report_due_date": today + datetime.timedelta(days=21),
                "scoring_due_date": today + datetime.timedelta(days=50),
            },
            today.year - 3,
        ),
        regions=({"slug": "twente", "join_year": today.year - 3},),
        roles={
            "leader": ("twente", RegionRole.Role.PROJECT_LEADER, "pl@t.example"),
            "penvoerder": ("twente", RegionRole.Role.PENVOERDER, "pv@t.example"),
        },
    )
    w.today = today
    w.year = w.years[today.year]
    w.region = w.regions["twente"]
    RegionPartnerFactory(region=w.region, penvoerder=True)
    w.cf = UserFactory(email="cf@t.example")
    return w


def kinds(user, today):
    return [(todo.kind, todo.subject) for todo in todos_for(user=user, today=today)]


def page(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


# --- Project leader and penvoerder ----------------------------------------------------------------------------


def test_project_leader_is_asked_to_start_then_finish_the_report(client, w):
    assert kinds(w.leader, w.today) == [("report_start", "Twente")]
    body = page(client, w.leader)
    assert f"Start the monitor report {w.today.year}" in body and w.region.get_absolute_url() + "#reports" in body

    report = MonitorReportFactory(region=w.region, programme_year=w.year)
    todo = todos_for(user=w.leader, today=w.today)[0]
    assert (todo.kind, todo.state, todo.due) == ("report_continue", "draft", w.year.report_due_date)
    assert todo.url == reverse("monitoring:report_edit", args=[region_key("twente"), w.today.year])

    report.status = MonitorReport.Status.AWAITING_ENDORSEMENT
    report.save()
    assert kinds(w.leader, w.today) == []  # it waits for the penvoerder now
    assert kinds(w.penvoerder, w.today) == [("report_endorse", "Twente")]


def test_returned_report_shows_the_office_comment(client, w):
    report = MonitorReportFactory(region=w.region, programme_year=w.year, returned=True)
    ReportTransitionFactory(
        report=report, from_status="submitted", to_status="returned", comment="Vul de 0-meting aan."
    )
    todo = todos_for(user=w.leader, today=w.today)[0]
    assert (todo.kind, todo.note) == ("report_resubmit", "Vul de 0-meting aan.")
    assert "Vul de 0-meting aan." in page(client, w.leader)


def test_overdue_report_comes_first_and_says_so(client, w):
    w.year.report_due_date = w.today - datetime.timedelta(days=3)
    w.year.save()
    other = RegionFactory(programme=w.programme, name="Achterhoek", slug="achterhoek", join_year=w.today.year)
    RegionRoleFactory(user=w.leader, region=other, role=RegionRole.Role.PROJECT_LEADER)
    MonitorReportFactory(region=other, programme_year=w.year, submitted=True)
    body = page(client, w.leader)
    assert kinds(w.leader, w.today) == [("report_start", "Twente")]  # Achterhoek's is in
    assert "overdue since" in body and "One is overdue." in body


def test_history_years_and_stopped_regions_give_no_task(w):
    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    assert kinds(w.leader, w.today) == []  # the old year (three years ago) has no report, but is history
    w.region.status = "stopped"
    w.region.save()
    MonitorReport.objects.all().delete()
    assert kinds(w.leader, w.today) == []


def test_history_is_no_task_for_the_office_or_the_region(w):
    """A report, a proposal or an action of a year long past stays in the history, not on Mijn taken."""
    old = w.years[w.today.year - 3]
    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)  # this year's is in
    MonitorReportFactory(region=w.region, programme_year=old, submitted=True)
    PeerReviewFactory(programme_year=old, host_region=w.region, peer_region=RegionFactory(programme=w.programme))
    visit = AuditVisitFactory(region=w.region, programme_year=old, reported=True)
    FollowUpActionFactory(visit=visit, due_date=w.today - datetime.timedelta(days=400))
    facts_rebuild()  # the office's counts read the dashboard's facts; factories work around the services
    office = [todo for todo in todos_for(user=w.office, today=w.today)]
    assert [t.what for t in office if t.kind == "report_review"] == [f"Review the monitor report {w.today.year}"]
    assert not {t.kind for t in office} & {"review_confirm", "actions_overdue"}
    assert kinds(w.leader, w.today) == []


def test_penvoerder_endorses_and_the_task_disappears(w):
    w.leader.refresh_from_db()
    report = MonitorReportFactory(region=w.region, programme_year=w.year, awaiting=True, submitted_by=w.leader)
    assert kinds(w.penvoerder, w.today) == [("report_endorse", "Twente")]
    report_services.report_endorse(report=report, actor=w.penvoerder)
    assert kinds(w.penvoerder, w.today) == []
    assert ("report_review", "Twente") in kinds(w.office, w.today)


# --- Critical friend ------------------------------------------------------------------------------------------


def test_assessor_scores_once_the_report_is_in(w):
    assignment = AssignmentFactory(user=w.cf, region=w.region, programme_year=w.year)
    assert kinds(w.cf, w.today) == []  # no report yet: nothing to score
    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    todo = todos_for(user=w.cf, today=w.today)[0]
    assert (todo.kind, todo.state, todo.due) == ("scoring", "not started", w.year.scoring_due_date)
    assert todo.url == reverse("audits:scoring", args=[assignment.pk])
    scoring = ScoringFactory(assignment=assignment, placemat=PlacematFactory(region=w.region, programme_year=w.year))
    assert todos_for(user=w.cf, today=w.today)[0].state == "draft"
    scoring.status = Scoring.Status.SUBMITTED
    scoring.save()
    assert kinds(w.cf, w.today) == []


def test_committee_member_prepares_a_visit_and_then_reports_on_it(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, date=w.today + datetime.timedelta(days=10))
    visit.committee.add(w.cf)
    assert kinds(w.cf, w.today) == [("visit_prepare", "Twente")]
    visit.status = "held"
    visit.save()
    assert kinds(w.cf, w.today) == [("visit_report", "Twente")]
    visit.status, visit.judgement, visit.reported_at = "reported", "on_track", timezone.now()
    visit.save()
    assert kinds(w.cf, w.today) == []


def test_advisor_writes_the_feedback_report_of_a_held_review(w):
    peer = RegionFactory(programme=w.programme, name="Zwolle", slug="zwolle")
    review = PeerReviewFactory(programme_year=w.year, host_region=w.region, peer_region=peer, held=True)
    AssignmentFactory(user=w.cf, region=w.region, programme_year=w.year, advisor=True)
    todo = todos_for(user=w.cf, today=w.today)[0]
    assert todo.kind == "feedback_write" and todo.url == reverse(
        "peerreviews:feedback_edit", args=[review.pk, "twente"]
    )
    FeedbackReport.objects.create(
        review=review, region=w.region, author=w.cf, text="Goed gesprek", status="ready", ready_at=timezone.now()
    )
    assert kinds(w.cf, w.today) == []
    # A review held years ago whose feedback was never written is history, not a task.
    old = w.years[w.today.year - 3]
    PeerReviewFactory(programme_year=old, host_region=w.region, peer_region=peer, held=True)
    AssignmentFactory(user=w.cf, region=w.region, programme_year=old, advisor=True)
    assert kinds(w.cf, w.today) == []


# --- Programme office -----------------------------------------------------------------------------------------


def test_office_queue_from_submission_to_publication(w):
    anna, bert = UserFactory(), UserFactory()
    a1 = AssignmentFactory(user=anna, region=w.region, programme_year=w.year)
    a2 = AssignmentFactory(user=bert, region=w.region, programme_year=w.year)
    report = MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    assert ("report_review", "Twente") in kinds(w.office, w.today)
    placemat = PlacematFactory(region=w.region, programme_year=w.year)
    ScoringFactory(assignment=a1, placemat=placemat, submitted=True)
    assert "placemat_calibrate" not in [k for k, _s in kinds(w.office, w.today)]  # 1 of 2 in
    ScoringFactory(assignment=a2, placemat=placemat, submitted=True)
    calibrate = [t for t in todos_for(user=w.office, today=w.today) if t.kind == "placemat_calibrate"]
    assert calibrate and calibrate[0].url == reverse("audits:calibration", args=[region_key("twente"), w.today.year])
    for theme in w.programme.placemat_themes.all():
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=3)
    assert "placemat_publish" in [k for k, _s in kinds(w.office, w.today)]
    placemat.status = "published"
    placemat.save()
    report.status = MonitorReport.Status.ACCEPTED
    report.save()
    facts_rebuild()  # the office's counts read the dashboard's facts; factories work around the services
    assert not {"placemat_publish", "placemat_calibrate", "report_review"} & {k for k, _s in kinds(w.office, w.today)}
    propose = [t for t in todos_for(user=w.office, today=w.today) if t.kind == "grants_propose"]
    assert [t.what for t in propose] == ["Compute the grant proposal of 1 region with a published placemat"]
    StimulusGrantFactory(region=w.region, programme_year=w.year)
    facts_rebuild()
    assert "grants_propose" not in {k for k, _s in kinds(w.office, w.today)}


def test_office_sees_missing_assessors_grants_actions_and_proposals(w):
    peer = RegionFactory(programme=w.programme, join_year=w.today.year)
    missing = [t for t in todos_for(user=w.office, today=w.today) if t.kind == "assignments_missing"]
    assert [t.what for t in missing] == ["Assign critical friends: 2 regions without an assessor"]
    AssignmentFactory(region=w.region, programme_year=w.year)
    missing = [t for t in todos_for(user=w.office, today=w.today) if t.kind == "assignments_missing"]
    assert [t.what for t in missing] == ["Assign critical friends: 1 region without an assessor"]
    AssignmentFactory(region=peer, programme_year=w.year)
    StimulusGrantFactory(region=w.region, programme_year=w.year)
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, reported=True)
    FollowUpActionFactory(visit=visit, due_date=w.today - datetime.timedelta(days=1))
    PeerReviewFactory(programme_year=w.year, host_region=w.region, peer_region=peer)
    IndicatorFactory(region=w.region, status="proposed")
    facts_rebuild()
    kinds_now = {k for k, _s in kinds(w.office, w.today)}
    assert "assignments_missing" not in kinds_now
    assert {"grants_decide", "actions_overdue", "review_confirm", "agreements_approve"} <= kinds_now


def test_viewer_has_nothing_to_do_and_is_told_so_kindly(client, w):
    body = page(client, w.viewer)
    assert "Nothing to do right now." in body
    assert w.programme.get_absolute_url() in body  # a way on to the programme


def test_person_without_roles_is_told_who_gives_one(client, w):
    body = page(client, UserFactory())
    assert "Nothing to do right now." in body and "You have no role in a region yet." in body


def test_dutch_page(client, w, settings):
    settings.LANGUAGE_CODE = "nl"
    client.force_login(w.leader)
    body = client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Mijn taken" in body and f"Monitorrapportage {w.today.year} starten" in body


# --- The count in the navigation and the query count -----------------------------------------------------------


def test_count_endpoint_counts_the_tasks(client, w):
    client.force_login(w.leader)
    assert client.get(reverse("task_count")).json() == {"count": 1}
    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    assert client.get(reverse("task_count")).json() == {"count": 0}


def test_office_page_query_count_is_flat_in_regions_and_tasks(client, w):
    n = [0]

    def grow():
        n[0] += 1
        region = RegionFactory(programme=w.programme, join_year=w.today.year - 1)
        MonitorReportFactory(region=region, programme_year=w.year, submitted=True)
        placemat = PlacematFactory(region=region, programme_year=w.year)
        ScoringFactory(
            assignment=AssignmentFactory(region=region, programme_year=w.year), placemat=placemat, submitted=True
        )
        StimulusGrantFactory(region=region, programme_year=w.year)
        PeerReviewFactory(programme_year=w.year, host_region=region, peer_region=w.region)
        visit = AuditVisitFactory(region=region, programme_year=w.year, reported=True)
        FollowUpActionFactory(visit=visit, due_date=w.today - datetime.timedelta(days=1))

    grow()
    client.force_login(w.office)
    assert assert_flat_queries(client, HOME, grow=grow) <= 30


def test_region_people_page_query_count_is_flat(client, w):
    def grow():
        region = RegionFactory(programme=w.programme, join_year=w.today.year - 1)
        for user, role in ((w.leader, "project_leader"), (w.penvoerder, "penvoerder")):
            RegionRoleFactory(user=user, region=region, role=role)
        MonitorReportFactory(region=region, programme_year=w.year, awaiting=True)
        AssignmentFactory(user=w.leader, region=region, programme_year=w.year)
        visit = AuditVisitFactory(region=region, programme_year=w.year, reported=True)
        FollowUpActionFactory(visit=visit, due_date=w.today + datetime.timedelta(days=3))

    grow()
    for user in (w.leader, w.penvoerder):
        client.force_login(user)
        assert (
            assert_flat_queries(client, HOME, grow=grow) <= 27
        )  # incl. the nagesprek waiting, the API tokens expiring


def test_tasks_of_two_programmes_show_one_programme_at_a_time(client):
    today = timezone.localdate()
    leader = UserFactory()
    programmes = []
    for slug, start, days in (("running", today.year - 1, 10), ("starting", today.year, 40)):
        programme = ProgrammeFactory(slug=slug, name=slug.title(), start_year=start, end_year=start + 3)
        ProgrammeYearFactory(programme=programme, year=today.year, report_due_date=today + datetime.timedelta(days))
        region = RegionFactory(programme=programme, slug="twente", name="Twente", join_year=start)
        RegionRole.objects.create(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
        programmes.append(programme)
    client.force_login(leader)
    page = client.get(reverse("home")).context["page"]
    # Both are in progress; the most recent comes first.
    assert [(o.programme.slug, o.count, o.chosen) for o in page.programmes] == [
        ("starting", 1, True),
        ("running", 1, False),
    ]
    assert [t.programme_id for t in page.todos] == [programmes[1].pk]
    page = client.get(reverse("home"), {"programme": "running"}).context["page"]
    assert [t.programme_id for t in page.todos] == [programmes[0].pk]
    assert [t.due for t in page.todos] == [today + datetime.timedelta(days=10)]
    assert client.get(reverse("home"), {"programme": "nope"}).status_code == 404


def test_tasks_of_one_programme_need_no_choice(client):
    today = timezone.localdate()
    leader = UserFactory()
    programme = ProgrammeFactory(slug="running", start_year=today.year - 1, end_year=today.year + 2)
    ProgrammeYearFactory(programme=programme, year=today.year, report_due_date=today + datetime.timedelta(days=10))
    region = RegionFactory(programme=programme, join_year=today.year - 1)
    RegionRole.objects.create(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    response = client.get(reverse("home"))
    assert response.context["page"].programmes == []
    assert [t.kind for t in response.context["page"].todos] == ["report_start"]
    assert client.get(reverse("home"), {"programme": "running"}).status_code == 200
    assert client.get(reverse("home"), {"programme": "other"}).status_code == 404


def test_a_person_whose_programme_is_closed_is_told_why_nothing_waits(client):
    programme = ProgrammeFactory(
        slug="history", name="Toptechniek in bedrijf", closed_at=datetime.datetime(2016, 9, 30, 12, tzinfo=datetime.UTC)
    )
    region = RegionFactory(programme=programme, name="Friesland")
    leader = UserFactory()
    RegionRole.objects.create(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    response = client.get(reverse("home"))
    assert response.context["page"].closed == [programme]
    content = " ".join(response.content.decode().split())
    assert "Toptechniek in bedrijf was closed on 30 September 2016: nothing waits for you any more." in content
    assert "Nothing to do right now" not in content


def test_a_region_in_two_programmes_is_named_with_its_programme(client):
    today = timezone.localdate()
    old = ProgrammeFactory(slug="old", name="Toptechniek in bedrijf", closed_at=timezone.now())
    new = ProgrammeFactory(slug="new", name="Techniekagenda", start_year=today.year - 1, end_year=today.year + 2)
    leader = UserFactory()
    for programme in (old, new):
        region = RegionFactory(programme=programme, slug="twente", name="Twente", join_year=programme.start_year)
        RegionRole.objects.create(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    page = client.get(reverse("home")).context["page"]
    assert [r.programme.slug for r in page.regions] == ["new", "old"]  # the open programme's first
    assert page.closed == [] and page.regions_in_several_programmes
    content = " ".join(client.get(reverse("home")).content.decode().split())
    assert "· Techniekagenda</span>" in content and "· Toptechniek in bedrijf (closed)</span>" in content

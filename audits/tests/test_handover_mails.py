"""The audits hand-overs, through the outbox: scoring opens when the report is in (the assessors of that region
and year), all scorings in (the office: calibrate), placemat published (the region, once per publication —
never on a PDF render: the 28-mails bug)."""

import pytest
from django.core import mail

from audits.models import ConsolidatedCondition, Placemat, Scoring
from audits.services.placemat_pdf import placemat_pdf_render, placemats_render_year
from audits.services.scoring import placemat_publish, placemat_unpublish, scoring_reopen, scoring_submit
from monitoring import services as report_services
from monitoring.tests.factories import MonitorReportFactory
from regions.models import PlacematTheme, RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory
from regions.tests.world import region_key
from toptechniek.common.models import Notification
from toptechniek.common.testing import World

from .factories import (
    AssignmentFactory,
    ConditionRatingFactory,
    ConsolidatedScoreFactory,
    PlacematFactory,
    ScoringFactory,
    ThemeScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.SITE_URL = "https://tt.example"
    w = World()
    w.region = RegionFactory(name="Twente", slug="twente")
    w.year = ProgrammeYearFactory(programme=w.region.programme, year=2013)
    w.next_year = ProgrammeYearFactory(programme=w.region.programme, year=2014)
    w.leader = UserFactory(email="pl@t.example", full_name="Pia Leider", language="nl")
    w.penvoerder = UserFactory(email="pv@t.example", full_name="Piet Voerder", language="en")
    w.partner = UserFactory(email="partner@t.example")
    RegionRoleFactory(user=w.leader, region=w.region, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=w.penvoerder, region=w.region, role=RegionRole.Role.PENVOERDER)
    RegionRoleFactory(user=w.partner, region=w.region, role=RegionRole.Role.PARTNER)
    w.office = UserFactory(email="office@t.example", full_name="Olga Office", office=True)
    w.anna = AssignmentFactory(
        region=w.region, programme_year=w.year, user__email="anna@t.example", user__language="en"
    )
    w.bert = AssignmentFactory(
        region=w.region, programme_year=w.year, user__email="bert@t.example", user__language="nl"
    )
    AssignmentFactory(region=w.region, programme_year=w.year, advisor=True, user__email="advisor@t.example")
    AssignmentFactory(region=w.region, programme_year=w.next_year, user__email="next-year@t.example")
    AssignmentFactory(
        region=RegionFactory(programme=w.region.programme), programme_year=w.year, user__email="o@t.example"
    )
    return w


def sent_to():
    return sorted(m.to[0] for m in mail.outbox)


# --- Scoring opens ----------------------------------------------------------------------------------------


def test_scoring_opens_for_the_regions_assessors_of_that_year_when_the_report_is_endorsed(
    w, django_capture_on_commit_callbacks
):
    report = MonitorReportFactory(region=w.region, programme_year=w.year, awaiting=True, submitted_by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_endorse(report=report, actor=w.penvoerder)
    opened = [m for m in mail.outbox if "scoring" in m.subject.lower() or "beoordeling" in m.subject.lower()]
    assert sorted(m.to[0] for m in opened) == ["anna@t.example", "bert@t.example"]  # not the advisor, not 2014
    anna = next(m for m in opened if m.to == ["anna@t.example"])
    assert anna.subject == "Your placemat scoring of Twente 2013 can start"
    assert "score each of the eight themes" in anna.body
    assert "Please submit your scoring by 15 April 2014." in anna.body  # the year's scoring due date
    assert f"https://tt.example/critical-friend/assignments/{w.anna.pk}/scoring/" in anna.body
    bert = next(m for m in opened if m.to == ["bert@t.example"])
    assert bert.body.startswith("Beste ") and "15 april 2014" in bert.body  # Dutch for Bert
    assert Notification.objects.get(recipient=w.anna.user).key == (
        f"scoring-open:region={w.region.pk}:year=2013:user={w.anna.user.pk}"
    )


def test_scoring_opens_once_even_when_the_report_comes_in_twice(w, django_capture_on_commit_callbacks):
    report = MonitorReportFactory(region=w.region, programme_year=w.year, awaiting=True, submitted_by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_endorse(report=report, actor=w.penvoerder)
        report_services.report_return(report=report, actor=w.office, comment="Aanvullen.")
    report.status = report.Status.AWAITING_ENDORSEMENT
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_endorse(report=report, actor=w.penvoerder)
    assert Notification.objects.filter(kind="scoring_open").count() == 2  # Anna and Bert, once each


def test_an_assessor_assigned_after_the_report_is_in_is_told_at_once(w, django_capture_on_commit_callbacks):
    from audits.services.scoring import assignment_create

    report = MonitorReportFactory(region=w.region, programme_year=w.year, awaiting=True, submitted_by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_endorse(report=report, actor=w.penvoerder)
    mail.outbox.clear()
    carla = UserFactory(email="carla@t.example", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_create(programme_year=w.year, region=w.region, user=carla, role="assessor")
    assert sent_to() == ["carla@t.example"]  # Anna and Bert had theirs at the endorsement
    assert f"/critical-friend/assignments/{assignment.pk}/scoring/" in mail.outbox[0].body


def test_an_assessor_assigned_before_the_report_is_in_waits_for_it(w, django_capture_on_commit_callbacks):
    from audits.services.scoring import assignment_create

    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(programme_year=w.year, region=w.region, user=UserFactory(), role="assessor")
    assert mail.outbox == []


def test_scoring_open_is_essential_and_cannot_be_switched_off(w):
    from toptechniek.common.notifications import kind_get, preference_set

    assert kind_get("scoring_open").essential
    with pytest.raises(ValueError):
        preference_set(user=w.anna.user, choices={"scoring_open": "off"})


# --- All scorings in ---------------------------------------------------------------------------------------


def _complete(assignment) -> Scoring:
    scoring = ScoringFactory(assignment=assignment)
    programme = scoring.placemat.programme_year.programme
    for theme in programme.placemat_themes.all():
        ThemeScoreFactory(scoring=scoring, theme=theme, score=3, rationale="Op koers")
    for condition in programme.success_conditions.all():
        ConditionRatingFactory(scoring=scoring, condition=condition, rating=3)
    return scoring


def test_the_last_scoring_in_asks_the_office_to_calibrate_once(w, django_capture_on_commit_callbacks):
    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    anna, bert = _complete(w.anna), _complete(w.bert)
    with django_capture_on_commit_callbacks(execute=True):
        scoring_submit(scoring=anna, actor=w.anna.user)
    assert mail.outbox == []  # one of two: not yet
    with django_capture_on_commit_callbacks(execute=True):
        scoring_submit(scoring=bert, actor=w.bert.user)
    assert sent_to() == ["office@t.example"]
    message = mail.outbox[0]
    assert message.subject == "Placemat Twente 2013: all scorings are in, ready for calibration"
    assert "All 2 assessors of Twente have submitted their placemat scoring for 2013." in message.body
    assert f"https://tt.example/regions/{region_key('twente')}/placemats/2013/calibrate/" in message.body
    # Reopened and submitted again before publication: the office knows already.
    with django_capture_on_commit_callbacks(execute=True):
        scoring_reopen(scoring=bert, actor=w.office)
        scoring_submit(scoring=bert, actor=w.bert.user)
    assert len(mail.outbox) == 1


def test_a_removed_assessor_does_not_hold_up_calibration(w, django_capture_on_commit_callbacks):
    from audits.services.scoring import assignment_remove

    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    assignment_remove(assignment=w.bert, removed_by=w.office)
    anna = _complete(w.anna)
    with django_capture_on_commit_callbacks(execute=True):
        scoring_submit(scoring=anna, actor=w.anna.user)
    assert sent_to() == ["office@t.example"]
    assert "The assessor of Twente has submitted the placemat scoring for 2013." in mail.outbox[0].body


# --- Published ---------------------------------------------------------------------------------------------


def _ready_to_publish(region, programme_year) -> Placemat:
    placemat = PlacematFactory(region=region, programme_year=programme_year)
    for theme in PlacematTheme.objects.filter(programme=region.programme):
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=3, key_remark="Goed op weg")
    assignment = AssignmentFactory(region=region, programme_year=programme_year)
    ScoringFactory(assignment=assignment, placemat=placemat, submitted=True)
    return placemat


def test_publishing_tells_the_region_once_per_publication(w, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    placemat = _ready_to_publish(w.region, w.year)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is rendered on commit too (eager)
        placemat_publish(placemat=placemat, actor=w.office)
    assert sent_to() == ["pl@t.example", "pv@t.example"]  # project leader and penvoerder, not the partner
    message = next(m for m in mail.outbox if m.to == ["pv@t.example"])
    assert message.subject == "Placemat Twente 2013 is published"
    assert (
        "(version 1)" in message.body
        and f"https://tt.example/regions/{region_key('twente')}/placemats/2013/" in message.body
    )
    dutch = next(m for m in mail.outbox if m.to == ["pl@t.example"])
    assert dutch.subject == "Placemat Twente 2013 is gepubliceerd"
    # Rendering its PDF again, any number of times, mails nobody.
    for _render in range(3):
        placemat_pdf_render(placemat_id=placemat.pk)
    assert len(mail.outbox) == 2
    # A new publication (after changes) is news again: version 2.
    with django_capture_on_commit_callbacks(execute=True):
        placemat_unpublish(placemat=placemat, actor=w.office)
        placemat_publish(placemat=placemat, actor=w.office)
    assert len(mail.outbox) == 4 and "(version 2)" in mail.outbox[-1].body


def test_a_batch_render_of_placemats_published_long_ago_mails_nobody(w, settings, tmp_path):
    """The bug of issue 14: rendering a year's PDFs mailed "Placemat … is gepubliceerd" 28 times."""
    settings.MEDIA_ROOT = tmp_path
    for n in range(28):
        region = RegionFactory(programme=w.region.programme, slug=f"regio-{n}")
        RegionRoleFactory(region=region, role=RegionRole.Role.PROJECT_LEADER, user=UserFactory())
        placemat = PlacematFactory(region=region, programme_year=w.year, published=True)
        for theme in PlacematTheme.objects.filter(programme=region.programme):
            ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=2, key_remark="Kernpunt")
        for condition in region.programme.success_conditions.all()[:2]:
            ConsolidatedCondition.objects.create(placemat=placemat, condition=condition, rating=2)
    rows = placemats_render_year(programme_year=w.year, sync=True)
    assert len(rows) == 28 and all(row.ready for row in rows)
    assert mail.outbox == [] and not Notification.objects.exists()

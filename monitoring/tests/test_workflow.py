"""Monitor report workflow: every transition and every refusal, history, lateness and mail."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring import services
from monitoring.models import MonitorReport, ReportTransition
from monitoring.services import RealisationInput
from monitoring.tests.editing import report_fill_completely
from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    TargetFactory,
)
from regions.tests.world import world_build
from toptechniek.common.models import Notification
from toptechniek.common.notifications import notification_sweep
from toptechniek.common.tasks import task_send_notification

pytestmark = pytest.mark.django_db
S = MonitorReport.Status


@pytest.fixture
def world():
    w = world_build(
        years=({"year": 2013, "future": True},),
        viewer=False,
        roles={
            "leader": (
                "twente",
                "project_leader",
                {"email": "pl@t.example", "full_name": "Pia Leider", "language": "nl"},
            ),
            "penvoerder": (
                "twente",
                "penvoerder",
                {"email": "pv@t.example", "full_name": "Piet Voerder", "language": "en"},
            ),
        },
    )
    w.region = w.regions["twente"]
    w.programme_year = w.years[2013]
    RegionPartnerFactory(region=w.region, penvoerder=True)
    w.indicator = IndicatorFactory(region=w.region, code="IN1", name="Instroom")
    TargetFactory(indicator=w.indicator, year=2013, value=Decimal("110"))
    w.report = services.report_get_or_create(region=w.region, year=2013, user=w.leader)
    return w


def fill_completely(w, *, value=Decimal("120")):
    return report_fill_completely(report=w.report, indicator=w.indicator, leader=w.leader, value=value)


def test_submit_incomplete_report_refuses_with_precise_list(world):
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=world.report, actor=world.leader)
    missing = error.value.messages
    assert "Realisation of IN1 Instroom: give a value or choose 'nothing to report'." in missing
    assert (
        "Answer to 'Wat is de rol van de projectleider en heeft hij/zij voldoende mandaat?' (Bestuur en organisatie)."
        in missing
    )
    assert "Self-assessment of In-, door- en uitstroom: a score." in missing
    assert "Reflection: what works." in missing
    assert "At least one learning theme, tied to a placemat theme." in missing
    world.report.refresh_from_db()
    assert world.report.status == S.DRAFT
    assert not ReportTransition.objects.exists()


def test_submit_behind_target_needs_explanation(world):
    report = fill_completely(world, value=Decimal("90"))
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, actor=world.leader)
    assert error.value.messages == ["Realisation of IN1 Instroom: explain why the target (110) was not met."]


def test_nothing_to_report_is_an_explained_choice(world):
    report = fill_completely(world)
    services.report_save_quantitative(
        report=report,
        base_version=report.quantitative_version,
        values={world.indicator.pk: RealisationInput(value=None, not_applicable=True, explanation="")},
        user=world.leader,
    )
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, actor=world.leader)
    assert error.value.messages == ["Realisation of IN1 Instroom: explain why there is nothing to report."]
    with pytest.raises(ValidationError):
        services.report_save_quantitative(
            report=report,
            base_version=report.quantitative_version + 1,
            values={world.indicator.pk: RealisationInput(value=Decimal(5), not_applicable=True, explanation="x")},
            user=world.leader,
        )


def test_full_workflow_records_history_and_mails_people_concerned(world, django_capture_on_commit_callbacks):
    report = fill_completely(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, actor=world.leader)
    report.refresh_from_db()
    assert report.status == S.AWAITING_ENDORSEMENT
    assert [m.to for m in mail.outbox] == [["pv@t.example"]]
    assert mail.outbox[0].subject == "Please endorse the monitor report Twente 2013"  # English for the penvoerder

    with django_capture_on_commit_callbacks(execute=True):
        services.report_endorse(report=report, actor=world.penvoerder)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.endorsed_by == world.penvoerder and not report.is_late
    assert {tuple(m.to) for m in mail.outbox[1:]} == {("office@t.example",), ("pl@t.example",)}
    dutch = next(m for m in mail.outbox[1:] if m.to == ["pl@t.example"])
    assert dutch.body.startswith("Beste ")  # Dutch for the project leader
    assert dutch.alternatives[0][1] == "text/html"

    with pytest.raises(ValidationError):
        services.report_return(report=report, actor=world.office, comment="  ")
    services.report_return(report=report, actor=world.office, comment="Licht de cijfers toe.")
    report.refresh_from_db()
    assert report.status == S.RETURNED
    services.report_submit(report=report, actor=world.leader)
    services.report_endorse(report=report, actor=world.penvoerder)
    services.report_accept(report=report, actor=world.office)
    report.refresh_from_db()
    assert report.status == S.ACCEPTED and report.accepted_at is not None

    with pytest.raises(ValidationError) as error:
        services.report_reopen(report=report, actor=world.office, reason="")
    assert "A reason is required to reopen an accepted report." in error.value.messages
    services.report_reopen(report=report, actor=world.office, reason="Cijfer IN1 klopt niet.")
    report.refresh_from_db()
    assert report.status == S.RETURNED

    history = list(report.transitions.values_list("from_status", "to_status", "actor__email", "comment"))
    assert history == [
        ("draft", "awaiting_endorsement", "pl@t.example", ""),
        ("awaiting_endorsement", "submitted", "pv@t.example", ""),
        ("submitted", "returned", "office@t.example", "Licht de cijfers toe."),
        ("returned", "awaiting_endorsement", "pl@t.example", ""),
        ("awaiting_endorsement", "submitted", "pv@t.example", ""),
        ("submitted", "accepted", "office@t.example", ""),
        ("accepted", "returned", "office@t.example", "Cijfer IN1 klopt niet."),
    ]


def test_endorser_must_not_be_the_submitter(world):
    RegionRoleFactory(user=world.leader, region=world.region, role=RegionRole.Role.PENVOERDER)
    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    with pytest.raises(ValidationError) as error:
        services.report_endorse(report=report, actor=world.leader)
    assert error.value.messages == ["The endorser must be someone other than the submitter."]
    report.refresh_from_db()
    assert report.status == S.AWAITING_ENDORSEMENT


def test_penvoerder_can_send_back_with_comment(world):
    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    services.report_decline_endorsement(report=report, actor=world.penvoerder, comment="Reflectie aanscherpen.")
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_region_without_penvoerder_submits_straight_to_office(world):
    world.region.partners.update(is_penvoerder=False)
    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.submitted_at is not None


def test_only_the_project_leader_submits_and_only_the_office_accepts(world):
    report = fill_completely(world)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, actor=world.penvoerder)
    services.report_submit(report=report, actor=world.leader)
    with pytest.raises(ValidationError):
        services.report_accept(report=report, actor=world.office)  # not yet endorsed
    services.report_endorse(report=report, actor=world.penvoerder)
    with pytest.raises(ValidationError):
        services.report_accept(report=report, actor=world.leader)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_submitted_report_is_read_only_for_the_region(world):
    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    with pytest.raises(ValidationError) as error:
        services.report_save_reflection(
            report=report,
            base_version=report.reflection_version,
            works="x",
            not_yet="y",
            progress="z",
            learning_themes=[],
            user=world.leader,
        )
    assert "This report has been submitted and can no longer be changed." in error.value.messages


def test_report_submitted_after_due_date_is_late_and_stays_late(world):
    world.programme_year.report_due_date = timezone.localdate() - datetime.timedelta(days=1)
    world.programme_year.save()
    report = fill_completely(world)
    assert report.lateness() is True  # overdue while still a draft
    services.report_submit(report=report, actor=world.leader)
    services.report_endorse(report=report, actor=world.penvoerder)
    report.refresh_from_db()
    assert report.is_late and report.lateness()
    services.report_return(report=report, actor=world.office, comment="Aanvullen")
    services.report_submit(report=report, actor=world.leader)
    report.refresh_from_db()
    assert report.is_late  # judged on the first submission


def test_report_submitted_before_due_date_is_not_late(world):
    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    services.report_endorse(report=report, actor=world.penvoerder)
    report.refresh_from_db()
    assert not report.is_late and not report.lateness()


def test_transition_mail_task_run_twice_sends_one_mail(world):
    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    mail.outbox.clear()
    mail_row = Notification.objects.get(recipient=world.penvoerder)  # the outbox row of the transition
    assert task_send_notification.apply(args=[mail_row.pk]).get() is True
    assert task_send_notification.apply(args=[mail_row.pk]).get() is False
    assert len(mail.outbox) == 1


def test_transition_mail_task_for_missing_row_does_nothing():
    assert task_send_notification.apply(args=[424242]).get() is False


def test_open_report_for_year_before_join_is_refused(world):
    late_joiner = RegionFactory(programme=world.region.programme, join_year=2014)
    with pytest.raises(ValidationError):
        services.report_get_or_create(region=late_joiner, year=2013, user=world.leader)


def test_open_report_for_a_year_that_has_not_begun_is_refused_and_the_region_page_says_from_when(world, client):
    from regions.tests.factories import ProgrammeYearFactory

    next_year = timezone.localdate().year + 1
    ProgrammeYearFactory(programme=world.region.programme, year=next_year)
    with pytest.raises(ValidationError) as refused:
        services.report_get_or_create(region=world.region, year=next_year, user=world.leader)
    assert refused.value.messages == [f"The report for {next_year} can be started from 1 January {next_year}."]
    assert not MonitorReport.objects.filter(programme_year__year=next_year).exists()
    client.force_login(world.leader)
    page = client.get(world.region.get_absolute_url()).content.decode()
    assert f"can be started from 1 January {next_year}" in page
    assert f"Start report {next_year}" not in page


def test_open_report_in_a_closed_programme_is_refused_but_an_existing_one_still_opens(world):
    other = RegionFactory(programme=world.region.programme)
    world.region.programme.closed_at = timezone.now()
    world.region.programme.save()
    world.region.refresh_from_db()
    other.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.report_get_or_create(region=other, year=2013, user=world.leader)
    assert "This programme was closed on" in refused.value.messages[0]
    assert not MonitorReport.objects.filter(region=other).exists()
    assert services.report_get_or_create(region=world.region, year=2013, user=world.leader).pk == world.report.pk


def test_open_report_twice_returns_the_same_report(world):
    again = services.report_get_or_create(region=world.region, year=2013, user=world.leader)
    assert again.pk == world.report.pk


@pytest.mark.redis
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_transition_mail_goes_through_redis_to_a_real_worker(world, redis_worker):
    import time

    report = fill_completely(world)
    services.report_submit(report=report, actor=world.leader)
    row = Notification.objects.get(recipient=world.penvoerder)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.sent_at:
            break
        time.sleep(0.1)
    assert row.sent_at is not None, "the worker did not send the mail"
    assert [m.to for m in mail.outbox] == [["pv@t.example"]]


def test_submit_commits_when_the_broker_is_down_and_the_sweep_sends_later(
    world, broker_down, django_capture_on_commit_callbacks
):
    report = fill_completely(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, actor=world.leader)  # no exception reaches the user
    report.refresh_from_db()
    assert report.status == S.AWAITING_ENDORSEMENT
    row = Notification.objects.get(recipient=world.penvoerder)
    assert row.sent_at is None and mail.outbox == []
    # The broker is back (eager again); a sweep within the grace period leaves the row alone...
    broker_down.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_sweep() == 0
    # ...and after it, sends it exactly once, however often it runs.
    later = timezone.now() + datetime.timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_sweep(now=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_sweep(now=later) == 0
    row.refresh_from_db()
    assert row.sent_at is not None
    assert [m.to for m in mail.outbox] == [["pv@t.example"]]

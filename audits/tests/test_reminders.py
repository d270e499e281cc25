"""Reminders: the daily sweep's schedule, its idempotence (twice, concurrently), the send, the office's log.

Time is frozen by passing `today=` to the sweep. Mails go out through the eager Celery task on commit.
"""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import Reminder
from audits.services.reminders import reminder_send, reminder_sweep, report_object_key
from monitoring.models import MonitorReport
from monitoring.tests.factories import MonitorReportFactory
from regions.models import Region, RegionRole
from regions.tests.factories import (
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    UserFactory,
)
from regions.tests.world import region_key, world_build
from toptechniek.common.models import Notification
from toptechniek.common.notifications import notification_sweep, preference_set
from toptechniek.common.schedule import milestone
from toptechniek.common.testing import queries_in

from .factories import AssignmentFactory, ReminderFactory, ScoringFactory

REPORT_DUE = datetime.date(2014, 3, 1)  # ProgrammeYearFactory, year 2013
SCORING_DUE = datetime.date(2014, 4, 15)
DAY = datetime.timedelta(days=1)
K = Reminder.Kind


@pytest.fixture
def world(db):
    w = world_build(
        programme={"slug": "ttib", "framework": False},
        regions=({"slug": "noord-oost", "name": "Noord & Oost", "join_year": 2012},),
        office=False,
        viewer=False,
        roles={"leader": ("noord-oost", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"})},
    )
    w.py, w.region = w.years[2013], w.regions["noord-oost"]
    return w


def sweep(today, capture):
    """One sweep with its on-commit callbacks (the eager send task) run."""
    with capture(execute=True):
        return reminder_sweep(today=today)


def rows(**filters):
    return list(Reminder.objects.filter(**filters).order_by("created_at", "pk").values_list("kind", "offset"))


# --- The schedule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (REPORT_DUE - 31 * DAY, None),
        (REPORT_DUE - 30 * DAY, (False, 30)),
        (REPORT_DUE - 8 * DAY, (False, 30)),
        (REPORT_DUE - 7 * DAY, (False, 7)),
        (REPORT_DUE - DAY, (False, 7)),
        (REPORT_DUE, None),  # the due date itself
        (REPORT_DUE + DAY, (True, 0)),
        (REPORT_DUE + 7 * DAY, (True, 0)),
        (REPORT_DUE + 8 * DAY, (True, -7)),
        (REPORT_DUE + 56 * DAY, (True, -49)),
        (REPORT_DUE + 57 * DAY, None),  # more than 8 weeks after: no more
    ],
)
def test_milestone(today, expected):
    assert milestone(today=today, due=REPORT_DUE, offsets=(30, 7)) == expected


def test_every_day_for_four_months_gives_30_and_7_days_before_and_eight_weekly_overdue(
    world, django_capture_on_commit_callbacks
):
    created = 0
    day = REPORT_DUE - 45 * DAY
    while day <= REPORT_DUE + 80 * DAY:
        created += sweep(day, django_capture_on_commit_callbacks)
        day += DAY
    overdue = [(K.REPORT_OVERDUE, -7 * k) for k in range(8)]
    assert rows() == [(K.REPORT_DUE, 30), (K.REPORT_DUE, 7), *overdue]
    assert created == 10
    assert len(mail.outbox) == 10
    assert {tuple(m.to) for m in mail.outbox} == {("pl@t.example",)}
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    first = Reminder.objects.get(offset=30)
    assert (first.object_key, first.region, first.programme_year, first.recipient, first.due_date) == (
        f"report:region={world.region.pk}:year=2013",
        world.region,
        world.py,
        world.leader,
        REPORT_DUE,
    )


def test_a_missed_day_still_sends_but_only_the_latest_milestone(world, django_capture_on_commit_callbacks):
    assert sweep(REPORT_DUE - 25 * DAY, django_capture_on_commit_callbacks) == 1  # the 30-day one, 5 days late
    assert sweep(REPORT_DUE - 3 * DAY, django_capture_on_commit_callbacks) == 1  # the 7-day one, 4 days late
    assert sweep(REPORT_DUE + 20 * DAY, django_capture_on_commit_callbacks) == 1  # week 2 overdue, not weeks 0-2
    assert rows() == [(K.REPORT_DUE, 30), (K.REPORT_DUE, 7), (K.REPORT_OVERDUE, -14)]


def test_first_sweep_five_days_before_sends_one_reminder_not_two(world, django_capture_on_commit_callbacks):
    assert sweep(REPORT_DUE - 5 * DAY, django_capture_on_commit_callbacks) == 1
    assert rows() == [(K.REPORT_DUE, 7)]


def test_report_mail_content_and_link(world, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://tt.example/"
    sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject == "Reminder: monitor report Noord & Oost 2013 due on 1 March 2014"
    assert "Dear Pia Leider," in message.body
    assert "is due on 1 March 2014" in message.body
    assert "The report has not been started yet." in message.body
    assert (
        f"https://tt.example/regions/{region_key('noord-oost')}/#reports" in message.body
    )  # no report yet: the region page
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Noord &amp; Oost" in html
    assert f'href="https://tt.example/regions/{region_key("noord-oost")}/#reports"' in html


def test_overdue_mail_links_the_report_and_names_the_endorsement(world, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://tt.example"
    MonitorReportFactory(region=world.region, programme_year=world.py, awaiting=True)
    sweep(REPORT_DUE + DAY, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject == "Overdue: monitor report Noord & Oost 2013 (due 1 March 2014)"
    assert "has not been submitted to the programme office yet" in message.body
    assert "penvoerder's endorsement" in message.body
    assert f"https://tt.example/regions/{region_key('noord-oost')}/reports/2013/" in message.body


def test_mail_is_in_the_recipients_language(world, django_capture_on_commit_callbacks):
    world.leader.language = "nl"
    world.leader.save()
    sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "1 maart 2014" in message.subject
    assert "1 maart 2014" in message.body
    assert 'lang="nl"' in message.alternatives[0][0]


@pytest.mark.parametrize("state", ["draft", "awaiting", "returned"])
def test_a_report_not_yet_in_is_reminded(world, state, django_capture_on_commit_callbacks):
    MonitorReportFactory(region=world.region, programme_year=world.py, **({state: True} if state != "draft" else {}))
    assert sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 1


@pytest.mark.parametrize("state", ["submitted", "accepted"])
def test_no_reminder_when_the_report_is_in(world, state, django_capture_on_commit_callbacks):
    MonitorReportFactory(region=world.region, programme_year=world.py, **{state: True})
    for today in (REPORT_DUE - 30 * DAY, REPORT_DUE - 7 * DAY, REPORT_DUE + DAY, REPORT_DUE + 30 * DAY):
        assert sweep(today, django_capture_on_commit_callbacks) == 0
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_no_reminders_when_switched_off_for_the_year(world, django_capture_on_commit_callbacks):
    world.py.reminders_enabled = False
    world.py.save()
    for today in (REPORT_DUE - 7 * DAY, REPORT_DUE + DAY, SCORING_DUE - 7 * DAY):
        assert sweep(today, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_switching_off_stops_reminders_already_queued(world):
    reminder_sweep(today=REPORT_DUE - 7 * DAY)  # on-commit callbacks not run: the mail is still queued
    reminder = Reminder.objects.get()
    world.py.reminders_enabled = False
    world.py.save()
    assert reminder_send(reminder_id=reminder.pk) is False
    assert mail.outbox == []


def test_historic_years_do_not_flood(world, django_capture_on_commit_callbacks):
    """The demo programme (2012–2015) seen from 2026: nothing, whatever its reports' state."""
    for year in (2012, 2014, 2015):
        ProgrammeYearFactory(programme=world.programme, year=year)
    RegionRoleFactory(region=RegionFactory(programme=world.programme, join_year=2012))
    assert sweep(datetime.date(2026, 11, 27), django_capture_on_commit_callbacks) == 0
    assert sweep(None, django_capture_on_commit_callbacks) == 0  # the real today
    assert Reminder.objects.count() == 0


def test_only_regions_taking_part_and_their_project_leaders(world, django_capture_on_commit_callbacks):
    later = RegionFactory(programme=world.programme, join_year=2014)
    RegionRoleFactory(region=later)
    stopped = RegionFactory(programme=world.programme, status=Region.Status.STOPPED)
    RegionRoleFactory(region=stopped)
    RegionRoleFactory(region=world.region, role=RegionRole.Role.PENVOERDER)
    RegionRoleFactory(region=world.region, role=RegionRole.Role.PARTNER)
    RegionRoleFactory(region=world.region, user=UserFactory(is_active=False))
    other_programme = ProgrammeYearFactory(programme=ProgrammeFactory(framework=False), year=2013)
    RegionRoleFactory(region=RegionFactory(programme=other_programme.programme))  # same dates: reminded too
    second = UserFactory(email="pl2@t.example")
    RegionRoleFactory(region=world.region, user=second)
    assert sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 3
    recipients = set(Reminder.objects.values_list("recipient__email", flat=True))
    assert {"pl@t.example", "pl2@t.example"} <= recipients and len(recipients) == 3


# --- Assessors ---------------------------------------------------------------------------------


@pytest.fixture
def assessor(world):
    MonitorReportFactory(region=world.region, programme_year=world.py, submitted=True)
    return AssignmentFactory(
        region=world.region, programme_year=world.py, user=UserFactory(email="as@t.example"), role="assessor"
    )


def test_assessor_is_reminded_7_days_before_and_weekly_after(world, assessor, django_capture_on_commit_callbacks):
    day = SCORING_DUE - 20 * DAY
    while day <= SCORING_DUE + 70 * DAY:
        sweep(day, django_capture_on_commit_callbacks)
        day += DAY
    assert rows(recipient=assessor.user) == [(K.SCORING_DUE, 7), *[(K.SCORING_OVERDUE, -7 * k) for k in range(8)]]
    assert Reminder.objects.filter(kind__startswith="report").count() == 0  # the report is in
    assert len(mail.outbox) == 9
    message = mail.outbox[0]
    assert message.to == ["as@t.example"]
    assert message.subject == "Reminder: placemat scoring Noord & Oost 2013 due on 15 April 2014"
    assert f"/critical-friend/assignments/{assessor.pk}/scoring/" in message.body  # straight to the scoring


def test_assessor_with_a_draft_scoring_is_reminded(world, assessor, django_capture_on_commit_callbacks):
    ScoringFactory(assignment=assessor)
    assert sweep(SCORING_DUE + DAY, django_capture_on_commit_callbacks) == 1
    assert rows() == [(K.SCORING_OVERDUE, 0)]


def test_no_assessor_reminder_once_scoring_is_submitted(world, assessor, django_capture_on_commit_callbacks):
    ScoringFactory(assignment=assessor, submitted=True)
    assert sweep(SCORING_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 0


def test_no_assessor_reminder_while_the_report_is_not_in(world, assessor, django_capture_on_commit_callbacks):
    MonitorReport.objects.update(status=MonitorReport.Status.RETURNED)
    sweep(SCORING_DUE - 7 * DAY, django_capture_on_commit_callbacks)
    assert rows() == [(K.REPORT_OVERDUE, -35)]  # the project leader is still chased; the assessor waits


def test_no_assessor_reminder_without_scoring_due_date(world, assessor, django_capture_on_commit_callbacks):
    world.py.scoring_due_date = None
    world.py.save()
    assert sweep(SCORING_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 0


def test_advisors_are_not_reminded(world, django_capture_on_commit_callbacks):
    MonitorReportFactory(region=world.region, programme_year=world.py, submitted=True)
    AssignmentFactory(region=world.region, programme_year=world.py, advisor=True)
    assert sweep(SCORING_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 0


# --- Idempotence -------------------------------------------------------------------------------


def test_sweep_twice_sends_each_reminder_once(world, assessor, django_capture_on_commit_callbacks):
    MonitorReport.objects.update(status=MonitorReport.Status.DRAFT)
    other = RegionFactory(programme=world.programme)
    RegionRoleFactory(region=other, user=UserFactory(email="pl-other@t.example"))
    assert sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 2
    assert sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 0
    assert sweep(REPORT_DUE - 6 * DAY, django_capture_on_commit_callbacks) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["pl-other@t.example", "pl@t.example"]


def test_reminder_send_twice_sends_one_mail(world):
    reminder = ReminderFactory(
        region=world.region, programme_year=world.py, recipient=world.leader, due_date=REPORT_DUE
    )
    assert reminder_send(reminder_id=reminder.pk) is True
    assert reminder_send(reminder_id=reminder.pk) is False
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_reminder_send_of_a_missing_row_sends_nothing(db):
    assert reminder_send(reminder_id=987654) is False
    assert mail.outbox == []


def test_reminder_not_sent_when_the_report_came_in_meanwhile(world):
    reminder_sweep(today=REPORT_DUE - 7 * DAY)  # queued, not yet sent
    MonitorReportFactory(region=world.region, programme_year=world.py, submitted=True)
    assert reminder_send(reminder_id=Reminder.objects.get().pk) is False
    assert mail.outbox == []


def test_a_lost_enqueue_is_retried_by_the_outbox_sweep(world, django_capture_on_commit_callbacks):
    reminder_sweep(today=REPORT_DUE - 7 * DAY)  # on-commit callbacks dropped: as if the broker was down
    reminder = Reminder.objects.get()
    (notification,) = Notification.objects.filter(key=f"reminder:{reminder.pk}")
    assert sweep(REPORT_DUE - 6 * DAY, django_capture_on_commit_callbacks) == 0  # the next day's sweep: no more
    assert Notification.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_sweep() == 0
    assert mail.outbox == []  # too young: it may still be in the queue
    later = timezone.now() + datetime.timedelta(minutes=10)
    for _run in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            notification_sweep(now=later)
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None  # the office's log shows it sent
    assert sweep(REPORT_DUE - 4 * DAY, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_an_unsent_reminder_from_before_the_outbox_is_sent_by_the_next_sweep(world, django_capture_on_commit_callbacks):
    ReminderFactory(
        region=world.region,
        programme_year=world.py,
        recipient=world.leader,
        due_date=REPORT_DUE,
        offset=7,
        object_key=report_object_key(world.region.pk, 2013),
    )  # a row without an outbox mail, as the old sweep left it when its enqueue was lost
    assert sweep(REPORT_DUE - 6 * DAY, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    assert sweep(REPORT_DUE - 5 * DAY, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_a_reminder_respects_the_recipients_choice(world, django_capture_on_commit_callbacks):
    preference_set(user=world.leader, choices={"report_reminder": "off"})
    assert sweep(REPORT_DUE - 7 * DAY, django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []
    assert Notification.objects.get().status == Notification.Status.SUPPRESSED
    assert Reminder.objects.get().sent_at is None


def _concurrent_world():
    programme = ProgrammeFactory(framework=False)
    py = ProgrammeYearFactory(programme=programme, year=2013)
    for n in range(3):
        RegionRoleFactory(region=RegionFactory(programme=programme), user=UserFactory(email=f"c{n}@t.example"))
    return py


@pytest.fixture
def send_in_thread(monkeypatch):
    """Run the send task in the sweeping thread through Celery's apply(), without a producer.

    Eager `.delay()` from a non-main thread fails with "Acquire on closed pool" once the shared
    `redis_worker` fixture has closed Celery's connection pool earlier in the same process.
    """
    from toptechniek.common.tasks import task_send_notification

    monkeypatch.setattr(task_send_notification, "delay", lambda pk: task_send_notification.apply(args=[pk]))


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            results[name] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(send_in_thread):
    _concurrent_world()
    barrier = threading.Barrier(2)
    results = {}

    def go():
        barrier.wait(timeout=10)
        return reminder_sweep(today=REPORT_DUE - 7 * DAY)

    threads = [_in_thread(go, results, name) for name in ("a", "b")]
    for thread in threads:
        thread.join(timeout=30)
    assert all(isinstance(n, int) for n in results.values()), results
    assert sum(results.values()) == 3, results
    assert Reminder.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["c0@t.example", "c1@t.example", "c2@t.example"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_sweep_waiting_on_another_uncommitted_sweep_creates_nothing(send_in_thread):
    """The hard interleaving, forced: sweep B inserts while sweep A's rows are not yet committed."""
    _concurrent_world()
    a_inserted, release_a = threading.Event(), threading.Event()
    results = {}

    def sweep_a():
        with transaction.atomic():
            created = reminder_sweep(today=REPORT_DUE - 7 * DAY)
            a_inserted.set()
            release_a.wait(timeout=20)
        return created

    def sweep_b():
        return reminder_sweep(today=REPORT_DUE - 7 * DAY)

    thread_a = _in_thread(sweep_a, results, "a")
    assert a_inserted.wait(timeout=20)
    thread_b = _in_thread(sweep_b, results, "b")
    # Wait until B is blocked on A's uncommitted unique key, then let A commit.
    deadline = time.monotonic() + 10
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            pytest.fail("sweep B never waited for sweep A")
    release_a.set()
    thread_a.join(timeout=30)
    thread_b.join(timeout=30)
    assert results == {"a": 3, "b": 0}
    assert Reminder.objects.count() == 3
    assert len(mail.outbox) == 3


# --- The office's log --------------------------------------------------------------------------


def log_url(world):
    return reverse("audits:reminders", args=[world.programme.slug, 2013])


def test_log_lists_the_years_reminders_for_the_office(world, client):
    ReminderFactory(region=world.region, programme_year=world.py, recipient=world.leader, offset=30)
    ReminderFactory(
        region=world.region, programme_year=world.py, kind=K.REPORT_OVERDUE, offset=-7, recipient=world.leader
    )
    other_year = ProgrammeYearFactory(programme=world.programme, year=2014)
    ReminderFactory(region=world.region, programme_year=other_year, recipient=UserFactory(full_name="Not Shown"))
    client.force_login(UserFactory(office=True))
    response = client.get(log_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Pia Leider" in text and "Noord &amp; Oost" in text
    assert "Not Shown" not in text
    assert "30 days before" in text and "overdue, week 2" in text
    assert "Reminders are on for this programme year." in text
    assert reverse("regions:programme_year_update", args=["ttib", 2013]) in text
    assert len(response.context["page"].object_list) == 2


def test_log_filters_by_kind_and_shows_empty_states(world, client):
    ReminderFactory(region=world.region, programme_year=world.py, recipient=world.leader)
    client.force_login(UserFactory(office=True))
    response = client.get(log_url(world), {"kind": "report_overdue"})
    assert list(response.context["page"].object_list) == []
    assert "No reminders of this kind" in response.content.decode()
    response = client.get(log_url(world), {"kind": "report_due"})
    assert len(response.context["page"].object_list) == 1
    response = client.get(log_url(world), {"kind": "nonsense"})
    assert response.context["kind"] == "" and len(response.context["page"].object_list) == 1
    Reminder.objects.all().delete()
    assert "No reminders have been created for this programme year yet." in client.get(log_url(world)).content.decode()


def test_log_says_when_reminders_are_off(world, client):
    world.py.reminders_enabled = False
    world.py.save()
    client.force_login(UserFactory(office=True))
    text = client.get(log_url(world)).content.decode()
    assert "Reminders are switched off for this programme year." in text
    assert "Switch reminders on in the programme year settings" in text


def test_log_is_paginated_by_25_keeping_the_filter(world, client):
    for _ in range(26):
        ReminderFactory(region=world.region, programme_year=world.py)
    client.force_login(UserFactory(office=True))
    response = client.get(log_url(world), {"kind": "report_due"})
    assert len(response.context["page"].object_list) == 25
    assert "?kind=report_due&amp;page=2" in response.content.decode()
    assert len(client.get(log_url(world), {"kind": "report_due", "page": 2}).context["page"].object_list) == 1


@pytest.mark.parametrize("who", ["project_leader", "viewer", "assessor", "nobody"])
def test_log_is_404_for_everyone_but_the_office(world, client, who):
    users = {
        "project_leader": world.leader,
        "viewer": UserFactory(viewer=True),
        "assessor": AssignmentFactory(region=world.region, programme_year=world.py).user,
        "nobody": UserFactory(),
    }
    client.force_login(users[who])
    assert client.get(log_url(world)).status_code == 404
    assert client.post(log_url(world)).status_code == 405


def test_log_anonymous_is_sent_to_login_and_unknown_year_is_404(world, client):
    response = client.get(log_url(world))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(log_url(world)).status_code == 302
    client.force_login(UserFactory(office=True))
    assert client.get(reverse("audits:reminders", args=[world.programme.slug, 2099])).status_code == 404
    assert client.post(log_url(world)).status_code == 405


def test_log_query_count_is_the_same_for_1_and_3_reminders(world, client):
    client.force_login(UserFactory(office=True))
    counts = []
    for n in (1, 3):
        Reminder.objects.all().delete()
        for _ in range(n):
            ReminderFactory(
                region=RegionFactory(programme=world.programme), programme_year=world.py, recipient=UserFactory()
            )
        with queries_in() as queries:
            response = client.get(log_url(world))
        assert len(response.context["page"].object_list) == n
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 9, queries  # 9: +1 for the closed programmes (rules)

"""The daily action sweep: follow-up actions of audit visits and actions of learning outcomes, due in 7 days
and overdue (weekly, 8 weeks), one mail per key to the region's project leaders and penvoerders."""

import datetime
import time

import pytest
from django.core import mail

from audits.tests.factories import AuditVisitFactory, FollowUpActionFactory
from monitoring.models import MonitorReport
from peerreviews.models import LearningOutcome, LearningQuestion
from peerreviews.services.actions import action_mails, action_sweep
from peerreviews.tasks import task_action_sweep
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.world import world_build
from toptechniek.common.models import Notification
from toptechniek.common.testing import World

DUE = datetime.date(2014, 3, 1)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


def make_world() -> World:
    w = world_build(
        regions=("twente", "zeeland"),
        office=False,
        viewer=False,
        roles={
            "leader": ("twente", "project_leader", {"email": "pl@a.example", "full_name": "Petra Leider"}),
            "penvoerder": ("twente", "penvoerder", "pv@a.example"),
            "partner": ("twente", "partner", "partner@a.example"),
            "gone": ("twente", "project_leader", {"email": "gone@a.example", "is_active": False}),
            "other_leader": ("zeeland", "project_leader", "pl-other@a.example"),
        },
    )
    w.region, w.other = w.regions["twente"], w.regions["zeeland"]
    w.year = w.years[2013]
    w.visit = AuditVisitFactory(region=w.region, programme_year=w.year, reported=True)
    w.followup = FollowUpActionFactory(visit=w.visit, description="Invite the aldermen", owner="Jan", due_date=DUE)
    return w


@pytest.fixture
def w(db):
    return make_world()


def add_outcome(w, *, region=None, due=DUE, done=False) -> LearningOutcome:
    region = region or w.other
    review = PeerReviewFactory(host_region=w.region, peer_region=w.other, programme_year=w.year, reported=True)
    question = LearningQuestion.objects.create(
        review=review,
        region=region,
        question="How do we keep companies involved?",
        owner="An",
        theme=w.region.programme.placemat_themes.first(),
        report=MonitorReport.objects.get_or_create(region=region, programme_year=w.year)[0],
    )
    return LearningOutcome.objects.create(
        question=question,
        insights="Start small.",
        action="Pilot with two firms",
        action_owner="Bert",
        action_due=due,
        done=done,
    )


def sweep(today, capture) -> int:
    with capture(execute=True):
        return action_sweep(today=today)


def test_due_in_seven_days_mails_leads_once_even_when_swept_twice(w, django_capture_on_commit_callbacks):
    assert sweep(day(-7), django_capture_on_commit_callbacks) == 2
    assert sweep(day(-7), django_capture_on_commit_callbacks) == 0
    assert sweep(day(-3), django_capture_on_commit_callbacks) == 0  # the same "due" key
    assert sorted(m.to[0] for m in mail.outbox) == ["pl@a.example", "pv@a.example"]
    message = next(m for m in mail.outbox if m.to == ["pl@a.example"])
    assert message.subject == "Action due on 1 March 2014: Twente"
    assert "Invite the aldermen" in message.body and "Owner: Jan" in message.body
    assert w.visit.get_absolute_url() in message.body
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"action-due:followup:{w.followup.pk}:2014-03-01:user={u.pk}" for u in (w.leader, w.penvoerder)
    }


def test_nothing_before_the_window_nor_on_the_due_date(w, django_capture_on_commit_callbacks):
    assert sweep(day(-8), django_capture_on_commit_callbacks) == 0
    assert sweep(day(0), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_overdue_the_day_after_then_weekly_for_eight_weeks(w, django_capture_on_commit_callbacks):
    for offset in range(-10, 80):
        sweep(day(offset), django_capture_on_commit_callbacks)
    keys = set(Notification.objects.filter(recipient=w.leader).values_list("key", flat=True))
    base = f"followup:{w.followup.pk}:2014-03-01"
    assert keys == {f"action-due:{base}:user={w.leader.pk}"} | {
        f"action-overdue:{base}:week={week}:user={w.leader.pk}" for week in range(1, 9)
    }
    assert len(mail.outbox) == 2 * 9
    overdue = [m for m in mail.outbox if m.to == ["pl@a.example"] and "overdue" in m.subject]
    assert overdue[0].subject == "Action overdue since 1 March 2014: Twente"
    assert "week 1" in overdue[0].body and "week 8" in overdue[-1].body


def test_done_actions_mail_nothing(w, django_capture_on_commit_callbacks):
    w.followup.done = True
    w.followup.save()
    add_outcome(w, done=True)
    assert sweep(day(-7), django_capture_on_commit_callbacks) == 0
    assert sweep(day(1), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_no_mails_when_reminders_are_off_for_the_year(w, django_capture_on_commit_callbacks):
    add_outcome(w)
    w.year.reminders_enabled = False
    w.year.save()
    assert sweep(day(-7), django_capture_on_commit_callbacks) == 0


def test_learning_outcome_goes_to_the_questions_region(w, django_capture_on_commit_callbacks):
    w.followup.done = True
    w.followup.save()
    outcome = add_outcome(w, region=w.other, due=day(3))
    assert sweep(day(-1), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["pl-other@a.example"]]
    assert "learning question of Zeeland" in mail.outbox[0].body and "Pilot with two firms" in mail.outbox[0].body
    assert (
        Notification.objects.get().key
        == f"action-due:learning:{outcome.pk}:{day(3).isoformat()}:user={w.other_leader.pk}"
    )


def test_the_task_runs_the_sweep(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert task_action_sweep.apply().get() == 0  # today (2026+) is far past the 2014 due date


def test_candidates_use_a_fixed_number_of_queries(w, django_assert_max_num_queries):
    for _i in range(3):
        add_outcome(w, region=w.region)
        FollowUpActionFactory(visit=w.visit, due_date=day(2))
    with django_assert_max_num_queries(3):
        assert len(action_mails(today=day(1))) == 2 * 7  # 3 outcomes and 1 action overdue, 3 actions due; 2 leads


@pytest.mark.redis
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_sweep_through_a_real_worker_sends_one_mail_per_key(redis_worker):
    w = make_world()
    add_outcome(w, region=w.region)
    assert action_sweep(today=day(-7)) == 4  # two actions x two leads
    assert action_sweep(today=day(-7)) == 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Notification.objects.filter(sent_at__isnull=True).exists():
        time.sleep(0.1)
    assert not Notification.objects.filter(sent_at__isnull=True).exists(), "the worker did not send the mails"
    assert Notification.objects.count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == ["pl@a.example", "pl@a.example", "pv@a.example", "pv@a.example"]

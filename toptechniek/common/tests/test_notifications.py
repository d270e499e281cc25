"""The notification outbox: one mail per key, sent once, and a lost enqueue is picked up by the sweep."""

import datetime
import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from regions.tests.factories import UserFactory
from toptechniek.common import notifications
from toptechniek.common.models import Notification

pytestmark = pytest.mark.django_db


def _queue(user, key="thing:1:user=1"):
    return notifications.notification_queue(
        key=key,
        kind="review_confirmed",
        recipient=user,
        template="mail/review_confirmed",
        context={"review_title": "Peer review Twente – Zwolle 2014", "date": "", "place": "", "link": "http://x/"},
    )


def test_notification_queue_writes_one_row_and_sends_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory(email="pl@t.example", full_name="Pia Leider")
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(user)
        second = _queue(user)
    assert first is not None and second is None
    assert Notification.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["pl@t.example"]]
    assert "Peer review Twente – Zwolle 2014" in mail.outbox[0].subject
    assert "Dear Pia Leider" in mail.outbox[0].body
    first.refresh_from_db()
    assert first.sent_at is not None and first.attempts == 1


def test_notification_send_twice_sends_one_mail():
    user = UserFactory()
    with transaction.atomic():
        row = _queue(user)
    assert notifications.notification_send(notification_id=row.pk) is True
    assert notifications.notification_send(notification_id=row.pk) is False
    assert notifications.notification_send(notification_id=row.pk + 999) is False
    assert len(mail.outbox) == 1


def test_notification_mail_in_the_recipients_language():
    user = UserFactory(language="nl", full_name="Pia Leider")
    row = _queue(user)
    notifications.notification_send(notification_id=row.pk)
    assert "Beste Pia Leider" in mail.outbox[0].body


def test_notification_not_queued_for_inactive_users():
    user = UserFactory(is_active=False)
    assert _queue(user) is None
    assert not Notification.objects.exists()


def test_notification_sweep_reenqueues_only_stranded_rows(django_capture_on_commit_callbacks):
    user = UserFactory()
    now = timezone.now()
    stranded = Notification.objects.create(key="a", kind="k", recipient=user, template="mail/review_confirmed")
    fresh = Notification.objects.create(key="b", kind="k", recipient=user, template="mail/review_confirmed")
    ancient = Notification.objects.create(key="c", kind="k", recipient=user, template="mail/review_confirmed")
    sent = Notification.objects.create(
        key="d", kind="k", recipient=user, template="mail/review_confirmed", sent_at=now, status="sent"
    )
    Notification.objects.filter(pk__in=[stranded.pk, sent.pk]).update(created_at=now - datetime.timedelta(hours=1))
    Notification.objects.filter(pk=ancient.pk).update(created_at=now - datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notification_sweep(now=now) == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=stranded.pk).sent_at is not None
    assert Notification.objects.get(pk=fresh.pk).sent_at is None


@pytest.mark.redis
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_notification_goes_through_redis_to_a_real_worker(redis_worker):
    user = UserFactory(email="worker@t.example")
    with transaction.atomic():
        row = _queue(user)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.sent_at:
            break
        time.sleep(0.1)
    assert row.sent_at is not None, "the worker did not send the mail"
    assert [m.to for m in mail.outbox] == [["worker@t.example"]]

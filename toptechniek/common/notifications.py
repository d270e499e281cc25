"""Queue and send notification mails through the outbox (`Notification`).

- ``notification_queue`` writes the row inside the caller's transaction and enqueues the send on
  commit; a second call with the same key does nothing (the mail is already queued or sent).
- ``notification_send`` (the worker) locks the row and sends only while ``sent_at`` is empty, so a
  task that runs twice sends one mail.
- ``notification_sweep`` (beat, every few minutes) re-enqueues rows left unsent for longer than
  ``RESEND_GRACE`` and younger than ``RESEND_WINDOW``: a broker outage during the commit loses nothing.
"""

import datetime
import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification
from .queue import task_enqueue

logger = logging.getLogger(__name__)

RESEND_GRACE = datetime.timedelta(minutes=5)
RESEND_WINDOW = datetime.timedelta(days=3)
MAX_ATTEMPTS = 10


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _enqueue(notification_id: int) -> None:
    task_enqueue("toptechniek.common.tasks.task_send_notification", notification_id)


def notification_queue(*, key: str, kind: str, recipient, template: str, context: dict) -> Notification | None:
    """Write one outbox row and send it after commit; None when a mail with this key exists already."""
    if recipient is None or not recipient.is_active or not recipient.email:
        return None
    if Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key, kind=kind, recipient=recipient, template=template, context=context
            )
    except IntegrityError:  # a concurrent caller queued the same key first
        return None
    _enqueue(notification.pk)
    return notification


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _revive(context: dict) -> dict:
    """Dates are stored as ISO text (JSON); give them back as dates so templates show them localised."""
    return {
        key: datetime.date.fromisoformat(value) if isinstance(value, str) and ISO_DATE.match(value) else value
        for key, value in context.items()
    }


def notification_send(*, notification_id: int) -> bool:
    """Send one queued mail once; False when it is gone or sent already."""
    from .mail import mail_send

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at is not None:
            return False
        recipient = notification.recipient
        if not recipient.is_active:
            logger.info("notification %s: recipient inactive; not sent", notification_id)
            return False
        notification.attempts += 1
        mail_send(
            to=recipient.email,
            template=notification.template,
            context={**_revive(notification.context), "recipient": recipient},
            language=recipient.language or settings.LANGUAGE_CODE,
        )
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at", "attempts"])
    return True


def notification_sweep(*, now: datetime.datetime | None = None) -> int:
    """Re-enqueue stranded rows (their enqueue was lost); returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        stranded = list(
            Notification.objects.filter(
                sent_at__isnull=True,
                created_at__lt=now - RESEND_GRACE,
                created_at__gte=now - RESEND_WINDOW,
                attempts__lt=MAX_ATTEMPTS,
            ).values_list("pk", flat=True)
        )
        for notification_id in stranded:
            _enqueue(notification_id)
    if stranded:
        logger.info("notification sweep re-enqueued %d", len(stranded))
    return len(stranded)

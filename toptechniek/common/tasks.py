"""Thin Celery tasks of the mail outbox; safe to run twice."""

from celery import shared_task


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_notification(self, notification_id: int) -> bool:
    from .notifications import notification_send

    return notification_send(notification_id=notification_id)


@shared_task
def task_notification_sweep() -> int:
    """Beat, every few minutes: re-enqueue mails whose enqueue was lost while the broker was down."""
    from .notifications import notification_sweep

    return notification_sweep()


@shared_task
def task_digest_build() -> int:
    """Beat, once a day: collect each person's digest items into one mail and send it."""
    from .notifications import digest_build

    return digest_build()

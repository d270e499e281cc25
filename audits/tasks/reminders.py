"""The reminder tasks: the daily sweep (its mails go through the outbox), and the send of one reminder."""

from celery import shared_task


@shared_task(name="audits.tasks.task_reminder_sweep")
def task_reminder_sweep() -> int:
    """Daily (beat): create the reminders that are due and queue their mails in the outbox."""
    from ..services.reminders import reminder_sweep

    return reminder_sweep()


@shared_task(
    name="audits.tasks.task_send_reminder", bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def task_send_reminder(self, reminder_id: int) -> bool:
    """Send one reminder's mail through the outbox. The sweep no longer enqueues this (the outbox's own task
    sends); it stays registered for messages queued before, which it sends once like the outbox would."""
    from ..services.reminders import reminder_send

    return reminder_send(reminder_id=reminder_id)

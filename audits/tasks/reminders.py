"""The reminder tasks: the daily sweep and one mail per reminder."""

from celery import shared_task


@shared_task(name="audits.tasks.task_reminder_sweep")
def task_reminder_sweep() -> int:
    """Daily (beat): create the reminders that are due and enqueue their mails."""
    from ..services.reminders import reminder_sweep

    return reminder_sweep()


@shared_task(
    name="audits.tasks.task_send_reminder", bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def task_send_reminder(self, reminder_id: int) -> bool:
    from ..services.reminders import reminder_send

    return reminder_send(reminder_id=reminder_id)

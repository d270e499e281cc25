"""Thin Celery tasks of the audits app: they take ids, call a service, and are safe to run twice."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError, TimeoutError), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def task_render_placemat(self, placemat_id: int) -> str | None:
    """Render the placemat PDF if it changed since the last render; then mail the region the link once."""
    from .services.placemat_pdf import placemat_pdf_render

    return placemat_pdf_render(placemat_id=placemat_id)


@shared_task
def task_reminder_sweep() -> int:
    """Daily (beat): create the reminders that are due and enqueue their mails."""
    from .services.reminders import reminder_sweep

    return reminder_sweep()


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_reminder(self, reminder_id: int) -> bool:
    from .services.reminders import reminder_send

    return reminder_send(reminder_id=reminder_id)

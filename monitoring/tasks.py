"""Thin Celery tasks of the monitoring app. The workflow's mails go through the outbox (monitoring/mails.py)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_render_report_pdf(self, report_id: int) -> bool:
    """Render a report's PDF unless the stored one is fresh. Bounded by the Celery soft time limit; a failure
    that ends the task (the soft time limit, an error once the retries are spent) is stored on the PDF row,
    so the report's PDF page says so instead of "being prepared" for ever."""
    from toptechniek.common.stored_pdf import stored_pdf_task_guard

    from .services import report_pdf_fail, report_pdf_render

    def fail(failure: str) -> None:
        report_pdf_fail(report_id=report_id, failure=failure)

    with stored_pdf_task_guard(task=self, fail=fail, retry_for=(OSError,)):
        pdf = report_pdf_render(report_id=report_id)
    if pdf is None:
        logger.info("report %s is gone; no PDF to render", report_id)
        return False
    return True

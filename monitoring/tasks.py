"""Thin Celery tasks of the monitoring app. The workflow's mails go through the outbox (monitoring/mails.py)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_render_report_pdf(self, report_id: int) -> bool:
    """Render a report's PDF unless the stored one is fresh. Bounded by the Celery soft time limit."""
    from .services import report_pdf_render

    pdf = report_pdf_render(report_id=report_id)
    if pdf is None:
        logger.info("report %s is gone; no PDF to render", report_id)
        return False
    return True

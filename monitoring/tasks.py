import logging

from celery import shared_task

from .services import transition_mail_send

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_transition_mail(self, mail_id: int) -> bool:
    sent = transition_mail_send(mail_id=mail_id)
    if not sent:
        logger.info("transition mail %s already sent or gone; nothing to do", mail_id)
    return sent


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_render_report_pdf(self, report_id: int) -> bool:
    """Render a report's PDF unless the stored one is fresh. Bounded by the Celery soft time limit."""
    from .services import report_pdf_render

    pdf = report_pdf_render(report_id=report_id)
    if pdf is None:
        logger.info("report %s is gone; no PDF to render", report_id)
        return False
    return True


@shared_task
def task_transition_mail_sweep() -> int:
    """Beat: re-enqueue transition mails whose enqueue was lost while the broker was down."""
    from .services import transition_mail_sweep

    return transition_mail_sweep()

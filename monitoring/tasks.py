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

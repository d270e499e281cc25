import logging

from celery import shared_task

from .services import invitation_send

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_invitation(self, invitation_id: int) -> bool:
    sent = invitation_send(invitation_id=invitation_id)
    if not sent:
        logger.info("invitation %s already sent or gone; nothing to do", invitation_id)
    return sent

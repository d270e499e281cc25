import logging

from celery import shared_task

from .email_signin import sign_in_link_send
from .password_reset import password_reset_send
from .services import invitation_send

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_invitation(self, invitation_id: int) -> bool:
    sent = invitation_send(invitation_id=invitation_id)
    if not sent:
        logger.info("invitation %s already sent or gone; nothing to do", invitation_id)
    return sent


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_password_reset_send(self, email: str, request_id: str) -> bool:
    return password_reset_send(email=email, request_id=request_id)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_sign_in_link_send(self, email: str, browser_hash: str, ip: str | None) -> bool:
    return sign_in_link_send(email=email, browser_hash=browser_hash, ip=ip)

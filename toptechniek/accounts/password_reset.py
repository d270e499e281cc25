""" "Forgot your password?": a set-password link by mail, valid two hours, usable once.

The page answers the same whether or not the address has an account: the request is counted (per e-mail
address and per client address, toptechniek/accounts/throttle.py) and handed to the worker, which looks the
person up and mails only an active account that has a password (someone who never accepted the invitation
asks the office for a new one). The link's token (tokens.password_reset_token_generator) hashes the
password, so it stops working once the password is set.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_noop

from toptechniek.common.audit import audit_change
from toptechniek.common.queue import task_enqueue

from .models import User
from .throttle import throttle_allows
from .tokens import password_reset_token_generator

log = logging.getLogger("toptechniek.security")


def access_mail_allowed(*, email: str, ip: str | None, scope: str) -> bool:
    """Count one request for a reset or sign-in mail; False once the address or the client asked too often."""
    from .lockouts import client_addresses_known

    period = settings.ACCESS_MAIL_LIMIT_PERIOD
    limits = [(f"{scope}-email", email, settings.ACCESS_MAIL_LIMIT_PER_EMAIL, period)]
    if client_addresses_known():  # else every client is the proxy: one limit for everyone would lock all out
        limits.append((f"{scope}-ip", ip or "", settings.ACCESS_MAIL_LIMIT_PER_IP, period))
    return throttle_allows(limits=limits)


def password_reset_allowed(user: User) -> bool:
    return user.is_active and user.has_usable_password()


def password_reset_request(*, email: str, ip: str | None) -> bool:
    """Ask the worker to mail a reset link to `email` if it is an account's; False when throttled (nothing sent)."""
    email = email.strip().lower()
    if not access_mail_allowed(email=email, ip=ip, scope="password-reset"):
        log.warning("password reset refused (too many requests) for %r from %s", email, ip)
        return False
    # A random id makes the task idempotent: a redelivered task finds it sent (password_reset_send).
    task_enqueue("toptechniek.accounts.tasks.task_password_reset_send", email, secrets.token_hex(16))
    log.info("password reset requested for %r from %s", email, ip)
    return True


def password_reset_link(*, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = password_reset_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def password_reset_send(*, email: str, request_id: str) -> bool:
    """The worker's part: mail the link when `email` belongs to an active account with a password; once per
    request id. Returns whether a mail was sent."""
    from toptechniek.common.mail import mail_send

    sent_key = f"tt-password-reset-sent:{request_id}"
    if cache.get(sent_key):
        return False
    user = User.objects.filter(email__iexact=email).first()
    if user is None or not password_reset_allowed(user):
        log.info("password reset for %r: no mail (no active account with a password)", email)
        return False
    mail_send(
        to=user.email,
        template="mail/password_reset",
        context={
            "recipient": user,
            "link": password_reset_link(user=user),
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        },
        language=user.language,
    )
    cache.set(sent_key, True, timeout=settings.PASSWORD_RESET_TIMEOUT)
    return True


def password_reset_done(*, user: User) -> None:
    """Log that the password was set with a reset link (the form has saved it)."""
    audit_change(
        action="accounts.password_reset",
        message=gettext_noop("Password set with a reset link by %(email)s"),
        params={"email": user.email},
        actor=user,
        object_label=user.email,
    )
    log.info("password set with a reset link: user %s", user.pk)

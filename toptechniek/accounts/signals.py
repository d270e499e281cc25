"""Security logging of logins, failed logins and lockouts; session start time at login."""

import logging
import time

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .middleware import LAST_ACTIVITY_KEY, STARTED_KEY

log = logging.getLogger("toptechniek.security")


def _ip(request) -> str:
    if request is None:
        return "-"
    try:
        return get_client_ip_address(request) or "-"
    except Exception:  # noqa: BLE001 - logging must never break a login
        return request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in, dispatch_uid="tt_security_logged_in")
def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED_KEY] = now
        request.session[LAST_ACTIVITY_KEY] = now
    log.info("login: user %s from %s", user.pk, _ip(request))


@receiver(user_logged_out, dispatch_uid="tt_security_logged_out")
def on_logged_out(sender, request, user, **kwargs):
    log.info("logout: user %s from %s", getattr(user, "pk", None), _ip(request))


@receiver(user_login_failed, dispatch_uid="tt_security_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    log.warning("failed login: username %r from %s", credentials.get("username"), _ip(request))


@receiver(user_locked_out, dispatch_uid="tt_security_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    log.warning("lockout: username %r from %s", username, ip_address)

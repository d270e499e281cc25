"""Login lockouts (django-axes): the limits, the current lockouts, and unlocking by the programme office.

axes counts failures per (username, client address) and locks that pair at AXES_FAILURE_LIMIT. One address
trying a few passwords against every account stays under that, so `AxesHandler` adds a limit per address
across usernames: AXES_IP_FAILURE_LIMIT failures within the cool-off lock the address out for everyone.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_noop

from toptechniek.common.audit import audit_change

log = logging.getLogger("toptechniek.security")


def axes_username(request, credentials=None) -> str | None:
    """The username axes counts: the e-mail address as typed, trimmed and in lower case (the login finds the
    address whatever its case, so `PL.Twente@…` and `pl.twente@…` share one counter)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = credentials.get(field) if credentials else request.POST.get(field) if request is not None else None
    return value.strip().lower() if isinstance(value, str) else value


def address_failures(*, ip_address: str, since=None) -> int:
    """Failed logins from one client address across all usernames, since `since` (None: all kept)."""
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if since is not None:
        attempts = attempts.filter(attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def client_addresses_known() -> bool:
    """Whether the address the app sees is the client's. Behind a proxy without a header to read
    (AXES_IPWARE_META_PRECEDENCE_ORDER only REMOTE_ADDR) every client arrives from the proxy's address: a
    limit per address would then be one limit for everyone, so those limits are not applied (the per-account
    limits still are) and `check --deploy` warns (accounts.W002)."""
    order = getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", None) or ["REMOTE_ADDR"]
    return not settings.BEHIND_PROXY or any(name != "REMOTE_ADDR" for name in order)


class AxesHandler(AxesDatabaseHandler):
    """axes' database handler plus the limit per client address (AXES_IP_FAILURE_LIMIT)."""

    @staticmethod
    def _address_over_limit(request) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE or not request.axes_ip_address or not client_addresses_known():
            return False
        since = get_cool_off_threshold(request) if get_cool_off(request) else None
        return address_failures(ip_address=request.axes_ip_address, since=since) >= settings.AXES_IP_FAILURE_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if self._address_over_limit(request):
            request.tt_address_locked = True  # the lockout page says why
            return True
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        if self._address_over_limit(request):
            log.warning("lockout: address %s after too many failed logins across usernames", request.axes_ip_address)
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.tt_address_locked = True
            user_locked_out.send(
                "axes",
                request=request,
                username=axes_username(request, credentials),
                ip_address=request.axes_ip_address,
            )


def current_lockouts() -> QuerySet:
    """Attempts at or over the failure limit whose cool-off has not run out yet."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.order_by("-attempt_time")


def current_address_lockouts() -> list[dict]:
    """Client addresses at or over AXES_IP_FAILURE_LIMIT failures (all usernames) within the cool-off:
    {"ip_address", "failures", "last_attempt"} per address, newest first."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return list(
        attempts.values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_IP_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def address_unlock(*, ip_address: str, by) -> int:
    """Forget every failed login from `ip_address`: the address and all its username pairs are unlocked."""
    with transaction.atomic():
        count = reset(ip=ip_address)
        audit_change(
            action="accounts.address_unlock",
            message=gettext_noop("Login lockout of address %(ip)s lifted"),
            params={"ip": ip_address},
            actor=by,
            object_label=ip_address,
        )
    log.warning("unlock: address %s unlocked by user %s (%d attempts reset)", ip_address, by.pk, count)
    return count


def unlock(*, attempt: AccessAttempt, by) -> int:
    with transaction.atomic():
        count = reset(username=attempt.username, ip=attempt.ip_address)
        audit_change(
            action="accounts.unlock",
            message=gettext_noop("Login lockout of %(username)s from %(ip)s lifted"),
            params={"username": attempt.username, "ip": attempt.ip_address},
            actor=by,
            object_label=f"{attempt.username} {attempt.ip_address}",
        )
    log.warning(
        "unlock: username %r from %s unlocked by user %s (%d attempts reset)",
        attempt.username,
        attempt.ip_address,
        by.pk,
        count,
    )
    return count

"""Login lockouts (django-axes): the current ones, and unlocking by the programme office."""

import logging

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

log = logging.getLogger("toptechniek.security")


def current_lockouts() -> QuerySet:
    """Attempts at or over the failure limit whose cool-off has not run out yet."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.order_by("-attempt_time")


def unlock(*, attempt: AccessAttempt, by) -> int:
    count = reset(username=attempt.username, ip=attempt.ip_address)
    log.warning(
        "unlock: username %r from %s unlocked by user %s (%d attempts reset)",
        attempt.username,
        attempt.ip_address,
        by.pk,
        count,
    )
    return count

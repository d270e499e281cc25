"""Rows of the permission matrix for the access pages (see regions/tests/matrix_base.py).

The matrix runs with TWO_FACTOR_REQUIRED off and no devices: verify sends everyone to setup, and
disable / new recovery codes have nothing to act on (back to the security page).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.tests.matrix_base import LOGGED_IN, OFFICE, PARTNER, READ_ONLY_POST, VIEWER, everyone, expect
from toptechniek.common.models import MailPreference


def build(world) -> None:
    world.extra["lockout"] = AccessAttempt.objects.create(
        username="locked@t.example",
        ip_address="203.0.113.9",
        user_agent="test",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        http_accept="*/*",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )


def snapshot():
    return (
        AccessAttempt.objects.count(),
        TOTPDevice.objects.filter(confirmed=True).count(),
        StaticToken.objects.count(),
        MailPreference.objects.count(),
    )


ROWS = {
    "accounts:audit_log": (lambda w: reverse("accounts:audit_log"), expect({OFFICE}, 200), READ_ONLY_POST),
    "accounts:security": (lambda w: reverse("accounts:security"), everyone(200), READ_ONLY_POST),
    "accounts:two_factor_setup": (
        lambda w: reverse("accounts:two_factor_setup"),
        everyone(200),
        everyone(200),  # an empty POST re-renders the form with its error
    ),
    "accounts:two_factor_verify": (
        lambda w: reverse("accounts:two_factor_verify"),
        everyone(302),  # no device yet: to setup
        everyone(302),
    ),
    "accounts:two_factor_disable": (lambda w: reverse("accounts:two_factor_disable"), everyone(405), everyone(302)),
    "accounts:two_factor_recovery_codes": (
        lambda w: reverse("accounts:two_factor_recovery_codes"),
        everyone(405),
        everyone(302),  # no device: back to the security page
    ),
    "accounts:lockouts": (lambda w: reverse("accounts:lockouts"), expect({OFFICE}, 200), READ_ONLY_POST),
    # The idle-timeout warning's "stay signed in": POST only, for anyone signed in (anonymous: to the login page).
    "accounts:keep_alive": (lambda w: reverse("accounts:keep_alive"), everyone(405), everyone(200)),
    # Everyone chooses their own; an empty POST re-renders the choices with errors, except for people whose
    # roles get no mails (partner, viewer): nothing to choose, saved at once.
    "accounts:mail_preferences": (
        lambda w: reverse("accounts:mail_preferences"),
        everyone(200),
        expect(set(LOGGED_IN) - {PARTNER, VIEWER}, 200, others=302),
    ),
    "accounts:lockout_unlock": (
        lambda w: reverse("accounts:lockout_unlock", args=[w.extra["lockout"].pk]),
        everyone(405),
        expect({OFFICE}, 302),
    ),
}

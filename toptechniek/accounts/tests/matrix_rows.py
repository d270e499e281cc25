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

from regions.tests.matrix_base import (
    LOGGED_IN,
    OFFICE,
    OFFICE_FORM_GET,
    PL,
    READ_ONLY_POST,
    everyone,
    expect,
)
from toptechniek.accounts.models import Invitation, SignInLink
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
    # An address locked for every account: failures across usernames, none of them locked on its own.
    world.extra["locked_address"] = "203.0.113.77"
    AccessAttempt.objects.create(
        username="guess@t.example",
        ip_address=world.extra["locked_address"],
        user_agent="test",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        http_accept="*/*",
        failures_since_start=settings.AXES_IP_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )


def snapshot():
    return (
        AccessAttempt.objects.count(),
        TOTPDevice.objects.filter(confirmed=True).count(),
        StaticToken.objects.count(),
        MailPreference.objects.count(),
        Invitation.objects.count(),
        SignInLink.objects.count(),
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
    # Everyone chooses their own; an empty POST re-renders the choices with errors (someone whose roles get no
    # mails has nothing to choose: saved at once; nobody in this world).
    "accounts:mail_preferences": (
        lambda w: reverse("accounts:mail_preferences"),
        everyone(200),
        # The partner receives a mail too now (a contribution to write), the viewer hears of honoured applications:
        # everyone's page has a form.
        expect(set(LOGGED_IN), 200, others=302),
    ),
    "accounts:lockout_unlock": (
        lambda w: reverse("accounts:lockout_unlock", args=[w.extra["lockout"].pk]),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "accounts:lockout_address_unlock": (
        lambda w: reverse("accounts:lockout_address_unlock", args=[w.extra["locked_address"]]),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    # The office mails someone a fresh set-password link: a confirmation page, then the POST.
    "accounts:user_reinvite": (
        lambda w: reverse("accounts:user_reinvite", args=[w.users[PL].pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    # Open without logging in, like the login page's own links (set_password): "forgot your password?" and the
    # e-mail link. An empty POST re-renders the form with its error; a bad token shows "link no longer valid".
    "accounts:password_reset": (
        lambda w: reverse("accounts:password_reset"),
        everyone(200, anon=200),
        everyone(200, anon=200),
    ),
    "accounts:password_reset_confirm": (
        lambda w: reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}),
        everyone(200, anon=200),
        everyone(200, anon=200),
    ),
    "accounts:sign_in_link": (
        lambda w: reverse("accounts:sign_in_link"),
        everyone(200, anon=200),
        everyone(200, anon=200),
    ),
    "accounts:sign_in_code": (
        lambda w: reverse("accounts:sign_in_code"),
        everyone(302, anon=302),  # nothing asked in this browser: to the request page
        everyone(302, anon=302),
    ),
    "accounts:sign_in_link_use": (
        lambda w: reverse("accounts:sign_in_link_use", kwargs={"token": "bad-token"}),
        everyone(200, anon=200),  # "link no longer valid"; a link logs in on GET only, in the browser that asked
        everyone(405, anon=405),
    ),
}

"""Second factor (django-otp): who needs it, devices, recovery codes and token checks."""

import base64
import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from toptechniek.common.audit import audit_change

log = logging.getLogger("toptechniek.security")

RECOVERY_CODE_COUNT = 10


def is_required_for(user) -> bool:
    """Programme office, staff and superusers need a second factor when TWO_FACTOR_REQUIRED is on."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True) or not user.is_authenticated:
        return False
    return bool(user.is_programme_office or user.is_staff or user.is_superuser)


def has_confirmed_device(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user) -> TOTPDevice:
    """The one unconfirmed TOTP device being set up (created on first use, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as base32 text, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no external request, no script)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=16)
    return image.to_string(encoding="unicode")


@transaction.atomic
def confirm_setup(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a token; on success return fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    log.info("2FA enabled for user %s", user.pk)
    _audit(user, "accounts.two_factor_enable", gettext_noop("%(email)s: two-factor authentication switched on"))
    return _recovery_codes_replace(user)


@transaction.atomic
def regenerate_recovery_codes(user) -> list[str]:
    """Replace all recovery codes with RECOVERY_CODE_COUNT new ones; each works once."""
    codes = _recovery_codes_replace(user)
    _audit(user, "accounts.recovery_codes", gettext_noop("%(email)s: new recovery codes made"))
    return codes


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    log.info("2FA recovery codes regenerated for user %s", user.pk)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def disable(user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    log.info("2FA disabled for user %s", user.pk)
    _audit(user, "accounts.two_factor_disable", gettext_noop("%(email)s: two-factor authentication switched off"))


def _audit(user, action: str, message: str) -> None:
    audit_change(action=action, message=message, params={"email": user.email}, actor=user, object_label=user.email)


def _fits(device, token: str) -> bool:
    looks_totp = token.isdigit() and len(token) == 6
    return looks_totp if isinstance(device, TOTPDevice) else not looks_totp


def verify(user, token: str) -> tuple[object | None, bool]:
    """Check a TOTP token or recovery code against the user's confirmed devices.

    Returns (device, throttled): the device that accepted the token, else None, and whether
    django-otp's throttling refused at least one device.
    """
    token = "".join(token.split()).lower()
    if not token:
        return None, False
    throttled = False
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not _fits(device, token):
                continue  # a recovery code is no TOTP attempt and vice versa (keeps throttling fair)
            allowed, _data = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                return device, False
    log.warning("2FA verification failed for user %s%s", user.pk, " (throttled)" if throttled else "")
    return None, throttled

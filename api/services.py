"""Writes of the API: personal tokens made, revoked, and marked as used."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change

from .models import ApiToken, token_digest

TOKEN_PREFIX = "tt_"
# A token is used at most this often before its "last used" is written again (no write per call).
LAST_USED_GRANULARITY = datetime.timedelta(minutes=5)


def token_create(
    *, user: User, name: str, valid_days: int, now: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new personal token for `user`: returns the row and the secret, which is shown once and stored only as
    its hash. Refused past the number of active tokens a person may hold, or for a validity out of range."""
    now = now or timezone.now()
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you know later what it is for.")})
    if not 1 <= valid_days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"valid_days": _("A token is valid for 1 to %(days)s days.") % {"days": settings.API_TOKEN_MAX_DAYS}}
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one person's tokens are made one at a time
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count()
        if active >= settings.API_TOKEN_MAX_ACTIVE:
            raise ValidationError(
                _("You already have %(count)s active tokens. Revoke one you no longer use first.") % {"count": active}
            )
        secret = secrets.token_hex(32)
        raw = f"{TOKEN_PREFIX}{secret}"
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=raw[:11],
            digest=token_digest(raw),
            created_at=now,
            expires_at=now + datetime.timedelta(days=valid_days),
        )
        audit_change(
            action="api.token_create",
            message=gettext_noop("API token “%(name)s” made, valid until %(until)s"),
            params={"name": token.name, "until": token.expires_at.astimezone().date().isoformat()},
            actor=user,
            object_label=token.name,
        )
    return token, raw


def token_revoke(*, token: ApiToken, actor: User, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke the token at once: the next call with it is refused. Revoking twice changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_change(
            action="api.token_revoke",
            message=gettext_noop("API token “%(name)s” revoked"),
            params={"name": token.name},
            actor=actor,
            object_label=token.name,
        )
    return token


def token_authenticate(*, raw: str, now: datetime.datetime | None = None) -> ApiToken | None:
    """The active token with this secret, its person active; None otherwise. Marks it used (at most once per
    LAST_USED_GRANULARITY, so a client paging through a year costs no write per page)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

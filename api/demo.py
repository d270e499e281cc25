"""The demo's API tokens: the ministry's analyst has used one for a while (its secret is, as always, not shown
again); anyone can make one of their own on "API-sleutels"."""

import datetime

from django.utils import timezone

from toptechniek.accounts.models import User

from .models import ApiToken
from .services import token_create


def seed_api_tokens() -> None:
    viewer = User.objects.filter(email="viewer@example.org").first()
    if viewer is None or ApiToken.objects.filter(user=viewer).exists():
        return
    now = timezone.now()
    made = now - datetime.timedelta(days=41)
    token, _raw = token_create(user=viewer, name="Power BI-dashboard OCW", valid_days=180, now=made)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now - datetime.timedelta(hours=19))
    old, _raw = token_create(
        user=viewer, name="Proef Excel-koppeling", valid_days=30, now=made - datetime.timedelta(days=60)
    )
    ApiToken.objects.filter(pk=old.pk).update(last_used_at=made - datetime.timedelta(days=45))

"""Personal tokens: made once and shown once, kept as a hash, expiring, revocable; the pages that manage them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken, token_digest
from regions.tests.factories import UserFactory
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db

REGIONS = "/api/v1/regions"


def _auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_create_stores_only_a_hash_of_the_secret():
    user = UserFactory(viewer=True)
    token, raw = services.token_create(user=user, name="Power BI", valid_days=90)
    assert raw.startswith("tt_") and len(raw) == 3 + 64
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == token_digest(raw) != raw
    assert raw not in {stored.digest, stored.prefix, stored.name}
    assert stored.prefix == raw[:11]
    assert stored.expires_at - stored.created_at == datetime.timedelta(days=90)
    assert AuditEvent.objects.filter(action="api.token_create", actor=user).count() == 1


def test_token_create_refuses_an_empty_name_and_a_validity_out_of_range(settings):
    user = UserFactory()
    with pytest.raises(ValidationError) as empty:
        services.token_create(user=user, name="   ", valid_days=30)
    assert "name" in empty.value.message_dict
    for days in (0, settings.API_TOKEN_MAX_DAYS + 1):
        with pytest.raises(ValidationError) as out:
            services.token_create(user=user, name="x", valid_days=days)
        assert "valid_days" in out.value.message_dict
    assert not ApiToken.objects.exists()


def test_token_create_refuses_past_the_active_tokens_a_person_may_hold(settings):
    settings.API_TOKEN_MAX_ACTIVE = 2
    user = UserFactory()
    first, _ = services.token_create(user=user, name="a", valid_days=30)
    services.token_create(user=user, name="b", valid_days=30)
    with pytest.raises(ValidationError, match="already have 2 active tokens"):
        services.token_create(user=user, name="c", valid_days=30)
    services.token_revoke(token=first, actor=user)
    services.token_create(user=user, name="c", valid_days=30)  # a revoked token no longer counts
    assert ApiToken.objects.filter(user=user).count() == 3


def test_token_opens_the_api_and_is_marked_used(client):
    user = UserFactory(viewer=True)
    token, raw = services.token_create(user=user, name="x", valid_days=30)
    response = client.get(REGIONS, **_auth(raw))
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_used_again_soon_is_not_written_again():
    user = UserFactory(viewer=True)
    token, raw = services.token_create(user=user, name="x", valid_days=30)
    now = timezone.now()
    services.token_authenticate(raw=raw, now=now)
    services.token_authenticate(raw=raw, now=now + datetime.timedelta(minutes=1))
    token.refresh_from_db()
    assert token.last_used_at == now
    later = now + services.LAST_USED_GRANULARITY
    services.token_authenticate(raw=raw, now=later)
    token.refresh_from_db()
    assert token.last_used_at == later


@pytest.mark.parametrize("case", ["none", "unknown", "expired", "revoked", "inactive", "malformed", "basic"])
def test_token_refused_answers_401_as_problem_details(client, case):
    user = UserFactory(viewer=True)
    token, raw = services.token_create(user=user, name="x", valid_days=30)
    headers = _auth(raw)
    if case == "none":
        headers = {}
    elif case == "unknown":
        headers = _auth("tt_" + "0" * 64)
    elif case == "expired":
        past = timezone.now() - datetime.timedelta(days=31)
        ApiToken.objects.filter(pk=token.pk).update(created_at=past, expires_at=past + datetime.timedelta(days=30))
    elif case == "revoked":
        services.token_revoke(token=token, actor=user)
    elif case == "inactive":
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif case == "malformed":
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw} extra"}
    elif case == "basic":
        headers = {"HTTP_AUTHORIZATION": "Basic dmlld2VyOmRlbW8="}
    response = client.get(REGIONS, **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["instance"] == REGIONS
    assert "results" not in body


def test_session_cookie_does_not_open_the_api(client):
    """A signed-in browser is no token: the API cannot be called from a page by another site's script."""
    client.force_login(UserFactory(office=True))
    assert client.get(REGIONS).status_code == 401


def test_token_revoke_twice_changes_nothing():
    user = UserFactory()
    token, _ = services.token_create(user=user, name="x", valid_days=30)
    first = services.token_revoke(token=token, actor=user).revoked_at
    assert services.token_revoke(token=token, actor=user).revoked_at == first
    assert AuditEvent.objects.filter(action="api.token_revoke").count() == 1


# --- the pages ----------------------------------------------------------------------------------------------------


def test_token_page_shows_the_secret_once(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("api:tokens")
    response = client.post(url, {"name": "Excel-koppeling", "valid_days": "90"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    secret = response.context["secret"]
    assert token.digest == token_digest(secret)
    assert secret in response.content.decode()
    again = client.get(url)
    page = again.content.decode()
    assert secret not in page
    assert "Excel-koppeling" in page and token.prefix in page


def test_token_page_keeps_what_was_typed_when_refused(client, settings):
    settings.API_TOKEN_MAX_ACTIVE = 1
    user = UserFactory()
    services.token_create(user=user, name="eerste", valid_days=30)
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": "tweede", "valid_days": "30"})
    assert response.status_code == 200
    assert "already have 1 active tokens" in response.content.decode()
    assert response.context["form"]["name"].value() == "tweede"
    assert "secret" not in response.context
    assert ApiToken.objects.filter(user=user).count() == 1


def test_token_page_lists_only_ones_own_tokens(client):
    mine, other = UserFactory(), UserFactory()
    services.token_create(user=other, name="van een ander", valid_days=30)
    client.force_login(mine)
    response = client.get(reverse("api:tokens"))
    assert "van een ander" not in response.content.decode()
    assert "You have no tokens yet." in response.content.decode()


def test_token_revoke_page_confirms_then_revokes(client):
    user = UserFactory()
    token, raw = services.token_create(user=user, name="x", valid_days=30)
    client.force_login(user)
    url = reverse("api:token_revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "stops working at once" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(REGIONS, **_auth(raw)).status_code == 401
    client.force_login(user)
    assert client.get(url).status_code == 404  # revoked: nothing left to revoke


def test_token_revoke_of_another_persons_token_is_not_found(client):
    owner, other = UserFactory(), UserFactory(office=True)
    token, _ = services.token_create(user=owner, name="x", valid_days=30)
    client.force_login(other)
    url = reverse("api:token_revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_expiring_soon_is_on_its_owners_tasks(client):
    from api.selectors import todos_for_user

    user = UserFactory(viewer=True)
    today = timezone.localdate()
    services.token_create(user=user, name="Power BI", valid_days=10)
    services.token_create(user=user, name="Excel", valid_days=90)
    revoked, _ = services.token_create(user=user, name="Weg", valid_days=5)
    services.token_revoke(token=revoked, actor=user)
    (todo,) = todos_for_user(user=user, today=today)
    assert todo.kind == "api_token_expiring" and "Power BI" in todo.what
    assert todo.due == today + datetime.timedelta(days=10)
    assert todo.url == reverse("api:tokens")
    assert todos_for_user(user=UserFactory(), today=today) == []
    client.force_login(user)
    assert "Power BI" in client.get(reverse("home")).content.decode()


def test_guessing_tokens_from_one_address_is_held_back(client, settings):
    settings.API_BAD_TOKEN_LIMIT = 3
    for _ in range(3):
        assert client.get(REGIONS, **_auth("tt_" + "1" * 64)).status_code == 401
    held = client.get(REGIONS, **_auth("tt_" + "2" * 64))
    assert held.status_code == 429
    assert held["Content-Type"] == "application/problem+json" and int(held["Retry-After"]) > 0

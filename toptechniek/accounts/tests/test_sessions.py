"""Sessions: idle and absolute timeouts, key rotation at login, a logged-out cookie is useless."""

import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from regions.tests.factories import UserFactory
from toptechniek.accounts.middleware import LAST_ACTIVITY_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password"


def login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def shift(client, key, seconds):
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_settings_lifetimes_and_cookie_flags():
    assert django_settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert django_settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600
    assert django_settings.SESSION_COOKIE_AGE == 12 * 3600
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_login_cookie_is_httponly_lax_and_secure_when_asked(client, settings):
    user = UserFactory()
    response = login(client, user)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]
    client.post(reverse("accounts:logout"))
    settings.SESSION_COOKIE_SECURE = True  # what SECURE_COOKIES=true sets
    cookie = login(client, user).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"]


def test_idle_timeout_logs_out_with_a_message(client):
    user = UserFactory()
    login(client, user)
    assert client.get(reverse("home")).status_code in (200, 302)
    shift(client, LAST_ACTIVITY_KEY, 29 * 60)
    assert "_auth_user_id" in client.session
    client.get(reverse("accounts:security"))
    assert "_auth_user_id" in client.session  # 29 minutes: still in

    shift(client, LAST_ACTIVITY_KEY, 31 * 60)
    response = client.get(reverse("accounts:security"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "logged out after 30 minutes of inactivity" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_but_not_beyond_twelve_hours(client):
    user = UserFactory()
    login(client, user)
    shift(client, STARTED_KEY, 11 * 3600)
    assert client.get(reverse("accounts:security")).status_code == 200
    shift(client, STARTED_KEY, 1 * 3600 + 60)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_activity_time_is_refreshed(client):
    user = UserFactory()
    login(client, user)
    shift(client, LAST_ACTIVITY_KEY, 20 * 60)
    client.get(reverse("accounts:security"))
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5


def test_session_key_rotates_at_login(client, settings):
    client.get(reverse("accounts:login"))
    session = client.session
    session["anything"] = "before"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    login(client, UserFactory())
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists()


def test_logged_out_cookie_is_useless(client, settings):
    user = UserFactory()
    login(client, user)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("accounts:security")).status_code == 200
    client.post(reverse("accounts:logout"))
    # Replay the old cookie, as a thief would.
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

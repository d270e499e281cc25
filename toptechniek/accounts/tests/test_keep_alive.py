"""Before the idle timeout: the page is told how long the session has left, the warning's "Stay logged in"
pings the keep-alive, and a script's request from an ended session gets JSON 401 instead of the login page."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from regions.tests.factories import UserFactory
from toptechniek.accounts.middleware import IDLE_REMAINING_HEADER, LAST_ACTIVITY_KEY
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password"
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}


def login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.get(reverse("accounts:security"))  # the first signed-in request starts the activity clock


def shift(client, seconds):
    session = client.session
    session[LAST_ACTIVITY_KEY] = session[LAST_ACTIVITY_KEY] - seconds
    session.save()


def test_keep_alive_counts_as_activity_and_keeps_the_session_past_the_old_deadline(client):
    login(client, UserFactory())
    shift(client, 29 * 60)  # one minute left
    response = client.post(reverse("accounts:keep_alive"), **FETCH)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert 30 * 60 - 5 <= data["idle_remaining"] <= 30 * 60
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5  # written at once, whatever the resolution
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    shift(client, 2 * 60)  # 31 minutes after the last page, 2 after the keep-alive
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200


def test_without_the_keep_alive_the_same_wait_ends_the_session(client):
    login(client, UserFactory())
    shift(client, 31 * 60)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_keep_alive_is_post_only_and_csrf_checked():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("accounts:security"))  # sets the CSRF cookie, as any page does
    assert client.get(reverse("accounts:keep_alive"), **FETCH).status_code == 405
    assert client.post(reverse("accounts:keep_alive"), **FETCH).status_code == 403  # no token: refused
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("accounts:keep_alive"), HTTP_X_CSRFTOKEN=token, **FETCH)
    assert response.status_code == 200


def test_keep_alive_is_not_in_the_audit_log(client):
    login(client, UserFactory())
    client.post(reverse("accounts:keep_alive"), **FETCH)
    assert not AuditEvent.objects.filter(action="accounts:keep_alive").exists()


def test_a_scripts_request_from_an_ended_session_gets_json_401_and_a_page_still_redirects(client):
    login(client, UserFactory())
    shift(client, 31 * 60)
    response = client.post(reverse("accounts:keep_alive"), **FETCH)
    assert response.status_code == 401
    assert response.json() == {"status": "logged_out", "login_url": reverse("accounts:login")}
    assert "_auth_user_id" not in client.session  # the idle timeout ended it
    # Anonymous: JSON for a script (Accept: application/json alone is enough) ...
    count = client.get(reverse("task_count"), HTTP_ACCEPT="application/json")
    assert count.status_code == 401 and count.json()["status"] == "logged_out"
    # ... and the login page for a person.
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))
    browser = client.get(reverse("accounts:security"), HTTP_ACCEPT="text/html,application/json;q=0.9")
    assert browser.status_code == 302


def test_every_signed_in_response_says_how_long_the_session_has_left(client):
    anonymous = client.get(reverse("accounts:login"))
    assert IDLE_REMAINING_HEADER not in anonymous
    login(client, UserFactory())
    # 50 seconds since the activity written last: under the middleware's resolution, so this request does not
    # count anew, and the page is told the session's real end.
    shift(client, 50)
    response = client.get(reverse("accounts:security"))
    assert 30 * 60 - 55 <= int(response[IDLE_REMAINING_HEADER]) <= 30 * 60 - 50


def test_pages_carry_the_warning_with_the_time_left(client, settings):
    settings.SESSION_IDLE_WARNING = 90
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'id="session-timeout-dialog"' not in page  # nobody to warn
    login(client, UserFactory())
    shift(client, 50)
    page = client.get(reverse("accounts:security")).content.decode()
    assert 'role="alertdialog"' in page and 'id="session-timeout-dialog"' in page
    assert 'data-warn-before="90"' in page
    remaining = int(page.split('data-remaining="')[1].split('"')[0])
    assert 30 * 60 - 55 <= remaining <= 30 * 60 - 50
    assert reverse("accounts:keep_alive") in page and "js/session-timeout.js" in page

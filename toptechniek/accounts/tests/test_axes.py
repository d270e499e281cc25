"""Login throttling (django-axes): 10 failures lock a username for one address; the office unlocks."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from regions.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password"
IP_A = "203.0.113.10"
IP_B = "203.0.113.20"


def attempt(client, email, password, ip=IP_A):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_ten_times(client, email, ip=IP_A):
    for _ in range(10):
        attempt(client, email, "wrong-password", ip)


def test_ten_failures_lock_even_the_right_password_and_are_logged(client, caplog):
    user = UserFactory(email="leader@example.org")
    with caplog.at_level(logging.INFO):
        for _ in range(9):
            assert attempt(client, user.email, "wrong-password").status_code == 200
        tenth = attempt(client, user.email, "wrong-password")
    assert tenth.status_code == 429
    right = attempt(client, user.email, PASSWORD)
    assert right.status_code == 429
    assert "Too many attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session
    # Logged: every failure and the lockout, in our log and in axes' tables.
    failures = [r for r in caplog.records if r.name == "toptechniek.security" and "failed login" in r.message]
    assert len(failures) >= 10
    assert any(r.name == "toptechniek.security" and "lockout" in r.message for r in caplog.records)
    assert AccessFailureLog.objects.filter(username=user.email, ip_address=IP_A).count() >= 10
    assert AccessAttempt.objects.get(username=user.email, ip_address=IP_A).failures_since_start >= 10


def test_lockout_is_per_username_and_address(client):
    user = UserFactory(email="leader@example.org")
    other = UserFactory(email="other@example.org")
    fail_ten_times(client, user.email)
    assert attempt(client, user.email, PASSWORD, IP_A).status_code == 429
    # Same username from another address: not locked.
    assert attempt(client, user.email, PASSWORD, IP_B).status_code == 302
    client.post(reverse("accounts:logout"))
    # Another username from the same address: not locked.
    assert attempt(client, other.email, PASSWORD, IP_A).status_code == 302


def test_office_sees_lockouts_and_unlocks(client):
    user = UserFactory(email="leader@example.org")
    office = UserFactory(office=True)
    fail_ten_times(client, user.email)
    locked = AccessAttempt.objects.get(username=user.email)

    client.force_login(UserFactory())
    assert client.get(reverse("accounts:lockouts")).status_code == 404
    assert client.post(reverse("accounts:lockout_unlock", args=[locked.pk])).status_code == 404
    client.logout()
    assert attempt(client, user.email, PASSWORD).status_code == 429

    client.force_login(office)
    page = client.get(reverse("accounts:lockouts"))
    assert page.status_code == 200
    assert user.email in page.content.decode() and IP_A in page.content.decode()
    response = client.post(reverse("accounts:lockout_unlock", args=[locked.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    client.post(reverse("accounts:logout"))

    assert attempt(client, user.email, PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_behind_a_proxy_the_address_it_sets_counts(client, settings):
    # The documented proxy set-up: the proxy overwrites X-Real-IP with the address it sees.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
    user = UserFactory(email="leader@example.org")
    proxy = "10.0.0.1"

    def post(password, ip):
        data = {"username": user.email, "password": password}
        return client.post(reverse("accounts:login"), data, REMOTE_ADDR=proxy, HTTP_X_REAL_IP=ip)

    for _ in range(10):
        post("wrong-password", IP_A)
    assert AccessAttempt.objects.get(username=user.email).ip_address == IP_A
    assert post(PASSWORD, IP_A).status_code == 429
    # Another client behind the same proxy is not locked out.
    assert post(PASSWORD, IP_B).status_code == 302

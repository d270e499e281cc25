"""Logging in: the address in any case, no redirect loop on the login page, a limit per client address."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from regions.tests.factories import UserFactory
from toptechniek.accounts.lockouts import current_address_lockouts

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password"
IP = "203.0.113.10"


def attempt(client, email, password, ip=IP):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_by_email_is_case_insensitive(client):
    user = UserFactory(email="pl.twente@example.org")
    response = attempt(client, " PL.Twente@Example.ORG ", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_case_variants_share_one_lockout_counter(client):
    user = UserFactory(email="pl.twente@example.org")
    variants = ["PL.Twente@example.org", "pl.TWENTE@example.org", "Pl.Twente@Example.org", "pl.twente@EXAMPLE.org"]
    for n in range(10):
        attempt(client, variants[n % len(variants)], "wrong-password")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [user.email]
    assert attempt(client, "PL.TWENTE@example.org", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_logged_in_user_opening_login_with_next_login_goes_home(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:login") + "?next=" + reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    nested = client.get(reverse("accounts:login") + "?next=/accounts/login/%3Fnext%3D/accounts/login/")
    assert nested.status_code == 302 and nested["Location"] == reverse("home")
    # Any other page in `next` is still where a signed-in user is sent.
    assert client.get(reverse("accounts:login") + "?next=/regions/")["Location"] == "/regions/"


def test_logging_in_with_next_login_lands_home(client):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login") + "?next=/accounts/login/",
        {"username": user.email, "password": PASSWORD, "next": "/accounts/login/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_one_address_trying_many_accounts_is_locked_out_for_all(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 30
    victims = [UserFactory(email=f"person{n}@example.org") for n in range(5)]
    # 9 wrong passwords per account stay under the per-account limit of 10 ...
    answers = [attempt(client, victim.email, "wrong-password").status_code for victim in victims for _ in range(6)]
    assert answers[:29] == [200] * 29
    assert answers[29] == 429  # ... but the 30th failure from the address locks the address
    assert all(a.failures_since_start < settings.AXES_FAILURE_LIMIT for a in AccessAttempt.objects.all())
    # Now even the right password of an account never tried is refused from that address, and the page says why.
    fresh = UserFactory(email="fresh@example.org")
    refused = attempt(client, fresh.email, PASSWORD)
    assert refused.status_code == 429
    assert "Logging in failed too often from your address" in refused.text
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert attempt(client, fresh.email, PASSWORD, ip="198.51.100.1").status_code == 302
    assert [row["ip_address"] for row in current_address_lockouts()] == [IP]


def test_office_unlocks_an_address(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 5
    user = UserFactory(email="leader@example.org")
    for n in range(5):
        attempt(client, f"guess{n}@example.org", "wrong-password")
    assert attempt(client, user.email, PASSWORD).status_code == 429

    client.force_login(UserFactory(office=True))
    page = client.get(reverse("accounts:lockouts"))
    assert IP in page.text and "Addresses locked for every account" in page.text
    assert client.post(reverse("accounts:lockout_address_unlock", args=["198.51.100.99"])).status_code == 404
    response = client.post(reverse("accounts:lockout_address_unlock", args=[IP]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(ip_address=IP).exists()
    client.post(reverse("accounts:logout"))
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_only_the_office_unlocks_addresses(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 2
    for n in range(2):
        attempt(client, f"guess{n}@example.org", "wrong-password")
    client.force_login(UserFactory())
    assert client.post(reverse("accounts:lockout_address_unlock", args=[IP])).status_code == 404
    assert AccessAttempt.objects.filter(ip_address=IP).count() == 2


def test_behind_a_proxy_without_a_client_header_no_address_locks_everyone_out(client, settings):
    """Every client arrives from the proxy's address: the limit per address would be one limit for all."""
    settings.BEHIND_PROXY = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    settings.AXES_IP_FAILURE_LIMIT = 5
    for n in range(6):
        attempt(client, f"guess{n}@example.org", "wrong-password")
    user = UserFactory(email="leader@example.org")
    assert attempt(client, user.email, PASSWORD).status_code == 302  # the per-account limits still hold
    from toptechniek.accounts.checks import proxy_needs_a_client_address_header

    assert [w.id for w in proxy_needs_a_client_address_header(None)] == ["accounts.W002"]
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
    assert proxy_needs_a_client_address_header(None) == []


def test_two_accounts_cannot_differ_only_in_the_case_of_their_address():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from toptechniek.accounts.models import User

    UserFactory(email="pl.twente@example.org")
    twin = User(email="PL.Twente@Example.org", full_name="Tweeling")
    twin.set_unusable_password()
    with pytest.raises(ValidationError) as refused:  # as the admin's form validates it
        twin.full_clean()
    assert "already exists" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database, whatever writes
        User.objects.create(email="PL.Twente@example.org", full_name="Tweeling")
    fresh = User(email="New.Person@Example.org", full_name="Nieuw")
    fresh.set_unusable_password()
    fresh.full_clean()
    assert fresh.email == "new.person@example.org"

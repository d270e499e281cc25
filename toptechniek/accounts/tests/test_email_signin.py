"""Sign in with an e-mail link: one use, 15 minutes, only in the browser that asked (or its code typed there),
throttled, never for accounts that require a second factor, logged in through Django's login()."""

import datetime
import re

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.tests.factories import UserFactory
from toptechniek.accounts.models import SignInLink
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db

NEUTRAL = "If this address may log in with an email link, we have sent it a link and a six-digit code."


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """ask(client, email) -> the page after asking (the worker's task runs at once, as after a commit)."""

    def post(client, email, ip="203.0.113.5", next_url=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("accounts:sign_in_link"), {"email": email, "next": next_url}, REMOTE_ADDR=ip, follow=True
            )

    return post


def link_and_code(message) -> tuple[str, str]:
    url = re.search(r"https?://\S+/accounts/login/email/[\w-]+/", message.body).group(0)
    code = re.search(r"^(\d{6})$", message.body, re.MULTILINE).group(1)
    return "/" + url.split("/", 3)[3], code


def logged_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_login_page_offers_the_email_link(client):
    page = client.get(reverse("accounts:login") + "?next=/regions/")
    assert reverse("accounts:sign_in_link") + "?next=/regions/" in page.text


def test_link_logs_in_once_in_the_browser_that_asked_with_a_new_session_key(client, ask):
    user = UserFactory(email="pl.twente@example.org", full_name="Pia Leider", language="nl")
    page = ask(client, "PL.Twente@example.org", next_url="/regions/")
    assert page.redirect_chain[-1][0] == reverse("accounts:sign_in_code")
    assert NEUTRAL in page.text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    with translation.override("nl"):  # the recipient's language
        assert message.subject == translation.gettext("Your login link for Toptechniek")
    path, code = link_and_code(message)
    link = SignInLink.objects.get(user=user)
    assert code not in (link.code_hash, link.token_hash) and path.split("/")[-2] != link.token_hash  # only hashes kept
    assert link.expires_at - link.created_at == datetime.timedelta(minutes=15)

    key_before = client.session.session_key
    logins = []
    user_logged_in.connect(
        lambda sender, user, **kw: logins.append((user.pk, kw["request"])), weak=False, dispatch_uid="t"
    )
    try:
        response = client.get(path)
    finally:
        user_logged_in.disconnect(dispatch_uid="t")
    assert response.status_code == 302 and response["Location"] == "/regions/"
    assert logged_in_as(client) == user.pk
    assert client.session.session_key != key_before  # the session rotates at login
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    assert [pk for pk, _request in logins] == [user.pk]  # through login(): the security and audit log see it
    assert AuditEvent.objects.filter(kind="login", actor=user).exists()
    assert response.cookies["django_language"].value == "nl"

    client.post(reverse("accounts:logout"))
    again = client.get(path)
    assert again.status_code == 200 and logged_in_as(client) is None
    assert "Deze link is niet meer geldig" in again.text  # the language cookie of the login: Dutch


def test_link_in_another_browser_logs_nobody_in_and_points_to_the_code(client, ask):
    user = UserFactory(email="leader@example.org")
    ask(client, user.email)
    path, code = link_and_code(mail.outbox[0])
    other = Client()
    page = other.get(path)
    assert page.status_code == 200
    assert "This link works only in the browser where you asked for it." in page.text
    assert logged_in_as(other) is None
    # The code, typed in the browser that asked, logs in (and the link is then spent).
    response = client.post(reverse("accounts:sign_in_code"), {"code": code})
    assert response.status_code == 302 and logged_in_as(client) == user.pk
    assert SignInLink.objects.get(user=user).used_at is not None
    assert "no longer valid" in Client().get(path).text


def test_the_code_in_another_browser_does_nothing(client, ask):
    user = UserFactory(email="leader@example.org")
    ask(client, user.email)
    _path, code = link_and_code(mail.outbox[0])
    other = Client()
    response = other.post(reverse("accounts:sign_in_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign_in_link")
    assert logged_in_as(other) is None


def test_five_wrong_codes_spend_the_link(client, ask):
    user = UserFactory(email="leader@example.org")
    ask(client, user.email)
    path, code = link_and_code(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        page = client.post(reverse("accounts:sign_in_code"), {"code": wrong})
        assert page.status_code == 200 and "That code is not right" in page.text
    fifth = client.post(reverse("accounts:sign_in_code"), {"code": wrong}, follow=True)
    assert fifth.redirect_chain[-1][0] == reverse("accounts:sign_in_link")
    assert "Too many wrong codes" in fifth.text
    assert SignInLink.objects.get(user=user).failed_codes == 5
    assert logged_in_as(client) is None
    # Spent: neither the right code (from a browser that still holds the request) nor the link works any more.
    assert client.get(path).status_code == 200 and logged_in_as(client) is None


def test_wrong_codes_are_counted_with_the_link_not_only_in_the_session(ask):
    """The browser's own count can be reset by its owner; the link's count cannot."""
    user = UserFactory(email="leader@example.org")
    asker = Client()
    ask(asker, user.email)
    _path, code = link_and_code(mail.outbox[0])
    link = SignInLink.objects.get(user=user)
    link.failed_codes = 5
    link.save()
    response = asker.post(reverse("accounts:sign_in_code"), {"code": code})
    assert response.status_code == 200 and logged_in_as(asker) is None


def test_link_and_code_expire_after_fifteen_minutes(client, ask):
    user = UserFactory(email="leader@example.org")
    ask(client, user.email)
    path, code = link_and_code(mail.outbox[0])
    SignInLink.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(reverse("accounts:sign_in_code"), {"code": code}).status_code == 200
    assert client.get(path).status_code == 200
    assert logged_in_as(client) is None


def test_same_answer_and_no_mail_for_unknown_inactive_never_activated_and_second_factor_accounts(client, ask, settings):
    settings.TWO_FACTOR_REQUIRED = True
    UserFactory(email="off@example.org", is_active=False)
    UserFactory(email="invited@example.org", invited=True)
    UserFactory(email="office@example.org", office=True)
    UserFactory(email="staff@example.org", is_staff=True)
    known = ask(Client(), UserFactory(email="leader@example.org").email)
    assert len(mail.outbox) == 1
    for email in (
        "nobody@example.org",
        "off@example.org",
        "invited@example.org",
        "office@example.org",
        "staff@example.org",
    ):
        page = ask(Client(), email)
        assert page.status_code == known.status_code == 200
        assert page.redirect_chain == known.redirect_chain
        assert NEUTRAL in page.text
    assert len(mail.outbox) == 1
    assert SignInLink.objects.count() == 1


def test_a_user_with_a_device_still_passes_the_second_factor(client, ask):
    user = UserFactory(email="careful@example.org")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    ask(client, user.email)
    path, _code = link_and_code(mail.outbox[0])
    client.get(path)
    assert logged_in_as(client) == user.pk
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_no_login_when_the_account_was_switched_off_after_the_mail(client, ask):
    user = UserFactory(email="leader@example.org")
    ask(client, user.email)
    path, _code = link_and_code(mail.outbox[0])
    user.is_active = False
    user.save()
    assert client.get(path).status_code == 200
    assert logged_in_as(client) is None


def test_requests_are_throttled_per_address_and_per_client(client, ask, settings):
    settings.ACCESS_MAIL_LIMIT_PER_EMAIL = 5
    UserFactory(email="leader@example.org")
    for _ in range(5):
        assert ask(Client(), "leader@example.org").status_code == 200
    refused = ask(client, "LEADER@example.org", ip="198.51.100.7")
    assert refused.status_code == 429 and "Too many requests" in refused.text
    assert len(mail.outbox) == 5
    settings.ACCESS_MAIL_LIMIT_PER_IP = 3
    for n in range(3):
        assert ask(Client(), f"n{n}@example.org", ip="198.51.100.8").status_code == 200
    assert ask(Client(), "n9@example.org", ip="198.51.100.8").status_code == 429


def test_the_code_page_without_a_request_sends_to_the_request_page(client):
    response = client.get(reverse("accounts:sign_in_code"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign_in_link")


def test_a_foreign_next_is_ignored(client, ask):
    user = UserFactory(email="leader@example.org")
    ask(client, user.email, next_url="https://evil.example/")
    path, _code = link_and_code(mail.outbox[0])
    response = client.get(path)
    assert response["Location"] == reverse("home")


def test_wrong_codes_over_all_links_of_an_account_stop_codes_and_links_for_the_day(ask, settings):
    """An attacker asking new links from ever new browsers and addresses gets SIGN_IN_CODE_DAILY_LIMIT tries a
    day, not five per link."""
    settings.SIGN_IN_CODE_DAILY_LIMIT = 6
    user = UserFactory(email="leader@example.org")
    for n in range(2):
        attacker = Client()
        ask(attacker, user.email, ip=f"198.51.100.{n + 1}")
        _path, code = link_and_code(mail.outbox[-1])
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        for _ in range(3):
            attacker.post(reverse("accounts:sign_in_code"), {"code": wrong})
    assert sum(SignInLink.objects.filter(user=user).values_list("failed_codes", flat=True)) == 6
    # A new request sends nothing today (the same neutral answer) ...
    sent = len(mail.outbox)
    ask(Client(), user.email, ip="198.51.100.9")
    assert len(mail.outbox) == sent
    # ... and even the right code of a link still open is not checked.
    owner = Client()
    link = SignInLink.objects.filter(user=user).order_by("-created_at").first()
    link.failed_codes = 0
    link.save()
    SignInLink.objects.exclude(pk=link.pk).update(failed_codes=6)
    ask(owner, user.email, ip="203.0.113.5")  # refused: no mail, no new link
    assert len(mail.outbox) == sent
    # Tomorrow the count starts again.
    SignInLink.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    ask(owner, user.email, ip="203.0.113.5")
    assert len(mail.outbox) == sent + 1
    _path, code = link_and_code(mail.outbox[-1])
    assert owner.post(reverse("accounts:sign_in_code"), {"code": code}).status_code == 302
    assert logged_in_as(owner) == user.pk

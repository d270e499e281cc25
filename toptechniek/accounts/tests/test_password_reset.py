""" "Forgot your password?": a link by mail, two hours, once; the same answer for any address; throttled."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from regions.tests.factories import InvitationFactory, UserFactory
from toptechniek.accounts import password_reset
from toptechniek.accounts.services import invitation_link
from toptechniek.accounts.tokens import invitation_token_generator, password_reset_token_generator
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Techniek-2026!reset"
NEUTRAL = "If an account exists for this address, we have sent it a link to choose a new password."


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """ask(email) -> the response to "send me a link" (the worker's task runs at once, as after a commit)."""

    def post(email, ip="203.0.113.5"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip, follow=True)

    return post


def link_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_login_page_links_to_the_reset_page(client):
    page = client.get(reverse("accounts:login"))
    assert reverse("accounts:password_reset") in page.text
    assert "Forgot your password?" in page.text


def test_reset_from_mail_to_new_password_and_login(client, ask):
    user = UserFactory(email="pl.twente@example.org", full_name="Pia Leider")
    answer = ask("PL.Twente@Example.org")
    assert answer.redirect_chain[-1][0] == reverse("accounts:login")
    assert NEUTRAL in answer.text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pl.twente@example.org"]
    assert message.subject == "Choose a new password for Toptechniek"
    assert "works once, for 2 hours" in message.body
    assert "Choose which mails you receive" not in message.body  # no mail preferences under an access mail
    html = message.alternatives[0][0]
    assert link_path(message) in html and "Pia Leider" in html

    form = client.get(link_path(message), follow=True)
    assert form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Your new password is set. Log in with it." in done.text
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password_reset", actor=user).exists()

    logged_in = client.post(reverse("accounts:login"), {"username": user.email, "password": NEW_PASSWORD})
    assert logged_in.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_reset_link_works_once(client, ask):
    UserFactory(email="once@example.org")
    ask("once@example.org")
    path = link_path(mail.outbox[0])
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "This link is no longer valid" in again.text


def test_unknown_inactive_and_never_activated_addresses_get_the_same_answer_and_no_mail(client, ask):
    UserFactory(email="off@example.org", is_active=False)
    UserFactory(email="invited@example.org", invited=True)
    known = UserFactory(email="known@example.org")
    answers = [ask(email) for email in ("nobody@example.org", "off@example.org", "invited@example.org")]
    assert mail.outbox == []
    answer_known = ask(known.email)
    assert len(mail.outbox) == 1
    for answer in answers:
        assert answer.status_code == answer_known.status_code == 200
        assert answer.redirect_chain == answer_known.redirect_chain
        assert NEUTRAL in answer.text


def test_the_page_only_hands_the_request_to_the_worker(client, monkeypatch):
    """No look-up in the request: whether the address exists cannot show in the page's timing."""
    queued = []
    monkeypatch.setattr(password_reset, "task_enqueue", lambda name, *args, **kw: queued.append((name, args)))
    UserFactory(email="known@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "known@example.org"})
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert [name for name, _args in queued] == ["toptechniek.accounts.tasks.task_password_reset_send"] * 2
    assert [args[0] for _name, args in queued] == ["known@example.org", "nobody@example.org"]


def test_a_redelivered_task_sends_one_mail():
    UserFactory(email="known@example.org")
    assert password_reset.password_reset_send(email="known@example.org", request_id="r1") is True
    assert password_reset.password_reset_send(email="known@example.org", request_id="r1") is False
    assert len(mail.outbox) == 1


def test_reset_link_expires_after_two_hours(monkeypatch, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 2 * 3600
    user = UserFactory()
    token = password_reset_token_generator.make_token(user)
    later = datetime.datetime.now() + datetime.timedelta(hours=2, minutes=1)
    assert password_reset_token_generator.check_token(user, token)
    monkeypatch.setattr(password_reset_token_generator, "_now", lambda: later)
    assert not password_reset_token_generator.check_token(user, token)


def test_invitation_links_keep_their_seven_days_and_the_two_links_do_not_mix(client, monkeypatch, settings):
    assert settings.INVITATION_TIMEOUT_SECONDS == 7 * 24 * 3600
    invited = InvitationFactory().user
    token = invitation_token_generator.make_token(invited)
    in_six_days = datetime.datetime.now() + datetime.timedelta(days=6)
    monkeypatch.setattr(invitation_token_generator, "_now", lambda: in_six_days)
    assert invitation_token_generator.check_token(invited, token)
    monkeypatch.undo()
    # A reset token opens no invitation page and an invitation token no reset page.
    active = UserFactory()
    reset_token = password_reset_token_generator.make_token(active)
    assert not invitation_token_generator.check_token(active, reset_token)
    assert not password_reset_token_generator.check_token(active, invitation_token_generator.make_token(active))
    invitation_path = invitation_link(user=invited).split("8000", 1)[-1]
    assert client.get(invitation_path, follow=True).context["validlink"]


def test_requests_are_throttled_per_address_and_per_client(client, ask, settings):
    settings.ACCESS_MAIL_LIMIT_PER_EMAIL = 5
    settings.ACCESS_MAIL_LIMIT_PER_IP = 20
    UserFactory(email="known@example.org")
    for _ in range(5):
        assert ask("known@example.org").status_code == 200
    sixth = ask("Known@example.org")
    assert sixth.status_code == 429
    assert "Too many requests" in sixth.text
    assert len(mail.outbox) == 5
    # The same address from elsewhere is still counted against the address.
    assert ask("known@example.org", ip="198.51.100.1").status_code == 429
    # One client asking for many addresses: 20 an hour.
    for n in range(14):
        assert ask(f"someone{n}@example.org", ip="203.0.113.5").status_code == 200
    assert ask("other@example.org", ip="203.0.113.5").status_code == 429
    assert ask("other@example.org", ip="198.51.100.2").status_code == 200

import datetime
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from regions.tests.factories import InvitationFactory, UserFactory
from toptechniek.accounts.models import Invitation, User
from toptechniek.accounts.services import invitation_send
from toptechniek.common.models import AuditEvent


@pytest.mark.django_db(transaction=True)
def test_invite_sends_one_mail_with_a_set_password_link_that_works_once(client):
    office = UserFactory(office=True, full_name="Petra de Vries")
    client.force_login(office)
    response = client.post(
        reverse("accounts:user_invite"),
        {"email": "New.Leader@Example.org", "full_name": "Nieuwe Leider", "global_role": "", "language": "nl"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.leader@example.org")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.leader@example.org"]
    assert message.subject == "Je uitnodiging voor Toptechniek"  # the recipient's language
    assert message.alternatives and "<a href=" in message.alternatives[0][0]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    client.logout()
    form = client.get(path, follow=True)
    assert form.context["validlink"]
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else path
    done = client.post(set_url, {"new_password1": "Techniek-2026!x", "new_password2": "Techniek-2026!x"})
    assert done.status_code == 302
    assert client.login(username="new.leader@example.org", password="Techniek-2026!x")
    client.logout()
    again = client.get(path, follow=True)
    assert not again.context["validlink"]


@pytest.mark.django_db
def test_invite_existing_active_user_is_refused(client):
    UserFactory(email="taken@example.org")
    client.force_login(UserFactory(office=True))
    response = client.post(
        reverse("accounts:user_invite"), {"email": "taken@example.org", "full_name": "X", "language": "en"}
    )
    assert response.status_code == 200
    assert "A user with this email address already exists." in response.text
    assert "Send new invitation" in response.text  # points to the re-invite button
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_invitation_send_twice_sends_one_mail():
    invitation = InvitationFactory()
    assert invitation_send(invitation_id=invitation.pk) is True
    assert invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_invitation_send_for_missing_row_does_nothing():
    assert invitation_send(invitation_id=999999) is False
    assert mail.outbox == []


@pytest.mark.redis
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_invitation_mail_is_sent_by_a_real_worker_through_redis(client, redis_worker):
    client.force_login(UserFactory(office=True))
    client.post(
        reverse("accounts:user_invite"),
        {"email": "via.redis@example.org", "full_name": "Via Redis", "language": "en"},
    )
    invitation = Invitation.objects.get(user__email="via.redis@example.org")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at:
            break
        time.sleep(0.1)
    assert invitation.sent_at is not None, "the worker did not send the invitation"
    assert [m.to for m in mail.outbox] == [["via.redis@example.org"]]


@pytest.mark.django_db
def test_office_reinvites_a_user_with_a_password_without_changing_their_role(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="leader@example.org", full_name="Lea Leider", viewer=True, language="en")
    office = UserFactory(office=True, full_name="Petra de Vries")
    client.force_login(office)
    confirm = client.get(reverse("accounts:user_reinvite", args=[person.pk]))
    assert confirm.status_code == 200 and "Lea Leider" in confirm.text
    assert mail.outbox == []  # asking is not sending
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_reinvite", args=[person.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:user_list")
    assert "A new invitation was sent to leader@example.org." in response.text
    person.refresh_from_db()
    assert person.global_role == User.GlobalRole.VIEWER and person.full_name == "Lea Leider"
    assert person.check_password("secret-password")  # the old password works until the link is used
    assert [m.to for m in mail.outbox] == [["leader@example.org"]]
    assert "new link to choose your password" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="accounts.user_reinvite", actor=office).exists()

    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    client.logout()
    form = client.get("/" + link.split("/", 3)[3], follow=True)
    assert form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Techniek-2026!x", "new_password2": "Techniek-2026!x"})
    person.refresh_from_db()
    assert person.check_password("Techniek-2026!x")


@pytest.mark.django_db
def test_reinvite_is_for_the_office_only_and_not_for_switched_off_accounts(client):
    person = UserFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:user_reinvite", args=[person.pk])).status_code == 404
    assert client.post(reverse("accounts:user_reinvite", args=[person.pk])).status_code == 404
    client.force_login(UserFactory(office=True))
    assert client.post(reverse("accounts:user_reinvite", args=[999999])).status_code == 404
    off = UserFactory(is_active=False)
    response = client.post(reverse("accounts:user_reinvite", args=[off.pk]), follow=True)
    assert "This account is switched off" in response.text
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_user_list_shows_last_login_in_dutch_or_never_and_a_reinvite_button(client, settings):
    settings.LANGUAGE_CODE = "nl"
    seen = UserFactory(full_name="Al Eens Geweest")
    seen.last_login = datetime.datetime(2014, 3, 1, 9, 30, tzinfo=datetime.UTC)
    seen.save()
    UserFactory(full_name="Nog Nooit")
    client.force_login(UserFactory(office=True))
    page = client.get(reverse("accounts:user_list"), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "1 mrt 2014 10:30" in page  # Amsterdam time, the Dutch short format
    with translation.override("nl"):
        assert translation.gettext("never") in page
    assert reverse("accounts:user_reinvite", args=[seen.pk]) in page

"""The audit log of invitations: the office inviting someone is logged with the address; an invalid form, an
address that already has an account and a user without the right log nothing. (The re-invitation is tested
in test_invitations.py.)"""

import pytest
from django.urls import reverse
from django.utils import translation

from regions.tests.factories import UserFactory
from toptechniek.common.audit import audit_text
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db

INVITE = {"email": "New.Leader@Example.org", "full_name": "Nieuwe Leider", "global_role": "", "language": "nl"}


def changes():
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).order_by("pk"))


def test_an_invitation_is_logged_with_the_office_and_the_address(client):
    office = UserFactory(office=True, email="office@t.example")
    client.force_login(office)
    assert client.post(reverse("accounts:user_invite"), INVITE).status_code == 302
    [event] = changes()
    assert (event.kind, event.action, event.actor_id, event.actor_label, event.object_label) == (
        "change",
        "accounts.user_invite",
        office.pk,
        "office@t.example",
        "new.leader@example.org",
    )
    assert event.params == {"email": "new.leader@example.org"}
    with translation.override("en"):
        assert audit_text(event) == "Invitation sent to new.leader@example.org"


def test_an_invalid_refused_or_forbidden_invitation_logs_nothing(client):
    UserFactory(email="taken@example.org")
    client.force_login(UserFactory(office=True))
    url = reverse("accounts:user_invite")
    assert client.post(url, {**INVITE, "full_name": ""}).status_code == 200  # invalid: shown again
    assert client.post(url, {**INVITE, "email": "taken@example.org"}).status_code == 200  # has an account
    client.force_login(UserFactory())
    assert client.post(url, INVITE).status_code == 404
    client.logout()
    assert client.post(url, INVITE).status_code == 302  # anonymous: to the login page
    assert changes() == []


def test_the_log_reads_in_dutch(client):
    client.force_login(UserFactory(office=True))
    client.post(reverse("accounts:user_invite"), INVITE)
    [event] = changes()
    with translation.override("nl"):
        # nl
        assert audit_text(event) == "Uitnodiging gestuurd naar new.leader@example.org"

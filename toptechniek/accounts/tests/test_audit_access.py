"""The audit log of a person's own access: accepting an invitation, switching the second factor on and off, new
recovery codes, mail settings, and the office lifting a login lockout. A wrong code or an unchanged form
logs nothing."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.tests.factories import UserFactory
from toptechniek.accounts import lockouts, two_factor
from toptechniek.accounts.tests.test_two_factor import token_for
from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.models import AuditEvent
from toptechniek.common.notifications import preference_set

pytestmark = pytest.mark.django_db


def changes():
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).order_by("pk"))


def texts(language="nl"):
    with translation.override(language):
        return [audit_text(event) for event in changes()]


@pytest.mark.django_db(transaction=True)  # the invitation mail is queued when the invitation commits
def test_accepting_an_invitation_is_logged_once_the_password_is_set(client):
    client.force_login(UserFactory(office=True))
    client.post(
        reverse("accounts:user_invite"),
        {"email": "nieuw@t.example", "full_name": "Nieuwe Leider", "global_role": "", "language": "nl"},
    )
    client.logout()
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    form = client.get("/" + link.split("/", 3)[3], follow=True)
    set_url = form.redirect_chain[-1][0]
    # Passwords that differ: the form is shown again, nothing logged.
    assert client.post(set_url, {"new_password1": "Techniek-2026!x", "new_password2": "other"}).status_code == 200
    same = {"new_password1": "Techniek-2026!x", "new_password2": "Techniek-2026!x"}
    assert client.post(set_url, same).status_code == 302
    event = changes()[-1]
    assert event.action == "accounts.invitation_accepted" and event.actor_label == "nieuw@t.example"
    assert texts()[-1] == "nieuw@t.example: uitnodiging aanvaard, wachtwoord ingesteld"


def test_the_second_factor_switched_on_new_codes_and_switched_off_are_logged():
    user = UserFactory(email="cf@t.example")
    device = two_factor.pending_totp_device(user)
    assert two_factor.confirm_setup(user, device, "000000") is None  # a wrong code: nothing
    assert changes() == []
    device = TOTPDevice.objects.get(pk=device.pk)
    device.throttle_reset()  # django-otp waits a moment after a wrong code
    assert two_factor.confirm_setup(user, device, token_for(device))
    two_factor.regenerate_recovery_codes(user)
    two_factor.disable(user)
    assert [e.action for e in changes()] == [
        "accounts.two_factor_enable",
        "accounts.recovery_codes",
        "accounts.two_factor_disable",
    ]
    assert {e.actor_id for e in changes()} == {user.pk}
    assert texts("en") == [
        "cf@t.example: two-factor authentication switched on",
        "cf@t.example: new recovery codes made",
        "cf@t.example: two-factor authentication switched off",
    ]
    assert texts()[0] == "cf@t.example: tweestapsverificatie ingeschakeld"


def test_mail_settings_are_logged_with_the_kinds_that_changed_and_not_when_nothing_changed():
    user = UserFactory(email="pv@t.example")
    preference_set(user=user, choices={"placemat_published": "immediate"})  # the default already
    assert changes() == []
    preference_set(user=user, choices={"placemat_published": "off", "report_awaiting_endorsement": "immediate"})
    [event] = changes()
    assert event.action == "common.preference_set"
    with translation.override("en"):
        assert audit_fields(event) == ["Your region's placemat is published"]
    assert texts() == ["pv@t.example: e-mailinstellingen gewijzigd"]


def test_lifting_a_lockout_is_logged_with_the_office_member():
    office = UserFactory(office=True, email="office@t.example")
    attempt = AccessAttempt.objects.create(
        username="locked@t.example",
        ip_address="203.0.113.9",
        user_agent="test",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        http_accept="*/*",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
    lockouts.unlock(attempt=attempt, by=office)
    lockouts.address_unlock(ip_address="203.0.113.10", by=office)
    assert [(e.action, e.actor_id) for e in changes()] == [
        ("accounts.unlock", office.pk),
        ("accounts.address_unlock", office.pk),
    ]
    assert texts("en") == [
        "Login lockout of locked@t.example from 203.0.113.9 lifted",
        "Login lockout of address 203.0.113.10 lifted",
    ]

"""Second factor: office/staff must set up TOTP before any page; verify with a token or a recovery code."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.models import RegionRole
from regions.tests.factories import RegionFactory, RegionRoleFactory, UserFactory
from toptechniek.accounts import two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def token_for(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def confirmed_device(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = two_factor.regenerate_recovery_codes(user)
    return device, codes


@pytest.mark.parametrize("kind", ["office", "staff", "superuser"])
def test_office_and_staff_are_sent_to_setup_before_any_page(client, required, kind):
    user = UserFactory(
        office=kind == "office", is_staff=kind in ("staff", "superuser"), is_superuser=kind == "superuser"
    )
    login(client, user)
    for url in (reverse("home"), reverse("regions:region_list"), reverse("accounts:user_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_setup")), url
    # The setup page itself, logout and the language switch stay open.
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302


def test_other_roles_are_not_forced_and_nobody_is_when_switched_off(client, settings, required):
    leader = UserFactory()
    login(client, leader)
    assert client.get(reverse("accounts:security")).status_code == 200
    client.logout()
    settings.TWO_FACTOR_REQUIRED = False
    office = UserFactory(office=True)
    login(client, office)
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_login_page_says_when_two_factor_is_switched_off(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert b"switched off in this demo" in client.get(reverse("accounts:login")).content
    settings.TWO_FACTOR_REQUIRED = True
    assert b"switched off in this demo" not in client.get(reverse("accounts:login")).content


def test_setup_shows_inline_svg_and_secret_and_confirms_with_a_real_token(client, required):
    office = UserFactory(office=True)
    login(client, office)
    page = client.get(reverse("accounts:two_factor_setup"))
    html = page.content.decode()
    assert "<svg" in html and "<script>" not in html.split("<main", 1)[1]
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    device = TOTPDevice.objects.get(user=office, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert "http" not in page.context["qr_svg"].replace("http://www.w3.org", "")  # nothing fetched

    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    done = client.post(reverse("accounts:two_factor_setup"), {"token": token_for(device), "next": "/"})
    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert StaticToken.objects.filter(device__user=office).count() == 10
    # Verified in this session: pages open now.
    assert client.get(reverse("accounts:user_list")).status_code == 200
    # The codes are shown once: the security page shows only how many are left.
    security = client.get(reverse("accounts:security"))
    assert codes[0] not in security.content.decode()


def test_user_with_a_device_must_verify_after_password_login(client, required):
    office = UserFactory(office=True)
    device, _codes = confirmed_device(office)
    login(client, office)
    key_after_password = client.session.session_key
    response = client.get(reverse("accounts:user_list"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    # Setup is no way around the existing device.
    assert client.get(reverse("accounts:two_factor_setup"))["Location"] == reverse("accounts:two_factor_verify")
    ok = client.post(
        reverse("accounts:two_factor_verify"), {"token": token_for(device), "next": reverse("accounts:user_list")}
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("accounts:user_list")
    assert client.session.session_key != key_after_password  # rotated again after the second factor
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_critical_friend_with_a_device_must_verify_too(client):
    friend = UserFactory()
    RegionRoleFactory(user=friend, region=RegionFactory(), role=RegionRole.Role.CRITICAL_FRIEND)
    confirmed_device(friend)
    login(client, friend)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_wrong_token_is_refused_with_a_clear_error_and_throttled(client, required):
    office = UserFactory(office=True)
    device, _codes = confirmed_device(office)
    login(client, office)
    wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "123456"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_verify"))
    # Right away a second try, even the right code, is refused by django-otp's throttling.
    throttled = client.post(reverse("accounts:two_factor_verify"), {"token": token_for(device)})
    assert throttled.status_code == 429
    assert "Too many wrong codes" in throttled.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_recovery_code_works_once(client, required):
    office = UserFactory(office=True)
    _device, codes = confirmed_device(office)
    login(client, office)
    ok = client.post(reverse("accounts:two_factor_verify"), {"recovery_code": codes[0].upper(), "next": "/"})
    assert ok.status_code == 302
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert two_factor.recovery_codes_left(office) == 9
    client.post(reverse("accounts:logout"))

    login(client, office)
    again = client.post(reverse("accounts:two_factor_verify"), {"recovery_code": codes[0]})
    assert again.status_code == 200
    assert "That code is not right" in again.content.decode()
    assert client.get(reverse("accounts:user_list")).status_code == 302


def test_regenerate_recovery_codes_replaces_the_old_ones(client):
    user = UserFactory()
    device, old = confirmed_device(user)
    login(client, user)
    client.post(reverse("accounts:two_factor_verify"), {"token": token_for(device)})
    response = client.post(reverse("accounts:two_factor_recovery_codes"))
    assert response.status_code == 200
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)


def test_disable_only_when_not_required(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    office = UserFactory(office=True)
    device, _codes = confirmed_device(office)
    login(client, office)
    client.post(reverse("accounts:two_factor_verify"), {"token": token_for(device)})
    assert client.post(reverse("accounts:two_factor_disable")).status_code == 404
    assert two_factor.has_confirmed_device(office)

    friend = UserFactory()
    device, _codes = confirmed_device(friend)
    client.post(reverse("accounts:logout"))
    login(client, friend)
    client.post(reverse("accounts:two_factor_verify"), {"token": token_for(device)})
    # Without a code, or with a wrong one, nothing changes and the page says why.
    refused = client.post(reverse("accounts:two_factor_disable"))
    assert refused.status_code == 400 and "Enter a code" in refused.content.decode()
    wrong = client.post(reverse("accounts:two_factor_disable"), {"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    # The code that logged in cannot be replayed either (refused; right after a wrong code also throttled).
    assert client.post(reverse("accounts:two_factor_disable"), {"code": token_for(device)}).status_code in (400, 429)
    assert two_factor.has_confirmed_device(friend)
    assert client.post(reverse("accounts:two_factor_disable"), {"code": _codes[0]}).status_code == 302
    assert not two_factor.has_confirmed_device(friend)
    assert not StaticToken.objects.filter(device__user=friend).exists()


def test_deploy_check_refuses_production_without_second_factor(settings):
    settings.DEBUG = False
    settings.TWO_FACTOR_REQUIRED = False
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check", "--deploy", "--tag", "security")
    settings.TWO_FACTOR_REQUIRED = True
    from toptechniek.accounts.checks import two_factor_required_in_production

    assert two_factor_required_in_production(None) == []
    settings.DEBUG = True
    settings.TWO_FACTOR_REQUIRED = False
    assert two_factor_required_in_production(None) == []

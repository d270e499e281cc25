"""Mijn e-mailinstellingen: each person chooses per kind of mail of their roles how it reaches them —
immediately (the default), in the daily digest, or off for the kinds that are not essential."""

import pytest
from django.urls import reverse

from regions.models import RegionRole
from regions.tests.factories import RegionFactory, RegionRoleFactory, UserFactory
from toptechniek.common.models import MailPreference
from toptechniek.common.notifications import kinds_for_roles

pytestmark = pytest.mark.django_db
URL = "/accounts/mail-settings/"


@pytest.fixture
def penvoerder():
    user = UserFactory(email="pv@t.example", language="en")
    RegionRoleFactory(user=user, region=RegionFactory(), role=RegionRole.Role.PENVOERDER)
    return user


def choices_of(user):
    return dict(MailPreference.objects.filter(user=user).values_list("kind", "delivery"))


def test_the_page_lists_the_kinds_of_ones_roles_with_immediately_as_default(client, penvoerder):
    assert reverse("accounts:mail_preferences") == URL
    client.force_login(penvoerder)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "My mail settings" in page
    assert "A monitor report waits for your endorsement" in page  # essential for a penvoerder
    assert "Your region&#x27;s placemat is published" in page
    assert "A monitor report is in for review" not in page  # the office's kind
    rows = dict(response.context["form"].rows())
    essential = next(kind for kind in rows if kind.code == "report_awaiting_endorsement")
    assert essential.essential
    assert [value for value, _label in rows[essential].field.choices] == ["immediate", "digest"]  # no "off"
    assert {field.value() for field in rows.values()} == {"immediate"}
    assert 'value="off"' in page  # offered for the non-essential ones


def test_choices_are_saved_and_shown_again(client, penvoerder):
    client.force_login(penvoerder)
    kinds = kinds_for_roles({"penvoerder"})
    data = {f"kind_{k.code}": "immediate" for k in kinds}
    data |= {"kind_placemat_published": "off", "kind_report_awaiting_endorsement": "digest"}
    response = client.post(URL, data)
    assert response.status_code == 302 and response["Location"] == URL
    assert choices_of(penvoerder)["placemat_published"] == "off"
    assert choices_of(penvoerder)["report_awaiting_endorsement"] == "digest"
    page = client.get(URL)
    assert "Your mail settings are saved." in page.content.decode()
    assert page.context["form"]["kind_placemat_published"].value() == "off"


def test_off_is_refused_for_an_essential_kind_and_nothing_is_saved(client, penvoerder):
    client.force_login(penvoerder)
    data = {f"kind_{k.code}": "immediate" for k in kinds_for_roles({"penvoerder"})}
    data["kind_report_awaiting_endorsement"] = "off"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "This mail cannot be switched off" in response.content.decode()
    assert not MailPreference.objects.exists()


def test_the_office_sees_its_own_kinds(client):
    office = UserFactory(office=True)
    client.force_login(office)
    page = client.get(URL).content.decode()
    assert "A monitor report is in for review" in page and "All scorings of a placemat are in" in page
    assert "A monitor report waits for your endorsement" not in page


def test_someone_without_mails_is_told_so(client):
    client.force_login(UserFactory())  # no role anywhere
    response = client.get(URL)
    assert response.status_code == 200 and "There are no mails for your roles" in response.content.decode()


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_navigation_links_to_the_page(client, penvoerder):
    client.force_login(penvoerder)
    assert f'href="{URL}"' in client.get(reverse("accounts:security")).content.decode()

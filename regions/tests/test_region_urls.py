"""A region's short name is unique within its programme: region URLs carry the region's number
(`/regions/31-twente/…`), and an old address by short name only is redirected to a region the person may see."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from regions.models import Region, RegionRole

from .factories import ProgrammeFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twentes():
    old = ProgrammeFactory(slug="old", start_year=2012, end_year=2015, closed_at=timezone.now())
    today = timezone.localdate()
    new = ProgrammeFactory(slug="new", start_year=today.year - 1, end_year=today.year + 2)
    return (
        RegionFactory(programme=old, slug="twente", name="Twente"),
        RegionFactory(programme=new, slug="twente", name="Twente"),
    )


def test_two_programmes_each_have_a_twente_but_one_programme_only_one(twentes):
    old, _new = twentes
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(
            programme=old.programme, slug="twente", name="Twente 2", landsdeel=old.landsdeel, join_year=2012
        )


def test_each_twente_has_its_own_address(client, twentes):
    old, new = twentes
    assert old.get_absolute_url() == f"/regions/{old.pk}-twente/"
    assert reverse("monitoring:report_detail", args=[new, 2026]) == f"/regions/{new.pk}-twente/reports/2026/"
    client.force_login(UserFactory(office=True))
    assert client.get(old.get_absolute_url()).context["region"] == old
    assert client.get(new.get_absolute_url()).context["region"] == new
    # A number with another region's short name finds nothing.
    assert client.get(f"/regions/{old.pk}-zwolle/").status_code == 404


def test_a_member_of_one_twente_never_reaches_the_other(client, twentes):
    old, new = twentes
    leader = UserFactory()
    RegionRole.objects.create(user=leader, region=old, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    assert client.get(old.get_absolute_url()).status_code == 200
    assert client.get(new.get_absolute_url()).status_code == 404


def test_an_old_address_goes_to_the_twente_the_person_may_see(client, twentes):
    old, new = twentes
    client.force_login(UserFactory(office=True))
    response = client.get("/regions/twente/reports/2014/?tab=x")
    assert response.status_code == 302 and response["Location"] == f"/regions/{new.pk}-twente/reports/2014/?tab=x"
    leader = UserFactory()
    RegionRole.objects.create(user=leader, region=old, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    assert client.get("/regions/twente/")["Location"] == f"/regions/{old.pk}-twente/"
    client.force_login(UserFactory())
    assert client.get("/regions/twente/").status_code == 404
    assert client.get("/regions/nowhere/").status_code == 404


def test_the_region_form_refuses_a_second_twente_in_one_programme_and_keeps_what_was_typed(client, twentes):
    old, new = twentes
    client.force_login(UserFactory(office=True))
    data = {
        "programme": new.programme.pk,
        "name": "Twente-Oost",
        "slug": "twente",
        "landsdeel": new.landsdeel.pk,
        "join_year": new.programme.start_year,
        "status": "active",
        "description": "Typed text",
    }
    response = client.post(reverse("regions:region_create"), data)
    assert response.status_code == 200
    assert "This programme already has a region with this short name." in response.content.decode()
    assert response.context["form"]["description"].value() == "Typed text"
    assert Region.objects.filter(slug="twente").count() == 2

"""The office's successful edits of programmes, programme years, regions and organisations, through the pages:
what was typed is saved, the user is sent on with a message, and a refused change saves nothing."""

import datetime

import pytest
from django.urls import reverse

from regions.models import Organisation, Programme, ProgrammeYear, Region
from regions.tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    client.force_login(UserFactory(office=True))
    return client


def test_office_creates_and_edits_a_programme(office_client):
    response = office_client.post(
        reverse("regions:programme_create"),
        {"name": "Techniekpact Oost", "slug": "techniekpact-oost", "start_year": 2025, "end_year": 2028},
        follow=True,
    )
    assert response.status_code == 200 and "Programme created." in response.content.decode()
    programme = Programme.objects.get(slug="techniekpact-oost")
    assert (programme.name, programme.start_year, programme.end_year) == ("Techniekpact Oost", 2025, 2028)

    response = office_client.post(
        reverse("regions:programme_update", args=[programme.slug]),
        {"name": "Techniekpact Oost-Nederland", "slug": "techniekpact-oost", "start_year": 2025, "end_year": 2029},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.end_year) == ("Techniekpact Oost-Nederland", 2029)


def test_programme_period_that_would_leave_a_year_outside_is_refused_and_nothing_changes(office_client):
    programme = ProgrammeFactory(start_year=2012, end_year=2015)
    ProgrammeYearFactory(programme=programme, year=2015)
    response = office_client.post(
        reverse("regions:programme_update", args=[programme.slug]),
        {"name": "Ander", "slug": programme.slug, "start_year": 2012, "end_year": 2014},
    )
    assert response.status_code == 200
    assert "outside this period: 2015" in response.content.decode()
    assert 'value="Ander"' in response.content.decode()  # what was typed is kept
    programme.refresh_from_db()
    assert (programme.end_year, programme.name) != (2014, "Ander")


def test_office_adds_and_edits_a_programme_year(office_client):
    programme = ProgrammeFactory(start_year=2026, end_year=2029)
    response = office_client.post(
        reverse("regions:programme_year_create", args=[programme.slug]),
        {"year": 2027, "report_due_date": "2028-03-01", "reminders_enabled": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    year = ProgrammeYear.objects.get(programme=programme, year=2027)
    assert (year.report_due_date, year.reminders_enabled) == (datetime.date(2028, 3, 1), True)
    response = office_client.post(
        reverse("regions:programme_year_update", args=[programme.slug, 2027]),
        {"year": 2027, "report_due_date": "2028-03-15", "scoring_due_date": "2028-04-15"},
    )
    assert response.status_code == 302, response.context["form"].errors
    year.refresh_from_db()
    assert (year.report_due_date, year.scoring_due_date) == (datetime.date(2028, 3, 15), datetime.date(2028, 4, 15))
    assert year.reminders_enabled is False  # the box was left empty


def test_a_due_date_that_has_passed_does_not_move(office_client):
    programme = ProgrammeFactory(start_year=2012, end_year=2015)
    year = ProgrammeYearFactory(programme=programme, year=2014, report_due_date=datetime.date(2015, 3, 1))
    response = office_client.post(
        reverse("regions:programme_year_update", args=[programme.slug, 2014]),
        {"year": 2014, "report_due_date": "2015-04-01"},
    )
    assert response.status_code == 200
    assert "This due date has passed and can no longer be changed." in response.content.decode()
    year.refresh_from_db()
    assert year.report_due_date == datetime.date(2015, 3, 1)


def test_office_creates_and_edits_a_region(office_client):
    programme = ProgrammeFactory(start_year=2012, end_year=2015)
    response = office_client.post(
        reverse("regions:region_create"),
        {
            "programme": programme.pk,
            "name": "Rivierenland",
            "slug": "rivierenland",
            "landsdeel": programme.landsdelen.get(code="oost").pk,
            "join_year": 2014,
            "status": "active",
        },
    )
    assert response.status_code == 302
    region = Region.objects.get(slug="rivierenland")
    assert (region.programme, region.landsdeel, region.join_year) == (
        programme,
        programme.landsdelen.get(code="oost"),
        2014,
    )
    response = office_client.post(
        reverse("regions:region_update", args=[region]),
        {
            "programme": programme.pk,
            "name": "Rivierenland",
            "slug": "rivierenland",
            "landsdeel": region.landsdeel_id,
            "join_year": 2014,
            "status": "suspended",
            "description": "Tijdelijk stilgelegd.",
        },
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert (region.status, region.description) == ("suspended", "Tijdelijk stilgelegd.")


def test_region_joining_outside_the_programme_is_refused_and_nothing_changes(office_client):
    region = RegionFactory(join_year=2012)
    data = {
        "programme": region.programme_id,
        "name": region.name,
        "slug": region.slug,
        "landsdeel": region.landsdeel_id,
        "join_year": 1999,
        "status": "active",
    }
    response = office_client.post(reverse("regions:region_update", args=[region]), data)
    assert response.status_code == 200
    region.refresh_from_db()
    assert region.join_year == 2012


def test_office_creates_and_edits_an_organisation(office_client):
    response = office_client.post(
        reverse("regions:organisation_create"),
        {
            "name": "ROC Rivor",
            "kind": "onderwijs",
            "subtype": "mbo",
            "city": "Tiel",
            "website": "https://rivor.example",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="ROC Rivor")
    response = office_client.post(
        reverse("regions:organisation_update", args=[organisation.pk]),
        {"name": "ROC Rivor", "kind": "onderwijs", "subtype": "mbo", "city": "Geldermalsen", "website": ""},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.city, organisation.website) == ("Geldermalsen", "")


def test_organisation_with_a_type_of_another_kind_is_refused_and_nothing_changes(office_client):
    organisation = OrganisationFactory(name="Gemeente Tiel", kind="overheid", subtype="gemeente")
    response = office_client.post(
        reverse("regions:organisation_update", args=[organisation.pk]),
        {"name": "Gemeente Tiel", "kind": "overheid", "subtype": "mbo", "city": "Tiel"},
    )
    assert response.status_code == 200
    assert "does not belong to the chosen kind" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.subtype == "gemeente"

"""The regioagenda (verduurzaming): in the programme's final year a region writes, as a new version of its
vision, what continues after the programme, who pays and which agreements stay; the office assesses it on
"sustainable" as any version; the dashboard shows which regions have one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regions import services
from regions.models import RegionVision
from regions.tests.factories import (
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    RegionVisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "labour_market_analysis": "Tekort aan techneuten.",
    "ambitions": "Meer instroom.",
    "approach_why": "Samen.",
    "approach_what": "Leerlijnen.",
    "approach_who": "ROC en bedrijven.",
    "approach_how": "Stuurgroep.",
}
AGENDA = {
    "agenda_continues": "De leerlijnen blijven.",
    "agenda_funding": "De scholen en bedrijven betalen.",
    "agenda_agreements": "De instroomafspraak blijft.",
}


def _region(*, final_year_now: bool):
    this_year = datetime.date.today().year
    end = this_year if final_year_now else this_year + 2
    programme = ProgrammeFactory(start_year=end - 3, end_year=end)
    region = RegionFactory(programme=programme, join_year=end - 3)
    leader = UserFactory()
    RegionRoleFactory(user=leader, region=region)
    return region, leader


def test_in_the_final_year_a_version_carries_the_regioagenda(client):
    region, leader = _region(final_year_now=True)
    client.force_login(leader)
    form_page = client.get(reverse("regions:vision_create", args=[region])).content.decode()
    assert "Regioagenda: after the programme" in form_page and 'name="agenda_funding"' in form_page
    response = client.post(reverse("regions:vision_create", args=[region]), {**TEXTS, **AGENDA})
    vision = RegionVision.objects.get(region=region)
    assert response.status_code == 302
    assert vision.is_regioagenda and vision.agenda_funding == "De scholen en bedrijven betalen."
    detail = client.get(vision.get_absolute_url()).content.decode()
    assert "De instroomafspraak blijft." in detail


def test_a_regioagenda_needs_all_three_parts_and_keeps_what_was_typed(client):
    region, leader = _region(final_year_now=True)
    client.force_login(leader)
    posted = {**TEXTS, "agenda_continues": "De leerlijnen blijven."}
    response = client.post(reverse("regions:vision_create", args=[region]), posted)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["agenda_funding"] == ["Fill in all three parts of the regioagenda, or none of them."]
    assert form["agenda_continues"].value() == "De leerlijnen blijven."
    assert not RegionVision.objects.filter(region=region).exists()


def test_before_the_final_year_the_form_does_not_ask_and_the_service_refuses(client):
    region, leader = _region(final_year_now=False)
    client.force_login(leader)
    assert 'name="agenda_funding"' not in client.get(reverse("regions:vision_create", args=[region])).content.decode()
    with pytest.raises(ValidationError) as refused:
        services.vision_create(region=region, author=leader, **TEXTS, **AGENDA)
    assert "final year" in str(refused.value)
    assert not RegionVision.objects.filter(region=region).exists()
    # Without the regioagenda a version is written as always.
    assert not services.vision_create(region=region, author=leader, **TEXTS).is_regioagenda


def test_the_dashboard_shows_which_regions_have_a_regioagenda(client):
    from dashboard.selectors import regioagendas

    region, _leader = _region(final_year_now=True)
    drafted = RegionFactory(programme=region.programme, name="Bravo")
    none = RegionFactory(programme=region.programme, name="Charlie")
    RegionVisionFactory(region=region, version=1, approved=True, **AGENDA)
    RegionVisionFactory(region=drafted, version=1, approved=True)
    RegionVisionFactory(region=drafted, version=2, **AGENDA)  # a draft
    final = ProgrammeYearFactory(programme=region.programme, year=region.programme.end_year)
    picture = regioagendas(programme_year=final, today=datetime.date.today())
    assert (picture.approved, picture.draft, picture.missing) == ([region], [drafted], [none])
    # Only the final year's dashboard shows them, and not before that year has begun.
    earlier = ProgrammeYearFactory(programme=region.programme, year=region.programme.end_year - 1)
    assert regioagendas(programme_year=earlier, today=datetime.date.today()) is None
    early = ProgrammeFactory(start_year=2030, end_year=2033)
    later = ProgrammeYearFactory(programme=early, year=2033)
    assert regioagendas(programme_year=later, today=datetime.date.today()) is None

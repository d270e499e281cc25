"""Landsdelen and routes are each programme's own data: a programme starts with the Techniekpact's four
landsdelen and three routes, the office adds, renames and removes them on the framework page (a removal is
refused while a region or an indicator uses one), and a region's landsdeel and an indicator's route are
always of the region's own programme. Every other role gets 404 (the permission matrix)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regions import services
from regions.forms import IndicatorForm, RegionForm
from regions.models import Landsdeel, Region, Route
from toptechniek.common.models import AuditEvent

from .factories import IndicatorFactory, ProgrammeFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    class W:
        pass

    w = W()
    w.programme = ProgrammeFactory(name="Toptechniek", slug="ttib")
    # A successor agenda that divides the country its own way and has its own routes.
    w.other = ProgrammeFactory(name="Regio-agenda", slug="agenda", start_year=2016, end_year=2019)
    Landsdeel.objects.filter(programme=w.other).delete()
    Route.objects.filter(programme=w.other).delete()
    w.randstad = Landsdeel.objects.create(programme=w.other, code="randstad", name="Randstad", position=1)
    w.rest = Landsdeel.objects.create(programme=w.other, code="overig", name="Rest van Nederland", position=2)
    w.ict = Route.objects.create(programme=w.other, code="ict", name="ICT-route", position=1)
    w.region = RegionFactory(programme=w.programme, slug="twente", name="Twente", landsdeel="oost")
    w.office = UserFactory(office=True)
    return w


def changes():
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, action__startswith="regions.").order_by("pk"))


# --- Installation ---------------------------------------------------------------------------------------


def test_a_new_programme_gets_the_four_landsdelen_and_three_routes(w):
    programme = services.programme_create(name="Nieuw", slug="nieuw", start_year=2020, end_year=2023)
    assert list(programme.landsdelen.values_list("code", "name", "position")) == [
        ("noord", "Noord", 1),
        ("oost", "Oost", 2),
        ("zuid", "Zuid", 3),
        ("west", "West", 4),
    ]
    assert list(programme.routes.values_list("code", "name")) == [
        ("vakmanschap", "Vakmanschapsroute"),
        ("technologie", "Technologieroute"),
        ("beide", "Beide routes"),
    ]
    services.framework_install(programme=programme)  # idempotent
    assert programme.landsdelen.count() == 4 and programme.routes.count() == 3


def test_installing_again_never_brings_back_what_the_office_changed(w):
    services.framework_install(programme=w.other)
    assert list(w.other.landsdelen.values_list("code", flat=True)) == ["randstad", "overig"]
    assert list(w.other.routes.values_list("code", flat=True)) == ["ict"]


# --- Each programme's own -------------------------------------------------------------------------------


def test_a_region_cannot_get_another_programmes_landsdeel(w):
    with pytest.raises(ValidationError) as error:
        services.region_create(
            programme=w.programme, name="Zeeland", slug="zeeland", landsdeel=w.randstad, join_year=2012
        )
    assert error.value.message_dict["landsdeel"] == ["Choose one of the landsdelen of Toptechniek."]
    with pytest.raises(ValidationError):
        services.region_update(region=w.region, landsdeel=w.randstad)
    w.region.refresh_from_db()
    assert w.region.landsdeel.code == "oost"
    region = services.region_create(
        programme=w.other, name="Utrecht", slug="utrecht", landsdeel=w.randstad, join_year=2016
    )
    assert region.landsdeel == w.randstad


def test_the_region_form_offers_each_programmes_own_landsdelen_and_refuses_a_mix(w):
    form = RegionForm()
    groups = dict(form.fields["landsdeel"].choices[1:])
    assert [name for _pk, name in groups["Toptechniek"]] == ["Noord", "Oost", "Zuid", "West"]
    assert [name for _pk, name in groups["Regio-agenda"]] == ["Randstad", "Rest van Nederland"]
    data = {"programme": w.programme.pk, "name": "Zeeland", "slug": "zeeland", "landsdeel": w.randstad.pk}
    form = RegionForm(data={**data, "join_year": 2012, "status": "active"})
    assert not form.is_valid()
    assert form.errors["landsdeel"] == ["Choose one of the landsdelen of Toptechniek."]


def test_an_existing_regions_form_offers_only_its_programmes_landsdelen(w):
    form = RegionForm(instance=w.region)
    assert [name for _pk, name in form.fields["landsdeel"].choices][1:] == ["Noord", "Oost", "Zuid", "West"]
    moved = RegionForm(data={"programme": w.other.pk}, instance=w.region)
    assert [name for _pk, name in moved.fields["landsdeel"].choices][1:] == ["Randstad", "Rest van Nederland"]


def test_the_office_sees_the_refusal_on_the_region_form_and_keeps_what_it_typed(w, client):
    client.force_login(w.office)
    data = {"programme": w.programme.pk, "name": "Zeeland", "slug": "zeeland", "landsdeel": w.randstad.pk}
    response = client.post(reverse("regions:region_create"), {**data, "join_year": 2012, "status": "active"})
    assert response.status_code == 200
    assert "Choose one of the landsdelen of Toptechniek." in response.text
    assert 'value="Zeeland"' in response.text
    assert not Region.objects.filter(slug="zeeland").exists()


def test_an_indicator_cannot_get_another_programmes_route(w):
    area = w.programme.placemat_themes.get(kind="performance", number=1)
    fields = dict(code="X1", name="x", performance_area=area, unit="n", baseline_value=1, baseline_year=2011)
    with pytest.raises(ValidationError) as error:
        services.indicator_create(region=w.region, proposed_by=w.office, targets={}, route=w.ict, **fields)
    assert error.value.message_dict["route"] == ["Choose one of the routes of Toptechniek."]
    indicator = IndicatorFactory(region=w.region, route="beide")
    with pytest.raises(ValidationError):
        services.indicator_update(indicator=indicator, targets={}, **{**fields, "code": indicator.code}, route=w.ict)
    indicator.refresh_from_db()
    assert indicator.route.code == "beide" and indicator.route.programme == w.programme


def test_the_indicator_form_offers_only_the_programmes_routes(w):
    form = IndicatorForm(region=w.region)
    assert [str(label) for _value, label in form.fields["route"].choices][1:] == [
        "Vakmanschapsroute",
        "Technologieroute",
        "Beide routes",
    ]
    form = IndicatorForm(data={"route": w.ict.pk}, region=w.region)
    assert not form.is_valid()
    assert form.errors["route"] == ["Choose one of the routes of Toptechniek."]


def test_a_region_with_indicators_does_not_move_to_another_programme(w):
    IndicatorFactory(region=w.region)
    with pytest.raises(ValidationError) as error:
        services.region_update(region=w.region, programme=w.other, landsdeel=w.randstad, join_year=2016)
    assert "programme" in error.value.message_dict
    w.region.refresh_from_db()
    assert w.region.programme == w.programme


def test_the_region_list_filters_on_landsdeel_codes_and_names_them_as_the_programme_does(w, client):
    RegionFactory(programme=w.other, slug="utrecht", name="Utrecht", landsdeel=w.randstad)
    client.force_login(w.office)
    response = client.get(reverse("regions:region_list"), {"programme": w.other.slug, "landsdeel": "randstad"})
    assert [r.name for r in response.context["regions"]] == ["Utrecht"]
    assert ("randstad", "Randstad") in response.context["landsdelen"]
    assert response.context["page"].paginator.count == 1
    # The list shows one programme at a time (the picker): the other programme's landsdelen are not offered.
    response = client.get(reverse("regions:region_list"), {"programme": w.programme.slug})
    assert ("oost", "Oost") in response.context["landsdelen"]
    assert ("randstad", "Randstad") not in response.context["landsdelen"]


# --- The office edits them ------------------------------------------------------------------------------


def test_the_office_adds_renames_and_removes_a_landsdeel(w, client):
    client.force_login(w.office)
    framework = reverse("regions:framework", args=["ttib"])
    assert "Noord" in client.get(framework).text
    response = client.post(
        reverse("regions:landsdeel_create", args=["ttib"]), {"code": "caribisch", "name": "Caribisch Nederland"}
    )
    landsdeel = w.programme.landsdelen.get(code="caribisch")
    assert response.status_code == 302 and response.url.endswith(f"#landsdeel-{landsdeel.pk}")
    assert landsdeel.position == 5
    response = client.post(reverse("regions:landsdeel_update", args=[landsdeel.pk]), {"name": "BES-eilanden"})
    assert response.status_code == 302
    landsdeel.refresh_from_db()
    assert (landsdeel.code, landsdeel.name) == ("caribisch", "BES-eilanden")  # the code stays
    url = reverse("regions:landsdeel_delete", args=[landsdeel.pk])
    assert "Yes, remove" in client.get(url).text
    response = client.post(url, follow=True)
    assert "Landsdeel removed." in response.text
    assert not Landsdeel.objects.filter(pk=landsdeel.pk).exists()
    events = changes()
    assert [e.action for e in events] == [
        "regions.landsdeel_create",
        "regions.landsdeel_update",
        "regions.landsdeel_delete",
    ]
    assert events[1].params | {"fields": None} == {
        "programme": "Toptechniek",
        "old": "Caribisch Nederland",
        "landsdeel": "BES-eilanden",
        "fields": None,
    }
    assert all(e.actor_id == w.office.pk for e in events)


def test_the_office_adds_renames_and_removes_a_route(w, client):
    client.force_login(w.office)
    response = client.post(reverse("regions:route_create", args=["ttib"]), {"code": "groen", "name": "Groene route"})
    route = w.programme.routes.get(code="groen")
    assert response.status_code == 302 and route.position == 4
    assert client.post(reverse("regions:route_update", args=[route.pk]), {"name": "Groen"}).status_code == 302
    assert client.post(reverse("regions:route_delete", args=[route.pk])).status_code == 302
    assert not Route.objects.filter(pk=route.pk).exists()
    assert [e.action for e in changes()] == ["regions.route_create", "regions.route_update", "regions.route_delete"]


def test_a_duplicate_code_or_name_is_refused_on_the_field(w, client):
    client.force_login(w.office)
    url = reverse("regions:landsdeel_create", args=["ttib"])
    response = client.post(url, {"code": "noord", "name": "Noord"})
    assert response.status_code == 200
    assert "Toptechniek already has a landsdeel with this name." in response.text
    assert "Toptechniek already has a landsdeel with this code." in response.text
    # Another programme may use the same code and name.
    assert services.landsdeel_create(programme=w.other, code="noord", name="Noord").programme == w.other
    response = client.post(
        reverse("regions:route_update", args=[w.programme.routes.get(code="beide").pk]), {"name": "technologieroute"}
    )
    assert "Toptechniek already has a route with this name." in response.text
    assert changes()[-1].action == "regions.landsdeel_create"  # the other programme's, nothing else


def test_a_landsdeel_or_route_in_use_is_not_removed_and_the_office_reads_why(w, client):
    IndicatorFactory(region=w.region, route="technologie")
    oost = w.programme.landsdelen.get(code="oost")
    technologie = w.programme.routes.get(code="technologie")
    client.force_login(w.office)
    for url, reason in (
        (reverse("regions:landsdeel_delete", args=[oost.pk]), "regions belong to it (Twente)"),
        (reverse("regions:route_delete", args=[technologie.pk]), "1 indicator belongs to it"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "cannot be removed" in page.text and reason in page.text
        assert "Yes, remove" not in page.text
        response = client.post(url, follow=True)
        assert "cannot be removed" in response.text
    assert Landsdeel.objects.filter(pk=oost.pk).exists() and Route.objects.filter(pk=technologie.pk).exists()
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.landsdeel_delete(landsdeel=oost)
    assert changes() == []


def test_only_the_office_edits_them(w, client):
    client.force_login(UserFactory(viewer=True))
    assert client.get(reverse("regions:landsdeel_create", args=["ttib"])).status_code == 404
    assert client.post(reverse("regions:route_delete", args=[w.ict.pk])).status_code == 404
    assert Route.objects.filter(pk=w.ict.pk).exists()
    page = client.get(reverse("regions:framework", args=["ttib"])).text
    assert "Oost" in page and "Add landsdeel" not in page

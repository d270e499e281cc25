"""Bad input: a clear message in the user's language, what was typed is kept, nothing changes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from regions.models import Indicator, Programme, ProgrammeYear, RegionPartner, Target

from .factories import (
    IndicatorFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    user = UserFactory(office=True)
    client.force_login(user)
    return user


@pytest.fixture
def region():
    return RegionFactory(programme=ProgrammeFactory(), slug="twente", name="Twente")


@pytest.fixture
def project_leader(client, region):
    user = UserFactory()
    RegionRoleFactory(user=user, region=region)
    client.force_login(user)
    return user


def indicator_data(region, **overrides):
    area = region.programme.placemat_themes.get(kind="performance", number=2)
    data = {
        "code": "DO9",
        "name": "Opleidingen met perspectief",
        "description": "",
        "performance_area": area.pk,
        "route": region.programme.routes.get(code="beide").pk,
        "kind": "prestatie",
        "direction": "higher",
        "unit": "opleidingen",
        "baseline_value": "12",
        "baseline_year": "2011",
        "target_2012": "13",
        "target_2013": "14",
        "target_2014": "",
        "target_2015": "16",
    }
    data.update(overrides)
    return data


def test_indicator_create_by_project_leader_is_proposed_with_targets(client, region, project_leader):
    response = client.post(reverse("regions:indicator_create", args=[region]), indicator_data(region))
    assert response.status_code == 302
    indicator = Indicator.objects.get(region=region, code="DO9")
    assert indicator.status == Indicator.Status.PROPOSED
    assert {t.year: t.value for t in indicator.targets.all()} == {
        2012: Decimal("13"),
        2013: Decimal("14"),
        2015: Decimal("16"),
    }


def test_indicator_negative_target_is_refused_and_typed_values_kept(client, region, project_leader):
    response = client.post(
        reverse("regions:indicator_create", args=[region]),
        indicator_data(region, target_2013="-5", name="Typed name"),
    )
    assert response.status_code == 200
    assert "A target cannot be negative." in response.text
    assert 'value="Typed name"' in response.text
    assert 'value="-5"' in response.text
    assert not Indicator.objects.filter(region=region).exists()


def test_indicator_non_numeric_baseline_is_refused(client, region, project_leader):
    response = client.post(
        reverse("regions:indicator_create", args=[region]), indicator_data(region, baseline_value="veel")
    )
    assert response.status_code == 200
    assert "Enter a number." in response.text
    assert 'value="veel"' in response.text
    assert not Indicator.objects.exists()


def test_indicator_negative_baseline_is_refused(client, region, project_leader):
    response = client.post(
        reverse("regions:indicator_create", args=[region]), indicator_data(region, baseline_value="-1")
    )
    assert "The baseline cannot be negative." in response.text
    assert not Indicator.objects.exists()


def test_indicator_duplicate_code_in_region_is_refused_case_insensitively(client, region, project_leader):
    IndicatorFactory(region=region, code="DO9")
    response = client.post(reverse("regions:indicator_create", args=[region]), indicator_data(region, code="do9"))
    assert response.status_code == 200
    assert "This region already has an indicator with code do9." in response.text
    assert Indicator.objects.filter(region=region).count() == 1


def test_indicator_same_code_in_other_region_is_fine(client, region, project_leader):
    IndicatorFactory(region=RegionFactory(programme=region.programme), code="DO9")
    response = client.post(reverse("regions:indicator_create", args=[region]), indicator_data(region))
    assert response.status_code == 302


def test_indicator_target_year_outside_programme_is_refused_by_service(region, project_leader):
    from django.core.exceptions import ValidationError

    from regions import services

    area = region.programme.placemat_themes.get(kind="performance", number=1)
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            region=region,
            proposed_by=project_leader,
            targets={2019: Decimal(5)},
            code="X1",
            name="x",
            description="",
            performance_area=area,
            route=region.programme.routes.get(code="beide"),
            unit="n",
            baseline_value=Decimal(1),
            baseline_year=2011,
        )
    assert "A target for 2019 lies outside the programme (2012–2015)." in error.value.messages
    assert not Indicator.objects.exists() and not Target.objects.exists()


def test_indicator_form_offers_only_programme_years(client, region, project_leader):
    response = client.get(reverse("regions:indicator_create", args=[region]))
    rows = response.context["form"].target_rows
    assert [(year, target.name, upper.name) for year, target, upper in rows] == [
        (year, f"target_{year}", f"target_max_{year}") for year in (2012, 2013, 2014, 2015)
    ]


def test_agreed_indicator_is_read_only_for_project_leader(client, region, project_leader):
    indicator = IndicatorFactory(region=region)  # agreed
    response = client.post(reverse("regions:indicator_update", args=[indicator.pk]), indicator_data(region))
    assert response.status_code == 404
    indicator.refresh_from_db()
    assert indicator.code != "DO9"


def test_indicator_approve_needs_a_target(client, region, office):
    indicator = IndicatorFactory(region=region, proposed=True)
    response = client.post(reverse("regions:indicator_approve", args=[indicator.pk]), follow=True)
    assert "An indicator needs at least one target before it can be agreed." in response.text
    indicator.refresh_from_db()
    assert indicator.status == Indicator.Status.PROPOSED


def test_second_penvoerder_is_refused(client, region, office):
    RegionPartnerFactory(region=region, organisation=OrganisationFactory(name="ROC Twente"), penvoerder=True)
    other = OrganisationFactory(name="Gemeente Enschede", municipality=True)
    response = client.post(
        reverse("regions:partner_create", args=[region]),
        {"organisation": other.pk, "is_penvoerder": "on", "since_year": "2013"},
    )
    assert response.status_code == 200
    assert "ROC Twente is already the penvoerder of this region. A region has one penvoerder." in response.text
    assert 'value="2013"' in response.text
    assert not RegionPartner.objects.filter(organisation=other).exists()


def test_penvoerder_can_move_when_old_one_is_unset(client, region, office):
    old = RegionPartnerFactory(region=region, penvoerder=True)
    new = RegionPartnerFactory(region=region)
    client.post(reverse("regions:partner_update", args=[old.pk]), {"organisation": old.organisation_id})
    response = client.post(
        reverse("regions:partner_update", args=[new.pk]), {"organisation": new.organisation_id, "is_penvoerder": "on"}
    )
    assert response.status_code == 302
    assert RegionPartner.objects.get(region=region, is_penvoerder=True) == new


def test_programme_end_before_start_is_refused(client, office):
    response = client.post(
        reverse("regions:programme_create"),
        {"name": "Techniekpact", "slug": "techniekpact", "start_year": "2016", "end_year": "2014"},
    )
    assert response.status_code == 200
    assert "The end year cannot be before the start year." in response.text
    assert 'value="Techniekpact"' in response.text
    assert not Programme.objects.filter(slug="techniekpact").exists()


def test_programme_create_installs_framework(client, office):
    response = client.post(
        reverse("regions:programme_create"),
        {"name": "Techniekpact", "slug": "techniekpact", "start_year": "2016", "end_year": "2020"},
    )
    assert response.status_code == 302
    programme = Programme.objects.get(slug="techniekpact")
    assert programme.placemat_themes.count() == 8
    assert programme.success_conditions.count() == 9


def test_programme_year_outside_programme_is_refused(client, office):
    programme = ProgrammeFactory()
    response = client.post(
        reverse("regions:programme_year_create", args=[programme.slug]),
        {"year": "2020", "report_due_date": "2021-03-01"},
    )
    assert "The year must lie within the programme (2012–2015)." in response.text
    assert not ProgrammeYear.objects.exists()


def test_passed_due_date_cannot_move(client, office):
    year = ProgrammeYearFactory(year=2013, report_due_date=datetime.date(2014, 3, 1))
    response = client.post(
        reverse("regions:programme_year_update", args=[year.programme.slug, 2013]),
        {"year": "2013", "report_due_date": "2014-04-01", "scoring_due_date": "2014-04-15"},
    )
    assert "This due date has passed and can no longer be changed." in response.text
    year.refresh_from_db()
    assert year.report_due_date == datetime.date(2014, 3, 1)


def test_future_due_date_can_move(client, office):
    year = ProgrammeYearFactory(year=2013, future=True)
    new_date = year.report_due_date + datetime.timedelta(days=7)
    response = client.post(
        reverse("regions:programme_year_update", args=[year.programme.slug, 2013]),
        {
            "year": "2013",
            "report_due_date": new_date.isoformat(),
            "scoring_due_date": year.scoring_due_date.isoformat(),
        },
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.report_due_date == new_date


def test_region_join_year_outside_programme_is_refused(client, office):
    programme = ProgrammeFactory()
    response = client.post(
        reverse("regions:region_create"),
        {
            "programme": programme.pk,
            "name": "Zeeland",
            "slug": "zeeland",
            "landsdeel": programme.landsdelen.get(code="zuid").pk,
            "join_year": "2030",
            "status": "active",
        },
    )
    assert "The join year must lie within the programme (2012–2015)." in response.text
    assert 'value="Zeeland"' in response.text


def test_organisation_subtype_must_match_kind(client, office):
    response = client.post(
        reverse("regions:organisation_create"), {"name": "Gemeente Zwolle", "kind": "onderwijs", "subtype": "gemeente"}
    )
    assert "This type does not belong to the chosen kind of organisation." in response.text
    assert 'value="Gemeente Zwolle"' in response.text


def test_error_messages_are_dutch_for_dutch_users(client, region, project_leader, settings):
    settings.LANGUAGE_CODE = "nl"
    client.cookies["django_language"] = "nl"
    response = client.post(reverse("regions:indicator_create", args=[region]), indicator_data(region, target_2013="-5"))
    assert "Een streefwaarde kan niet negatief zijn." in response.text

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regions import services
from regions.models import RegionVision

from .factories import RegionFactory, RegionRoleFactory, RegionVisionFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "labour_market_analysis": "Tekort aan techneuten in de maakindustrie.",
    "ambitions": "15% meer instroom.",
    "approach_why": "Samen sterker.",
    "approach_what": "Leerlijnen vmbo-mbo.",
    "approach_who": "ROC, vmbo, bedrijven, gemeente.",
    "approach_how": "Stuurgroep en projectleider met mandaat.",
}

APPROVAL = {
    "ambitious_score": "3",
    "ambitious_rationale": "Meetbaar",
    "partners_score": "4",
    "partners_rationale": "Alle O's",
    "feasible_score": "3",
    "feasible_rationale": "Concreet",
    "sustainable_score": "2",
    "sustainable_rationale": "Financiering open",
    "subsidy_decision_date": "2012-06-01",
    "subsidy_amount": "250000",
}


@pytest.fixture
def region():
    return RegionFactory()


@pytest.fixture
def leader(region):
    user = UserFactory()
    RegionRoleFactory(user=user, region=region)
    return user


def test_vision_new_version_by_project_leader_is_a_draft_numbered_after_the_last(client, region, leader):
    RegionVisionFactory(region=region, version=1, approved=True)
    client.force_login(leader)
    response = client.get(reverse("regions:vision_create", args=[region]))
    assert response.context["form"].initial["ambitions"] == "Fifteen percent more students in technology."
    response = client.post(reverse("regions:vision_create", args=[region]), TEXTS)
    vision = RegionVision.objects.get(region=region, version=2)
    assert response.status_code == 302 and response["Location"] == vision.get_absolute_url()
    assert vision.status == "draft" and vision.created_by == leader and vision.ambitions == "15% meer instroom."


def test_vision_missing_section_is_refused_and_text_kept(client, region, leader):
    client.force_login(leader)
    response = client.post(reverse("regions:vision_create", args=[region]), {**TEXTS, "approach_how": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Tekort aan techneuten in de maakindustrie." in response.text
    assert not RegionVision.objects.exists()


def test_vision_approve_records_assessment_and_subsidy(client, region):
    draft = RegionVisionFactory(region=region, version=1)
    office = UserFactory(office=True)
    client.force_login(office)
    response = client.post(reverse("regions:vision_approve", args=[draft.pk]), APPROVAL)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == office
    assert (draft.partners_score, draft.partners_rationale) == (4, "Alle O's")
    assert draft.subsidy_amount == Decimal("250000") and draft.subsidy_decision_date == datetime.date(2012, 6, 1)


def test_vision_approve_requires_every_rationale_and_keeps_input(client, region):
    draft = RegionVisionFactory(region=region, version=1)
    client.force_login(UserFactory(office=True))
    response = client.post(
        reverse("regions:vision_approve", args=[draft.pk]),
        {**APPROVAL, "feasible_rationale": "", "subsidy_amount": "-1"},
    )
    assert response.status_code == 200
    assert "The amount cannot be negative." in response.text
    assert "Meetbaar" in response.text
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_approved_vision_is_read_only(client, region, leader):
    vision = RegionVisionFactory(region=region, version=1, approved=True)
    client.force_login(leader)
    response = client.post(reverse("regions:vision_update", args=[vision.pk]), TEXTS)
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.vision_update(vision=vision, **TEXTS)
    vision.refresh_from_db()
    assert vision.ambitions != TEXTS["ambitions"]


def test_approve_twice_is_refused(region):
    vision = RegionVisionFactory(region=region, version=1, approved=True)
    with pytest.raises(ValidationError):
        services.vision_approve(
            vision=vision,
            approver=UserFactory(office=True),
            scores=dict.fromkeys(RegionVision.CRITERIA, 3),
            rationales=dict.fromkeys(RegionVision.CRITERIA, "ok"),
            subsidy_decision_date=datetime.date(2013, 1, 1),
            subsidy_amount=Decimal(1),
        )


def test_one_draft_at_a_time(region, leader):
    services.vision_create(region=region, author=leader, **TEXTS)
    with pytest.raises(ValidationError):
        services.vision_create(region=region, author=leader, **TEXTS)
    assert RegionVision.objects.filter(region=region).count() == 1


def test_region_page_shows_current_vision_and_earlier_versions(client, region, leader):
    RegionVisionFactory(region=region, version=1, approved=True, ambitions="Eerste ambitie")
    RegionVisionFactory(region=region, version=2, approved=True, ambitions="Tweede ambitie")
    client.force_login(leader)
    page = client.get(region.get_absolute_url()).context["page"]
    assert page.current_vision.version == 2
    assert [v.version for v in page.earlier_visions] == [1]

"""The audit log of the regions app: programmes and their years, regions, organisations, partners, roles, the
framework, the regional vision, indicators and amendments. Each change in words, with the fields that changed
where an object is edited; the signed-in user is the actor where a service names none; nothing for a refused,
forbidden or invalid request, nor for a save that changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from regions import services
from regions.models import Indicator, RegionPartner, RegionRole, RegionVision, TargetAmendment
from regions.tests.world import region_key
from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.models import AuditEvent

from .factories import (
    IndicatorFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RegionFactory,
    RegionRoleFactory,
    SuccessConditionFactory,
    TargetFactory,
    UserFactory,
)
from .test_forms_bad_input import indicator_data
from .test_vision import APPROVAL, TEXTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    class W:
        pass

    w = W()
    w.programme = ProgrammeFactory(name="Techniekpact", slug="techniekpact")
    w.region = RegionFactory(programme=w.programme, slug="twente", name="Twente")
    w.office = UserFactory(office=True, email="office@t.example")
    w.leader = UserFactory(email="pl@t.example", full_name="Pia Leider")
    RegionRoleFactory(user=w.leader, region=w.region, role=RegionRole.Role.PROJECT_LEADER)
    return w


def changes(prefix="regions."):
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, action__startswith=prefix).order_by("pk"))


def english(event) -> str:
    with translation.override("en"):
        return audit_text(event)


def english_fields(event) -> list[str]:
    with translation.override("en"):
        return audit_fields(event)


def region_data(w, **overrides):
    data = {
        "programme": w.programme.pk,
        "name": "Twente",
        "slug": "twente",
        "landsdeel": w.region.landsdeel_id,
        "join_year": w.region.join_year,
        "status": w.region.status,
        "description": w.region.description,
    }
    return data | overrides


# --- Programmes, regions, organisations ----------------------------------------------------------------------


def test_a_region_edited_by_the_office_is_logged_with_the_fields_that_changed(w, client):
    client.force_login(w.office)
    url = reverse("regions:region_update", args=[region_key("twente")])
    assert client.post(url, region_data(w)).status_code == 302  # nothing changed
    assert client.post(url, region_data(w, join_year=1999)).status_code == 200  # refused: shown again
    assert changes() == []
    assert client.post(url, region_data(w, status="suspended", description="Stil.")).status_code == 302
    [event] = changes()
    assert (event.kind, event.action, event.actor_id, event.object_label) == (
        "change",
        "regions.region_update",
        w.office.pk,
        "Twente",
    )
    assert event.message == "%(region)s: region changed"
    assert event.params == {"region": "Twente", "fields": ["description", "status"]}
    assert english(event) == "Twente: region changed"
    assert english_fields(event) == ["description", "status"]


def test_a_region_user_cannot_edit_the_region_and_nothing_is_logged(w, client):
    client.force_login(w.leader)
    assert (
        client.post(reverse("regions:region_update", args=[region_key("twente")]), region_data(w, name="X")).status_code
        == 404
    )
    assert changes() == []


def test_programmes_years_regions_and_organisations_created_are_logged(w, client):
    client.force_login(w.office)
    data = {"name": "Techniekpact Oost", "slug": "oost", "start_year": 2025, "end_year": 2028}
    assert client.post(reverse("regions:programme_create"), data).status_code == 302
    year = {"year": 2026, "report_due_date": "2027-03-01"}
    assert client.post(reverse("regions:programme_year_create", args=["oost"]), year).status_code == 302
    update = {**year, "report_due_date": "2027-03-15"}
    assert client.post(reverse("regions:programme_year_update", args=["oost", 2026]), update).status_code == 302
    region = {"programme": w.programme.pk, "name": "Rivierenland", "slug": "rivierenland"}
    region |= {
        "landsdeel": w.programme.landsdelen.get(code="oost").pk,
        "join_year": w.programme.start_year,
        "status": "active",
    }
    assert client.post(reverse("regions:region_create"), region).status_code == 302
    organisation = {"name": "ROC Rivor", "kind": "onderwijs", "subtype": "mbo", "city": "Tiel"}
    assert client.post(reverse("regions:organisation_create"), organisation).status_code == 302
    events = changes()
    assert all(e.actor_id == w.office.pk for e in events)  # the services name no actor: the signed-in user
    assert [english(e) for e in events] == [
        "Techniekpact Oost: programme created",
        "Techniekpact Oost: programme year 2026 added",
        "Techniekpact Oost: programme year 2026 changed",
        "Rivierenland: region created",
        "ROC Rivor: organisation added",
    ]
    assert events[2].params == {"programme": "Techniekpact Oost", "year": 2026, "fields": ["monitor report due date"]}
    assert events[2].object_label == "Techniekpact Oost 2026"


def test_partners_added_and_removed_roles_given_and_ended_are_logged(w, client):
    client.force_login(w.office)
    organisation = OrganisationFactory(name="ROC Twente")
    data = {"organisation": organisation.pk, "is_penvoerder": "on", "since_year": w.programme.start_year}
    assert client.post(reverse("regions:partner_create", args=[region_key("twente")]), data).status_code == 302
    partner = RegionPartner.objects.get(region=w.region)
    person = UserFactory(full_name="Karel Vriend", email="kv@t.example")
    role = {"user": person.pk, "role": "partner"}
    assert client.post(reverse("regions:role_create", args=[region_key("twente")]), role).status_code == 302
    assert (
        client.post(reverse("regions:role_create", args=[region_key("twente")]), role).status_code == 200
    )  # has it already
    given = RegionRole.objects.get(user=person)
    assert client.post(reverse("regions:role_delete", args=[given.pk])).status_code == 302
    assert client.post(reverse("regions:partner_delete", args=[partner.pk])).status_code == 302
    events = changes()
    assert [(e.action, e.actor_id) for e in events] == [
        ("regions.region_partner_save", w.office.pk),
        ("regions.region_role_add", w.office.pk),
        ("regions.region_role_end", w.office.pk),
        ("regions.region_partner_remove", w.office.pk),
    ]
    assert [english(e) for e in events] == [
        "Twente: ROC Twente added as partner",
        "Twente: Karel Vriend became network partner",
        "Twente: Karel Vriend no longer network partner",
        "Twente: partner ROC Twente removed",
    ]
    assert events[1].params == {"region": "Twente", "person": "Karel Vriend", "email": "kv@t.example"}
    assert events[1].object_label == "Twente Karel Vriend"


def test_the_framework_edited_is_logged_the_success_condition_too(w, client):
    client.force_login(w.office)
    theme = w.programme.placemat_themes.get(kind="performance", number=1)
    url = reverse("regions:theme_update", args=[theme.pk])
    data = {"name": theme.name, "description": theme.description}
    assert client.post(url, data).status_code == 302  # unchanged
    assert client.post(url, {**data, "description": "Nieuwe omschrijving"}).status_code == 302
    condition = SuccessConditionFactory(programme=w.programme, number=1)
    condition_url = reverse("regions:condition_update", args=[condition.pk])
    data = {"group": condition.group, "name": "Gedeelde ambitie", "description": condition.description}
    assert client.post(condition_url, data).status_code == 302
    theme_event, condition_event = changes()
    assert theme_event.action == "regions.placemat_theme_update"
    assert english(theme_event) == f"Techniekpact: placemat theme {theme} changed"
    assert english_fields(theme_event) == ["description"]
    assert (condition_event.action, condition_event.actor_id) == ("regions.success_condition_update", w.office.pk)
    assert english(condition_event) == "Techniekpact: success condition 1. Gedeelde ambitie changed"
    assert english_fields(condition_event) == ["name"]


# --- Vision, indicators, amendments ---------------------------------------------------------------------------


def test_the_vision_drafted_edited_and_approved_is_logged(w, client):
    client.force_login(w.leader)
    assert (
        client.post(
            reverse("regions:vision_create", args=[region_key("twente")]), {**TEXTS, "ambitions": ""}
        ).status_code
        == 200
    )
    assert changes() == []  # invalid: shown again
    assert client.post(reverse("regions:vision_create", args=[region_key("twente")]), TEXTS).status_code == 302
    vision = RegionVision.objects.get(region=w.region)
    edited = {**TEXTS, "ambitions": "20% meer instroom."}
    assert client.post(reverse("regions:vision_update", args=[vision.pk]), edited).status_code == 302
    assert client.post(reverse("regions:vision_approve", args=[vision.pk]), APPROVAL).status_code == 404
    client.force_login(w.office)
    assert client.post(reverse("regions:vision_approve", args=[vision.pk]), APPROVAL).status_code == 302
    assert client.post(reverse("regions:vision_approve", args=[vision.pk]), APPROVAL).status_code in (200, 404)
    events = changes()
    assert [(e.action, e.actor_id) for e in events] == [
        ("regions.vision_create", w.leader.pk),
        ("regions.vision_update", w.leader.pk),
        ("regions.vision_approve", w.office.pk),
    ]
    assert [english(e) for e in events] == [
        "Twente: regional vision version 1 drafted",
        "Twente: draft of regional vision version 1 changed",
        "Twente: regional vision version 1 approved",
    ]
    assert english_fields(events[1]) == ["ambitions"]


def test_an_indicator_proposed_changed_and_agreed_is_logged(w, client):
    client.force_login(w.leader)
    url = reverse("regions:indicator_create", args=[region_key("twente")])
    assert client.post(url, indicator_data(w.region, baseline_value="veel")).status_code == 200
    assert changes() == []
    assert client.post(url, indicator_data(w.region)).status_code == 302
    indicator = Indicator.objects.get(region=w.region, code="DO9")
    edit = reverse("regions:indicator_update", args=[indicator.pk])
    assert client.post(edit, indicator_data(w.region)).status_code == 302  # unchanged
    assert client.post(edit, indicator_data(w.region, name="Opleidingen", target_2015="17")).status_code == 302
    client.force_login(w.office)
    assert client.post(reverse("regions:indicator_approve", args=[indicator.pk])).status_code == 302
    assert client.post(reverse("regions:indicator_approve", args=[indicator.pk])).status_code == 404  # agreed
    events = changes()
    assert [(e.action, e.actor_id, e.object_label) for e in events] == [
        ("regions.indicator_create", w.leader.pk, "Twente DO9"),
        ("regions.indicator_update", w.leader.pk, "Twente DO9"),
        ("regions.indicator_approve", w.office.pk, "Twente DO9"),
    ]
    assert [english(e) for e in events] == [
        "Twente: indicator DO9 Opleidingen met perspectief proposed",
        "Twente: indicator DO9 Opleidingen changed",
        "Twente: indicator DO9 Opleidingen agreed",
    ]
    assert english_fields(events[1]) == ["name", "targets"]


def test_an_amendment_proposed_decided_and_withdrawn_is_logged_a_refusal_without_note_is_not(w):
    indicator = IndicatorFactory(region=w.region, code="DO1", name="Doorstroom")
    for year, value in ((2013, 100), (2014, 110), (2015, 120)):
        TargetFactory(indicator=indicator, year=year, value=Decimal(value))
    amendment = services.target_amendment_propose(
        indicator=indicator, proposed_by=w.leader, reason="Krimp", targets={2014: 100, 2015: 115}
    )
    with pytest.raises(ValidationError):
        services.target_amendment_decide(amendment=amendment, decided_by=w.office, approve=False, note="")
    services.target_amendment_decide(amendment=amendment, decided_by=w.office, approve=False, note="Niet onderbouwd")
    second = services.target_amendment_propose(
        indicator=indicator, proposed_by=w.leader, reason="Krimp", targets={2015: 115}
    )
    services.target_amendment_withdraw(amendment=second, actor=w.leader)
    third = services.target_amendment_propose(
        indicator=indicator, proposed_by=w.leader, reason="Krimp", targets={2015: 115}
    )
    services.target_amendment_decide(amendment=third, decided_by=w.office, approve=True, note="")
    assert TargetAmendment.objects.filter(status=TargetAmendment.Status.APPROVED).count() == 1
    events = changes()
    assert [(e.action, e.actor_id) for e in events] == [
        ("regions.target_amendment_propose", w.leader.pk),
        ("regions.target_amendment_decide", w.office.pk),
        ("regions.target_amendment_propose", w.leader.pk),
        ("regions.target_amendment_withdraw", w.leader.pk),
        ("regions.target_amendment_propose", w.leader.pk),
        ("regions.target_amendment_decide", w.office.pk),
    ]
    assert [english(e) for e in events[:4]] + [english(events[-1])] == [
        "Twente: amendment of indicator DO1 Doorstroom proposed for 2014, 2015",
        "Twente: amendment of indicator DO1 Doorstroom refused",
        "Twente: amendment of indicator DO1 Doorstroom proposed for 2015",
        "Twente: amendment of indicator DO1 Doorstroom withdrawn",
        "Twente: amendment of indicator DO1 Doorstroom approved",
    ]
    assert events[0].params == {"region": "Twente", "indicator": "DO1 Doorstroom", "years": "2014, 2015"}


def test_the_log_reads_in_dutch(w):
    person = UserFactory(full_name="Karel Vriend")
    role = services.region_role_add(region=w.region, user=person, role=RegionRole.Role.PROJECT_LEADER)
    services.region_role_end(role=role, ended_by=w.office)
    added, ended = changes()
    with translation.override("nl"):
        # nl
        assert audit_text(added) == "Twente: Karel Vriend is projectleider geworden"
        assert audit_text(ended) == "Twente: Karel Vriend niet langer projectleider"

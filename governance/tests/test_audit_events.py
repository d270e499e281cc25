"""The audit log of governance meetings: planning, the plan and notes edited (with the fields that changed),
held; nothing for a refused, forbidden or invalid request, nor for a save that changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audits.tests.factories import StimulusGrantFactory
from governance import services
from regions.tests.world import region_key, world_build
from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        regions=("twente",),
        office="office@g.example",
        viewer="viewer@g.example",
        roles={"leader": ("twente", "project_leader", "pl@g.example")},
    )
    w.region, w.year = w.regions["twente"], w.years[2013]
    return w


def changes():
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).order_by("pk"))


def english(event) -> str:
    with translation.override("en"):
        return audit_text(event)


def english_fields(event) -> list[str]:
    with translation.override("en"):
        return audit_fields(event)


def plan(w, **kwargs):
    defaults = {"date": datetime.date(2014, 5, 1), "place": "Hengelo", "participants": "Bestuur"}
    return services.meeting_plan(region=w.region, programme_year=w.year, actor=w.office, **(defaults | kwargs))


def test_the_office_plans_a_meeting_from_the_list_logged_with_its_date(w, client):
    client.force_login(w.office)
    url = reverse("governance:meetings", args=[w.programme.slug, 2013])
    assert client.post(url, {"region": w.region.pk, "date": "2014-05-01", "place": "Hengelo"}).status_code == 302
    [event] = changes()
    assert (event.kind, event.actor_id, event.actor_label) == ("change", w.office.pk, "office@g.example")
    assert event.action == "governance.meeting_plan" and event.object_label == "Twente 2013"
    assert event.message == "%(region)s: governance meeting %(year)s planned on %(date)s"
    assert event.params == {"region": "Twente", "year": 2013, "date": "2014-05-01"}
    assert english(event) == "Twente: governance meeting 2013 planned on May 1, 2014"


def test_a_refused_forbidden_or_invalid_plan_logs_nothing(w, client):
    url = reverse("governance:meetings", args=[w.programme.slug, 2013])
    client.force_login(w.viewer)
    assert client.post(url, {"region": w.region.pk, "date": "2014-05-01"}).status_code == 404
    client.force_login(w.office)
    assert client.post(url, {"region": w.region.pk, "date": "", "place": "Kept"}).status_code == 200
    assert changes() == []
    plan(w)
    with pytest.raises(ValidationError):
        plan(w, date=datetime.date(2014, 6, 1))  # a second meeting in the year
    assert [e.action for e in changes()] == ["governance.meeting_plan"]


def test_the_plan_edited_is_logged_with_the_fields_that_changed_an_unchanged_save_is_not(w, client):
    meeting = plan(w)
    client.force_login(w.office)
    url = reverse("governance:meeting_edit", args=[region_key("twente"), 2013])
    same = {"date": "2014-05-01", "place": "Hengelo", "participants": "Bestuur"}
    assert client.post(url, same).status_code == 302
    assert client.post(url, {**same, "date": ""}).status_code == 200  # invalid: shown again
    assert [e.action for e in changes()] == ["governance.meeting_plan"]
    assert client.post(url, {**same, "place": "Enschede", "participants": "Bestuur, bureau"}).status_code == 302
    event = changes()[-1]
    assert (event.action, event.actor_id, event.object_label) == (
        "governance.meeting_update",
        w.office.pk,
        "Twente 2013",
    )
    assert event.params == {"region": "Twente", "year": 2013, "fields": ["participants", "place"]}
    assert english(event) == "Twente: plan of governance meeting 2013 changed"
    assert english_fields(event) == ["participants", "place"]
    meeting.refresh_from_db()
    assert meeting.place == "Enschede"


def test_notes_saved_are_logged_with_the_fields_that_changed_an_invalid_form_is_not(w, client):
    plan(w)
    client.force_login(w.office)
    url = reverse("governance:meeting_notes", args=[region_key("twente"), 2013])
    assert client.post(url, {"notes": "", "decision_summary": "Kept"}).status_code == 200
    assert client.post(url, {"notes": "Good talk.", "decision_summary": ""}).status_code == 302
    assert client.post(url, {"notes": "Good talk.", "decision_summary": "Grant as proposed."}).status_code == 302
    notes = [e for e in changes() if e.action == "governance.meeting_save_notes"]
    assert [e.params["fields"] for e in notes] == [["notes"], ["decisions"]]
    assert all(e.actor_id == w.office.pk for e in notes)
    assert english(notes[0]) == "Twente: notes of governance meeting 2013 saved"
    assert english_fields(notes[1]) == ["decisions"]


def test_held_is_logged_a_held_refused_is_not(w, client):
    meeting = plan(w, date=datetime.date(2014, 7, 1))
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=meeting, actor=w.office, today=datetime.date(2014, 6, 1))
    assert [e.action for e in changes()] == ["governance.meeting_plan"]
    services.meeting_mark_held(meeting=meeting, actor=w.office, today=datetime.date(2014, 7, 1))
    with pytest.raises(ValidationError):  # only once
        services.meeting_mark_held(meeting=meeting, actor=w.office, today=datetime.date(2014, 7, 2))
    event = changes()[-1]
    assert (event.action, event.actor_id, event.params) == (
        "governance.meeting_mark_held",
        w.office.pk,
        {"region": "Twente", "year": 2013},
    )
    assert english(event) == "Twente: governance meeting 2013 marked as held"
    assert len(changes()) == 2


def test_a_region_user_posting_to_the_meeting_pages_logs_nothing(w, client):
    plan(w)
    client.force_login(w.leader)
    assert client.post(reverse("governance:meeting_held", args=[region_key("twente"), 2013])).status_code == 404
    assert (
        client.post(reverse("governance:meeting_notes", args=[region_key("twente"), 2013]), {"notes": "x"}).status_code
        == 404
    )
    assert [e.action for e in changes()] == ["governance.meeting_plan"]


def test_the_grant_decided_in_the_meeting_is_logged_by_the_grant_service_once(w, client):
    plan(w)
    StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=Decimal("80000"))
    client.force_login(w.office)
    url = reverse("governance:meeting_grant", args=[region_key("twente"), 2013])
    assert client.post(url, {"amount": "70000", "reason": "", "action": "decide"}).status_code == 200  # no reason
    assert [e.action for e in changes()] == ["governance.meeting_plan"]
    assert client.post(url, {"amount": "70000", "reason": "Late report.", "action": "decide"}).status_code == 302
    decided = changes()[1:]
    assert [(e.action, e.actor_id) for e in decided] == [("audits.grant_decide", w.office.pk)]


def test_the_log_reads_in_dutch(w):
    meeting = plan(w, date=datetime.date(2014, 5, 1))
    services.meeting_mark_held(meeting=meeting, actor=w.office, today=datetime.date(2014, 5, 1))
    with translation.override("nl"):
        # nl
        assert [audit_text(e) for e in changes()] == [
            "Twente: governancegesprek 2013 gepland op 1 mei 2014",
            "Twente: governancegesprek 2013 als gehouden gemarkeerd",
        ]

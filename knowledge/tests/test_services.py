"""The kennisprogramma's services: each transition and each refusal, the invitations through the outbox
(exactly once per person), capacity, attendance, material and the closed programme."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from knowledge import mails, services
from knowledge.models import Event, Invitation, Registration
from knowledge.selectors import todos_for_user
from regions.services import programme_close
from toptechniek.common import samples
from toptechniek.common.models import AuditEvent, Notification

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _fields(**changes) -> dict:
    fields = {
        "kind": Event.Kind.CONFERENCE,
        "title": "Kennisconferentie Techniekonderwijs",
        "date": TODAY + datetime.timedelta(days=20),
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(16, 0),
        "place": "Utrecht",
        "agenda": "10.00 Ontvangst",
        "audience": ["project_leader", "penvoerder"],
        "capacity": None,
        "host_region": None,
    }
    return fields | changes


def _invited(event) -> set[str]:
    return set(
        Notification.objects.filter(key__startswith=f"event-invited:{event.pk}:").values_list(
            "recipient__email", flat=True
        )
    )


# --- Events -----------------------------------------------------------------------------------------------


def test_event_create_is_a_draft_and_logged(w):
    event = services.event_create(actor=w.office, programme=w.programme, **_fields())
    assert event.status == Event.Status.DRAFT and event.created_by == w.office
    assert AuditEvent.objects.filter(action="knowledge.event_create").count() == 1
    assert not Notification.objects.exists()


def test_event_create_refuses_bad_input(w):
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            actor=w.office,
            programme=w.programme,
            **_fields(
                date=TODAY - datetime.timedelta(days=1),
                end_time=datetime.time(9, 0),
                audience=[],
                host_region=w.regions["twente"],
            ),
        )
    assert set(exc.value.message_dict) == {"date", "end_time", "audience", "host_region"}


def test_a_working_visit_has_a_host_region_of_its_own_programme(w):
    visit = services.event_create(
        actor=w.office, programme=w.programme, **_fields(kind=Event.Kind.VISIT, host_region=w.regions["twente"])
    )
    assert visit.host_region == w.regions["twente"]
    from regions.models import Region

    foreign = Region.objects.get(slug="drenthe")
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=w.office, programme=w.programme, **_fields(kind="visit", host_region=foreign))
    assert "host_region" in exc.value.message_dict


def test_event_update_logs_the_changed_fields(w):
    event = EventFactory(programme=w.programme, **_fields())
    services.event_update(actor=w.office, event=event, **_fields(title="Nieuwe titel"))
    event.refresh_from_db()
    assert event.title == "Nieuwe titel"
    assert AuditEvent.objects.get(action="knowledge.event_update").params["fields"] == ["title"]


def test_publish_invites_the_audience_exactly_once(w, django_capture_on_commit_callbacks):
    event = EventFactory(programme=w.programme, audience=["project_leader", "penvoerder"])
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(actor=w.office, event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.published_at is not None
    leaders = {w.leader.email, w.pv.email, w.leader_fr.email, w.both.email}
    assert _invited(event) == leaders  # not the partner, the critical friend, the office or another programme
    assert set(Invitation.objects.filter(event=event).values_list("user__email", flat=True)) == leaders
    assert sorted(m.to[0] for m in mail.outbox) == sorted(leaders)
    assert all(event.title in m.subject for m in mail.outbox)
    # Publishing again is refused, and queueing the mails again writes nothing.
    with pytest.raises(ValidationError):
        services.event_publish(actor=w.office, event=event)
    assert mails.event_invited_queue(event=event, recipients=[w.leader, w.pv], actor=w.office) == 0
    assert Notification.objects.filter(kind="event_invited").count() == 4


def test_publish_can_invite_the_office_and_the_ministry_but_not_the_inactive(w):
    w.pv.is_active = False
    w.pv.save()
    event = EventFactory(programme=w.programme, audience=["penvoerder", "viewer", "critical_friend"])
    services.event_publish(actor=w.office, event=event)
    assert _invited(event) == {w.viewer.email, w.cf.email}


def test_publish_refuses_a_past_event(w):
    event = EventFactory(programme=w.programme, date=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.event_publish(actor=w.office, event=event)


def test_cancel_mails_the_invited_once_and_only_before_the_day(w):
    event = EventFactory(programme=w.programme)
    services.event_publish(actor=w.office, event=event)
    services.event_cancel(actor=w.office, event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert Notification.objects.filter(kind="event_cancelled").count() == 4
    with pytest.raises(ValidationError):
        services.event_cancel(actor=w.office, event=event)
    held = EventFactory(programme=w.programme, held=True)
    with pytest.raises(ValidationError):
        services.event_cancel(actor=w.office, event=held)


def test_a_closed_programme_refuses_every_write(w):
    event = EventFactory(programme=w.programme, published=True)
    programme_close(programme=w.programme, actor=w.office)
    w.programme.refresh_from_db()
    event.refresh_from_db()
    for call in (
        lambda: services.event_create(actor=w.office, programme=w.programme, **_fields()),
        lambda: services.event_cancel(actor=w.office, event=event),
        lambda: services.registration_create(actor=w.leader, event=event),
        lambda: services.attendance_record(actor=w.office, event=event, attended=set()),
        lambda: services.material_link_add(actor=w.office, event=event, title="x", url="https://example.org"),
    ):
        with pytest.raises(ValidationError, match="closed"):
            call()


# --- Registrations ----------------------------------------------------------------------------------------


def test_registration_for_ones_only_region(w):
    event = EventFactory(programme=w.programme, published=True)
    registration = services.registration_create(actor=w.leader, event=event)
    assert registration.region == w.regions["twente"]
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(actor=w.leader, event=event)


def test_registration_with_two_regions_asks_which(w):
    event = EventFactory(programme=w.programme, published=True)
    with pytest.raises(ValidationError) as exc:
        services.registration_create(actor=w.both, event=event)
    assert "region" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.registration_create(actor=w.leader, event=event, region=w.regions["friesland"])  # not theirs
    registration = services.registration_create(actor=w.both, event=event, region=w.regions["friesland"])
    assert registration.region == w.regions["friesland"]


def test_the_office_registers_without_a_region(w):
    event = EventFactory(programme=w.programme, published=True)
    assert services.registration_create(actor=w.office, event=event).region is None


def test_capacity_is_respected_with_a_clear_message(w):
    event = EventFactory(programme=w.programme, published=True, capacity=1)
    services.registration_create(actor=w.leader, event=event)
    with pytest.raises(ValidationError, match="This event is full: all 1 places are taken."):
        services.registration_create(actor=w.pv, event=event)
    services.registration_cancel(actor=w.leader, event=event)
    services.registration_create(actor=w.pv, event=event)  # the place came free


def test_no_registration_for_a_draft_a_cancelled_or_a_past_event(w):
    for event in (
        EventFactory(programme=w.programme),
        EventFactory(programme=w.programme, status=Event.Status.CANCELLED),
        EventFactory(programme=w.programme, held=True),
    ):
        with pytest.raises(ValidationError):
            services.registration_create(actor=w.leader, event=event)


def test_an_invitation_waits_on_mijn_taken_until_answered(w):
    event = EventFactory(programme=w.programme)
    services.event_publish(actor=w.office, event=event)
    assert [t.kind for t in todos_for_user(user=w.leader, today=TODAY)] == ["event_register"]
    services.registration_create(actor=w.leader, event=event)
    assert todos_for_user(user=w.leader, today=TODAY) == []
    services.registration_cancel(actor=w.leader, event=event)
    assert todos_for_user(user=w.leader, today=TODAY) == []  # unregistering answers it too
    services.invitation_decline(actor=w.pv, event=event)
    assert todos_for_user(user=w.pv, today=TODAY) == []
    with pytest.raises(ValidationError):
        services.invitation_decline(actor=w.partner, event=event)  # not invited
    assert todos_for_user(user=w.leader_fr, today=event.date + datetime.timedelta(days=1)) == []  # too late


def test_unregistering_when_not_registered_is_refused(w):
    event = EventFactory(programme=w.programme, published=True)
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=w.leader, event=event)


# --- Attendance -------------------------------------------------------------------------------------------


def test_attendance_with_walk_ins_after_the_event(w):
    event = EventFactory(programme=w.programme)
    services.event_publish(actor=w.office, event=event)
    mine = services.registration_create(actor=w.leader, event=event)
    other = services.registration_create(actor=w.leader_fr, event=event)
    with pytest.raises(ValidationError, match="taken place"):
        services.attendance_record(actor=w.office, event=event, attended={mine.pk})
    assert [t.kind for t in todos_for_user(user=w.office, today=event.date + datetime.timedelta(days=1))] == [
        "event_attendance"
    ]
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=w.office, event=event, attended={mine.pk}, walk_ins=[w.partner], today=event.date
        )  # the partner was not invited
    services.attendance_record(actor=w.office, event=event, attended={mine.pk}, walk_ins=[w.pv], today=event.date)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.attended is True and other.attended is False
    walk_in = Registration.objects.get(event=event, user=w.pv)
    assert walk_in.walk_in and walk_in.attended and walk_in.region == w.regions["twente"]
    event.refresh_from_db()
    assert event.attendance_recorded_at is not None
    assert todos_for_user(user=w.office, today=event.date + datetime.timedelta(days=1)) == []


def test_attendance_refuses_a_stranger_registration(w):
    event = EventFactory(programme=w.programme, held=True)
    elsewhere = RegistrationFactory(user=w.leader)
    with pytest.raises(ValidationError):
        services.attendance_record(actor=w.office, event=event, attended={elsewhere.pk})


# --- Material ---------------------------------------------------------------------------------------------


def test_material_file_and_link(w):
    event = EventFactory(programme=w.programme, held=True)
    upload = SimpleUploadedFile("verslag.pdf", samples.pdf_bytes("Verslag"), "application/pdf")
    attachment = services.material_add(actor=w.office, event=event, upload=upload, description="Verslag")
    link = services.material_link_add(actor=w.office, event=event, title="Opname", url="https://example.org/v")
    assert event.attachments.get() == attachment and event.links.get() == link
    services.material_delete(actor=w.office, attachment=attachment)
    services.material_link_delete(actor=w.office, link=link)
    assert not event.attachments.exists() and not event.links.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"knowledge.material_add", "knowledge.material_delete", "knowledge.material_link_add"} <= actions


def test_no_material_on_a_draft(w):
    event = EventFactory(programme=w.programme)
    with pytest.raises(ValidationError):
        services.material_link_add(actor=w.office, event=event, title="x", url="https://example.org")

"""Writes of the kennisprogramma: events, their publication with the invitations, registrations, attendance
and material.

Every change is logged (`toptechniek.common.audit`) in its own transaction; the invitation mails are queued
in the same transaction and sent after commit (`knowledge.mails`), once per event and person. Nothing in a
closed programme changes (`regions.services.programme_check_open`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import Programme, Region
from regions.services import programme_check_open
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.uploads import attachment_create, attachment_delete

from . import mails
from .models import AUDIENCE_CHOICES, Event, EventAttachment, EventLink, Invitation, Registration
from .selectors import event_audience, registration_regions

EVENT_FIELDS = (
    "kind",
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "agenda",
    "audience",
    "capacity",
    "host_region",
)


def _audit(*, action: str, message: str, event: Event, actor: User | None, fields=(), **params) -> None:
    audit_change(
        action=f"knowledge.{action}",
        message=message,
        params={"event": event.title, "date": event.date.isoformat(), **params},
        actor=actor,
        object_label=f"{event.title} {event.date.isoformat()}",
        fields=fields,
    )


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("programme").get(pk=event.pk)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# --- Events -----------------------------------------------------------------------------------------------


def _event_check(*, programme: Programme, fields: dict, today: datetime.date) -> None:
    errors = {}
    if fields["date"] < today:
        errors["date"] = _("Choose a date from today on.")
    if fields["end_time"] <= fields["start_time"]:
        errors["end_time"] = _("The event must end after it starts.")
    known = {code for code, _label in AUDIENCE_CHOICES}
    if not fields["audience"] or not set(fields["audience"]) <= known:
        errors["audience"] = _("Choose at least one group of people the event is meant for.")
    host = fields.get("host_region")
    if host is not None and fields["kind"] != Event.Kind.VISIT:
        errors["host_region"] = _("Only a working visit has a host region.")
    elif host is not None and host.programme_id != programme.pk:
        errors["host_region"] = _("The host region must be a region of the programme.")
    if fields.get("capacity") is not None and fields["capacity"] < 1:
        errors["capacity"] = _("Leave the maximum empty, or give at least 1.")
    if errors:
        raise ValidationError(errors)


def event_create(*, actor: User, programme: Programme, today: datetime.date | None = None, **fields) -> Event:
    """Plan an event: a draft that only the office sees until it is published."""
    programme_check_open(programme=programme)
    fields = {key: fields.get(key) for key in EVENT_FIELDS}
    _event_check(programme=programme, fields=fields, today=_today(today))
    with transaction.atomic():
        event = Event.objects.create(programme=programme, created_by=actor, **fields)
        _audit(
            action="event_create",
            message=gettext_noop("%(event)s (%(date)s): event planned"),
            event=event,
            actor=actor,
        )
    return event


def event_update(*, actor: User, event: Event, today: datetime.date | None = None, **fields) -> Event:
    """Change a draft or published event that has not taken place (who was invited stays invited)."""
    programme_check_open(programme=event.programme)
    fields = {key: fields.get(key) for key in EVENT_FIELDS}
    _event_check(programme=event.programme, fields=fields, today=_today(today))
    with transaction.atomic():
        event = _locked(event)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("This event is cancelled."))
        changed = [Event._meta.get_field(k).verbose_name for k in EVENT_FIELDS if getattr(event, k) != fields[k]]
        for key, value in fields.items():
            setattr(event, key, value)
        event.save()
        if changed:
            _audit(
                action="event_update",
                message=gettext_noop("%(event)s (%(date)s): event changed"),
                event=event,
                actor=actor,
                fields=changed,
            )
    return event


def event_publish(
    *, actor: User, event: Event, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> Event:
    """Publish the event: everyone of its audience in the programme is invited, one mail each."""
    programme_check_open(programme=event.programme)
    with transaction.atomic():
        event = _locked(event)
        if event.status != Event.Status.DRAFT:
            raise ValidationError(_("This event has already been published."))
        if event.date < _today(today):
            raise ValidationError(_("This event lies in the past; it can no longer be published."))
        now = now or timezone.now()
        event.status = Event.Status.PUBLISHED
        event.published_at = now
        event.save(update_fields=["status", "published_at"])
        people = event_audience(event=event)
        Invitation.objects.bulk_create(
            [Invitation(event=event, user=person, invited_at=now) for person in people], ignore_conflicts=True
        )
        mails.event_invited_queue(event=event, recipients=people, actor=actor)
        _audit(
            action="event_publish",
            message=gettext_noop("%(event)s (%(date)s): event published, %(count)s people invited"),
            event=event,
            actor=actor,
            count=len(people),
        )
    return event


def event_cancel(*, actor: User, event: Event, today: datetime.date | None = None) -> Event:
    """Cancel a published event before it takes place; the invited and registered people get a mail."""
    programme_check_open(programme=event.programme)
    with transaction.atomic():
        event = _locked(event)
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(_("Only a published event can be cancelled."))
        if event.date < _today(today):
            raise ValidationError(_("This event has taken place; it can no longer be cancelled."))
        event.status = Event.Status.CANCELLED
        event.cancelled_at = timezone.now()
        event.save(update_fields=["status", "cancelled_at"])
        people = User.objects.filter(pk__in=event.invitations.values("user_id")) | User.objects.filter(
            pk__in=event.registrations.values("user_id")
        )
        mails.event_cancelled_queue(event=event, recipients=list(people.distinct()), actor=actor)
        _audit(
            action="event_cancel",
            message=gettext_noop("%(event)s (%(date)s): event cancelled"),
            event=event,
            actor=actor,
        )
    return event


# --- Registrations ----------------------------------------------------------------------------------------


def _registration_open(event: Event, today: datetime.date) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("You cannot register for this event: it is not open for registration."))
    if event.date < today:
        raise ValidationError(_("This event has taken place; registration is closed."))


def _region_for(*, user: User, event: Event, region: Region | None, choose: bool) -> Region | None:
    regions = registration_regions(user=user, event=event)
    if region is not None:
        if region not in regions:
            raise ValidationError({"region": _("Choose one of your own regions in this programme.")})
        return region
    if len(regions) > 1 and choose:
        raise ValidationError({"region": _("Choose the region you come for.")})
    return regions[0] if regions else None


def registration_create(
    *, actor: User, event: Event, region: Region | None = None, today: datetime.date | None = None
) -> Registration:
    """Register oneself for a published event until its day, for one of one's regions, while there is room."""
    programme_check_open(programme=event.programme)
    region = _region_for(user=actor, event=event, region=region, choose=True)
    with transaction.atomic():
        event = _locked(event)
        _registration_open(event, _today(today))
        if event.registrations.filter(user=actor).exists():
            raise ValidationError(_("You are already registered for this event."))
        if event.capacity is not None and event.registrations.filter(walk_in=False).count() >= event.capacity:
            raise ValidationError(_("This event is full: all %(count)s places are taken.") % {"count": event.capacity})
        registration = Registration.objects.create(event=event, user=actor, region=region)
        Invitation.objects.filter(event=event, user=actor).update(declined_at=None)
        _audit(
            action="registration_create",
            message=gettext_noop("%(event)s (%(date)s): %(person)s registered"),
            event=event,
            actor=actor,
            person=actor.full_name,
        )
    return registration


def registration_cancel(*, actor: User, event: Event, today: datetime.date | None = None) -> None:
    """Unregister oneself until the day of the event; the invitation counts as answered (declined)."""
    programme_check_open(programme=event.programme)
    with transaction.atomic():
        event = _locked(event)
        _registration_open(event, _today(today))
        deleted, _rows = event.registrations.filter(user=actor).delete()
        if not deleted:
            raise ValidationError(_("You are not registered for this event."))
        Invitation.objects.filter(event=event, user=actor).update(declined_at=timezone.now())
        _audit(
            action="registration_cancel",
            message=gettext_noop("%(event)s (%(date)s): %(person)s unregistered"),
            event=event,
            actor=actor,
            person=actor.full_name,
        )


def invitation_decline(*, actor: User, event: Event, today: datetime.date | None = None) -> Invitation:
    """Say no to an invitation: it leaves Mijn taken."""
    programme_check_open(programme=event.programme)
    with transaction.atomic():
        event = _locked(event)
        _registration_open(event, _today(today))
        invitation = Invitation.objects.select_for_update().filter(event=event, user=actor).first()
        if invitation is None:
            raise ValidationError(_("You were not invited to this event."))
        if event.registrations.filter(user=actor).exists():
            raise ValidationError(_("You are registered; unregister instead."))
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
        _audit(
            action="invitation_decline",
            message=gettext_noop("%(event)s (%(date)s): %(person)s declined the invitation"),
            event=event,
            actor=actor,
            person=actor.full_name,
        )
    return invitation


# --- Attendance -------------------------------------------------------------------------------------------


def attendance_record(
    *,
    actor: User,
    event: Event,
    attended: set[int],
    walk_ins=(),
    today: datetime.date | None = None,
) -> Event:
    """After the event: who of the registered came (`attended`: registration ids), and who came without
    registering (`walk_ins`: invited people). Recording again corrects it."""
    programme_check_open(programme=event.programme)
    with transaction.atomic():
        event = _locked(event)
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(_("Attendance is recorded only for a published event."))
        if event.date > _today(today):
            raise ValidationError(_("Attendance can be recorded once the event has taken place."))
        registrations = list(event.registrations.select_for_update())
        unknown = set(attended) - {r.pk for r in registrations}
        if unknown:
            raise ValidationError(_("Someone in the list is not registered for this event."))
        registered = {r.user_id for r in registrations}
        invited = set(event.invitations.values_list("user_id", flat=True))
        new = [person for person in walk_ins if person.pk not in registered]
        if any(person.pk not in invited for person in new):
            raise ValidationError({"walk_ins": _("A walk-in must be one of the invited people.")})
        for registration in registrations:
            came = registration.pk in attended
            if registration.attended != came:
                registration.attended = came
                registration.save(update_fields=["attended"])
        for person in new:
            Registration.objects.create(
                event=event,
                user=person,
                region=_region_for(user=person, event=event, region=None, choose=False),
                walk_in=True,
                attended=True,
            )
        event.attendance_recorded_at = timezone.now()
        event.save(update_fields=["attendance_recorded_at"])
        _audit(
            action="attendance_record",
            message=gettext_noop("%(event)s (%(date)s): attendance recorded, %(count)s people came"),
            event=event,
            actor=actor,
            count=len(attended) + len(new),
        )
    return event


# --- Material ---------------------------------------------------------------------------------------------


def _material_open(event: Event) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Material is added only to a published event."), code="state")


def material_add(*, actor: User, event: Event, upload, description: str) -> EventAttachment:
    """Attach a file (a presentation, the report of the day); checked by content and size before storing."""
    programme_check_open(programme=event.programme)
    attachment = None
    try:
        with transaction.atomic():
            attachment = attachment_create(
                model=EventAttachment,
                owner_field="event",
                owner=event,
                upload=upload,
                description=description,
                actor=actor,
                check=_material_open,
            )
            _audit(
                action="material_add",
                message=gettext_noop("%(event)s (%(date)s): material “%(name)s” added"),
                event=event,
                actor=actor,
                name=attachment.name,
            )
    except BaseException:
        if attachment is not None:
            default_storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def material_delete(*, actor: User, attachment: EventAttachment) -> None:
    event = _locked(attachment.event)
    programme_check_open(programme=event.programme)
    name = attachment.name
    attachment_delete(attachment=attachment)
    _audit(
        action="material_delete",
        message=gettext_noop("%(event)s (%(date)s): material “%(name)s” removed"),
        event=event,
        actor=actor,
        name=name,
    )


def material_link_add(*, actor: User, event: Event, title: str, url: str) -> EventLink:
    """Add a link to material elsewhere (a recording, a publication)."""
    programme_check_open(programme=event.programme)
    with transaction.atomic():
        event = _locked(event)
        _material_open(event)
        link = EventLink.objects.create(event=event, title=title.strip(), url=url, added_by=actor)
        _audit(
            action="material_link_add",
            message=gettext_noop("%(event)s (%(date)s): link “%(name)s” added"),
            event=event,
            actor=actor,
            name=link.title,
        )
    return link


def material_link_delete(*, actor: User, link: EventLink) -> None:
    with transaction.atomic():
        event = _locked(link.event)
        programme_check_open(programme=event.programme)
        name = link.title
        link.delete()
        _audit(
            action="material_link_delete",
            message=gettext_noop("%(event)s (%(date)s): link “%(name)s” removed"),
            event=event,
            actor=actor,
            name=name,
        )

"""Reads of the kennisprogramma, shaped for its pages (a fixed number of queries whatever the number of
events, registrations and people), its tasks on "Mijn taken", the region page's section and the national
dashboard's table."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region, RegionRole
from regions.selectors import RegionSection
from toptechniek.accounts.models import User
from toptechniek.common.todo import Todo

from .models import GLOBAL_AUDIENCE, REGION_AUDIENCE, Event, EventAttachment, EventLink, Invitation, Registration
from .rules import programme_ids

EVENTS = Event.objects.select_related("programme", "host_region", "created_by")


def event_audience(*, event: Event) -> list[User]:
    """Everyone the event is meant for: the active people with one of its region roles in an active region of
    its programme, and the office or the ministry when named (one query)."""
    region_roles = [role for role in event.audience if role in REGION_AUDIENCE]
    global_roles = [role for role in event.audience if role in GLOBAL_AUDIENCE]
    wanted = Q(pk__in=[])
    if region_roles:
        wanted |= Q(
            pk__in=RegionRole.objects.filter(
                region__programme_id=event.programme_id, region__status=Region.Status.ACTIVE, role__in=region_roles
            ).values("user_id")
        )
    if global_roles:
        wanted |= Q(global_role__in=global_roles)
    return list(User.objects.filter(wanted, is_active=True).order_by("pk"))


def registration_regions(*, user: User, event: Event) -> list[Region]:
    """The regions of the event's programme in which this person holds a role: the ones they can come for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Region.objects.filter(programme_id=event.programme_id, roles__user=user).distinct().order_by("name"))


def events_for(*, user: User):
    """The events this person may see (drafts for the office only), with their number of registrations."""
    events = EVENTS.annotate(
        n_registered=Count("registrations", filter=Q(registrations__walk_in=False), distinct=True),
        n_attended=Count("registrations", filter=Q(registrations__attended=True), distinct=True),
    )
    if user.is_programme_office:
        return events
    events = events.exclude(status=Event.Status.DRAFT)
    if user.is_viewer:
        return events
    return events.filter(programme_id__in=programme_ids(user))


@dataclass
class EventLists:
    upcoming: list
    past: object  # a Page


def event_lists(*, user: User, today: datetime.date, page: int | str | None):
    """Upcoming events (nearest first, all of them) and past ones (latest first, 20 a page): 3 queries."""
    from django.core.paginator import Paginator

    events = events_for(user=user)
    upcoming = list(events.filter(date__gte=today).order_by("date", "start_time", "title"))
    past = Paginator(events.filter(date__lt=today).order_by("-date", "-start_time", "title"), 20).get_page(page)
    return EventLists(upcoming=upcoming, past=past)


@dataclass
class EventPage:
    event: Event
    registrations: list  # all for the office; one's own for others
    own: Registration | None
    invitation: Invitation | None
    n_registered: int
    n_invited: int
    attachments: list
    links: list
    regions: list = field(default_factory=list)  # the regions one can come for

    @property
    def is_full(self) -> bool:
        return self.event.capacity is not None and self.n_registered >= self.event.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.event.capacity is None else max(self.event.capacity - self.n_registered, 0)


def event_page(*, event: Event, user: User) -> EventPage:
    """What the event page shows (6 queries whatever the number of registrations and material)."""
    registrations = list(
        event.registrations.select_related("user", "region").order_by("user__full_name")
    )  # the office sees them all; the count is for everyone
    own = next((r for r in registrations if r.user_id == user.pk), None)
    invitation = Invitation.objects.filter(event=event, user=user).first()
    counts = event.invitations.aggregate(n=Count("pk"))
    return EventPage(
        event=event,
        registrations=registrations if user.has_perm("knowledge.view_registrations") else [],
        own=own,
        invitation=invitation,
        n_registered=sum(1 for r in registrations if not r.walk_in),
        n_invited=counts["n"],
        attachments=list(EventAttachment.objects.filter(event=event).select_related("uploaded_by")),
        links=list(EventLink.objects.filter(event=event)),
        regions=registration_regions(user=user, event=event),
    )


def attendance_rows(*, event: Event) -> tuple[list[Registration], list[User]]:
    """The registrations (with person and region) and the invited people who did not register: 2 queries."""
    registrations = list(event.registrations.select_related("user", "region").order_by("user__full_name"))
    registered = [r.user_id for r in registrations]
    invitees = list(
        User.objects.filter(event_invitations__event=event).exclude(pk__in=registered).order_by("full_name")
    )
    return registrations, invitees


# --- Mijn taken -------------------------------------------------------------------------------------------


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """An invitation not yet answered before the event (register or decline); for the office, the attendance
    of a held event still to record (2 queries)."""
    todos: list[Todo] = []
    invitations = (
        Invitation.objects.filter(
            user=user,
            declined_at__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__date__gte=today,
            event__programme__closed_at__isnull=True,
        )
        .exclude(event__registrations__user=user)
        .select_related("event")
        .order_by("event__date")
    )
    for invitation in invitations:
        event = invitation.event
        todos.append(
            Todo(
                kind="event_register",
                what=_("Register for the event, or decline"),
                subject=event.title,
                url=event.get_absolute_url(),
                due=event.date,
                state=_("invited"),
                note=f"{event.get_kind_display()}, {date_format(event.date, 'j F Y')}, {event.place}",
                role=_("knowledge programme"),
                programme_id=event.programme_id,
            )
        )
    if user.is_programme_office:
        held = Event.objects.filter(
            status=Event.Status.PUBLISHED,
            date__lt=today,
            attendance_recorded_at__isnull=True,
            programme__closed_at__isnull=True,
        ).order_by("date")
        for event in held:
            todos.append(
                Todo(
                    kind="event_attendance",
                    what=_("Record who attended the event"),
                    subject=event.title,
                    url=reverse("knowledge:attendance", args=[event.pk]),
                    due=event.date + datetime.timedelta(days=14),
                    state=_("held on %(date)s") % {"date": date_format(event.date, "j F Y")},
                    role=_("programme office"),
                    programme_id=event.programme_id,
                )
            )
    return todos


# --- The region page and the dashboard --------------------------------------------------------------------


@dataclass
class AttendedEvent:
    event: Event
    people: list = field(default_factory=list)


def region_attendance(*, region: Region) -> list[AttendedEvent]:
    """The events the region's people attended, latest first, with who came for the region (1 query)."""
    rows: dict[int, AttendedEvent] = {}
    registrations = (
        Registration.objects.filter(region=region, attended=True, event__status=Event.Status.PUBLISHED)
        .select_related("event", "user")
        .order_by("-event__date", "event__title", "user__full_name")
    )
    for registration in registrations:
        rows.setdefault(registration.event_id, AttendedEvent(registration.event)).people.append(registration.user)
    return list(rows.values())


def region_attendance_section(*, region: Region, user) -> dict | None:
    events = region_attendance(region=region)
    return {"events": events} if events else None


KNOWLEDGE_SECTION = RegionSection(
    slot="bottom",
    order=30,
    anchor="knowledge",
    title=gettext_lazy("Knowledge programme"),
    template="knowledge/region/_attendance.html",
    context=region_attendance_section,
)


@dataclass
class YearAttendance:
    year: int
    n_held: int
    regions: list  # Region rows annotated with n_events and n_people


def programme_year_attendance(*, programme, year: int, today: datetime.date) -> YearAttendance:
    """The dashboard's table: the programme's events held in the year, and per active region how many of them
    its people attended and how many people came (2 queries)."""
    held = Q(status=Event.Status.PUBLISHED, date__year=year, date__lte=today)
    n_held = Event.objects.filter(held, programme=programme).count()
    attended = Q(
        event_registrations__attended=True,
        event_registrations__event__status=Event.Status.PUBLISHED,
        event_registrations__event__date__year=year,
        event_registrations__event__date__lte=today,
    )
    regions = list(
        Region.objects.filter(programme=programme)
        .exclude(status=Region.Status.STOPPED)
        .annotate(
            n_events=Count("event_registrations__event", filter=attended, distinct=True),
            n_people=Count("event_registrations__user", filter=attended, distinct=True),
        )
        .order_by("name")
    )
    return YearAttendance(year=year, n_held=n_held, regions=regions)

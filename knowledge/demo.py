"""The demo's kennisprogramma (called by seed_demo, idempotent: events are found by programme and title).

- Toptechniek in bedrijf (2012–2015, closed): two kennisconferenties, two meetings for project leaders and
  penvoerders and a working visit to Twente, each held, with its invitations, registrations, attendance
  recorded by the office and its material (a report as PDF and links). Built as rows: the programme is closed.
- Regionale Techniekagenda (in progress): the autumn conference held nine days ago whose attendance the office
  still has to record (the office's task), and a meeting in January with the invitations sent and some people
  registered (the others find the invitation on Mijn taken). Built through the services.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from regions.models import Programme, Region, RegionRole
from toptechniek.accounts.models import User
from toptechniek.common import samples
from toptechniek.common.uploads import attachment_create

from . import services
from .models import Event, EventAttachment, EventLink, Invitation, Registration

LEADS = ["project_leader", "penvoerder"]
EVERYONE = ["project_leader", "penvoerder", "partner", "subproject_leader", "critical_friend", "programme_office"]

HISTORY = [
    # kind, title, date, start, end, place, audience, host region slug, agenda, report, links
    (
        Event.Kind.CONFERENCE,
        "Kennisconferentie 2012: samen werken aan techniektalent",
        datetime.date(2012, 11, 15),
        (10, 0),
        (16, 30),
        "Utrecht, Jaarbeurs Media Plaza",
        EVERYONE,
        None,
        "10.00 Ontvangst met koffie\n10.30 Opening door de voorzitter van het programmabureau\n"
        "11.00 Keynote: de arbeidsmarkt voor techniek in 2020\n12.30 Lunch en informatiemarkt van de regio's\n"
        "13.30 Workshops: doorlopende leerlijnen vmbo-mbo-hbo, betrokkenheid van het bedrijfsleven, "
        "prestatieafspraken die werken\n15.30 Plenaire terugkoppeling\n16.00 Netwerkborrel",
        "Verslag kennisconferentie 2012",
        [("Presentaties van de workshops", "https://example.org/toptechniek/2012/presentaties")],
    ),
    (
        Event.Kind.MEETING,
        "Bijeenkomst projectleiders en penvoerders: monitoren en verantwoorden",
        datetime.date(2013, 4, 11),
        (13, 0),
        (17, 0),
        "Amersfoort, De Observant",
        LEADS,
        None,
        "13.00 Ontvangst\n13.30 De eerste monitorrapportage: wat ging goed, wat kan beter\n"
        "14.30 Uitwisseling in tafelgroepen: het verhaal achter de realisatie\n"
        "16.00 De placemat en het auditgesprek: wat vraagt de commissie\n16.45 Afsluiting",
        "Verslag bijeenkomst april 2013",
        [],
    ),
    (
        Event.Kind.VISIT,
        "Werkbezoek Twente: de technologieroute in de praktijk",
        datetime.date(2013, 10, 3),
        (9, 30),
        (15, 0),
        "Enschede, ROC van Twente, Gieterij",
        LEADS,
        "twente",
        "09.30 Ontvangst bij het ROC\n10.00 Rondleiding door het innovatiecentrum\n"
        "11.00 Gesprek met docenten en leerbedrijven over de technologieroute\n12.30 Lunch\n"
        "13.30 Bezoek aan een leerbedrijf in de maakindustrie\n14.30 Nabespreking: wat nemen we mee naar huis",
        "Verslag werkbezoek Twente",
        [],
    ),
    (
        Event.Kind.CONFERENCE,
        "Kennisconferentie 2014: de regio aan zet",
        datetime.date(2014, 11, 20),
        (10, 0),
        (16, 30),
        "Den Haag, World Forum",
        EVERYONE,
        None,
        "10.00 Ontvangst\n10.30 Opening door de minister van OCW\n11.00 Lessen uit de peer reviews\n"
        "12.30 Lunch\n13.30 Workshops: het mkb betrekken, de verduurzaming van de samenwerking, "
        "good practices uit de regio's\n15.45 Vooruitblik op de laatste programmajaren\n16.15 Borrel",
        "Verslag kennisconferentie 2014",
        [
            ("Publicatie: Help, de regio aan zet", "https://example.org/toptechniek/publicaties/de-regio-aan-zet"),
            ("Opname van de plenaire opening", "https://example.org/toptechniek/2014/opname"),
        ],
    ),
    (
        Event.Kind.MEETING,
        "Bijeenkomst projectleiders en penvoerders: de regioagenda na het programma",
        datetime.date(2015, 6, 4),
        (13, 0),
        (17, 0),
        "Zwolle, Windesheim",
        LEADS,
        None,
        "13.00 Ontvangst\n13.30 Wat blijft er na 2015: ervaringen van drie regio's\n"
        "14.30 Tafelgesprekken: financiering, eigenaarschap en de prestatieafspraken die blijven\n"
        "16.15 Wat vragen de regio's van het programmabureau in het laatste jaar\n16.45 Afsluiting",
        "Verslag bijeenkomst juni 2015",
        [],
    ),
]


def _people(programme: Programme, roles: list[str]):
    """Each person with one of these roles in the programme's regions, with the region they come for."""
    rows = (
        RegionRole.objects.filter(region__programme=programme, role__in=roles, user__is_active=True)
        .select_related("user", "region")
        .order_by("region__name", "role", "user__email")
    )
    seen, people = set(), []
    for role in rows:
        if role.user_id not in seen:
            seen.add(role.user_id)
            people.append((role.user, role.region))
    return people


def _history_event(programme: Programme, office: User, spec, index: int) -> None:
    kind, title, date, start, end, place, audience, host, agenda, report, links = spec
    event, created = Event.objects.get_or_create(
        programme=programme,
        title=title,
        defaults={
            "kind": kind,
            "date": date,
            "start_time": datetime.time(*start),
            "end_time": datetime.time(*end),
            "place": place,
            "agenda": agenda,
            "audience": audience,
            "host_region": Region.objects.filter(programme=programme, slug=host).first() if host else None,
            "status": Event.Status.PUBLISHED,
            "created_by": office,
            "published_at": timezone.make_aware(
                datetime.datetime.combine(date - datetime.timedelta(days=42), datetime.time(*start))
            ),
            "attendance_recorded_at": timezone.make_aware(
                datetime.datetime.combine(date + datetime.timedelta(days=3), datetime.time(11, 0))
            ),
        },
    )
    if not created:
        return
    invited_at = event.published_at
    people = _people(programme, audience)
    Invitation.objects.bulk_create([Invitation(event=event, user=user, invited_at=invited_at) for user, _r in people])
    if "programme_office" in audience:
        Invitation.objects.create(event=event, user=office, invited_at=invited_at)
    # Most of the regions came; one in five of those registered did not show up, and one region's people came
    # without registering.
    for number, (user, region) in enumerate(people):
        if (number + index) % 4 == 3:
            continue  # did not register
        walk_in = (number + index) % 11 == 5
        Registration.objects.create(
            event=event,
            user=user,
            region=region,
            registered_at=invited_at + datetime.timedelta(days=number % 20 + 1),
            walk_in=walk_in,
            attended=walk_in or (number + index) % 5 != 2,
        )
    Registration.objects.create(event=event, user=office, region=None, registered_at=invited_at, attended=True)
    attachment_create(
        model=EventAttachment,
        owner_field="event",
        owner=event,
        upload=ContentFile(samples.pdf_bytes(report), name=f"{report}.pdf"),
        description=report,
        actor=office,
        uploaded_at=event.attendance_recorded_at,
    )
    for link_title, url in links:
        EventLink.objects.create(
            event=event, title=link_title, url=url, added_by=office, added_at=event.attendance_recorded_at
        )


def _current_event(*, programme, office, title: str, **fields) -> Event:
    event = Event.objects.filter(programme=programme, title=title).first()
    if event is None:
        event = services.event_create(actor=office, programme=programme, title=title, today=fields["date"], **fields)
    if event.status == Event.Status.DRAFT:
        services.event_publish(actor=office, event=event, today=event.date - datetime.timedelta(days=40))
    return event


def _register(event: Event, people, *, today: datetime.date) -> None:
    for user, region in people:
        if not Registration.objects.filter(event=event, user=user).exists():
            services.registration_create(actor=user, event=event, region=region, today=today)


def seed_knowledge(*, history: Programme, current: Programme, office: User, today: datetime.date) -> None:
    for index, spec in enumerate(HISTORY):
        _history_event(history, office, spec, index)

    held = _current_event(
        programme=current,
        office=office,
        kind=Event.Kind.CONFERENCE,
        title=f"Kennisconferentie Regionale Techniekagenda {today.year}",
        date=today - datetime.timedelta(days=9),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 30),
        place="Utrecht, Beatrix Theater",
        agenda="10.00 Ontvangst\n10.30 Opening: halverwege de Regionale Techniekagenda\n"
        "11.00 Keynote: techniektalent voor de energietransitie\n12.30 Lunch en regiomarkt\n"
        "13.30 Workshops: hybride docenten, leven lang ontwikkelen in de maakindustrie, "
        "de zij-instroom van volwassenen\n15.30 Plenaire oogst\n16.00 Netwerkborrel",
        audience=EVERYONE,
        capacity=None,
        host_region=None,
    )
    people = _people(current, LEADS)
    _register(held, people[: max(len(people) - 2, 1)], today=held.date - datetime.timedelta(days=10))

    upcoming = _current_event(
        programme=current,
        office=office,
        kind=Event.Kind.MEETING,
        title="Bijeenkomst projectleiders en penvoerders: werken aan de regioagenda",
        date=today + datetime.timedelta(days=48),
        start_time=datetime.time(13, 0),
        end_time=datetime.time(17, 0),
        place="Amersfoort, De Observant",
        agenda="13.00 Ontvangst\n13.30 De regioagenda: wat blijft er na het programma\n"
        "14.15 Tafelgesprekken per landsdeel: financiering en eigenaarschap\n"
        "15.45 Wat vraagt de commissie van de laatste monitorrapportage\n16.45 Afsluiting met een drankje",
        audience=LEADS,
        capacity=40,
        host_region=None,
    )
    # Some project leaders have registered already; Parkstad Limburg's project leader and the penvoerders find
    # the invitation on Mijn taken.
    leaders = [(u, r) for u, r in _people(current, ["project_leader"]) if r.slug != "parkstad-limburg"]
    _register(upcoming, leaders[:3], today=today)

"""The demo's selection rounds (called by seed_demo, idempotent):

- Toptechniek in bedrijf: the 2012 call (the seventeen founding regions honoured, three applications not
  honoured) and the 2014 call of the second cohort (Noord-Holland Noord, Utrecht and Flevoland honoured, two
  not), each with a committee of the office and two independent members.
- Regionale Techniekagenda: its first call (the seven regions honoured, one not) and a call open today for
  next year's cohort with work in every hand: a draft (its applicant's task), a submitted application one
  member still scores (cf1's task), a fully scored one (the office decides) and an honoured one whose
  subsidiebeschikking the ministry records (viewer's task).

Honoured applications of the past point at their region and carry the texts, partners and agreements the
region started with, so nothing reads differently on the two pages.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from regions.models import Indicator, Landsdeel, PlacematTheme, Programme, Region, RegionVision, Route
from toptechniek.accounts.models import User

from .models import (
    CRITERIA,
    Application,
    ApplicationIndicator,
    ApplicationPartner,
    Call,
    CommitteeMember,
    CommitteeScore,
)

CRITERIA_TEXT = (
    "Een aanvraag beschrijft de regiovisie en het plan van aanpak (waarom, wat, wie, hoe), de partners uit "
    "onderwijs, ondernemers en overheid met hun toezegging, voorstellen voor prestatieafspraken met een "
    "0-meting en een begroting met cofinanciering. De beoordelingscommissie weegt vier criteria: ambitieus "
    "(een duidelijke opgave op de regionale arbeidsmarkt), partners (alle drie de O's committeren zich), "
    "haalbaar (een realistische begroting en aanpak) en duurzaam (wat blijft er na het programma). De "
    "regio's brengen minstens de helft van de begroting zelf in."
)

COMMITTEE = [
    ("commissie.dijkstra@example.org", "Marieke Dijkstra (VNO-NCW)"),
    ("commissie.hendriks@example.org", "Ruud Hendriks (MBO Raad)"),
]

# Applications that were not honoured: name, slug, landsdeel, city, (scores per criterion), reason.
REJECTED = {
    2012: [
        (
            "Noord-Veluwe",
            "noord-veluwe",
            "oost",
            "Harderwijk",
            (2, 1, 2, 2),
            "De commissie ziet de ambitie, maar het bedrijfsleven is nauwelijks aan boord: er is één werkgever en "
            "die brengt geen cofinanciering in. De prestatieafspraken missen een 0-meting. Versterk de "
            "samenwerking met de regionale werkgevers en vraag in de tweede tranche opnieuw aan.",
        ),
        (
            "Rivierenland",
            "rivierenland",
            "west",
            "Tiel",
            (2, 2, 1, 2),
            "De begroting leunt voor driekwart op de stimuleringsbijdrage; de partners brengen samen te weinig "
            "zelf in om de aanpak na het programma voort te zetten. De aanvraag is daarom niet haalbaar.",
        ),
        (
            "Zuid-Kennemerland",
            "zuid-kennemerland",
            "west",
            "Haarlem",
            (1, 2, 2, 1),
            "De aanvraag beschrijft losse projecten van de scholen, maar geen gezamenlijke regiovisie op de "
            "technische arbeidsmarkt. Een regio-overstijgende opgave en meetbare afspraken ontbreken.",
        ),
    ],
    2014: [
        (
            "Hoeksche Waard",
            "hoeksche-waard",
            "west",
            "Oud-Beijerland",
            (2, 2, 2, 1),
            "Het plan is sympathiek en de partners zijn betrokken, maar de aanpak overlapt grotendeels met "
            "Rijnmond. De commissie raadt aan aan te sluiten bij de regio Rijnmond.",
        ),
        (
            "Westelijke Mijnstreek",
            "westelijke-mijnstreek",
            "zuid",
            "Sittard-Geleen",
            (3, 2, 1, 2),
            "Ambitieus, maar de helft van de toegezegde cofinanciering is nog niet schriftelijk bevestigd en de "
            "projectorganisatie is niet ingericht. Daarmee is de aanvraag op dit moment niet haalbaar.",
        ),
    ],
}

# A new region's application text, by criterion-neutral parts, filled with its name and city.
NEW_TEXT = {
    "labour_market_analysis": (
        "In {name} staan ruim {vacatures} technische vacatures open, vooral voor monteurs, operators en "
        "installateurs. De instroom in techniekopleidingen in het vmbo en mbo daalt al vijf jaar; een derde van "
        "de technici in de regio gaat binnen tien jaar met pensioen."
    ),
    "ambitions": (
        "Over vier jaar kiest een kwart meer jongeren in {name} voor een technische opleiding, en vindt negen op "
        "de tien gediplomeerden binnen een half jaar werk in de regio."
    ),
    "approach_why": (
        "Omdat de bedrijven rond {city} hun groei niet kunnen bemensen en jongeren de techniek niet kennen."
    ),
    "approach_what": (
        "Een doorlopende leerlijn techniek van basisschool tot mbo, hybride docenten uit het bedrijfsleven en "
        "een zij-instroomroute voor volwassenen."
    ),
    "approach_who": "Het mbo-college als penvoerder, de vmbo-scholen, de technische bedrijven en de gemeente {city}.",
    "approach_how": (
        "Met een regionale stuurgroep van de drie O's, vier deelprojecten met elk een trekker en een jaarlijkse "
        "monitor op de prestatieafspraken."
    ),
}


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(command, email: str, name: str) -> User:
    return command.user(email, name)


def _call(*, programme: Programme, title: str, join_year: int, opens_on, deadline, budget) -> Call:
    call, _ = Call.objects.get_or_create(
        programme=programme,
        title=title,
        defaults={
            "join_year": join_year,
            "opens_on": opens_on,
            "deadline": deadline,
            "criteria": CRITERIA_TEXT,
            "budget": Decimal(budget),
            "published_at": _aware(opens_on, 9),
        },
    )
    return call


def _committee(call: Call, members: list[User]) -> None:
    for member in members:
        CommitteeMember.objects.get_or_create(call=call, user=member)


def _score(application: Application, member: User, base: tuple, rng: random.Random, advice: str, when) -> None:
    rationales = {
        "ambitious": [
            "De opgave is scherp beschreven en onderbouwd met cijfers.",
            "De ambitie is helder maar weinig uitdagend.",
        ],
        "partners": [
            "Alle drie de O's committeren zich met geld en menskracht.",
            "De werkgevers zijn nog beperkt aan boord.",
        ],
        "feasible": [
            "De begroting is realistisch en de partners brengen de helft zelf in.",
            "De planning is krap voor wat er moet gebeuren.",
        ],
        "sustainable": [
            "Er zijn afspraken over wat blijft na het programma.",
            "Wat na het programma blijft, is nog open.",
        ],
    }
    values = {}
    for criterion, score in zip(CRITERIA, base, strict=True):
        value = max(1, min(4, score + rng.choice((0, 0, 0, 1, -1))))
        values[f"{criterion}_score"] = value
        values[f"{criterion}_rationale"] = rationales[criterion][0 if value >= 3 else 1]
    CommitteeScore.objects.get_or_create(
        application=application, member=member, defaults={**values, "advice": advice, "submitted_at": when}
    )


def _honoured_from_region(*, call: Call, region: Region, members: list[User], rng: random.Random) -> None:
    """The application a region was founded on: its first vision's texts, its partners, its agreements."""
    vision = RegionVision.objects.filter(region=region, version=1).first()
    applicant = region.roles.filter(role="project_leader").select_related("user").first()
    if vision is None or applicant is None or Application.objects.filter(region=region).exists():
        return
    decided = vision.approved_at or _aware(call.deadline + datetime.timedelta(days=45))
    submitted = _aware(call.deadline - datetime.timedelta(days=rng.randrange(1, 12)), 16)
    application = Application.objects.create(
        call=call,
        applicant=applicant.user,
        region_name=region.name,
        landsdeel=region.landsdeel,
        requested_amount=(vision.subsidy_amount or Decimal(0)) + Decimal(20000),
        status=Application.Status.HONOURED,
        submitted_at=submitted,
        decided_at=decided - datetime.timedelta(days=14),
        decided_by=vision.approved_by,
        decision_reason=(
            f"De commissie adviseert unaniem positief: {region.name} heeft een heldere opgave, alle drie de O's "
            "zijn aan boord en de partners brengen samen de helft van de begroting in."
        ),
        decision_scores={
            c: {"score": getattr(vision, f"{c}_score") or 3, "rationale": getattr(vision, f"{c}_rationale") or "–"}
            for c in CRITERIA
        },
        awarded_amount=vision.subsidy_amount,
        beschikking_date=vision.subsidy_decision_date,
        beschikking_amount=vision.subsidy_amount,
        beschikking_reference=f"OCW/TTIB/{call.join_year}/{region.pk:04d}",
        beschikking_recorded_by=User.objects.filter(global_role=User.GlobalRole.VIEWER).first(),
        region=region,
        penvoerder_name=f"Bestuurder {region.name}",
        penvoerder_email=f"pv.{region.slug}@example.org",
        **{f: getattr(vision, f) for f in Application.TEXT_FIELDS},
    )
    for partner in region.partners.select_related("organisation"):
        org = partner.organisation
        committed = sum((c.committed for c in partner.cofinancing.all()), Decimal(0))
        ApplicationPartner.objects.create(
            application=application,
            name=org.name,
            kind=org.kind,
            subtype=org.subtype,
            is_penvoerder=partner.is_penvoerder,
            commitment={
                "onderwijs": "Docenten, lesprogramma's en praktijklokalen.",
                "ondernemer": "Stageplaatsen, gastlessen en hybride docenten.",
                "overheid": "Regie, cofinanciering en de koppeling met het economisch beleid.",
            }.get(org.kind, "Kennis en onderzoek."),
            cofinancing=committed,
        )
    for indicator in Indicator.objects.filter(region=region, status=Indicator.Status.AGREED).prefetch_related(
        "targets"
    ):
        target = max(indicator.targets.all(), key=lambda t: t.year, default=None)
        ApplicationIndicator.objects.create(
            application=application,
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            performance_area_id=indicator.performance_area_id,
            route_id=indicator.route_id,
            baseline_value=indicator.baseline_value,
            baseline_year=min(indicator.baseline_year, call.join_year),
            target_value=target.value if target else indicator.baseline_value,
        )
    for member in members:
        _score(application, member, (3, 4, 3, 3), rng, "honour", submitted + datetime.timedelta(days=20))


def _new_application(
    *,
    call: Call,
    command,
    name: str,
    slug: str,
    landsdeel: str,
    city: str,
    status: str,
    submitted=None,
    complete: bool = True,
) -> Application:
    applicant = _user(command, f"aanvrager.{slug}@example.org", f"Aanvrager {name}")
    application, created = Application.objects.get_or_create(
        call=call,
        region_name=name,
        defaults={
            "applicant": applicant,
            "landsdeel": Landsdeel.objects.get(programme=call.programme, code=landsdeel),
            "requested_amount": Decimal("240000"),
            "penvoerder_name": f"Bestuurder {city} College" if complete else "",
            "penvoerder_email": f"bestuur@{slug}.example.org" if complete else "",
            "status": status,
            "submitted_at": submitted,
            **{
                k: v.format(name=name, city=city, vacatures=300 + 17 * len(name))
                for k, v in NEW_TEXT.items()
                if complete or k in ("labour_market_analysis", "ambitions")
            },
        },
    )
    if not created:
        return application
    partners = [
        (f"{city} College", "onderwijs", "mbo", True, Decimal("160000")),
        (f"Technisch Lyceum {city}", "onderwijs", "vmbo", False, Decimal("40000")),
        (f"Installatiebedrijf {name}", "ondernemer", "bedrijf", False, Decimal("90000")),
        (f"Gemeente {city}", "overheid", "gemeente", False, Decimal("60000")),
    ]
    for org, kind, subtype, pen, cofin in partners if complete else partners[:2]:
        ApplicationPartner.objects.create(
            application=application,
            name=org,
            kind=kind,
            subtype=subtype,
            is_penvoerder=pen,
            commitment="Docenten, stageplaatsen en een bijdrage in geld.",
            cofinancing=cofin,
        )
    if complete:
        programme = call.programme
        area = PlacematTheme.objects.filter(programme=programme, kind="performance").order_by("number").first()
        route = Route.objects.filter(programme=programme).order_by("position").first()
        for code, label, unit, base, target in (
            ("IN1", "Instroom in technische mbo-opleidingen", "studenten", 410, 500),
            ("IN2", "Gediplomeerden met een baan in de regio binnen zes maanden", "%", 72, 85),
        ):
            ApplicationIndicator.objects.create(
                application=application,
                code=code,
                name=label,
                unit=unit,
                performance_area=area,
                route=route,
                baseline_value=Decimal(base),
                baseline_year=call.join_year - 1,
                target_value=Decimal(target),
            )
    return application


def _rejected(*, call: Call, command, members: list[User], rng: random.Random) -> None:
    office = User.objects.filter(global_role=User.GlobalRole.PROGRAMME_OFFICE).order_by("pk").first()
    for name, slug, landsdeel, city, base, reason in REJECTED.get(call.join_year, []):
        submitted = _aware(call.deadline - datetime.timedelta(days=rng.randrange(1, 10)), 15)
        application = _new_application(
            call=call,
            command=command,
            name=name,
            slug=slug,
            landsdeel=landsdeel,
            city=city,
            status=Application.Status.REJECTED,
            submitted=submitted,
        )
        if application.decided_at is None:
            application.decided_at = _aware(call.deadline + datetime.timedelta(days=40), 14)
            application.decided_by = office
            application.decision_reason = reason
            application.save()
        for member in members:
            _score(application, member, base, rng, "reject", submitted + datetime.timedelta(days=20))


def seed_selection(*, command, history: Programme, current: Programme, office: User, today: datetime.date) -> None:
    rng = random.Random("selection")
    independents = [_user(command, email, name) for email, name in COMMITTEE]
    carla = _user(command, "cf1@example.org", "Carla Friedman")

    # Toptechniek in bedrijf: the founding call and the second cohort.
    members = [office, *independents]
    for title, join_year, opens, deadline in (
        ("Oproep Toptechniek in bedrijf 2012", 2012, datetime.date(2011, 10, 3), datetime.date(2012, 1, 16)),
        (
            "Oproep Toptechniek in bedrijf: tweede tranche 2014",
            2014,
            datetime.date(2013, 9, 2),
            datetime.date(2013, 11, 15),
        ),
    ):
        call = _call(
            programme=history, title=title, join_year=join_year, opens_on=opens, deadline=deadline, budget="4000000"
        )
        _committee(call, members)
        for region in Region.objects.filter(programme=history, join_year=join_year).order_by("name"):
            _honoured_from_region(call=call, region=region, members=members, rng=rng)
        _rejected(call=call, command=command, members=members, rng=rng)

    # Regionale Techniekagenda: its first call, all seven regions honoured.
    start = current.start_year
    first = _call(
        programme=current,
        title=f"Oproep Regionale Techniekagenda {start}",
        join_year=start,
        opens_on=datetime.date(start - 1, 9, 1),
        deadline=datetime.date(start - 1, 11, 14),
        budget="1500000",
    )
    members = [office, carla, independents[0]]
    _committee(first, members)
    for region in Region.objects.filter(programme=current, join_year=start).order_by("name"):
        _honoured_from_region(call=first, region=region, members=members, rng=rng)

    # A call open today for next year's cohort, with work in every hand.
    join = min(today.year + 1, current.end_year)
    open_call = _call(
        programme=current,
        title=f"Oproep Regionale Techniekagenda: tweede tranche {join}",
        join_year=join,
        opens_on=today - datetime.timedelta(days=30),
        deadline=today + datetime.timedelta(days=40),
        budget="900000",
    )
    _committee(open_call, members)
    _new_application(
        call=open_call,
        command=command,
        name="Hoeksche Waard",
        slug="hoeksche-waard",
        landsdeel="west",
        city="Oud-Beijerland",
        status=Application.Status.DRAFT,
        complete=False,
    )
    # Submitted ones, each further along: (name, slug, landsdeel, city, days ago, scores, who has scored).
    submitted = {}
    for name, slug, landsdeel, city, days, base, scorers in (
        ("Zeeuws-Vlaanderen", "zeeuws-vlaanderen", "zuid", "Terneuzen", 9, (3, 3, 3, 2), (office, independents[0])),
        ("Gooi en Vechtstreek", "gooi-en-vechtstreek", "west", "Hilversum", 20, (3, 2, 3, 3), members),
        ("Midden-Groningen", "midden-groningen", "noord", "Hoogezand", 26, (4, 3, 3, 3), members),
    ):
        application = _new_application(
            call=open_call,
            command=command,
            name=name,
            slug=slug,
            landsdeel=landsdeel,
            city=city,
            status=Application.Status.SUBMITTED,
            submitted=_aware(today - datetime.timedelta(days=days)),
        )
        for member in scorers:  # Carla Friedman has yet to score Zeeuws-Vlaanderen
            _score(application, member, base, rng, "honour", _aware(today - datetime.timedelta(days=days - 5)))
        submitted[slug] = application
    honoured = submitted["midden-groningen"]
    if honoured.status == Application.Status.SUBMITTED:
        Application.objects.filter(pk=honoured.pk).update(
            status=Application.Status.HONOURED,
            decided_at=_aware(today - datetime.timedelta(days=3), 15),
            decided_by=office,
            decision_reason=(
                "Vroeg ingediend en unaniem positief beoordeeld: een scherpe analyse van de vraag in de "
                "procesindustrie rond Hoogezand en stevige toezeggingen van de werkgevers. De commissie vraagt "
                "in het eerste jaar een 0-meting van de zij-instroom toe te voegen."
            ),
            decision_scores={
                "ambitious": {"score": 4, "rationale": "Scherpe opgave, goed onderbouwd met cijfers."},
                "partners": {"score": 3, "rationale": "Alle drie de O's committeren zich met geld en menskracht."},
                "feasible": {"score": 3, "rationale": "Realistische begroting; de partners brengen de helft in."},
                "sustainable": {"score": 3, "rationale": "De gemeente neemt de regie na het programma over."},
            },
            awarded_amount=Decimal("220000"),
        )

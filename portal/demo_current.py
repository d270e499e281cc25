# ruff: noqa: E501 - demo text reads better unwrapped
"""The demo's second programme: a successor regional agenda in progress on today's dates (idempotent).

"Regionale Techniekagenda" runs four years around the day the demo is first loaded: last year is complete
(reports accepted, placemats published, grants decided), this year's reports are due in ten days (the
reminder of a week before comes next week), some are being written, one awaits endorsement, two are in and
being scored, and a peer review is being prepared. Twente and its people continue from Toptechniek in
bedrijf, as do two critical friends; the other regions are new.

Everything is found by its natural key and created only when missing, so running it again keeps what users
changed, and a programme loaded on an earlier day keeps its calendar.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from audits.models import Assignment, Placemat, Scoring, ThemeScore
from monitoring.demo import _seed_report
from monitoring.models import MonitorReport, SelfAssessment
from regions import demo_catalogue as catalogue
from regions.demo_subprojects import seed_subprojects
from regions.models import (
    Indicator,
    Landsdeel,
    Organisation,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    Route,
    Target,
)
from regions.services import framework_install
from toptechniek.accounts.models import User

SLUG = "techniekagenda"
REPORT_DUE_IN_DAYS = 10  # this year's reports are due ten days after the demo is first loaded

# name, slug, landsdeel, main city, province
REGIONS = [
    ("Twente", "twente", "oost", "Enschede", "Overijssel"),
    ("Food Valley", "food-valley", "oost", "Ede", "Gelderland"),
    ("Parkstad Limburg", "parkstad-limburg", "zuid", "Heerlen", "Limburg"),
    ("Noordoost-Brabant", "noordoost-brabant", "zuid", "'s-Hertogenbosch", "Noord-Brabant"),
    ("Drechtsteden", "drechtsteden", "west", "Dordrecht", "Zuid-Holland"),
    ("Kop van Noord-Holland", "kop-van-noord-holland", "west", "Den Helder", "Noord-Holland"),
    ("Eemsdelta", "eemsdelta", "noord", "Delfzijl", "Groningen"),
]

P = catalogue.Profile
PROFILES = {
    "twente": P(
        ("high-tech systemen", "energietransitie"),
        ("Twentse Precisie Systemen BV", "Warmtenet Twente BV"),
        "FME Oost",
        "Na Toptechniek in bedrijf is de technologieroute naar Saxion stevig; nu vragen de energietransitie en de netcongestie om monteurs en engineers die de regio nog niet opleidt. De helft van de technici van de hightech-bedrijven is ouder dan 50.",
        "In {end} kiest een op de drie vmbo-leerlingen in Twente voor techniek, leren 200 werkenden per jaar om naar de energietechniek, en blijft 80 procent van de gediplomeerden in de regio aan het werk.",
        "Een leerwerkplaats energietransitie bij het ROC, omscholing van werkenden met de werkgevers van FME Oost, en de technologieroute die in Toptechniek in bedrijf is gebouwd, nu ook voor volwassenen.",
        ("IN1", "UV1", "LL2", "DO1", "BB2", "UI1", "DP1"),
    ),
    "food-valley": P(
        ("voedingsmiddelentechnologie", "agrotechniek"),
        ("Levensmiddelenfabriek De Vallei BV", "Agro Robotics Ede BV"),
        "FNLI en Metaalunie Gelderland",
        "De voedingsindustrie rond Ede en Wageningen automatiseert snel; operators worden procestechnici. De bedrijven vinden te weinig mbo-4-technici en de vmbo-scholen kennen de sector nauwelijks.",
        "In {end} volgen 600 vmbo-leerlingen het keuzevak procestechniek, bieden de voedingsbedrijven 300 BPV-plaatsen en stroomt 40 procent meer mbo-studenten door naar de ad-opleiding procestechnologie.",
        "Een praktijkcentrum voedingstechnologie bij het ROC, een keuzevak procestechniek op alle vmbo-scholen en leerwerkplekken in de fabrieken van de FNLI-leden.",
        ("IN4", "UV1", "DO2", "LL1", "BB2", "BB3"),
    ),
    "parkstad-limburg": P(
        ("procesindustrie", "bouw en installatie"),
        ("Chemiepark Zuid BV", "Installatiebedrijf Parkstad BV"),
        "Techniek Nederland Zuid",
        "Parkstad krimpt: tot 2030 daalt het aantal jongeren met twintig procent, terwijl de procesindustrie op Chemelot en de renovatie van de woningvoorraad technici vragen. Grensarbeid met Duitsland biedt kansen.",
        "In {end} stroomt 90 procent van de techniekstudenten zonder uitval door, werken 150 bedrijven mee in het onderwijs en vindt een kwart van de gediplomeerden werk over de grens.",
        "Een grensoverschrijdende leerlijn met Aken, doorlopende leerlijnen bouw en installatie, en een loopbaancentrum voor jongeren en werkzoekenden.",
        ("IN1", "UV1", "DO1", "LL2", "BB1", "UI1"),
    ),
    "noordoost-brabant": P(
        ("agrofood-machinebouw", "logistieke techniek"),
        ("Machinebouw Maasland BV", "Distributietechniek Oss BV"),
        "Metaalunie Brabant",
        "De machinebouw voor de agrofood en de geautomatiseerde distributiecentra groeien; de bedrijven werven technici uit heel Brabant. Meisjes kiezen nauwelijks voor techniek.",
        "In {end} is 25 procent van de instroom in mbo-techniek een meisje, bieden 120 bedrijven gastlessen en zijn vijf nieuwe leerlijnen vmbo–mbo–hbo gestart.",
        "Een campus techniek bij het ROC, gastlessen en bedrijfsbezoeken voor alle tweedeklassers en rolmodellen voor meisjes.",
        ("IN4", "IN2", "UV1", "LL1", "BB4", "BB1"),
    ),
    "drechtsteden": P(
        ("maritieme techniek", "bouw"),
        ("Scheepswerf Merwede BV", "Bouwbedrijf Dordtse Kil BV"),
        "Netherlands Maritime Technology",
        "De scheepsbouw en de bouw in de Drechtsteden draaien op vakmensen die met pensioen gaan. De samenwerking tussen de maritieme bedrijven en het onderwijs is sterk, die met de bouw nog jong.",
        "In {end} leiden de partners 250 maritieme vakmensen per jaar op, heeft elke vmbo-school een bouwpartner en halen 85 procent van de leerlingen in een leerbaan hun diploma.",
        "De maritieme academie met de werven, leerbanen in de bouw en een doorlopende leerlijn vmbo–mbo maritiem.",
        ("IN1", "UV1", "LL2", "DO1", "BB2", "BB3"),
    ),
    "kop-van-noord-holland": P(
        ("offshore energie", "defensie-onderhoud"),
        ("Offshore Service Den Helder BV", "Marinebedrijf Noordkop"),
        "Energy Den Helder",
        "Den Helder wordt een haven voor wind op zee; naast de marine zoeken de offshorebedrijven monteurs. Jongeren vertrekken naar Alkmaar en Amsterdam om te studeren en komen zelden terug.",
        "In {end} leidt het ROC 120 servicemonteurs wind op zee per jaar op, bieden de bedrijven 200 stageplaatsen en blijft 70 procent van de gediplomeerden in de Kop aan het werk.",
        "Een opleiding servicemonteur wind op zee met de offshorebedrijven, leerwerktrajecten met de marine en een huisvestingsregeling voor studenten.",
        ("IN3", "UV1", "DO1", "BB2", "BB1", "UI1"),
    ),
    "eemsdelta": P(
        ("chemie", "energie en waterstof"),
        ("Chemiepark Delfzijl BV", "Waterstofhaven Eemshaven BV"),
        "VNCI Noord",
        "De chemie en de waterstofprojecten in de Eemshaven vragen operators en monteurs, in een regio die krimpt en waar de aardbevingen het vertrouwen hebben aangetast. De scholen zijn klein.",
        "In {end} volgen 300 leerlingen de leerlijn procestechniek vmbo–mbo, zijn 80 bedrijven betrokken bij het onderwijs en hebben 40 docenten stage gelopen in de industrie.",
        "Een gezamenlijke leerlijn procestechniek van de kleine vmbo-scholen met het ROC, docentstages in de chemie en een opleidingsfonds van de bedrijven.",
        ("IN2", "UV1", "LL1", "DP1", "BB1", "BB4"),
    ),
}
GOALS = {}  # no goals named by number: the catalogue's typical values and steps decide

# Two critical friends continue from Toptechniek in bedrijf; three are new.
FRIENDS = [
    ("cf1@example.org", "Carla Friedman"),
    ("cf2@example.org", "Hans Koster"),
    ("cf7@example.org", "Meryem Yılmaz"),
    ("cf8@example.org", "Sanne Visser"),
    ("cf9@example.org", "Thijs van Dijk"),
]

# This year's report per region (by position in REGIONS): the work in progress on today's date.
THIS_YEAR = {
    "twente": "submitted",
    "food-valley": "awaiting",
    "parkstad-limburg": "draft",
    "noordoost-brabant": None,  # not started yet
    "drechtsteden": "submitted",
    "kop-van-noord-holland": "draft",
    "eemsdelta": "returned",  # sent in early; the office asked for a closer look at the figures behind
}

SCORE_REMARKS = {
    2: "Een begin is gemaakt; de aanpak hangt nog aan enkele trekkers.",
    3: "Op koers: de partners dragen de aanpak en de cijfers bewegen de goede kant op.",
    4: "Sterk: de aanpak is geborgd en kan andere regio's inspireren.",
}


def _key(slug: str) -> str:
    """The catalogue's dice for this region in this programme (Twente's figures differ from its 2012 ones)."""
    return f"{SLUG}:{slug}"


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def calendar(today: datetime.date) -> tuple[int, int, dict[int, dict]]:
    """(current year, first year, the calendar of each year) for a programme loaded on `today`: this year's
    reports are due in REPORT_DUE_IN_DAYS days; every year's dates fall on the same days."""
    due = today + datetime.timedelta(days=REPORT_DUE_IN_DAYS)
    current = due.year if due.month >= 7 else due.year - 1
    start = current - 1
    years = {}
    for year in range(start, start + 4):
        report_due = _shift_year(due, year - current)
        years[year] = {
            "report_due_date": report_due,
            "scoring_due_date": report_due + datetime.timedelta(days=60),
            "audit_window_start": report_due + datetime.timedelta(days=30),
            "audit_window_end": report_due + datetime.timedelta(days=150),
            "peer_review_window_start": report_due - datetime.timedelta(days=75),
            "peer_review_window_end": report_due + datetime.timedelta(days=60),
        }
    return current, start, years


def seed_current_programme(*, command, office: User, today: datetime.date) -> Programme:
    """The programme in progress (see the module's doc). `command` is seed_demo (its user helper)."""
    current, start, years = calendar(today)
    programme, _ = Programme.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": f"Regionale Techniekagenda {start}–{start + 3}",
            "start_year": start,
            "end_year": start + 3,
            "description": (
                "De opvolger van Toptechniek in bedrijf: regio's van onderwijs, ondernemers en overheid werken "
                "vier jaar aan een regionale techniekagenda voor de energietransitie, de maakindustrie en de "
                "zorgtechniek, met prestatieafspraken, peer reviews en een jaarlijkse placemat."
            ),
        },
    )
    framework_install(programme=programme)
    for year in programme.years:
        if year in years:
            ProgrammeYear.objects.get_or_create(programme=programme, year=year, defaults=years[year])
    # A programme loaded on an earlier day keeps its own calendar: the rest follows the programme's years.
    current = _current_year(programme, today) or current
    friends = [command.user(email, name) for email, name in FRIENDS]
    areas = {t.number: t for t in PlacematTheme.objects.filter(programme=programme, kind="performance")}
    for index, (name, slug, landsdeel, city, province) in enumerate(REGIONS):
        region, _ = Region.objects.get_or_create(
            programme=programme,
            slug=slug,
            defaults={
                "name": name,
                "landsdeel": Landsdeel.objects.get(programme=programme, code=landsdeel),
                "join_year": programme.start_year,
                "description": "Voortgezet uit Toptechniek in bedrijf." if slug == "twente" else "",
            },
        )
        _partners(region, city, province)
        _people(command, region)
        _vision(region, office)
        _indicators(region, areas)
        seed_subprojects(region=region, user=command.user, profile=PROFILES[region.slug])
        _friends(region, friends, index, current)
    _reports(programme, office, current, today)
    _contributions(programme, current, today)
    _placemats(programme, office, current, today)
    _grants(programme, office, current)
    _peer_review(programme, current, today)
    _amendment(programme, current, today)
    _good_practices(programme, today)
    return programme


def current_year(programme: Programme, today: datetime.date) -> int:
    """The programme's year in progress: the one whose reports are due next (else the calendar's)."""
    return _current_year(programme, today) or calendar(today)[0]


def _current_year(programme: Programme, today: datetime.date) -> int | None:
    """The year whose reports are due next (or were due last, once all are past)."""
    upcoming = programme.programme_years.filter(report_due_date__gte=today).order_by("year").first()
    return upcoming.year if upcoming else None


def _partners(region: Region, city: str, province: str) -> None:
    profile = PROFILES[region.slug]
    orgs = [
        (f"ROC {region.name}", "onderwijs", "mbo", True),
        (f"Vmbo Techniekcollege {region.name}", "onderwijs", "vmbo", False),
        (profile.branche, "ondernemer", "branche", False),
        (profile.employers[0], "ondernemer", "bedrijf", False),
        (profile.employers[1], "ondernemer", "bedrijf", False),
        (f"Gemeente {city}", "overheid", "gemeente", False),
        (f"Provincie {province}", "overheid", "provincie", False),
    ]
    for org_name, kind, subtype, penvoerder in orgs:
        # Organisations carry over between programmes: Twente's ROC is the same organisation as in 2012.
        organisation = Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": kind, "subtype": subtype, "city": city}
        )[0]
        partner, created = RegionPartner.objects.get_or_create(
            region=region, organisation=organisation, defaults={"since_year": region.join_year}
        )
        if created and penvoerder and not RegionPartner.objects.filter(region=region, is_penvoerder=True).exists():
            partner.is_penvoerder = True
            partner.save(update_fields=["is_penvoerder"])


def _people(command, region: Region) -> None:
    """Project leader, penvoerder and partner: Twente's people continue (the same accounts)."""
    penvoerder = RegionPartner.objects.filter(region=region, is_penvoerder=True).select_related("organisation").first()
    for prefix, full_name, role in (
        ("pl", f"Projectleider {region.name}", RegionRole.Role.PROJECT_LEADER),
        ("pv", f"Bestuurder {region.name}", RegionRole.Role.PENVOERDER),
        ("partner", f"Partner {region.name}", RegionRole.Role.PARTNER),
    ):
        person = command.user(f"{prefix}.{region.slug}@example.org", full_name)
        RegionRole.objects.get_or_create(
            user=person,
            region=region,
            role=role,
            defaults={
                "organisation": penvoerder.organisation if penvoerder and role != RegionRole.Role.PARTNER else None,
                "start_date": datetime.date(region.join_year, 1, 1),
            },
        )


def _words(region: Region) -> dict:
    return catalogue.context(PROFILES[region.slug], region.name)


def _vision(region: Region, office: User) -> None:
    profile = PROFILES[region.slug]
    words = _words(region)
    rng = random.Random(f"vision:{_key(region.slug)}")
    author = User.objects.get(email=f"pl.{region.slug}@example.org")
    approved_at = _aware(datetime.date(region.join_year, 3, 15), 12)
    vision, created = RegionVision.objects.get_or_create(
        region=region,
        version=1,
        defaults={
            "labour_market_analysis": profile.analysis,
            "ambitions": profile.ambitions.format(end=region.programme.end_year),
            "approach_why": rng.choice(catalogue.WHY).format(**words),
            "approach_what": profile.what,
            "approach_who": catalogue.WHO.format(**words),
            "approach_how": rng.choice(catalogue.HOW).format(**words),
            "ambitious_rationale": f"De ambities passen bij de vraag in de {words['sectors']} en zijn meetbaar.",
            "partners_rationale": f"Alle drie de O's zitten aan tafel; {words['employer']} trekt mee in de stuurgroep.",
            "feasible_rationale": "Haalbaar: de partners brengen samen de helft van de begroting zelf in.",
            "sustainable_rationale": "De partners hebben vanaf het begin afgesproken wat na het programma blijft.",
            "status": RegionVision.Status.APPROVED,
            "created_by": author,
            "ambitious_score": 3 + rng.randrange(2),
            "partners_score": 3 + rng.randrange(2),
            "feasible_score": 3,
            "sustainable_score": 3,
            "subsidy_decision_date": approved_at.date(),
            "subsidy_amount": Decimal("180000.00"),
            "approved_by": office,
            "approved_at": approved_at,
        },
    )
    if created:
        RegionVision.objects.filter(pk=vision.pk).update(
            created_at=approved_at - datetime.timedelta(days=45), updated_at=approved_at - datetime.timedelta(days=3)
        )


def indicator_agreed(
    *, region: Region, code: str, key: str, areas: dict, proposer: User, agreed_at: datetime.datetime
) -> tuple[Indicator, bool]:
    """The region's agreement on catalogue indicator `code` (found, or created with its baseline, the 0-meting
    of the year before the region joined, and a target for every year of the programme, drawn with the
    catalogue's dice `key`), and whether it was created now. Both demo programmes use it."""
    baseline_year = region.join_year - 1
    name, area, route, unit, _typical, kind, direction, *_ = catalogue.INDICATORS[code]
    base = catalogue.baseline(key, code)
    indicator, created = Indicator.objects.get_or_create(
        region=region,
        code=code,
        defaults={
            "name": name,
            "performance_area": areas[area],
            "route": Route.objects.get(programme=region.programme, code=route),
            "unit": unit,
            "kind": kind,
            "direction": direction,
            "baseline_value": base,
            "baseline_year": baseline_year,
            "status": Indicator.Status.AGREED,
            "proposed_by": proposer,
        },
    )
    if created:
        targets = catalogue.targets(key, code, base, baseline_year, region.programme.end_year)
        Target.objects.bulk_create(Target(indicator=indicator, year=y, value=v) for y, v in targets.items())
        Indicator.objects.filter(pk=indicator.pk).update(agreed_at=agreed_at)
    return indicator, created


def _indicators(region: Region, areas: dict) -> None:
    proposer = User.objects.get(email=f"pl.{region.slug}@example.org")
    for code in PROFILES[region.slug].indicators:
        indicator_agreed(
            region=region,
            code=code,
            key=_key(region.slug),
            areas=areas,
            proposer=proposer,
            agreed_at=_aware(datetime.date(region.join_year, 3, 15), 12),
        )


def _friends(region: Region, friends: list[User], index: int, current: int) -> None:
    """One advisor and two assessors a year until this year (the office assigns next year's later), rotated
    over five critical friends so that the advisor of year Y assesses the region neither in Y nor in Y+1."""
    for programme_year in region.programme.programme_years.filter(year__lte=current).order_by("year"):
        shift = index + programme_year.year
        for offset, role in (
            (0, Assignment.Role.ADVISOR),
            (2, Assignment.Role.ASSESSOR),
            (3, Assignment.Role.ASSESSOR),
        ):
            user = friends[(shift + offset) % len(friends)]
            Assignment.objects.get_or_create(
                programme_year=programme_year, region=region, user=user, defaults={"role": role}
            )
            RegionRole.objects.get_or_create(
                user=user,
                region=region,
                role=RegionRole.Role.CRITICAL_FRIEND,
                defaults={"start_date": datetime.date(programme_year.year, 1, 1)},
            )


def _reports(programme: Programme, office: User, current: int, today: datetime.date) -> None:
    """Last year's reports accepted; this year's as THIS_YEAR says."""
    now = _aware(today, 9)
    for region in Region.objects.filter(programme=programme).order_by("pk"):
        leader = User.objects.filter(email=f"pl.{region.slug}@example.org").first()
        penvoerder = User.objects.filter(email=f"pv.{region.slug}@example.org").first()
        for programme_year in programme.programme_years.filter(year__lte=current).order_by("year"):
            plan = "accepted" if programme_year.year < current else THIS_YEAR.get(region.slug)
            if plan is None or MonitorReport.objects.filter(region=region, programme_year=programme_year).exists():
                continue
            _seed_report(
                region,
                programme_year,
                plan,
                leader,
                penvoerder,
                office,
                random.Random(f"{_key(region.slug)}{programme_year.year}"),
                profile=PROFILES[region.slug],
                key=_key(region.slug),
                now=now,
            )


# This year's drafts that hand parts to a partner: (region, process theme number, status, note).
CONTRIBUTIONS = {
    "parkstad-limburg": [
        (2, "assigned", "Kun jij beschrijven hoe we de partners en ouders dit jaar hebben bereikt?"),
        (3, "delivered", "Graag de nieuwe bedrijven in het netwerk noemen."),
    ],
    "kop-van-noord-holland": [(4, "assigned", "")],
}


def _contributions(programme: Programme, current: int, today: datetime.date) -> None:
    """A few contributions (bijdragen) to this year's drafts, written by the region's partner: one still to
    write, one delivered for the project leader to read. Added once (a report that has any is left alone)."""
    from monitoring.models import ReportContribution

    for slug, parts in CONTRIBUTIONS.items():
        report = MonitorReport.objects.filter(
            region__programme=programme,
            region__slug=slug,
            programme_year__year=current,
            status__in=MonitorReport.EDITABLE,
        ).first()
        writer = User.objects.filter(email=f"partner.{slug}@example.org").first()
        leader = User.objects.filter(email=f"pl.{slug}@example.org").first()
        if report is None or writer is None or report.contributions.exists():
            continue
        themes = {t.number: t for t in PlacematTheme.objects.filter(programme=programme, kind="process")}
        for number, status, note in parts:
            ReportContribution.objects.create(
                report=report,
                theme=themes[number],
                assignee=writer,
                assigned_by=leader,
                assigned_at=_aware(today - datetime.timedelta(days=12)),
                status=status,
                due_date=today + datetime.timedelta(days=5),
                note=note,
                delivered_at=_aware(today - datetime.timedelta(days=2)) if status == "delivered" else None,
            )
        # The paragraph of a sub-project, written by its own leader (regions.demo_subprojects).
        subproject = region_subproject_led_by_own_leader(report.region)
        if subproject is not None:
            ReportContribution.objects.create(
                report=report,
                subproject=subproject,
                assignee=subproject.leader,
                assigned_by=leader,
                assigned_at=_aware(today - datetime.timedelta(days=12)),
                status="delivered",
                note="Een alinea over wat het deelproject dit jaar heeft bereikt.",
                text=(
                    f"Dit jaar liep het deelproject volgens plan. {subproject.description} De partners willen het "
                    "volgend jaar voortzetten; we zoeken nog twee bedrijven die meedoen."
                ),
                version=1,
                delivered_at=_aware(today - datetime.timedelta(days=3)),
            )


def region_subproject_led_by_own_leader(region):
    """A sub-project of the region led by its own sub-project leader (not the network partner), or None."""
    from regions.models import SubProject

    return (
        SubProject.objects.filter(region=region, leader__email=f"dpl.{region.slug}@example.org")
        .select_related("leader")
        .order_by("name")
        .first()
    )


def _placemats(programme: Programme, office: User, current: int, today: datetime.date) -> None:
    """Last year's placemats scored by both assessors and published; this year's submitted reports are being
    scored (one assessor has started)."""
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    reports = MonitorReport.objects.filter(
        programme_year__programme=programme, status__in=[MonitorReport.Status.SUBMITTED, MonitorReport.Status.ACCEPTED]
    ).select_related("programme_year", "region")
    for report in reports:
        programme_year, region = report.programme_year, report.region
        if Placemat.objects.filter(region=region, programme_year=programme_year).exists():
            continue
        rng = random.Random(f"placemat-{_key(region.slug)}-{programme_year.year}")
        placemat = Placemat.objects.create(region=region, programme_year=programme_year)
        self_scores = dict(SelfAssessment.objects.filter(report=report).values_list("theme_id", "score"))
        assessors = list(
            Assignment.objects.filter(region=region, programme_year=programme_year, role=Assignment.Role.ASSESSOR)
        )
        finished = programme_year.year < current
        due = programme_year.report_due_date
        per_theme: dict[int, list[int]] = {}
        for n, assignment in enumerate(assessors):
            if not finished and n > 0:
                break  # this year: the first assessor has started, the second not yet
            scoring = Scoring.objects.create(
                assignment=assignment,
                placemat=placemat,
                status=Scoring.Status.SUBMITTED if finished else Scoring.Status.DRAFT,
                submitted_at=_aware(due + datetime.timedelta(days=40 + n), 16) if finished else None,
            )
            for theme in themes if finished else themes[:3]:
                score = max(2, min(4, (self_scores.get(theme.pk) or 3) + rng.choice([-1, 0, 0, 1])))
                per_theme.setdefault(theme.pk, []).append(score)
                ThemeScore.objects.create(scoring=scoring, theme=theme, score=score, rationale=SCORE_REMARKS[score])
        if not finished:
            continue
        from audits.models import ConsolidatedScore
        from audits.selectors.scoring import median_score

        for theme in themes:
            score = median_score(per_theme.get(theme.pk, [])) or 3
            ConsolidatedScore.objects.create(
                placemat=placemat, theme=theme, score=score, key_remark=SCORE_REMARKS[score]
            )
        placemat.status = Placemat.Status.PUBLISHED
        placemat.version = 1
        placemat.published_by = office
        placemat.published_at = _aware(due + datetime.timedelta(days=75), 12)
        placemat.save()


def _grants(programme: Programme, office: User, current: int) -> None:
    """Last year's grants, computed by the grant rule and decided as proposed, dated when the office did."""
    from audits.demo import grants_dated
    from audits.models import GrantRule
    from audits.services.grants import grant_decide, grant_propose_year, grant_rule_save

    for programme_year in programme.programme_years.filter(year__lt=current):
        if GrantRule.objects.filter(programme_year=programme_year).exists():
            continue
        grant_rule_save(
            programme_year=programme_year,
            base_amount=Decimal("60000"),
            late_reduction_pct=Decimal("10"),
            not_accepted_reduction_pct=Decimal("25"),
            progress_weight_pct=Decimal("40"),
            placemat_weight_pct=Decimal("10"),
            actor=office,
        )
        for grant in grant_propose_year(programme_year=programme_year, actor=office):
            grant_decide(grant=grant, amount=grant.proposed_amount, reason="", actor=office)
        grants_dated(programme_year=programme_year)


# (region, title, summary, what was done, result, performance area number, process theme number)
PRACTICES = [
    (
        "twente",
        "Omscholing naar de energietechniek, betaald door de werkgevers samen",
        "Twintig werkgevers van FME Oost betalen samen de omscholing van hun eigen mensen tot monteur warmtenetten.",
        "Het ROC en FME Oost ontwikkelden een deeltijdtraject van acht maanden: twee avonden les en drie dagen werk "
        "in het eigen bedrijf. De werkgevers dragen per deelnemer bij uit een gezamenlijk fonds; de provincie "
        "betaalt de ontwikkeling van het lesmateriaal.",
        "In het eerste jaar begonnen 64 werkenden, van wie 58 het certificaat haalden; 11 bedrijven vervulden zo "
        "een vacature die al langer dan een jaar openstond.",
        1,
        3,
    ),
    (
        "food-valley",
        "Keuzevak procestechniek op elke vmbo-school",
        "De voedingsbedrijven leveren docenten en opdrachten voor een keuzevak procestechniek in de bovenbouw.",
        "Operators en procestechnologen van vier fabrieken geven elk tien lessen per jaar; de leerlingen lossen een "
        "echt productieprobleem op en presenteren hun oplossing in de fabriek.",
        "Het aantal leerlingen dat voor techniek kiest steeg op de deelnemende scholen van 21 naar 27 procent.",
        3,
        2,
    ),
]


def _good_practices(programme: Programme, today: datetime.date) -> None:
    """Two good practices of last year, published."""
    from peerreviews.models import GoodPractice
    from peerreviews.services.good_practices import good_practice_create, good_practice_publish

    for slug, title, summary, description, result, area, process in PRACTICES:
        region = Region.objects.filter(programme=programme, slug=slug).first()
        if region is None or GoodPractice.objects.filter(region=region, title=title).exists():
            continue
        themes = PlacematTheme.objects.filter(
            Q(kind="performance", number=area) | Q(kind="process", number=process), programme=programme
        )
        practice = good_practice_create(
            region=region,
            created_by=User.objects.filter(email=f"pl.{slug}@example.org").first(),
            themes=themes,
            title=title,
            summary=summary,
            description=description,
            result=result,
            contact=f"Projectleider {region.name}",
        )
        good_practice_publish(good_practice=practice)
        published = _aware(today - datetime.timedelta(days=120 if slug == "twente" else 75), 10)
        GoodPractice.objects.filter(pk=practice.pk).update(
            created_at=published - datetime.timedelta(days=9), published_at=published, updated_at=published
        )


def _amendment(programme: Programme, current: int, today: datetime.date) -> None:
    """Parkstad asks to lower next year's target for vmbo pupils in technology (the number of pupils falls
    faster than foreseen); the office decides."""
    from regions.models import TargetAmendment
    from regions.services import target_amendment_propose

    indicator = Indicator.objects.filter(
        region__programme=programme, region__slug="parkstad-limburg", code="IN1"
    ).first()
    if indicator is None or TargetAmendment.objects.filter(indicator=indicator).exists():
        return
    target = indicator.targets.filter(year=current + 1).first()
    if target is None:
        return
    target_amendment_propose(
        indicator=indicator,
        proposed_by=User.objects.get(email="pl.parkstad-limburg@example.org"),
        reason=(
            "Het aantal leerlingen in de bovenbouw daalt in Parkstad sneller dan de DUO-prognose van 2024: "
            "twee vmbo-locaties zijn samengevoegd. Het aandeel techniek houden we vast, het absolute aantal niet."
        ),
        targets={target.year: (target.value * Decimal("0.9")).quantize(Decimal(1))},
        now=_aware(today - datetime.timedelta(days=6), 14),
    )


def _peer_review(programme: Programme, current: int, today: datetime.date) -> None:
    """A peer review being prepared: Twente hosts Food Valley in about five weeks (inside the window)."""
    from peerreviews.models import LearningQuestion, PeerReview, PeerReviewTransition, PreparationMeeting
    from peerreviews.services.conflicts import peer_assessor_conflicts

    programme_year = programme.programme_years.filter(year=current).first()
    regions = {r.slug: r for r in Region.objects.filter(programme=programme)}
    if programme_year is None or PeerReview.objects.filter(programme_year=programme_year).exists():
        return
    leader = User.objects.filter(email="pl.twente@example.org").first()
    date = min(today + datetime.timedelta(days=35), programme_year.peer_review_window_end)
    for host_slug, peer_slug in (
        ("twente", "food-valley"),
        ("twente", "parkstad-limburg"),
        ("drechtsteden", "eemsdelta"),
    ):
        host, peer = regions[host_slug], regions[peer_slug]
        review = PeerReview(
            programme_year=programme_year,
            host_region=host,
            peer_region=peer,
            motivation=(
                f"{peer.name} betrekt de werkgevers bij de opleiding van hun eigen mensen; {host.name} wil leren "
                f"hoe je hen daar samen voor laat betalen. Andersom brengt {host.name} de technologieroute in."
            ),
            date=date,
            place=f"ROC {host.name}",
            status=PeerReview.Status.PREPARING,
            host_ready_stable=True,
            host_ready_learning=True,
            host_ready_full_peer=True,
            peer_ready_stable=True,
            peer_ready_learning=True,
            peer_ready_full_peer=True,
            readiness_notes="Beide regio's hebben een vaste projectleider en een ingediende rapportage van vorig jaar.",
            # The procesbegeleider: a critical friend of neither region this year.
            facilitator=User.objects.filter(email="cf9@example.org").first(),
            proposed_by=User.objects.filter(email=f"pl.{host_slug}@example.org").first() or leader,
        )
        if peer_assessor_conflicts(review=review):
            continue
        review.save()
        proposed_at = _aware(today - datetime.timedelta(days=30))
        confirmed_at = _aware(today - datetime.timedelta(days=21))
        PeerReview.objects.filter(pk=review.pk).update(
            created_at=proposed_at,
            confirmed_at=confirmed_at,
            readiness_checked_at=confirmed_at - datetime.timedelta(days=1),
            readiness_checked_by=User.objects.filter(email="office@example.org").first(),
        )
        PeerReviewTransition.objects.bulk_create(
            [
                PeerReviewTransition(review=review, from_status="", to_status="proposed", actor=review.proposed_by),
                PeerReviewTransition(
                    review=review, from_status="proposed", to_status="preparing", actor=review.proposed_by
                ),
            ]
        )
        transitions = list(review.transitions.order_by("pk"))
        for transition, at in zip(transitions, (proposed_at, confirmed_at), strict=True):
            PeerReviewTransition.objects.filter(pk=transition.pk).update(at=at)
        PreparationMeeting.objects.create(
            review=review,
            date=today - datetime.timedelta(days=10),
            notes=(
                f"Kennismaking online. {host.name} en {peer.name} kiezen elk een leervraag; "
                "de programma's van de dag volgen na de rapportages van december."
            ),
            created_by=review.proposed_by,
        )
        theme = PlacematTheme.objects.filter(programme=programme, kind="process").order_by("number").first()
        for region, question in (
            (host, "Hoe krijgen we de werkgevers zover dat ze de omscholing van hun eigen mensen mee betalen?"),
            (
                peer,
                f"Hoe bouw je een technologieroute naar het hbo, zoals {host.name} die in Toptechniek in bedrijf opzette?",
            ),
        ):
            LearningQuestion.objects.create(
                review=review,
                region=region,
                question=question,
                owner=f"Projectleider {region.name}",
                theme=theme,
                report=MonitorReport.objects.filter(region=region, programme_year__year=current - 1).first(),
            )
        return

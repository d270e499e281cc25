"""Demo good practices for seed_demo (idempotent by title): a dozen, across regions, themes and conditions."""

import datetime

from django.utils import timezone

from regions.models import PlacematTheme, Region, RegionRole, SuccessCondition
from toptechniek.accounts.models import User

from .models import GoodPractice

# (title, summary, what, for whom, result, reuse, contact,
#  performance areas, process themes, success conditions, published)
PRACTICES = [
    (
        "Techniekweek met bedrijven in de klas",
        "Een week lang geven technici uit regionale bedrijven les op vmbo-scholen.",
        "Twintig bedrijven leveren per school een technicus die een week meedraait in de techniekles; "
        "de docenten bereiden samen met hen de opdrachten voor.",
        "Leerlingen in het tweede leerjaar van het vmbo die nog een profiel kiezen.",
        "Het aandeel leerlingen dat het profiel techniek kiest steeg in twee jaar van 18 naar 24 procent.",
        "Begin bij de bedrijven die al stageplaatsen bieden; plan een jaar vooruit en reserveer tijd voor "
        "de voorbereiding met de docenten.",
        "Projectbureau techniekweek, 050-1234567",
        [1, 4],
        [3],
        [1, 5],
        True,
    ),
    (
        "Doorlopende leerlijn installatietechniek vmbo–mbo",
        "Eén programma voor vmbo en mbo, zodat leerlingen zonder overlap of gat doorstromen.",
        "Docenten van vmbo en mbo schreven samen de leerlijn en geven in het examenjaar gezamenlijk les.",
        "Vmbo-leerlingen in de basis- en kaderberoepsgerichte leerweg.",
        "De uitval in het eerste mbo-jaar halveerde.",
        "Zorg dat beide besturen de leerlijn vastleggen in een convenant; zonder dat blijft het van "
        "enkele docenten afhankelijk.",
        "",
        [3],
        [1],
        [2, 7],
        True,
    ),
    (
        "Regionale arbeidsmarktmonitor met het UWV",
        "Elk half jaar een gedeeld beeld van vraag en aanbod in de techniek.",
        "Onderwijs, UWV en werkgevers bouwden samen een monitor; de cijfers worden in het netwerk besproken.",
        "Bestuurders van scholen en bedrijven, de gemeenten.",
        "Het opleidingsaanbod is bijgesteld: twee opleidingen zonder perspectief zijn samengevoegd.",
        "Gebruik de open data van het UWV en het CBS als basis; een analist voor twee dagen per maand volstaat.",
        "Analist regionale monitor",
        [2],
        [4],
        [3, 9],
        True,
    ),
    (
        "Bedrijfsleven in de examencommissie",
        "Praktijkexamens worden samen met leermeesters uit het bedrijfsleven afgenomen.",
        "Leermeesters van vijf bedrijven zitten in de examencommissie en beoordelen de proeve van bekwaamheid.",
        "Mbo-studenten werktuigbouwkunde en elektrotechniek.",
        "Bedrijven herkennen het diploma beter; het aantal BBL-plaatsen groeide met een derde.",
        "Regel de scholing van de leermeesters als assessor vooraf; de school betaalt die.",
        "",
        [4],
        [3],
        [4, 6],
        True,
    ),
    (
        "Technieknieuwsbrief voor ouders",
        "Ouders krijgen vier keer per jaar verhalen van jonge technici uit de regio.",
        "Een nieuwsbrief met portretten, open dagen en cijfers over banen, verspreid via de scholen.",
        "Ouders van leerlingen in groep 8 en de onderbouw van het voortgezet onderwijs.",
        "Op de open dagen van het mbo kwamen meer ouders; de opkomst steeg met 30 procent.",
        "Laat leerlingen zelf de portretten maken; dat spaart kosten en maakt het geloofwaardig.",
        "Communicatieadviseur Toptechniek",
        [1],
        [2],
        [5],
        True,
    ),
    (
        "Gezamenlijk practicumlokaal voor drie scholen",
        "Eén goed uitgerust lokaal in een bedrijfsverzamelgebouw, gedeeld door drie scholen.",
        "Drie vmbo-scholen en een mbo-instelling delen een practicumlokaal met moderne machines van bedrijven.",
        "Leerlingen en docenten van de deelnemende scholen.",
        "De investering per school daalde met twee derde; het lokaal is vier dagen per week bezet.",
        "Maak heldere afspraken over rooster, onderhoud en verzekering voordat de machines komen.",
        "",
        [2],
        [1],
        [3, 8],
        True,
    ),
    (
        "Stuurgroep met vaste agenda en rapportage",
        "Een kleine stuurgroep uit de drie O's met een vast ritme en een dashboard.",
        "De stuurgroep komt zes keer per jaar bijeen en bespreekt telkens de indicatoren en de leervragen.",
        "Het regionale netwerk en zijn bestuurders.",
        "Besluiten worden sneller genomen; de monitorrapportage kwam voor het eerst op tijd.",
        "Houd de stuurgroep klein (hooguit zeven mensen) en laat de projectleider de agenda voorbereiden.",
        "",
        [],
        [1, 4],
        [1, 2],
        True,
    ),
    (
        "Zij-instroom van werkzoekenden in de techniek",
        "Omscholing van werkzoekenden tot monteur, met baangarantie bij deelnemende bedrijven.",
        "Gemeente, UWV, mbo en bedrijven bieden een verkort traject van een jaar met leren en werken.",
        "Werkzoekenden en zij-instromers zonder technische opleiding.",
        "Van de eerste 40 deelnemers werken er 31 nog bij hun bedrijf.",
        "Zorg voor een vaste coach per deelnemer; de gemeente kan die uit re-integratiemiddelen betalen.",
        "Contactpersoon zij-instroom gemeente",
        [1, 4],
        [3],
        [1, 4],
        True,
    ),
    (
        "Peer review als vast onderdeel van het jaar",
        "Twee regio's bezoeken elkaar jaarlijks om van elkaars aanpak te leren.",
        "Een ochtend met rondleiding, gesprekken met leerlingen en bedrijven en een gezamenlijke reflectie.",
        "Projectleiders en partners van de regio's.",
        "Elk bezoek leverde twee of drie acties op die de regio daarna zelf uitvoerde.",
        "Formuleer vooraf leervragen; zonder vraag blijft het een gezellig bezoek.",
        "",
        [],
        [4],
        [9],
        True,
    ),
    (
        "Hybride docenten: werken in bedrijf én school",
        "Vakmensen geven twee dagen per week les en werken de rest van de week in hun bedrijf.",
        "Een detacheringsconstructie tussen bedrijven en het mbo, met een verkort pedagogisch traject.",
        "Mbo-opleidingen met een tekort aan technische docenten.",
        "Twaalf hybride docenten in drie jaar; de lessen sluiten beter aan op de praktijk.",
        "Regel de arbeidsvoorwaarden centraal, anders blijft het maatwerk per persoon.",
        "",
        [2, 4],
        [],
        [6, 8],
        True,
    ),
    (
        "Loopbaanoriëntatie met de techniekcoach",
        "Een coach begeleidt leerlingen bij hun keuze, met bedrijfsbezoeken en snuffelstages.",
        "De techniekcoach werkt op vier vmbo-scholen en organiseert snuffelstages bij bedrijven.",
        "Leerlingen in de bovenbouw van het vmbo.",
        "Eerste resultaten: meer leerlingen kiezen een technische vervolgopleiding.",
        "Nog in uitwerking.",
        "",
        [1],
        [2],
        [5],
        False,
    ),
    (
        "Technologieroute havo–hbo",
        "Een route van havo naar hbo-techniek met gezamenlijke projecten.",
        "Havo-leerlingen werken in het examenjaar aan een project van een hogeschool en een bedrijf.",
        "Havo-leerlingen met een natuurprofiel.",
        "Wordt nog gemeten.",
        "",
        "",
        [3],
        [],
        [7],
        False,
    ),
]


def seed_good_practices(*, programme) -> None:
    regions = list(Region.objects.filter(programme=programme).order_by("pk"))
    if not regions:
        return
    themes = {(t.kind, t.number): t for t in PlacematTheme.objects.filter(programme=programme)}
    conditions = {c.number: c for c in SuccessCondition.objects.filter(programme=programme)}
    office = User.objects.filter(email="office@example.org").first()
    existing = set(GoodPractice.objects.filter(region__programme=programme).values_list("title", flat=True))
    now = timezone.now()
    for index, row in enumerate(PRACTICES):
        title, summary, what, audience, result, reuse, contact, areas, processes, condition_numbers, published = row
        if title in existing:
            continue
        region = regions[(index * 7) % len(regions)]
        friend_role = (
            RegionRole.objects.filter(region=region, role=RegionRole.Role.CRITICAL_FRIEND)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        author = friend_role.user if friend_role and index % 2 else office
        practice = GoodPractice.objects.create(
            region=region,
            title=title,
            summary=summary,
            description=what,
            audience=audience,
            result=result,
            reuse=reuse,
            contact=contact,
            created_by=author,
            status=GoodPractice.Status.PUBLISHED if published else GoodPractice.Status.DRAFT,
            published_at=now - datetime.timedelta(days=30 * (len(PRACTICES) - index)) if published else None,
        )
        chosen = [themes[("performance", n)] for n in areas if ("performance", n) in themes]
        chosen += [themes[("process", n)] for n in processes if ("process", n) in themes]
        if not chosen and themes:
            chosen = [next(iter(themes.values()))]
        practice.themes.set(chosen)
        practice.success_conditions.set([conditions[n] for n in condition_numbers if n in conditions])

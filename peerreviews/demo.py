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
    for index, row in enumerate(PRACTICES):
        written = timezone.make_aware(datetime.datetime(2013, 9, 2, 11, 0)) + datetime.timedelta(days=50 * index)
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
            published_at=written + datetime.timedelta(days=14) if published else None,
        )
        # Written during the programme, not today.
        GoodPractice.objects.filter(pk=practice.pk).update(created_at=written, updated_at=written)
        chosen = [themes[("performance", n)] for n in areas if ("performance", n) in themes]
        chosen += [themes[("process", n)] for n in processes if ("process", n) in themes]
        if not chosen and themes:
            chosen = [next(iter(themes.values()))]
        practice.themes.set(chosen)
        practice.success_conditions.set([conditions[n] for n in condition_numbers if n in conditions])


# --- Peer reviews ----------------------------------------------------------------------------

# (year, host slug, peer slug or None for internal, final status, follow-up of (year, host, peer) or None)
REVIEWS = [
    (2014, "friesland", "groningen", "closed", None),
    (2014, "twente", "zwolle", "closed", None),
    (2014, "brainport", "midden-brabant", "reported", None),
    (2014, "rijnmond", "haaglanden", "held", None),
    (2014, "drenthe", None, "closed", None),
    (2014, "zeeland", "noord-limburg", "cancelled", None),
    (2015, "zwolle", "twente", "preparing", (2014, "twente", "zwolle")),
    (2015, "arnhem-nijmegen", "achterhoek", "proposed", None),
    (2015, "west-brabant", "zuid-limburg", "proposed", None),
]
ORDER = ["proposed", "preparing", "held", "reported", "closed"]

QUESTIONS = {
    (
        "process",
        1,
    ): "Hoe borgen we de regie van de stuurgroep zodat deelprojecten niet afhankelijk blijven van één trekker?",
    ("process", 2): "Hoe bereiken we docenten in het vmbo-tl zodat zij de technologieroute actief aanraden?",
    ("process", 3): "Hoe krijgen we meer mkb-bedrijven structureel betrokken bij de lessen in school?",
    ("process", 4): "Welke cijfers moeten we verzamelen om na twee jaar te zien of de doorstroom echt verbetert?",
    ("performance", 1): "Wat moeten we anders doen om de uitval in het eerste jaar mbo-techniek te halveren?",
    ("performance", 4): "Hoe maken we van losse stageafspraken een regionaal convenant met de branches?",
}
INSIGHTS = (
    "De peer regio werkt met vaste koppels van een docent en een bedrijf; dat maakt afspraken minder kwetsbaar. "
    "Onze aanpak hangt nog te veel aan personen."
)
ACTIONS = (
    "Per school een vast koppel docent–bedrijf vastleggen en in de stuurgroep van maart bespreken.",
    "Een regionale bijeenkomst met de branches organiseren om het stageconvenant op te stellen.",
)


def _at(year: int, month: int, day: int):
    return timezone.make_aware(timezone.datetime(year, month, day, 14, 0))


def seed_peer_reviews(*, programme) -> None:
    """Peer reviews in every state (one internal, one cancelled, one follow-up) with learning questions,
    outcomes and actions, preparation meetings, sessions, participants and feedback reports.

    Pairs are chosen so that no partner scores the other (the demo's critical-friend rotation allows it);
    a pair that would conflict is skipped, never created.
    """
    from audits.models import Assignment
    from monitoring.models import LearningTheme, MonitorReport, SelfAssessment
    from regions import demo_catalogue as catalogue
    from regions.models import ProgrammeYear

    from .models import (
        FeedbackReport,
        LearningOutcome,
        LearningQuestion,
        Participant,
        PeerReview,
        PeerReviewTransition,
        PreparationMeeting,
        Session,
    )
    from .services.conflicts import peer_assessor_conflicts

    office = User.objects.filter(email="office@example.org").first()
    regions = {r.slug: r for r in Region.objects.filter(programme=programme)}
    years = {py.year: py for py in ProgrammeYear.objects.filter(programme=programme)}
    themes = {(t.kind, t.number): t for t in PlacematTheme.objects.filter(programme=programme)}
    created = {}
    for year, host_slug, peer_slug, final, previous_key in REVIEWS:
        host, peer = regions.get(host_slug), regions.get(peer_slug) if peer_slug else None
        programme_year = years.get(year)
        if host is None or programme_year is None or (peer_slug and peer is None):
            continue
        existing = PeerReview.objects.filter(programme_year=programme_year, host_region=host, peer_region=peer).first()
        if existing is not None:
            created[(year, host_slug, peer_slug)] = existing
            continue
        leader = User.objects.filter(email=f"pl.{host_slug}@example.org").first()
        review = PeerReview(
            programme_year=programme_year,
            kind=PeerReview.Kind.INTERNAL if peer is None else PeerReview.Kind.EXTERNAL,
            host_region=host,
            peer_region=peer,
            host_subproject="Techniek in de klas (vmbo)" if peer is None else "",
            peer_subproject="Doorstroom naar mbo-4 en hbo" if peer is None else "",
            previous=created.get(previous_key) if previous_key else None,
            motivation=(
                "Vervolg op de peer review van vorig jaar: we willen de afgesproken acties samen evalueren."
                if previous_key
                else "Beide regio's werken aan betrokkenheid van het mkb; de andere regio is daar verder in."
                if peer
                else "Door de spreiding van de projecten en wisselingen in de projectleiding kiezen we voor een "
                "interne peer review tussen de deelprojecten."
            ),
            date=datetime.date(year, 11, 20) if year == 2014 else datetime.date(year, 11, 12),
            place=f"Techniekcentrum {host.name}",
            proposed_by=leader,
        )
        if peer is not None and peer_assessor_conflicts(review=review):
            continue
        review.save()
        history = [("", "proposed", leader, _at(year, 9, 1), "")]
        if final == "cancelled":
            review.ready_stable, review.ready_learning, review.ready_full_peer = False, True, False
            review.readiness_notes = (
                "De regio is nog niet stabiel na de wisseling van penvoerder; eerst een auditgesprek."
            )
            review.readiness_checked_by, review.readiness_checked_at = office, _at(year, 9, 20)
            review.status = PeerReview.Status.CANCELLED
            review.cancel_reason = "De regio is nog niet toe aan een peer review; in plaats daarvan een auditgesprek."
            history.append(("proposed", "cancelled", office, _at(year, 9, 21), review.cancel_reason))
        elif final != "proposed" or host_slug == "arnhem-nijmegen":
            review.ready_stable = review.ready_learning = review.ready_full_peer = True
            review.readiness_notes = "Stabiele regio met een duidelijke leerhouding; kan een volwaardige peer zijn."
            review.readiness_checked_by, review.readiness_checked_at = office, _at(year, 9, 15)
        reached = ORDER.index(final) if final in ORDER else 0
        if final != "cancelled":
            from toptechniek.common.samples import pdf_bytes, store_sample_attachment

            from .models import PeerReviewAttachment

            store_sample_attachment(
                PeerReviewAttachment,
                review=review,
                name=f"Programma peer review {host.name} {year}.pdf",
                data=pdf_bytes(f"Programma peer review {host.name} {year}"),
                description="Dagprogramma met de parallelle rondes en wie waaraan deelneemt.",
                user=leader,
                at=_at(year, 10, 1),
            )
        stamps = {
            "preparing": _at(year, 9, 22),
            "held": _at(year, 11, 20),
            "reported": _at(year, 12, 10),
            "closed": _at(year + 1, 1, 20),
        }
        for step in ORDER[1 : reached + 1]:
            history.append(
                (
                    ORDER[ORDER.index(step) - 1],
                    step,
                    office if step in ("preparing", "closed") else leader,
                    stamps[step],
                    "",
                )
            )
        if reached >= 1:
            review.status, review.confirmed_at = ORDER[reached], stamps["preparing"]
        if reached >= 2:
            review.held_at = stamps["held"]
        if reached >= 3:
            review.reported_at = stamps["reported"]
            review.own_report = (
                "De projectleiders openden met een korte presentatie van de voortgang. In twee parallelle rondes "
                "kwamen de leervragen van beide regio's aan bod, ingeleid door hun eigenaar. Per sessie zijn de "
                "opbrengsten benoemd en vastgelegd als concrete acties met een eigenaar."
            )
        if reached >= 4:
            review.closed_at = stamps["closed"]
        review.save()
        PeerReview.objects.filter(pk=review.pk).update(created_at=_at(year, 9, 1))
        for from_status, to_status, actor, at, comment in history:
            row = PeerReviewTransition.objects.create(
                review=review, from_status=from_status, to_status=to_status, actor=actor, comment=comment
            )
            PeerReviewTransition.objects.filter(pk=row.pk).update(at=at)
        created[(year, host_slug, peer_slug)] = review
        if final in ("cancelled", "proposed") and host_slug != "arnhem-nijmegen":
            continue

        # Content: learning questions from each region's latest report, meetings, participants, sessions.
        members = [host] + ([peer] if peer else [])
        PreparationMeeting.objects.create(
            review=review,
            date=datetime.date(year, 10, 6),
            notes="Kennismaking, afspraken over het uitwisselen van de monitorrapportages en de opzet van de dag.",
            created_by=leader,
        )
        if reached >= 1:
            PreparationMeeting.objects.create(
                review=review,
                date=datetime.date(year, 11, 3),
                notes="Leervragen aangescherpt met de critical friends; programma en deelnemers vastgesteld.",
                created_by=leader,
            )
        questions = []
        for region in members:
            # The latest report the region had sent in by the autumn of the review: last year's, never this
            # year's (that one is written in the next spring).
            report = (
                MonitorReport.objects.filter(region=region, programme_year__year__lt=year, submitted_at__isnull=False)
                .order_by("-programme_year__year")
                .first()
            )
            if report is None:
                continue
            own = [
                (lt.theme, lt.description) for lt in LearningTheme.objects.filter(report=report).select_related("theme")
            ]
            # The second question: the region's next weakest theme in that report, in its own words.
            words = catalogue.context(catalogue.profile_for(region.slug), region.name)
            extra = []
            for assessment in (
                SelfAssessment.objects.filter(report=report).select_related("theme").order_by("score", "pk")
            ):
                texts = catalogue.LEARNING.get((assessment.theme.kind, assessment.theme.number))
                if texts and all(theme != assessment.theme for theme, _ in own):
                    extra.append((assessment.theme, texts[year % len(texts)].format(**words)))
                    break
            extra += [
                (themes[key], QUESTIONS[key])
                for key in (("process", 3), ("process", 2), ("performance", 4))
                if all(theme != themes[key] for theme, _ in own)
            ]
            for m, (theme, text) in enumerate((own + extra)[:2]):
                if peer is None:
                    text = text.replace("we", "we als deelprojecten", 1)
                questions.append(
                    LearningQuestion.objects.create(
                        review=review,
                        region=region,
                        question=text,
                        owner=(f"Projectleider {region.name}" if m == 0 else f"Deelprojectleider {region.name}"),
                        theme=theme,
                        report=report,
                    )
                )
        people = []
        for region in members:
            for name, organisation, o_kind in (
                (f"Projectleider {region.name}", "ROC", "onderwijs"),
                (f"Teamleider techniek {region.name}", "Vmbo-school", "onderwijs"),
                (f"Directeur installatiebedrijf {region.name}", "Installatiebedrijf", "ondernemer"),
                (f"Beleidsmedewerker {region.name}", "Gemeente", "overheid"),
            ):
                people.append(
                    Participant.objects.create(
                        review=review, region=region, name=name, organisation_name=organisation, o_kind=o_kind
                    )
                )
        for index, question in enumerate(questions):
            session = Session.objects.create(
                review=review,
                slot=1 + index // 2,
                starts_at=datetime.time(13 + index // 2, 0),
                title=f"Leervraag {question.region.name}: {question.theme.name}",
                room=f"Zaal {1 + index % 2}",
                learning_question=question,
            )
            session.attendees.set(people[index % len(people) :: 2][:4])
        if reached < 2:
            continue
        for index, question in enumerate(questions):
            if reached == 2 and index % 2:
                continue  # held: the outcomes are still being written
            LearningOutcome.objects.create(
                question=question,
                insights=INSIGHTS,
                action=ACTIONS[index % 2],
                action_owner=question.owner,
                action_due=datetime.date(year + 1, 3 + index, 1),
                done=reached == 4 and index % 2 == 0,
                done_at=_at(year + 1, 3, 1) if reached == 4 and index % 2 == 0 else None,
            )
        if reached < 3:
            continue
        for region in members:
            advisor = (
                Assignment.objects.filter(region=region, programme_year=programme_year, role=Assignment.Role.ADVISOR)
                .select_related("user")
                .first()
            )
            if advisor is None:
                continue
            ready = reached == 4
            FeedbackReport.objects.create(
                review=review,
                region=region,
                author=advisor.user,
                text=(
                    f"{region.name} kwam met scherpe leervragen die logisch voortvloeien uit de monitor. Het gesprek "
                    "leverde concrete acties op; let erop dat de eigenaren de acties ook in de stuurgroep agenderen. "
                    "Advies: evalueer over een half jaar samen met de peer regio wat de acties hebben opgeleverd."
                ),
                status=FeedbackReport.Status.READY if ready else FeedbackReport.Status.DRAFT,
                ready_at=_at(year + 1, 1, 15) if ready else None,
            )

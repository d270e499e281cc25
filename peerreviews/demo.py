"""Demo good practices for seed_demo (idempotent by title): a dozen, across regions, themes and conditions."""

import datetime

from django.db import transaction
from django.utils import timezone

from regions import demo_catalogue as catalogue
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

# The source: in 2014 the peer review became the alternative form of audit; in the last months of 2014 and
# early 2015 fifteen peer reviews were held. Three regions took another track: one was not yet ready and had
# an audit visit instead (Zeeland), one was not ready for either (Flevoland, which joined in 2014), and one
# held an internal peer review between its sub-projects (Drenthe). Peers were chosen within the same
# landsdeel of the Techniekpact where possible; Twente and Zwolle asked for an after-talk with the critical
# friends and held a follow-up review.
#
# (year, host slug, peer slug or None for internal, final status, follow-up of (year, host, peer) or None, date)
REVIEWS = [
    (2014, "friesland", "groningen", "closed", None, datetime.date(2014, 10, 9)),
    (2014, "twente", "zwolle", "closed", None, datetime.date(2014, 10, 16)),
    (2014, "achterhoek", "arnhem-nijmegen", "closed", None, datetime.date(2014, 10, 30)),
    (2014, "brainport", "midden-brabant", "closed", None, datetime.date(2014, 11, 6)),
    (2014, "groningen", "friesland", "closed", None, datetime.date(2014, 11, 13)),
    (2014, "rijnmond", "haaglanden", "closed", None, datetime.date(2014, 11, 20)),
    (2014, "drenthe", None, "closed", None, datetime.date(2014, 11, 25)),
    (2014, "west-brabant", "zuid-limburg", "closed", None, datetime.date(2014, 11, 27)),
    (2014, "arnhem-nijmegen", "achterhoek", "closed", None, datetime.date(2014, 12, 4)),
    (2014, "amsterdam", "noord-holland-noord", "closed", None, datetime.date(2014, 12, 11)),
    (2014, "utrecht", "stedendriehoek", "closed", None, datetime.date(2014, 12, 18)),
    (2014, "zuid-limburg", "noord-limburg", "closed", None, datetime.date(2015, 1, 15)),
    (2014, "midden-brabant", "brainport", "closed", None, datetime.date(2015, 1, 22)),
    (2014, "haaglanden", "rijnmond", "closed", None, datetime.date(2015, 1, 29)),
    (2014, "noord-holland-noord", "amsterdam", "closed", None, datetime.date(2015, 2, 5)),
    (2014, "zwolle", "twente", "closed", (2014, "twente", "zwolle"), datetime.date(2015, 2, 12)),
    (2014, "zeeland", "noord-limburg", "cancelled", None, datetime.date(2014, 11, 6)),
]
ORDER = ["proposed", "preparing", "held", "reported", "closed"]


def _at(date: datetime.date, days: int = 0, hour: int = 14):
    return timezone.make_aware(datetime.datetime.combine(date + datetime.timedelta(days=days), datetime.time(hour)))


def _lower(text: str) -> str:
    return text[0].lower() + text[1:] if text else text


def _theme_action(theme) -> int:
    return theme.number if theme.kind == "performance" else 4 + theme.number


def _people(region) -> list[tuple[str, str, str]]:
    """Who comes to a peer review from a region: project leader, vmbo team leader, an employer, the municipality."""
    orgs = {}
    for partner in region.partners.select_related("organisation").order_by("-is_penvoerder", "pk"):
        orgs.setdefault(partner.organisation.subtype, partner.organisation.name)
    words = catalogue.context(catalogue.profile_for(region.slug), region.name)
    return [
        (f"Projectleider {region.name}", orgs.get("mbo", f"ROC {region.name}"), "onderwijs"),
        (f"Teamleider techniek {region.name}", orgs.get("vmbo", "Vmbo-school"), "onderwijs"),
        (f"Directeur {words['employer']}", words["employer"], "ondernemer"),
        (f"Beleidsmedewerker economie {region.name}", orgs.get("gemeente", f"Gemeente {region.name}"), "overheid"),
    ]


@transaction.atomic  # one commit for all reviews (the seed stays fast)
def seed_peer_reviews(*, programme) -> None:
    """The peer reviews of 2014 (fifteen held and closed, one cancelled, the Twente–Zwolle follow-up), with
    learning questions from each region's latest monitor report, preparation
    meetings, sessions, participants, outcomes and the critical friends' feedback, all written for the
    regions concerned.

    Pairs are chosen so that no partner scores the other (the demo's critical-friend rotation allows it);
    a pair that would conflict is skipped, never created.
    """
    from audits.models import Assignment
    from monitoring.models import LearningTheme, MonitorReport, SelfAssessment
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
    created = {}
    used: dict[int, set[int]] = {}  # themes a region already brought to a review this year: the next review, others
    for year, host_slug, peer_slug, final, previous_key, date in REVIEWS:
        host, peer = regions.get(host_slug), regions.get(peer_slug) if peer_slug else None
        programme_year = years.get(year)
        if host is None or programme_year is None or (peer_slug and peer is None):
            continue
        existing = PeerReview.objects.filter(programme_year=programme_year, host_region=host, peer_region=peer).first()
        if existing is not None:
            created[(year, host_slug, peer_slug)] = existing
            continue
        leader = User.objects.filter(email=f"pl.{host_slug}@example.org").first()
        host_profile = catalogue.profile_for(host.slug)
        words = catalogue.context(host_profile, host.name)
        # An internal review pairs two of the region's own sub-projects (regions.demo_subprojects).
        subproject_names = list(host.subprojects.order_by("created_at", "pk").values_list("name", flat=True)[:2]) or [
            f"Deelproject {words['sector']}",
            f"Deelproject {words['sector2']}",
        ]
        previous = created.get(previous_key) if previous_key else None
        if previous is not None:
            motivation = catalogue.REVIEW_MOTIVATION["follow_up"].format(
                host=host.name, peer=peer.name, previous_date=f"{previous.date:%d-%m-%Y}"
            )
        elif peer is None:
            motivation = catalogue.REVIEW_MOTIVATION["internal"].format(**words)
        else:
            peer_profile = catalogue.profile_for(peer.slug)
            motivation = catalogue.REVIEW_MOTIVATION[
                "landsdeel" if host.landsdeel == peer.landsdeel else "complementary"
            ].format(
                host=host.name,
                peer=peer.name,
                host_sectors=" en ".join(host_profile.sectors),
                peer_sectors=" en ".join(peer_profile.sectors),
                peer_what_lower=_lower(peer_profile.what),
            )
        review = PeerReview(
            programme_year=programme_year,
            kind=PeerReview.Kind.INTERNAL if peer is None else PeerReview.Kind.EXTERNAL,
            host_region=host,
            peer_region=peer,
            host_subproject=subproject_names[0] if peer is None else "",
            peer_subproject=subproject_names[1] if peer is None else "",
            previous=previous,
            motivation=motivation,
            date=date,
            place=f"{_people(host)[0][1]}, {host.name}" if previous is None else f"{words['employer']}, {host.name}",
            proposed_by=leader,
        )
        if peer is not None and peer_assessor_conflicts(review=review):
            continue
        review.save()
        history = [("", "proposed", leader, _at(date, -60), "")]
        if final == "cancelled":
            review.host_ready_stable, review.host_ready_learning, review.host_ready_full_peer = False, True, False
            review.peer_ready_stable = review.peer_ready_learning = review.peer_ready_full_peer = True
            review.readiness_notes = (
                f"{host.name} is nog niet stabiel na de wisseling van penvoerder en projectleider; de regio kan "
                f"nu geen volwaardige peer zijn voor {peer.name}. {peer.name} zelf is er wel klaar voor."
            )
            review.readiness_checked_by, review.readiness_checked_at = office, _at(date, -50)
            review.status = PeerReview.Status.CANCELLED
            review.cancel_reason = (
                f"{host.name} is nog niet toe aan een peer review; in plaats daarvan houdt de expertcommissie in het "
                "voorjaar een auditgesprek."
            )
            history.append(("proposed", "cancelled", office, _at(date, -49), review.cancel_reason))
        elif final != "proposed":
            review.host_ready_stable = review.host_ready_learning = review.host_ready_full_peer = True
            if peer is not None:
                review.peer_ready_stable = review.peer_ready_learning = review.peer_ready_full_peer = True
            review.readiness_notes = (
                f"{host.name} is stabiel, de stuurgroep toont een leerhouding en de regio kan een volwaardige "
                "peer zijn."
                + (f" Voor {peer.name} geldt hetzelfde: een vaste projectleider en een open blik." if peer else "")
            )
            review.readiness_checked_by, review.readiness_checked_at = office, _at(date, -50)
        reached = ORDER.index(final) if final in ORDER else 0
        if final != "cancelled":
            from toptechniek.common.samples import pdf_bytes, store_sample_attachment

            from .models import PeerReviewAttachment

            store_sample_attachment(
                PeerReviewAttachment,
                review=review,
                name=f"Programma peer review {host.name} {date:%Y-%m-%d}.pdf",
                data=pdf_bytes(f"Programma peer review {host.name} {date:%d-%m-%Y}"),
                description="Dagprogramma met de parallelle rondes en wie waaraan deelneemt.",
                user=leader,
                at=_at(date, -21),
            )
        stamps = {
            "preparing": _at(date, -45),
            "held": _at(date, 0, 17),
            "reported": _at(date, 21),
            "closed": _at(date, 56),
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
        if reached >= 4:
            review.closed_at = stamps["closed"]
        review.save()
        PeerReview.objects.filter(pk=review.pk).update(created_at=_at(date, -60))
        for from_status, to_status, actor, at, comment in history:
            row = PeerReviewTransition.objects.create(
                review=review, from_status=from_status, to_status=to_status, actor=actor, comment=comment
            )
            PeerReviewTransition.objects.filter(pk=row.pk).update(at=at)
        created[(year, host_slug, peer_slug)] = review
        if final in ("cancelled", "proposed"):
            continue

        # Content: learning questions from each region's latest report, meetings, participants, sessions.
        members = [host] + ([peer] if peer else [])
        PreparationMeeting.objects.create(
            review=review,
            date=date - datetime.timedelta(days=40),
            notes=(
                f"Nagesprek met de critical friends over de peer review van {previous.date:%d-%m-%Y}: welke acties "
                "zijn uitgevoerd, wat bleef liggen, en welke vragen nemen we mee naar het vervolg."
                if previous
                else f"Kennismaking tussen de deelprojecten {words['sector']} en {words['sector2']}; afspraken"
                f" over de opzet van de dag en de monitorrapportage over 2013 als vertrekpunt."
                if peer is None
                else f"Kennismaking tussen {' en '.join(r.name for r in members)}; afspraken over het uitwisselen van "
                "de monitorrapportages over 2013 en de opzet van de dag."
            ),
            created_by=leader,
        )
        if reached >= 1:
            PreparationMeeting.objects.create(
                review=review,
                date=date - datetime.timedelta(days=14),
                notes=(
                    f"Leervragen aangescherpt met de critical friends en de procesbegeleider; programma in "
                    f"{review.place} en deelnemers vastgesteld."
                ),
                created_by=leader,
            )
        questions = []
        for region in members:
            other = next((r for r in members if r != region), None)
            region_words = catalogue.context(catalogue.profile_for(region.slug), region.name)
            # The latest report the region had sent in by the autumn of the review: last year's, never this
            # year's (that one is written in the next spring).
            report = (
                MonitorReport.objects.filter(
                    region=region,
                    programme_year__year__lt=year,
                    submitted_at__date__lt=date - datetime.timedelta(days=30),
                )
                .order_by("-programme_year__year")
                .first()
            )
            if report is None:
                continue
            if previous is not None:
                # The follow-up: what became of the actions agreed at the first review.
                pairs = [
                    (
                        q.theme,
                        f"Wat heeft de actie '{_lower(q.outcome.action).rstrip('.')}' sinds "
                        f"{MONTHS[previous.date.month]} {previous.date.year} opgeleverd voor {region.name}, en wat is "
                        "de volgende stap?",
                    )
                    for q in previous.learning_questions.filter(region=region).select_related("outcome", "theme")
                    if hasattr(q, "outcome")
                ]
                before = {
                    q.theme_id: q.outcome
                    for q in previous.learning_questions.filter(region=region).select_related("outcome")
                    if hasattr(q, "outcome")
                }
            else:
                before = {}
                taken = used.setdefault(region.pk, set())
                pairs = [
                    (lt.theme, lt.description)
                    for lt in LearningTheme.objects.filter(report=report).select_related("theme")
                    if lt.theme_id not in taken
                ]
                # The second question: the region's next weakest theme in that report, in its own words.
                for assessment in (
                    SelfAssessment.objects.filter(report=report).select_related("theme").order_by("score", "pk")
                ):
                    texts = catalogue.LEARNING.get((assessment.theme.kind, assessment.theme.number))
                    if texts and assessment.theme_id not in taken and all(t != assessment.theme for t, _ in pairs):
                        pairs.append((assessment.theme, texts[(year + region.pk) % len(texts)].format(**region_words)))
                    if len(pairs) >= 2:
                        break
                taken.update(theme.pk for theme, _ in pairs[:2])
            for m, (theme, text) in enumerate(pairs[:2]):
                if peer is None:
                    text = text.replace(" we ", " we als deelprojecten ", 1)
                questions.append(
                    (
                        other,
                        before.get(theme.pk),
                        LearningQuestion.objects.create(
                            review=review,
                            region=region,
                            question=text,
                            owner=(f"Projectleider {region.name}" if m == 0 else f"Deelprojectleider {region.name}"),
                            theme=theme,
                            report=report,
                        ),
                    )
                )
        people = []
        for region in members:
            for name, organisation, o_kind in _people(region):
                people.append(
                    Participant.objects.create(
                        review=review, region=region, name=name, organisation_name=organisation, o_kind=o_kind
                    )
                )
        for index, (_other, _before, question) in enumerate(questions):
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
        for index, (other, before_outcome, question) in enumerate(questions):
            if reached == 2 and index % 2:
                continue  # held: the outcomes are still being written
            region_words = catalogue.context(catalogue.profile_for(question.region.slug), question.region.name)
            if other is None:  # internal: the other sub-project is the peer
                peer_name, peer_what = (
                    f"Het deelproject {region_words['sector2']}",
                    _lower(catalogue.profile_for(question.region.slug).what),
                )
            else:
                peer_name, peer_what = other.name, _lower(catalogue.profile_for(other.slug).what)
            done = reached == 4 and index % 2 == 0
            lesson = catalogue.REVIEW_LESSON[_theme_action(question.theme)].format(**region_words)
            action = catalogue.REVIEW_ACTION[_theme_action(question.theme)].format(**region_words)
            if before_outcome is not None:  # the follow-up: looking back on the action agreed in October
                insights = catalogue.REVIEW_INSIGHT_FOLLOW_UP.format(
                    peer=peer_name,
                    previous_date=f"{previous.date:%d-%m-%Y}",
                    progress=catalogue.REVIEW_PROGRESS[before_outcome.done].format(**region_words),
                    region=question.region.name,
                    lesson=lesson,
                )
                action = catalogue.REVIEW_ACTION_FOLLOW_UP.format(action=before_outcome.action)
            else:
                insights = catalogue.REVIEW_INSIGHT.format(
                    peer=peer_name, peer_what_lower=peer_what, region=question.region.name, lesson=lesson
                )
            LearningOutcome.objects.create(
                question=question,
                insights=insights,
                action=action,
                action_owner=question.owner,
                action_due=date + datetime.timedelta(days=90 + 30 * index),
                done=done,
                done_at=_at(date, 80 + 10 * index) if done else None,
            )
        if reached < 3:
            continue
        topics = "; ".join(f"{q.region.name} over {_lower(q.theme.name)}" for _o, _b, q in questions)
        review.reported_at = stamps["reported"]
        if peer is None:
            review.own_report = catalogue.REVIEW_OWN_REPORT_INTERNAL.format(
                **words,
                host=host.name,
                date=f"{date:%d-%m-%Y}",
                place=review.place,
                topics="; ".join(_lower(q.theme.name) for _o, _b, q in questions),
            )
        else:
            review.own_report = catalogue.REVIEW_OWN_REPORT.format(
                host=host.name,
                peer=peer.name,
                date=f"{date:%d-%m-%Y}",
                place=review.place,
                host_sectors=words["sectors"],
                topics=topics,
            )
        review.save(update_fields=["reported_at", "own_report"])
        for region in members:
            advisor = (
                Assignment.objects.filter(region=region, programme_year=programme_year, role=Assignment.Role.ADVISOR)
                .select_related("user")
                .first()
            )
            own = [q for _o, _b, q in questions if q.region == region]
            if advisor is None:
                continue
            region_words = catalogue.context(catalogue.profile_for(region.slug), region.name)
            ready = reached == 4
            other_name = next((r.name for r in members if r != region), None) or "het andere deelproject"
            if not own:  # joined in 2014: no monitor report yet, it brought its vision and joined the peer's questions
                theirs = [q for _o, _b, q in questions if q.region != region]
                text = catalogue.REVIEW_FEEDBACK_NEWCOMER.format(
                    **region_words,
                    join_year=region.join_year,
                    peer=other_name,
                    topic=", ".join(_lower(q.theme.name) for q in theirs) or "de aanpak",
                )
            elif previous is not None:
                earlier = [q for q in previous.learning_questions.filter(region=region) if hasattr(q, "outcome")]
                text = catalogue.REVIEW_FEEDBACK_FOLLOW_UP.format(
                    previous_date=f"{previous.date:%d-%m-%Y}",
                    region=region.name,
                    peer=other_name,
                    done=sum(1 for q in earlier if q.outcome.done),
                    count=len(earlier),
                )
            else:
                text = catalogue.REVIEW_FEEDBACK.format(
                    region=region.name,
                    report_year=own[0].report.programme_year.year,
                    topic=", ".join(_lower(q.theme.name) for q in own),
                    peer=(next((r.name for r in members if r != region), None) or "het andere deelproject"),
                    action=catalogue.REVIEW_ACTION[_theme_action(own[0].theme)].format(**region_words),
                    owner=own[0].owner.lower().replace(region.name.lower(), region.name),
                )
            FeedbackReport.objects.create(
                review=review,
                region=region,
                author=advisor.user,
                text=text,
                status=FeedbackReport.Status.READY if ready else FeedbackReport.Status.DRAFT,
                ready_at=_at(date, 42) if ready else None,
            )


MONTHS = {
    1: "januari",
    2: "februari",
    3: "maart",
    4: "april",
    5: "mei",
    6: "juni",
    7: "juli",
    8: "augustus",
    9: "september",
    10: "oktober",
    11: "november",
    12: "december",
}


# The duo of the source that asked for a nagesprek with the critical friends, and held a follow-up review after it.
AFTER_TALK_REVIEW = (2014, "twente", "zwolle")


@transaction.atomic
def seed_after_talk(*, programme) -> None:
    """The full cycle of one pair: Twente–Zwolle 2014 gets a procesbegeleider (a critical friend of neither
    region that year) and a recorded nagesprek seven weeks after the review; the follow-up review of February
    2015 builds on it, and Twente's and Zwolle's 2015 monitor reports link to it."""
    from audits.models import Assignment

    from .models import AfterTalk, PeerReview

    year, host_slug, peer_slug = AFTER_TALK_REVIEW
    review = (
        PeerReview.objects.filter(
            programme_year__programme=programme,
            programme_year__year=year,
            host_region__slug=host_slug,
            peer_region__slug=peer_slug,
            status__in=(PeerReview.Status.REPORTED, PeerReview.Status.CLOSED),
        )
        .select_related("host_region", "peer_region")
        .first()
    )
    if review is None or AfterTalk.objects.filter(review=review).exists():
        return
    own = set(
        Assignment.objects.filter(programme_year=review.programme_year, region_id__in=review.region_ids).values_list(
            "user_id", flat=True
        )
    )
    from .services.reviews import facilitator_refusal

    candidates = (
        User.objects.filter(assignments__programme_year=review.programme_year, is_active=True)
        .exclude(pk__in=own)
        .distinct()
        .order_by("email")
    )
    facilitator = next((c for c in candidates if facilitator_refusal(review=review, person=c) is None), None)
    if facilitator is not None and review.facilitator_id is None:
        PeerReview.objects.filter(pk=review.pk).update(facilitator=facilitator)
    host, peer = review.host_region, review.peer_region
    date = review.date + datetime.timedelta(days=49)
    people = _people(host)[:2] + _people(peer)[:2]
    AfterTalk.objects.create(
        review=review,
        date=date,
        place=f"Stadhuis {peer.name}",
        status=AfterTalk.Status.RECORDED,
        participants="\n".join(
            [f"{role} ({organisation})" for role, organisation, _o in people]
            + ([f"{facilitator.full_name} (procesbegeleider)"] if facilitator else [])
        ),
        what_changed=(
            f"{host.name} koppelt sinds de peer review elke vmbo-school aan één vaste werkgever en houdt dat per "
            f"kwartaal bij; drie van de vijf scholen hebben zo'n koppel. {peer.name} heeft de technologieroute van "
            f"{host.name} overgenomen voor twee scholen en betrekt de gemeente nu al bij de werving van leerlingen. "
            "Wat nog niet lukt: bedrijven in de stuurgroep houden, als de eerste trekker vertrekt."
        ),
        next_steps=(
            f"Een vervolg-peer review in februari 2015, bij {peer.name}, met één leervraag per regio: hoe houd je "
            "werkgevers aan tafel na de eerste twee jaar? De projectleiders nemen de acties op in hun "
            "monitorrapportage over 2015."
        ),
        planned_by=User.objects.filter(email=f"pl.{host_slug}@example.org").first(),
        recorded_by=facilitator,
        recorded_at=_at(date, 2),
    )

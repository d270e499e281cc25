"""Demo assignments, scorings and placemats for seed_demo (idempotent).

Each region has per year one advisor and two assessors among cf1…cf6, rotated so that an advisor
of year Y is never an assessor in Y or Y+1. Every placemat of the closed programme is scored by both
assessors and published; the programme in progress (portal.demo_current) scores its own.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from monitoring.models import MonitorReport, SelfAssessment
from regions import demo_catalogue as catalogue
from regions.models import PlacematTheme, ProgrammeYear, Region, RegionRole, SuccessCondition
from toptechniek.accounts.models import User

from .models import (
    Assignment,
    ConditionRating,
    ConsolidatedCondition,
    ConsolidatedScore,
    Placemat,
    Scoring,
    ThemeScore,
)
from .selectors.scoring import median_score

REMARKS = {
    1: "De basis ontbreekt nog; maak concrete afspraken met de partners.",
    2: "Een goed begin, maar nog niet in de hele regio zichtbaar.",
    3: "Op koers: de aanpak werkt en wordt door de partners gedragen.",
    4: "Voorbeeldig; deel deze aanpak met andere regio's.",
}


def seed_audits(*, programme) -> None:
    friends = list(User.objects.filter(email__in=[f"cf{i}@example.org" for i in range(1, 7)]).order_by("email"))
    if len(friends) < 6:
        return
    office = User.objects.filter(email="office@example.org").first()
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    conditions = list(SuccessCondition.objects.filter(programme=programme).order_by("number"))
    years = list(ProgrammeYear.objects.filter(programme=programme).order_by("year"))
    for index, region in enumerate(Region.objects.filter(programme=programme).order_by("pk")):
        for programme_year in years:
            if programme_year.year < region.join_year:
                continue
            shift = index + programme_year.year
            roles = [
                (friends[shift % 6], Assignment.Role.ADVISOR),
                (friends[(shift + 2) % 6], Assignment.Role.ASSESSOR),
                (friends[(shift + 3) % 6], Assignment.Role.ASSESSOR),
            ]
            assignments = []
            for user, role in roles:
                assignment, _ = Assignment.objects.get_or_create(
                    programme_year=programme_year, region=region, user=user, defaults={"role": role}
                )
                RegionRole.objects.get_or_create(
                    user=user,
                    region=region,
                    role=RegionRole.Role.CRITICAL_FRIEND,
                    defaults={"start_date": datetime.date(programme_year.year, 1, 1)},  # their first year here
                )
                assignments.append(assignment)
            report = MonitorReport.objects.filter(region=region, programme_year=programme_year).first()
            if report is None or report.status not in ("submitted", "accepted"):
                continue
            if Placemat.objects.filter(region=region, programme_year=programme_year).exists():
                continue
            _score(region, programme_year, report, assignments, themes, conditions, office)


def _score(region, programme_year, report, assignments, themes, conditions, office) -> None:
    """Both assessors' scorings, submitted, and the published placemat with the median scores."""
    rng = random.Random(f"placemat-{region.slug}-{programme_year.year}")
    placemat = Placemat.objects.create(region=region, programme_year=programme_year)
    self_scores = {s.theme_id: s.score for s in SelfAssessment.objects.filter(report=report)}
    per_theme: dict[int, list[int]] = {}
    per_condition: dict[int, list[int]] = {}
    for n, assignment in enumerate(a for a in assignments if a.role == Assignment.Role.ASSESSOR):
        scoring = Scoring.objects.create(
            assignment=assignment,
            placemat=placemat,
            status=Scoring.Status.SUBMITTED,
            submitted_at=timezone.make_aware(timezone.datetime(programme_year.year + 1, 4, 10 + n, 16, 0)),
        )
        for theme in themes:
            base = self_scores.get(theme.pk) or 3
            score = max(1, min(4, base + rng.choice([-1, 0, 0, 0, 1]) - (1 if rng.random() < 0.2 else 0)))
            per_theme.setdefault(theme.pk, []).append(score)
            ThemeScore.objects.create(scoring=scoring, theme=theme, score=score, rationale=REMARKS[score])
        for condition in conditions:
            rating = rng.choice([2, 3, 3, 4])
            per_condition.setdefault(condition.pk, []).append(rating)
            ConditionRating.objects.create(scoring=scoring, condition=condition, rating=rating)
    for theme in themes:
        score = median_score(per_theme.get(theme.pk, [])) or 3
        ConsolidatedScore.objects.create(placemat=placemat, theme=theme, score=score, key_remark=REMARKS[score])
    for condition_id, ratings in per_condition.items():
        ConsolidatedCondition.objects.create(placemat=placemat, condition_id=condition_id, rating=median_score(ratings))
    placemat.status = Placemat.Status.PUBLISHED
    placemat.version = 1
    placemat.published_by = office
    placemat.published_at = timezone.make_aware(timezone.datetime(programme_year.year + 1, 6, 15, 12, 0))
    placemat.save()


def seed_grants(*, programme) -> None:
    """Grant rules and decided grants for every year (one decision overrides the proposal, with a reason)."""
    from decimal import Decimal

    from .models import GrantRule
    from .services.grants import grant_decide, grant_propose_year, grant_rule_save

    office = User.objects.filter(email="office@example.org").first()
    for programme_year in ProgrammeYear.objects.filter(programme=programme).order_by("year"):
        if GrantRule.objects.filter(programme_year=programme_year).exists():
            continue
        grant_rule_save(
            programme_year=programme_year,
            base_amount=Decimal("100000"),
            late_reduction_pct=Decimal("10"),
            not_accepted_reduction_pct=Decimal("25"),
            progress_weight_pct=Decimal("40"),
            placemat_weight_pct=Decimal("10"),
            actor=office,
        )
        grants = grant_propose_year(programme_year=programme_year, actor=office)
        for n, grant in enumerate(grants):
            if programme_year.year == 2014 and n == 0:
                grant_decide(
                    grant=grant,
                    amount=(grant.proposed_amount + Decimal("15000")).quantize(Decimal(1)),
                    reason="Extra bijdrage voor de regionale uitbreiding naar de technologieroute, besloten in het "
                    "governancegesprek.",
                    actor=office,
                )
            else:
                grant_decide(grant=grant, amount=grant.proposed_amount, reason="", actor=office)
        grants_dated(programme_year=programme_year)


def grants_dated(*, programme_year) -> None:
    """The year's grants as the office computed and decided them: about three and a half months after the
    reports were due, not on the day the demo was loaded (the services stamp their own time)."""
    from .models import GrantChange, StimulusGrant

    due = programme_year.report_due_date
    proposed = timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=100), datetime.time(11)))
    decided = timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=115), datetime.time(15)))
    grants = StimulusGrant.objects.filter(programme_year=programme_year)
    grants.update(proposed_at=proposed, decided_at=decided)
    GrantChange.objects.filter(grant__in=grants).update(at=decided)


def region_figures(region, year: int) -> list[dict]:
    """The region's own figures of `year` from its monitor report: realisation against the agreed target,
    on course or behind (None when the region reported no figure). Shared by the visit, peer-review and
    governance demos."""
    from monitoring.models import Realisation
    from regions.models import Target

    realisations = {
        r.indicator_id: r
        for r in Realisation.objects.filter(report__region=region, report__programme_year__year=year).select_related(
            "indicator__performance_area"
        )
    }
    targets = {t.indicator_id: t.value for t in Target.objects.filter(indicator__region=region, year=year)}
    figures = []
    for realisation in sorted(realisations.values(), key=lambda r: r.indicator.code):
        indicator, target = realisation.indicator, targets.get(realisation.indicator_id)
        value = realisation.value
        on_course = None
        if value is not None and target is not None:
            on_course = value <= target if indicator.direction == "lower" else value >= target
        figures.append(
            {
                "code": indicator.code,
                "area": indicator.performance_area.number,
                "name": indicator.name,
                "name_lower": indicator.name[0].lower() + indicator.name[1:],
                "unit": indicator.unit,
                "value": _number(value),
                "target": _number(target),
                "on_course": on_course,
                "gap": _gap(value, target, indicator.direction),
            }
        )
    return figures


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    return text.replace(".", ",")


def _gap(value, target, direction) -> float:
    """How far behind the target, relative (0 when on course or unknown): the weakest figure has the largest."""
    if value is None or target is None or not target:
        return 0.0
    gap = float((value - target) / target) if direction == "lower" else float((target - value) / target)
    return max(0.0, gap)


def figure_sentence(figure: dict, year: int) -> str:
    words = {**figure, "year": year, "percent": "%" if figure["unit"] == "%" else ""}
    if figure["on_course"] is None:
        return catalogue.VISIT_FIGURE_NONE.format(**words)
    template = catalogue.VISIT_FIGURE_ON if figure["on_course"] else catalogue.VISIT_FIGURE_BEHIND
    return template.format(**words).replace(" % ", "% ")


def judgement_for(figures: list[dict]) -> str:
    counted = [f for f in figures if f["on_course"] is not None]
    share = sum(1 for f in counted if f["on_course"]) / len(counted) if counted else 0.5
    return "on_track" if share >= 0.7 else "attention" if share >= 0.4 else "worrying"


def best_and_behind(figures: list[dict]) -> tuple[dict | None, dict | None]:
    counted = [f for f in figures if f["on_course"] is not None]
    behind = max(counted, key=lambda f: (f["gap"], f["code"]), default=None)
    if behind is not None and behind["gap"] == 0:
        behind = None
    best = next((f for f in counted if f["on_course"]), None)
    return best, behind


VISIT_RATING = {"on_track": 3, "attention": 2, "worrying": 2}


def _weekday(date: datetime.date) -> datetime.date:
    while date.weekday() >= 5:
        date += datetime.timedelta(days=1)
    return date


# Not ready for a peer review in that year: an audit visit instead (peerreviews.demo leaves them out).
AUDITED_INSTEAD = {2014: ("zeeland",)}


def visited_regions(programme_year, regions) -> list:
    """Who had an audit visit that year. 2012 and 2013: every region. From 2014 the peer review was the
    alternative form of audit: the regions with a peer review (and the one not yet ready for any) had none;
    the region not ready for a peer review was audited (AUDITED_INSTEAD)."""
    year = programme_year.year
    joined = [r for r in regions if r.join_year <= year]
    if year <= 2013:
        return joined
    return [r for r in joined if r.slug in AUDITED_INSTEAD.get(year, ())]


def seed_visits(*, programme) -> None:
    """Reported audit visits, each inside its year's audit window and written for that region from its own
    profile and figures: every region in 2012 and 2013, in 2014 only the region audited instead of a peer
    review. Follow-up actions are mostly done (the programme is history), a few stayed open."""
    from .models import AuditVisit

    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    conditions = list(SuccessCondition.objects.filter(programme=programme).order_by("number"))
    regions = list(Region.objects.filter(programme=programme).order_by("pk"))
    for programme_year in ProgrammeYear.objects.filter(programme=programme, year__lte=2014).order_by("year"):
        year = programme_year.year
        start = programme_year.audit_window_start or datetime.date(year + 1, 4, 15)
        end = programme_year.audit_window_end or datetime.date(year + 1, 6, 30)
        done = set(AuditVisit.objects.filter(programme_year=programme_year).values_list("region_id", flat=True))
        chosen = visited_regions(programme_year, regions)
        for n, region in enumerate(chosen):
            if region.pk in done:
                continue
            with transaction.atomic():  # one commit per visit, not one per service call
                _seed_visit(region, programme_year, n, len(chosen), start, end, themes, conditions)


def _seed_visit(region, programme_year, n, count, start, end, themes, conditions) -> None:
    from .models import AuditVisit, FollowUpAction, VisitAttendee
    from .services.visits import action_add, action_toggle_done, visit_mark_held, visit_report, visit_save_report

    year = programme_year.year
    span = max(1, (end - start).days - 10)
    committee = User.objects.filter(
        assignments__region=region,
        assignments__programme_year=programme_year,
        assignments__role=Assignment.Role.ASSESSOR,
    )
    date = _weekday(start + datetime.timedelta(days=3 + (n * span) // max(1, count)))
    words = catalogue.context(catalogue.profile_for(region.slug), region.name)
    gemeente = region.partners.filter(organisation__subtype="gemeente").select_related("organisation").first()
    penvoerder = region.partners.filter(is_penvoerder=True).select_related("organisation").first()
    roc = penvoerder.organisation.name if penvoerder else f"ROC {region.name}"
    # Planned as the service does, minus the "visit planned" mail: these visits were held in 2013–2015
    # and nobody should be mailed about them today.
    visit = AuditVisit.objects.create(
        region=region, programme_year=programme_year, date=date, place=f"{roc}, {region.name}"
    )
    visit.committee.set(committee)
    VisitAttendee.objects.bulk_create(
        VisitAttendee(visit=visit, name=name, organisation_name=organisation, o_kind=o_kind)
        for name, organisation, o_kind in (
            (f"Projectleider {region.name}", roc, "onderwijs"),
            (f"Bestuurder {region.name}", roc, "onderwijs"),
            (f"Directeur {words['employer']}", words["employer"], "ondernemer"),
            (f"Regiomanager {words['branche']}", words["branche"], "ondernemer"),
            (
                "Wethouder Economie",
                gemeente.organisation.name if gemeente else f"Gemeente {region.name}",
                "overheid",
            ),
        )
    )
    figures = region_figures(region, year)
    judgement = judgement_for(figures)
    best, behind = best_and_behind(figures)
    words = {
        **words,
        "year": year,
        "next_year": year + 2,
        "best_lower": (best or figures[0])["name_lower"] if figures else f"de {words['sector']}",
        "behind_lower": behind["name_lower"] if behind else f"het vasthouden van bedrijven in de {words['sector2']}",
    }
    findings = {}
    for theme in themes:
        if theme.kind == "performance":
            own = [f for f in figures if f["area"] == theme.number][:2]
            sentences = [figure_sentence(f, year) for f in own]
            on_course = all(f["on_course"] is not False for f in own)
            sentences.append(catalogue.VISIT_AREA[theme.number][0 if on_course else 1].format(**words))
            findings[theme.pk] = " ".join(sentences)
        else:
            variants = catalogue.VISIT_PROCESS[theme.number][judgement]
            findings[theme.pk] = variants[(year + theme.number) % 2].format(**words)
    visit_mark_held(visit=visit, today=date)
    base = VISIT_RATING[judgement]
    visit_save_report(
        visit=visit,
        findings=findings,
        ratings={
            c.pk: max(
                1,
                min(
                    4,
                    base
                    + (1 if (c.number + region.pk + year) % 4 == 0 else 0)
                    - (1 if judgement == "worrying" and c.number % 3 == 0 else 0),
                ),
            )
            for c in conditions
        },
        advice=catalogue.VISIT_ADVICE[judgement].format(**words),
        judgement=judgement,
        success_factors=catalogue.VISIT_SUCCESS_FACTORS[judgement].format(**words),
        practices_to_share=catalogue.VISIT_PRACTICES[judgement].format(**words),
    )
    visit_report(visit=visit)
    AuditVisit.objects.filter(pk=visit.pk).update(
        reported_at=timezone.make_aware(
            datetime.datetime.combine(date + datetime.timedelta(days=14), datetime.time(10, 0))
        )
    )
    actions = [
        action_add(
            visit=visit,
            description=template.format(**words),
            owner=f"{'Projectleider' if m == 0 else 'Bestuurder'} {region.name}",
            due_date=date + datetime.timedelta(days=90 + 60 * m),
        )
        for m, template in enumerate(catalogue.VISIT_ACTIONS)
    ]
    for m, action in enumerate(actions):
        if m == 0 or (region.pk + year) % 3:
            action_toggle_done(action=action)
            # Done during the programme, a few weeks before the due date, not today.
            FollowUpAction.objects.filter(pk=action.pk).update(
                done_at=timezone.make_aware(
                    datetime.datetime.combine(action.due_date - datetime.timedelta(days=20), datetime.time(9))
                )
            )


# --- Advice (klankbord en vraagbaak) ---------------------------------------------------------------

ADVICE = {
    "twente": {
        "questions": [
            (
                40,
                5,
                "Hoe krijgen we de kleine maakbedrijven structureel in de klas, nu de grote bedrijven al meedoen?",
                "Begin bij de branchevereniging en de Kamer van Koophandel: zij kennen de bedrijven die nu nog "
                "afzijdig blijven. Vraag geen gastlessen maar één vast koppel docent–bedrijf per school; dat is "
                "voor een klein bedrijf beter te overzien.",
            ),
        ],
        "held": (
            20,
            {
                "participants_onderwijs": "ROC van Twente (teamleider techniek), twee vmbo-scholen",
                "participants_ondernemers": "Stork, twee leden van de FME-regiokring",
                "participants_overheid": "gemeente Enschede (economische zaken)",
            },
            "Maak per school één aanspreekpunt voor bedrijven en leg de koppels vast in de stuurgroep; meet in de "
            "monitor hoeveel mkb-bedrijven meedoen in plaats van hoeveel gastlessen er zijn.",
            "De projectleider brengt het voorstel voor vaste koppels in de stuurgroep van februari.",
        ),
        "planned": 12,
    },
    "parkstad-limburg": {
        "questions": [
            (
                3,
                None,
                "Onze 0-meting voor zij-instromers klopt niet meer sinds de fusie van de twee ROC's. Moeten we een "
                "wijziging van de prestatieafspraak aanvragen, of kan dit in de toelichting?",
                "",
            ),
        ],
    },
    "food-valley": {"unrecorded": 2},
}


def seed_advice(*, programme, today) -> None:
    """Advice in the programme in progress: an answered question and a recorded conversation (Twente), an open
    question (Parkstad Limburg: its advisor's task) and a conversation held but not yet recorded (Food Valley)."""
    import datetime

    from django.utils import timezone

    from regions.models import PlacematTheme

    from .models import AdviceConversation, AdviceQuestion, Assignment
    from .rules import advice_year

    def at(days_ago: int, hour: int = 10):
        day = today - datetime.timedelta(days=days_ago)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    for slug, plan in ADVICE.items():
        region = Region.objects.filter(programme=programme, slug=slug).select_related("programme").first()
        year = advice_year(region=region, today=today) if region else None
        advisor = (
            Assignment.objects.filter(region=region, programme_year=year, role=Assignment.Role.ADVISOR)
            .select_related("user")
            .first()
        )
        if advisor is None:
            continue
        leader = region.roles.filter(role="project_leader").select_related("user").first()
        themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
        question = None
        for asked, answered, text, answer in plan.get("questions", []):
            question, created = AdviceQuestion.objects.get_or_create(
                region=region,
                question=text,
                defaults={
                    "programme_year": year,
                    "theme": themes[-1] if themes else None,
                    "asked_by": leader.user if leader else None,
                    "asked_at": at(asked),
                },
            )
            if created and answered is not None:
                question.answer, question.answered_by, question.answered_at = answer, advisor.user, at(answered, 15)
                question.status = AdviceQuestion.Status.ANSWERED
                question.save()
        if "held" in plan:
            days, participants, advice, follow_up = plan["held"]
            conversation, created = AdviceConversation.objects.get_or_create(
                region=region,
                date=today - datetime.timedelta(days=days),
                defaults={
                    "programme_year": year,
                    "advisor": advisor.user,
                    "question": question,
                    "place": "Enschede, ROC van Twente",
                    "status": AdviceConversation.Status.HELD,
                    "advice": advice,
                    "follow_up": follow_up,
                    "recorded_at": at(days - 1, 17),
                    **participants,
                },
            )
            if created:
                conversation.topics.set(themes[4:6] or themes[:1])
        if "planned" in plan:
            AdviceConversation.objects.get_or_create(
                region=region,
                date=today + datetime.timedelta(days=plan["planned"]),
                defaults={"programme_year": year, "advisor": advisor.user, "place": "Hengelo, Stork"},
            )
        if "unrecorded" in plan:
            AdviceConversation.objects.get_or_create(
                region=region,
                date=today - datetime.timedelta(days=plan["unrecorded"]),
                defaults={"programme_year": year, "advisor": advisor.user, "place": "Ede, World Food Center"},
            )

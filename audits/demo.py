"""Demo assignments, scorings and placemats for seed_demo (idempotent).

Each region has per year one advisor and two assessors among cf1…cf6, rotated so that an advisor
of year Y is never an assessor in Y or Y+1. 2012–2014 placemats are scored by both assessors and
published for most regions; 2015 scoring is in progress where the 2015 report is in.
"""

import datetime
import random

from django.utils import timezone

from monitoring.models import MonitorReport, SelfAssessment
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
            publish = programme_year.year <= 2014 and index % 7 != 6
            _score(region, programme_year, report, assignments, themes, conditions, publish, office)


def _score(region, programme_year, report, assignments, themes, conditions, publish, office) -> None:
    rng = random.Random(f"placemat-{region.slug}-{programme_year.year}")
    placemat = Placemat.objects.create(region=region, programme_year=programme_year)
    self_scores = {s.theme_id: s.score for s in SelfAssessment.objects.filter(report=report)}
    per_theme: dict[int, list[int]] = {}
    per_condition: dict[int, list[int]] = {}
    finished = publish or programme_year.year <= 2014
    for n, assignment in enumerate(a for a in assignments if a.role == Assignment.Role.ASSESSOR):
        done = finished or n == 0
        scoring = Scoring.objects.create(
            assignment=assignment,
            placemat=placemat,
            status=Scoring.Status.SUBMITTED if done else Scoring.Status.DRAFT,
            submitted_at=timezone.make_aware(timezone.datetime(programme_year.year + 1, 4, 10 + n, 16, 0))
            if done
            else None,
        )
        for theme in themes if done else themes[:4]:
            base = self_scores.get(theme.pk) or 3
            score = max(1, min(4, base + rng.choice([-1, 0, 0, 0, 1]) - (1 if rng.random() < 0.2 else 0)))
            per_theme.setdefault(theme.pk, []).append(score)
            ThemeScore.objects.create(scoring=scoring, theme=theme, score=score, rationale=REMARKS[score])
        for condition in conditions if done else []:
            rating = rng.choice([2, 3, 3, 4])
            per_condition.setdefault(condition.pk, []).append(rating)
            ConditionRating.objects.create(scoring=scoring, condition=condition, rating=rating)
    if not publish:
        return
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
    """Grant rules and decided grants for 2012–2014 (one decision overrides the proposal, with a reason)."""
    from decimal import Decimal

    from .models import GrantRule
    from .services.grants import grant_decide, grant_propose_year, grant_rule_save

    office = User.objects.filter(email="office@example.org").first()
    for programme_year in ProgrammeYear.objects.filter(programme=programme, year__lte=2014).order_by("year"):
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


VISIT_FINDINGS = {
    "on_track": "De partners werken zichtbaar samen; de aanpak op dit thema is in de hele regio geland.",
    "attention": "Er zijn goede initiatieven, maar ze zijn nog afhankelijk van enkele trekkers.",
    "worrying": "Op dit thema is sinds vorig jaar weinig beweging; afspraken worden niet nagekomen.",
}
VISIT_ADVICE = {
    "on_track": "Borg de aanpak in de reguliere bedrijfsvoering en deel de ervaringen met andere regio's.",
    "attention": "Maak per deelproject een eigenaar verantwoordelijk en leg de afspraken met de bedrijven vast.",
    "worrying": "Herijk samen met de penvoerder de sturing van het project en stel binnen drie maanden een "
    "verbeterplan op.",
}
VISIT_RATING = {"on_track": 3, "attention": 2, "worrying": 2}
JUDGEMENTS = ["on_track", "attention", "worrying"]


def seed_visits(*, programme) -> None:
    """Reported audit visits in 2013 and 2014 for a rotating set of regions, all three judgements present,
    with follow-up actions (some done, some still open); one visit of 2015 is planned."""
    import datetime

    from .models import AuditVisit
    from .services.visits import (
        action_add,
        action_toggle_done,
        visit_mark_held,
        visit_plan,
        visit_report,
        visit_save_report,
    )

    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    conditions = list(SuccessCondition.objects.filter(programme=programme).order_by("number"))
    regions = list(Region.objects.filter(programme=programme, join_year__lte=2013).order_by("pk"))
    for programme_year in ProgrammeYear.objects.filter(programme=programme, year__in=(2013, 2014, 2015)):
        year = programme_year.year
        chosen = regions[(year - 2013) * 3 :: 4][:4] if year < 2015 else regions[1:2]
        for n, region in enumerate(chosen):
            if AuditVisit.objects.filter(region=region, programme_year=programme_year).exists():
                continue
            committee = User.objects.filter(
                assignments__region=region,
                assignments__programme_year=programme_year,
                assignments__role=Assignment.Role.ASSESSOR,
            )
            date = datetime.date(year + 1, 5, 12 + n * 3)
            visit = visit_plan(
                region=region,
                programme_year=programme_year,
                date=date,
                place=f"Kantoor penvoerder, {region.name}",
                committee=committee,
                attendees=[
                    {"name": f"Projectleider {region.name}", "organisation_name": "ROC", "o_kind": "onderwijs"},
                    {"name": f"Bestuurder {region.name}", "organisation_name": "ROC", "o_kind": "onderwijs"},
                    {"name": "Directeur Metaalbedrijf", "organisation_name": "Metaalunie", "o_kind": "ondernemer"},
                    {"name": "Wethouder Economie", "organisation_name": "Gemeente", "o_kind": "overheid"},
                ],
            )
            if year == 2015:
                continue  # planned, not yet held
            judgement = JUDGEMENTS[(n + year) % 3]
            visit_mark_held(visit=visit, today=date)
            visit_save_report(
                visit=visit,
                findings={t.pk: VISIT_FINDINGS[judgement] for t in themes},
                ratings={c.pk: VISIT_RATING[judgement] + (1 if c.number % 4 == 0 else 0) for c in conditions},
                advice=VISIT_ADVICE[judgement],
                judgement=judgement,
            )
            visit_report(visit=visit)
            first = action_add(
                visit=visit,
                description="Afspraken met de bedrijven over stageplaatsen vastleggen in een convenant.",
                owner=f"Projectleider {region.name}",
                due_date=date + datetime.timedelta(days=90),
            )
            action_add(
                visit=visit,
                description="Verbeterplan voor de doorlopende leerlijnen vmbo–mbo bespreken in de stuurgroep.",
                owner=f"Bestuurder {region.name}",
                due_date=date + datetime.timedelta(days=150),
            )
            if year == 2013:
                action_toggle_done(action=first)

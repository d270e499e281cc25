# ruff: noqa: E501 - demo text reads better unwrapped
"""Demo monitor reports for seed_demo: 2012–2014 mostly accepted, 2015 drafts in progress (idempotent: a region-year that has a report is left alone)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from regions.models import GuidingQuestion, Indicator, PlacematTheme, ProgrammeYear, Region, RegionRole, target_met
from toptechniek.accounts.models import User
from toptechniek.common.samples import image_bytes, pdf_bytes, store_sample_attachment

from .models import (
    LearningTheme,
    MonitorReport,
    Realisation,
    ReportAttachment,
    ReportTransition,
    SelfAssessment,
    ThemeAnswer,
)

S = MonitorReport.Status

ANSWERS = [
    "In {region} is de aanpak vertaald in een jaarplan met acties per partner; de stuurgroep bespreekt de voortgang elk kwartaal.",
    "De partners delen de resultaten via een gezamenlijke nieuwsbrief en de regionale techniektafel.",
    "Bedrijven zijn betrokken via de brancheorganisaties en via gastlessen en stages; individuele ondernemers blijven lastig te bereiken.",
    "De cijfers uit de 0-meting worden jaarlijks bijgewerkt met gegevens van de scholen en DUO.",
]

LEARNING = [
    "Hoe houden we individuele bedrijven betrokken na de eerste kennismaking?",
    "Hoe maken we de technologieroute aantrekkelijk voor mavo-leerlingen?",
    "Hoe borgen we de financiering na de programmaperiode?",
]


def _plan(index: int, year: int) -> str | None:
    """Which state the demo report of region `index` has in `year` (None: no report)."""
    if year == 2012:
        return "accepted"
    if year == 2013:
        return "accepted_late" if index in (3, 12) else "accepted"
    if year == 2014:
        return {5: "returned", 7: "awaiting", 11: "submitted", 2: "accepted_late", 15: None}.get(index, "accepted")
    if year == 2015:
        return {1: "submitted", 9: "submitted", 13: "accepted"}.get(index, "draft" if index % 2 == 0 else None)
    return None


def seed_region_reports(*, region: Region, index: int, office: User) -> None:
    leader = User.objects.filter(region_roles__region=region, region_roles__role=RegionRole.Role.PROJECT_LEADER).first()
    penvoerder = User.objects.filter(region_roles__region=region, region_roles__role=RegionRole.Role.PENVOERDER).first()
    if leader is None:
        return
    for programme_year in ProgrammeYear.objects.filter(programme_id=region.programme_id).order_by("year"):
        plan = _plan(index, programme_year.year)
        if plan is None or programme_year.year < region.join_year:
            continue
        if MonitorReport.objects.filter(region=region, programme_year=programme_year).exists():
            continue
        _seed_report(
            region,
            programme_year,
            plan,
            leader,
            penvoerder,
            office,
            random.Random(f"{region.slug}{programme_year.year}"),
        )


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _seed_report(region, programme_year, plan, leader, penvoerder, office, rng) -> None:
    year = programme_year.year
    complete = plan != "draft"
    report = MonitorReport.objects.create(region=region, programme_year=programme_year, updated_by=leader)
    indicators = list(Indicator.objects.filter(region=region, status="agreed").prefetch_related("targets"))
    for n, indicator in enumerate(indicators):
        if not complete and n >= len(indicators) // 2:
            break
        target = next((t.value for t in indicator.targets.all() if t.year == year), None)
        base = target if target is not None else indicator.baseline_value
        if rng.random() < 0.08:
            Realisation.objects.create(
                report=report,
                indicator=indicator,
                not_applicable=True,
                explanation="De cijfers over dit schooljaar zijn nog niet beschikbaar bij DUO.",
            )
            continue
        value = (base * Decimal(str(round(rng.uniform(0.85, 1.15), 2)))).quantize(Decimal(1))
        explanation = ""
        if target is not None and target_met(direction=indicator.direction, value=value, target=target) is False:
            explanation = (
                "Minder instroom dan verwacht door de demografische krimp; extra LOB-activiteiten zijn gestart."
            )
        Realisation.objects.create(report=report, indicator=indicator, value=value, explanation=explanation)
    themes = list(PlacematTheme.objects.filter(programme_id=region.programme_id).order_by("kind", "number"))
    questions = GuidingQuestion.objects.filter(theme__in=[t for t in themes if t.kind == "process"])
    ThemeAnswer.objects.bulk_create(
        ThemeAnswer(report=report, question=q, answer=ANSWERS[i % len(ANSWERS)].format(region=region.name))
        for i, q in enumerate(questions)
        if complete or i % 3 == 0
    )
    for theme in themes if complete else themes[:3]:
        score = rng.choice([2, 3, 3, 4])
        SelfAssessment.objects.create(
            report=report,
            theme=theme,
            score=score,
            rationale={2: "Er is een begin gemaakt.", 3: "We liggen op koers.", 4: "Dit loopt uitstekend."}[score],
        )
    files = random.Random(f"attachments-{region.slug}-{year}")  # its own dice: the rest of the demo stays as it was
    if complete or files.random() < 0.5:
        store_sample_attachment(
            ReportAttachment,
            report=report,
            name=f"Jaarplan {region.name} {year}.pdf",
            data=pdf_bytes(f"Jaarplan {region.name} {year}"),
            description="Het jaarplan van de regio, vastgesteld door de stuurgroep.",
            user=leader,
            at=_at(year, 1, 15),
        )
    if complete and files.random() < 0.5:
        store_sample_attachment(
            ReportAttachment,
            report=report,
            name=f"Foto techniekdag {year}.png",
            data=image_bytes("PNG", (320, 200)),
            description="Leerlingen van het vmbo tijdens de techniekdag.",
            user=leader,
            at=_at(year, 10, 8),
        )
    report.reflection_works = f"De doorlopende leerlijnen in {region.name} lopen goed en docenten werken samen."
    report.reflection_progress = "We liggen op de meeste afspraken op schema." if complete else ""
    report.reflection_not_yet = "Het vasthouden van individuele bedrijven lukt nog niet goed." if complete else ""
    LearningTheme.objects.create(
        report=report, theme=themes[3 if len(themes) > 3 else 0], description=LEARNING[rng.randrange(3)]
    )
    steps = []
    due = programme_year.report_due_date
    late = plan == "accepted_late"
    submitted = _at(due.year, due.month + 1, 10) if late else _at(due.year, due.month - 1 or 1, 20)
    if plan in ("awaiting", "submitted", "accepted", "accepted_late", "returned"):
        steps.append((S.DRAFT, S.AWAITING_ENDORSEMENT, leader, "", submitted))
    if plan in ("submitted", "accepted", "accepted_late", "returned") and penvoerder:
        steps.append((S.AWAITING_ENDORSEMENT, S.SUBMITTED, penvoerder, "", submitted + datetime.timedelta(days=2)))
        report.first_submitted_at = report.submitted_at = submitted + datetime.timedelta(days=2)
        report.is_late = (submitted + datetime.timedelta(days=2)).date() > due
        report.submitted_by, report.endorsed_by, report.endorsed_at = leader, penvoerder, report.submitted_at
    if plan in ("accepted", "accepted_late"):
        accepted = submitted + datetime.timedelta(days=20)
        steps.append((S.SUBMITTED, S.ACCEPTED, office, "", accepted))
        report.accepted_at = accepted
    if plan == "returned":
        steps.append(
            (
                S.SUBMITTED,
                S.RETURNED,
                office,
                "De reflectie gaat nog weinig in op de indicatoren die achterblijven. Licht die toe en "
                "koppel er een leerthema aan.",
                submitted + datetime.timedelta(days=14),
            )
        )
    if plan == "awaiting":
        report.submitted_by = leader
    report.status = steps[-1][1] if steps else S.DRAFT
    report.save()
    if steps:  # last saved when it was first sent on, not today
        MonitorReport.objects.filter(pk=report.pk).update(updated_at=submitted)
    ReportTransition.objects.bulk_create(
        ReportTransition(report=report, from_status=f, to_status=t, actor=a, comment=c, at=at)
        for f, t, a, c, at in steps
    )

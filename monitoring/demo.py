# ruff: noqa: E501 - demo text reads better unwrapped
"""Demo monitor reports for seed_demo: the closed programme's reports of 2012–2015, every one accepted, some after the deadline (idempotent: a region-year that has a report is left alone). The programme in progress (portal.demo_current) uses `_seed_report` for its own years."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from regions import demo_catalogue as catalogue
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


def _plan(index: int, year: int) -> str | None:
    """Which state the demo report of region `index` has in `year` (None: no report)."""
    if year == 2012:
        return "accepted"
    if year == 2013:
        return "accepted_late" if index in (3, 12) else "accepted"
    if year == 2014:
        return "accepted_late" if index in (2, 7) else "accepted"
    if year == 2015:  # the last year: every report in and accepted, two after the deadline
        return "accepted_late" if index in (5, 11) else "accepted"
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


def _seed_report(
    region, programme_year, plan, leader, penvoerder, office, rng, *, profile=None, key: str = "", now=None
) -> MonitorReport:
    """One report in the state `plan`. `profile` and `key` (the catalogue's words and the dice of the figures)
    default to the region's in the 2012–2015 catalogue; `now` (a programme in progress) keeps every date
    before it."""
    year = programme_year.year
    complete = plan != "draft"
    report = MonitorReport.objects.create(region=region, programme_year=programme_year, updated_by=leader)
    profile = profile or catalogue.profile_for(region.slug)
    key = key or region.slug
    words = {**catalogue.context(profile, region.name), "year": year, "baseline_year": region.join_year - 1}
    indicators = list(
        Indicator.objects.filter(region=region, status="agreed").prefetch_related("targets").order_by("pk")
    )
    # Per indicator with a target this year: (indicator, value, target, met) -- for the reflection below.
    figures = []
    for n, indicator in enumerate(indicators):
        if not complete and n >= len(indicators) // 2:
            break
        targets = {t.year: t.value for t in indicator.targets.all()}
        target = targets.get(year)
        if indicator.code in catalogue.INDICATORS and targets:
            value = catalogue.realised(key, indicator.code, indicator.baseline_value, targets, year)
            short, unavailable = catalogue.INDICATORS[indicator.code][8:10]
        else:  # an indicator the catalogue does not know (added by hand)
            value = (indicator.baseline_value * Decimal(str(round(rng.uniform(0.95, 1.15), 2)))).quantize(Decimal(1))
            short, unavailable = "De ontwikkeling blijft achter bij de planning.", "Het cijfer is nog niet beschikbaar."
        if year == programme_year.programme.end_year and rng.random() < 0.15:
            Realisation.objects.create(report=report, indicator=indicator, not_applicable=True, explanation=unavailable)
            continue
        met = None if target is None else target_met(direction=indicator.direction, value=value, target=target)
        Realisation.objects.create(
            report=report, indicator=indicator, value=value, explanation=short if met is False else ""
        )
        if met is not None:
            figures.append((indicator, value, target, met))
    themes = list(PlacematTheme.objects.filter(programme_id=region.programme_id).order_by("kind", "number"))
    questions = GuidingQuestion.objects.filter(theme__in=[t for t in themes if t.kind == "process"]).order_by(
        "theme__number", "order", "pk"
    )
    ThemeAnswer.objects.bulk_create(
        ThemeAnswer(report=report, question=q, answer=_answer(q, rng, words))
        for i, q in enumerate(questions)
        if complete or i % 3 == 0
    )
    assessed = {}
    for theme in themes if complete else themes[:3]:
        if theme.kind == "performance":  # the figures of the area decide
            area = [f for f in figures if f[0].performance_area_id == theme.pk]
            share = sum(f[3] for f in area) / len(area) if area else 0.6
            score = 4 if share == 1 and len(area) > 1 else 3 if share >= 0.5 else 2
            lagging = [f[0].name for f in area if not f[3]]
            theme_words = {**words, "behind": lagging[0].lower() if lagging else "het vasthouden van het niveau"}
        else:
            score = rng.choice([2, 3, 3, 4])
            theme_words = words
        texts = catalogue.SELF_ASSESSMENT.get((theme.kind, theme.number))
        rationale = (
            texts[score].format(**theme_words)
            if texts
            else {2: "Er is een begin gemaakt.", 3: "Op koers.", 4: "Dit loopt uitstekend."}[score]
        )
        SelfAssessment.objects.create(report=report, theme=theme, score=score, rationale=rationale[:500])
        assessed[theme.pk] = score
    _reflect(report, figures, complete, rng, words)
    # The learning theme: the theme the region rated lowest this year (the first of them), in its own words.
    shuffled = list(themes)
    rng.shuffle(shuffled)
    weakest = min(shuffled, key=lambda t: assessed.get(t.pk, 3))
    learning = catalogue.LEARNING.get((weakest.kind, weakest.number)) or catalogue.LEARNING[("process", 3)]
    LearningTheme.objects.create(report=report, theme=weakest, description=rng.choice(learning).format(**words))
    files = random.Random(f"attachments-{key}-{year}")  # its own dice: the rest of the demo stays as it was
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
    steps = []
    due = programme_year.report_due_date
    late = plan == "accepted_late"
    submitted = _at(due.year, due.month + 1, 10) if late else _at(due.year, due.month - 1 or 1, 20)
    if now is not None and submitted > now - datetime.timedelta(days=3):  # this year's: sent on in the last weeks
        submitted = now - datetime.timedelta(days=4 + rng.randrange(10), hours=rng.randrange(6))
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
        returned = submitted + datetime.timedelta(days=14)
        if now is not None:  # this year's: returned a day or two after it came in, never after today
            returned = min(submitted + datetime.timedelta(days=3), now - datetime.timedelta(hours=20))
        steps.append(
            (
                S.SUBMITTED,
                S.RETURNED,
                office,
                "De reflectie gaat nog weinig in op de indicatoren die achterblijven. Licht die toe en "
                "koppel er een leerthema aan.",
                returned,
            )
        )
    if plan == "awaiting":
        report.submitted_by = leader
    report.status = steps[-1][1] if steps else S.DRAFT
    report.save()
    # Started in the autumn of its year and last saved when it was first sent on (a draft: early the next
    # year), never today.
    created = _at(year, 11, 1 + rng.randrange(20))
    updated = submitted if steps else _at(year + 1, 2, 1 + rng.randrange(20))
    if now is not None:  # a report of a year in progress: started some weeks ago, saved in the last days
        created = min(created, now - datetime.timedelta(days=40 + rng.randrange(20)))
        updated = min(updated, now - datetime.timedelta(days=1 + rng.randrange(4), hours=rng.randrange(8)))
    MonitorReport.objects.filter(pk=report.pk).update(created_at=created, updated_at=updated)
    ReportTransition.objects.bulk_create(
        ReportTransition(report=report, from_status=f, to_status=t, actor=a, comment=c, at=at)
        for f, t, a, c, at in steps
    )
    return report


def _answer(question, rng, words) -> str:
    """The answer to this guiding question (a variant of the catalogue's), in the region's own words."""
    variants = catalogue.ANSWERS.get(question.text.strip())
    if not variants:  # a question the office wrote: answered in general terms of its theme
        return f"Zie het jaarplan {words['year']}: de partners in {words['region']} hebben hier afspraken over gemaakt."
    return rng.choice(variants).format(**words)


def _figure(value, unit) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text}%" if unit == "%" else text


def _reflect(report, figures, complete, rng, words) -> None:
    """What works, how the region sees its progress and what does not work yet, from its own figures."""
    on_track = [f for f in figures if f[3]]
    behind = [f for f in figures if not f[3]]
    if on_track:
        best = max(on_track, key=lambda f: abs(f[1] - f[2]) / (abs(f[2]) or 1))
        unit = best[0].unit
        works = rng.choice(catalogue.REFLECTION_WORKS).format(
            **words,
            best=best[0].name,
            best_lower=best[0].name[0].lower() + best[0].name[1:],
            best_value=_figure(best[1], unit),
            best_unit="" if unit == "%" else unit,
            best_target=_figure(best[2], unit),
            practice=rng.choice(catalogue.PRACTICES).format(**words),
        )
    else:
        works = rng.choice(catalogue.PRACTICES).format(**words)
    report.reflection_works = " ".join(works.split())
    if not complete:
        return
    share = len(on_track) / len(figures) if figures else 1
    tone = "good" if share >= 0.75 else "mixed" if share >= 0.5 else "behind"
    report.reflection_progress = rng.choice(catalogue.REFLECTION_PROGRESS).format(
        **words, counted=len(figures), on_track=len(on_track), tone=catalogue.TONE[tone].format(**words)
    )
    if behind:
        worst = behind[0]
        unit = worst[0].unit
        report.reflection_not_yet = " ".join(
            rng.choice(catalogue.REFLECTION_NOT_YET)
            .format(
                **words,
                behind=worst[0].name,
                behind_lower=worst[0].name[0].lower() + worst[0].name[1:],
                behind_value=_figure(worst[1], unit),
                behind_unit="" if unit == "%" else unit,
                behind_target=_figure(worst[2], unit),
                cause=catalogue.INDICATORS.get(worst[0].code, ("",) * 9)[8],
            )
            .split()
        )
    else:
        report.reflection_not_yet = catalogue.NOTHING_BEHIND.format(**words)


def seed_open_data(*, programme) -> None:
    """The history programme's closed years are published as open data (those whose reports were all accepted)."""
    from regions.models import ProgrammeYear
    from toptechniek.accounts.models import User

    from .models import OpenDataRelease
    from .services import opendata_refusal

    office = User.objects.filter(email="office@example.org").first()
    for programme_year in ProgrammeYear.objects.filter(programme=programme).order_by("year"):
        if OpenDataRelease.objects.filter(programme_year=programme_year).exists():
            continue
        if opendata_refusal(programme_year=programme_year) is None:
            # Published in the October after the year's reports were accepted, as the programme office did then.
            published_at = timezone.make_aware(datetime.datetime(programme_year.year + 1, 10, 15, 10, 0))
            OpenDataRelease.objects.create(
                programme_year=programme_year, published_by=office, published_at=min(published_at, timezone.now())
            )

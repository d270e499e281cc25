"""Reads of the programme analysis: the evidence of a year drawn together, the analysis and its sections, the
list per programme, the office's tasks.

`analysis_evidence` gathers what the year's instruments settled, and nothing that is still a draft:
monitor reports submitted or accepted (`monitoring.selectors.SETTLED_STATUSES`), placemats published,
audit visits reported, peer reviews reported or closed. It costs a fixed number of queries (13) whatever the
number of regions, themes or indicators.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from audits.models import (
    AuditVisit,
    ConsolidatedCondition,
    ConsolidatedScore,
    Placemat,
    VisitConditionRating,
    VisitFinding,
)
from monitoring.models import MonitorReport, PlacematScore, Realisation, SelfAssessment
from monitoring.selectors import SETTLED_STATUSES
from peerreviews.models import FOLLOW_UP_STATES, LearningOutcome
from regions.models import (
    Indicator,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    SuccessCondition,
    Target,
    target_met,
)
from toptechniek.accounts.models import User
from toptechniek.common.todo import Todo

from .models import AnalysisSection, ProgrammeAnalysis

# --- The evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionText:
    region: str
    text: str


@dataclass
class ScoreSummary:
    """How often each score 1–4 was given, and the average (None without scores)."""

    counts: list[tuple[int, str, int]]  # (score, label, how often)
    total: int
    average: Decimal | None


def score_summary(values: list[int]) -> ScoreSummary:
    values = [v for v in values if v]
    counts = [(score, str(label), values.count(score)) for score, label in PlacematScore.choices]
    average = None
    if values:
        average = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return ScoreSummary(counts=counts, total=len(values), average=average)


@dataclass(frozen=True)
class SelfGap:
    """A region's own score on a theme (its settled monitor report) beside the committee's published one."""

    region: str
    self_score: int
    consolidated: int

    @property
    def gap(self) -> int:
        return self.self_score - self.consolidated


@dataclass(frozen=True)
class PeerOutcome:
    region: str
    question: str
    insights: str
    action: str


@dataclass(frozen=True)
class RegionProgress:
    """A region's agreed indicators of a performance area with a target in the year: how many are on track
    by the settled realisation."""

    region: str
    total: int
    on_track: int
    reported: int


@dataclass
class ThemeEvidence:
    theme: PlacematTheme
    findings: list[RegionText] = field(default_factory=list)
    scores: ScoreSummary | None = None
    self_gaps: list[SelfGap] = field(default_factory=list)
    peer_outcomes: list[PeerOutcome] = field(default_factory=list)
    progress: list[RegionProgress] = field(default_factory=list)  # performance areas only

    @property
    def is_performance(self) -> bool:
        return self.theme.kind == PlacematTheme.Kind.PERFORMANCE

    @property
    def indicators_total(self) -> int:
        return sum(p.total for p in self.progress)

    @property
    def indicators_on_track(self) -> int:
        return sum(p.on_track for p in self.progress)

    @property
    def gaps_higher(self) -> int:
        return sum(1 for g in self.self_gaps if g.gap > 0)

    @property
    def gaps_lower(self) -> int:
        return sum(1 for g in self.self_gaps if g.gap < 0)

    @property
    def gaps_shown(self) -> list[SelfGap]:
        """The regions that see themselves otherwise than the committee does."""
        return [g for g in self.self_gaps if g.gap]


@dataclass
class ConditionEvidence:
    condition: SuccessCondition
    placemat: ScoreSummary
    visits: ScoreSummary


@dataclass
class Evidence:
    programme_year: ProgrammeYear
    regions: int  # taking part in the year (joined in or before it)
    settled_reports: int
    published_placemats: int
    reported_visits: int
    judgements: list[tuple[str, str, int]]  # (code, label, how many reported visits)
    success_factors: list[RegionText]
    practices: list[RegionText]
    themes: list[ThemeEvidence]
    conditions: list[ConditionEvidence]

    def theme(self, theme_id: int) -> ThemeEvidence | None:
        return next((t for t in self.themes if t.theme.pk == theme_id), None)

    def condition(self, condition_id: int) -> ConditionEvidence | None:
        return next((c for c in self.conditions if c.condition.pk == condition_id), None)


def _progress(*, programme_year: ProgrammeYear, names: dict[int, str]) -> dict[int, list[RegionProgress]]:
    """Per performance area (theme id): each region's agreed indicators with a target in the year, and how many
    its settled realisation puts on track (two queries)."""
    targets = Target.objects.filter(
        year=programme_year.year,
        indicator__status=Indicator.Status.AGREED,
        indicator__region__programme_id=programme_year.programme_id,
    ).values_list(
        "indicator_id",
        "indicator__region_id",
        "indicator__performance_area_id",
        "indicator__direction",
        "value",
        "value_max",
    )
    realised = dict(
        Realisation.objects.filter(
            report__programme_year=programme_year,
            report__status__in=SETTLED_STATUSES,
            not_applicable=False,
            value__isnull=False,
        ).values_list("indicator_id", "value")
    )
    counts: dict[tuple[int, int], list[int]] = {}  # (area, region) -> [total, on track, reported]
    for indicator_id, region_id, area_id, direction, value, value_max in targets:
        row = counts.setdefault((area_id, region_id), [0, 0, 0])
        row[0] += 1
        if indicator_id in realised:
            row[2] += 1
            met = target_met(direction=direction, value=realised[indicator_id], target=value, target_max=value_max)
            row[1] += 1 if met else 0
    per_area: dict[int, list[RegionProgress]] = {}
    for (area_id, region_id), (total, on_track, reported) in counts.items():
        per_area.setdefault(area_id, []).append(
            RegionProgress(region=names.get(region_id, "?"), total=total, on_track=on_track, reported=reported)
        )
    for rows in per_area.values():
        rows.sort(key=lambda p: p.region)
    return per_area


def analysis_evidence(*, programme_year: ProgrammeYear) -> Evidence:
    """What the year's settled instruments say, per placemat theme and per success condition (13 queries)."""
    programme_id = programme_year.programme_id
    themes = list(PlacematTheme.objects.filter(programme_id=programme_id).order_by("kind", "number"))
    conditions = list(SuccessCondition.objects.filter(programme_id=programme_id).order_by("number"))
    regions = list(Region.objects.filter(programme_id=programme_id).values_list("pk", "name", "join_year"))
    names = {pk: name for pk, name, _join in regions}

    visits = list(
        AuditVisit.objects.filter(programme_year=programme_year, status=AuditVisit.Status.REPORTED)
        .order_by("region__name")
        .values_list("region_id", "judgement", "success_factors", "practices_to_share")
    )
    findings: dict[int, list[RegionText]] = {}
    for region_id, theme_id, text in (
        VisitFinding.objects.filter(visit__programme_year=programme_year, visit__status=AuditVisit.Status.REPORTED)
        .order_by("visit__region__name")
        .values_list("visit__region_id", "theme_id", "text")
    ):
        findings.setdefault(theme_id, []).append(RegionText(names.get(region_id, "?"), text))
    visit_ratings: dict[int, list[int]] = {}
    for condition_id, rating in VisitConditionRating.objects.filter(
        visit__programme_year=programme_year, visit__status=AuditVisit.Status.REPORTED
    ).values_list("condition_id", "rating"):
        visit_ratings.setdefault(condition_id, []).append(rating)

    published = Q(placemat__programme_year=programme_year, placemat__status=Placemat.Status.PUBLISHED)
    consolidated: dict[int, dict[int, int]] = {}  # theme -> region -> score
    for region_id, theme_id, score in ConsolidatedScore.objects.filter(published, score__isnull=False).values_list(
        "placemat__region_id", "theme_id", "score"
    ):
        consolidated.setdefault(theme_id, {})[region_id] = score
    placemat_ratings: dict[int, list[int]] = {}
    for condition_id, rating in ConsolidatedCondition.objects.filter(published).values_list("condition_id", "rating"):
        placemat_ratings.setdefault(condition_id, []).append(rating)

    self_scores: dict[int, dict[int, int]] = {}  # theme -> region -> the region's own score
    for region_id, theme_id, score in SelfAssessment.objects.filter(
        report__programme_year=programme_year, report__status__in=SETTLED_STATUSES, score__isnull=False
    ).values_list("report__region_id", "theme_id", "score"):
        self_scores.setdefault(theme_id, {})[region_id] = score

    outcomes: dict[int, list[PeerOutcome]] = {}
    for region_id, theme_id, question, insights, action in (
        LearningOutcome.objects.filter(
            question__review__programme_year=programme_year, question__review__status__in=FOLLOW_UP_STATES
        )
        .order_by("question__region__name", "question_id")
        .values_list("question__region_id", "question__theme_id", "question__question", "insights", "action")
    ):
        outcomes.setdefault(theme_id, []).append(PeerOutcome(names.get(region_id, "?"), question, insights, action))

    progress = _progress(programme_year=programme_year, names=names)

    theme_rows = []
    for theme in themes:
        scores = consolidated.get(theme.pk, {})
        own = self_scores.get(theme.pk, {})
        gaps = sorted(
            (SelfGap(names.get(r, "?"), own[r], scores[r]) for r in own.keys() & scores.keys()),
            key=lambda g: g.region,
        )
        theme_rows.append(
            ThemeEvidence(
                theme=theme,
                findings=findings.get(theme.pk, []),
                scores=score_summary(list(scores.values())),
                self_gaps=gaps,
                peer_outcomes=outcomes.get(theme.pk, []),
                progress=progress.get(theme.pk, []) if theme.kind == PlacematTheme.Kind.PERFORMANCE else [],
            )
        )
    labels = dict(AuditVisit.Judgement.choices)
    judged = [v[1] for v in visits]
    return Evidence(
        programme_year=programme_year,
        regions=sum(1 for _pk, _name, join_year in regions if join_year <= programme_year.year),
        settled_reports=MonitorReport.objects.filter(
            programme_year=programme_year, status__in=SETTLED_STATUSES
        ).count(),
        published_placemats=Placemat.objects.filter(
            programme_year=programme_year, status=Placemat.Status.PUBLISHED
        ).count(),
        reported_visits=len(visits),
        judgements=[(code, str(label), judged.count(code)) for code, label in labels.items()],
        success_factors=[RegionText(names.get(v[0], "?"), v[2]) for v in visits if v[2]],
        practices=[RegionText(names.get(v[0], "?"), v[3]) for v in visits if v[3]],
        themes=theme_rows,
        conditions=[
            ConditionEvidence(
                condition=c,
                placemat=score_summary(placemat_ratings.get(c.pk, [])),
                visits=score_summary(visit_ratings.get(c.pk, [])),
            )
            for c in conditions
        ],
    )


# --- The analysis ---------------------------------------------------------------------------------


def analysis_for_year(*, programme_year: ProgrammeYear) -> ProgrammeAnalysis | None:
    return (
        ProgrammeAnalysis.objects.select_related("programme_year__programme", "published_by")
        .filter(programme_year=programme_year)
        .first()
    )


@dataclass
class SectionRow:
    """A theme or a success condition with its three texts (an unsaved, empty section when none is stored)."""

    subject: PlacematTheme | SuccessCondition
    section: AnalysisSection
    prefix: str  # the form's field prefix: "theme-12" or "condition-3"


@dataclass
class AnalysisSections:
    themes: list[SectionRow]
    conditions: list[SectionRow]


def analysis_sections(*, programme_year: ProgrammeYear, analysis: ProgrammeAnalysis | None) -> AnalysisSections:
    """Every theme and success condition of the programme with its section of the analysis (three queries)."""
    programme_id = programme_year.programme_id
    stored = list(analysis.sections.all()) if analysis else []
    by_theme = {s.theme_id: s for s in stored if s.theme_id}
    by_condition = {s.condition_id: s for s in stored if s.condition_id}
    themes = PlacematTheme.objects.filter(programme_id=programme_id).order_by("kind", "number")
    conditions = SuccessCondition.objects.filter(programme_id=programme_id).order_by("number")
    return AnalysisSections(
        themes=[SectionRow(t, by_theme.get(t.pk) or AnalysisSection(theme=t), f"theme-{t.pk}") for t in themes],
        conditions=[
            SectionRow(c, by_condition.get(c.pk) or AnalysisSection(condition=c), f"condition-{c.pk}")
            for c in conditions
        ],
    )


@dataclass
class YearRow:
    programme_year: ProgrammeYear
    analysis: ProgrammeAnalysis | None


def analyses_for_programme(*, programme: Programme, user) -> list[YearRow]:
    """The programme's years with their analysis as this person may see it: the office every year (with its
    draft), everyone else the published analyses only (two queries)."""
    years = list(ProgrammeYear.objects.filter(programme=programme).order_by("year"))
    analyses = {
        a.programme_year_id: a
        for a in ProgrammeAnalysis.objects.filter(programme_year__programme=programme).select_related(
            "programme_year__programme"
        )
    }
    rows = [YearRow(py, analyses.get(py.pk)) for py in years]
    if user.has_perm("analysis.write_analyses"):
        return rows
    return [row for row in rows if row.analysis is not None and user.has_perm("analysis.view_analysis", row.analysis)]


# --- Mijn taken -----------------------------------------------------------------------------------


def years_ready_for_analysis(*, today: datetime.date):
    """Programme years whose work is done — the report due date has passed, the year has reports and all of
    them are settled, and every audit visit of the year is reported — and whose analysis is not published;
    only in programmes that are not closed (a closed programme's history raises no tasks, though the office
    may still write its analyses)."""
    unsettled = MonitorReport.objects.filter(programme_year=OuterRef("pk")).exclude(status__in=SETTLED_STATUSES)
    open_visits = AuditVisit.objects.filter(programme_year=OuterRef("pk")).exclude(status=AuditVisit.Status.REPORTED)
    return (
        ProgrammeYear.objects.filter(programme__closed_at__isnull=True, report_due_date__lt=today)
        .filter(Exists(MonitorReport.objects.filter(programme_year=OuterRef("pk"))))
        .exclude(Exists(unsettled))
        .exclude(Exists(open_visits))
        .exclude(analysis__status=ProgrammeAnalysis.Status.PUBLISHED)
        .select_related("programme")
        .order_by("programme__name", "year")
    )


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """The office writes and publishes the analysis of a year whose work is done (one query, office only)."""
    if not user.is_programme_office:
        return []
    return [
        Todo(
            kind="analysis_write",
            what=_("Write and publish the analysis of %(year)s") % {"year": py.year},
            subject=py.programme.name,
            url=reverse("analysis:edit", args=[py.programme.slug, py.year]),
            role=_("programme office"),
            programme_id=py.programme_id,
        )
        for py in years_ready_for_analysis(today=today)
    ]

"""Reads for the audits pages, each in a fixed number of queries."""

import re
import statistics
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from monitoring.models import MonitorReport, PlacematScore, SelfAssessment
from regions.models import PlacematTheme, Programme, ProgrammeYear, Region, SuccessCondition
from toptechniek.accounts.models import User

from ..models import Assignment, ConsolidatedScore, Placemat, ScoreChange, Scoring, ThemeScore


def median_score(values: list[int]) -> int | None:
    """The median of the assessors' scores, rounded half up to a whole score."""
    values = [v for v in values if v]
    if not values:
        return None
    return int(statistics.median(values) + 0.5)


def assignments_for_year(*, programme_year: ProgrammeYear) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(programme_year=programme_year)
        .select_related("region", "user", "programme_year", "scoring")
        .order_by("region__name", "role", "user__full_name")
    )


@dataclass
class AssignmentRow:
    """A region on the office's assignment page: its critical friends, its placemat and the scoring progress."""

    region: Region
    advisors: list[Assignment] = field(default_factory=list)
    assessors: list[Assignment] = field(default_factory=list)
    placemat: Placemat | None = None

    @property
    def submitted(self) -> int:
        return sum(
            1 for a in self.assessors if getattr(a, "scoring", None) and a.scoring.status == Scoring.Status.SUBMITTED
        )

    @property
    def ready_for_calibration(self) -> bool:
        published = self.placemat is not None and self.placemat.status == Placemat.Status.PUBLISHED
        return bool(self.assessors) and self.submitted == len(self.assessors) and not published


def assignment_rows(*, programme_year: ProgrammeYear, regions: list[Region]) -> list[AssignmentRow]:
    """One row per region of the programme (3 queries, whatever the number of regions and assignments)."""
    placemats = {p.region_id: p for p in placemats_for_year(programme_year=programme_year)}
    rows = {r.pk: AssignmentRow(region=r, placemat=placemats.get(r.pk)) for r in regions}
    for a in assignments_for_year(programme_year=programme_year):
        if a.region_id in rows:
            (rows[a.region_id].advisors if a.role == Assignment.Role.ADVISOR else rows[a.region_id].assessors).append(a)
    return list(rows.values())


@dataclass
class MyAssignmentRow:
    assignment: Assignment
    report: MonitorReport | None
    scoring: Scoring | None


def my_assignments(
    *, user: User, programme_year: ProgrammeYear | None = None, programme: Programme | None = None
) -> list[MyAssignmentRow]:
    """A critical friend's regions (of one programme, or one programme year, when given) with each region's
    report status and their own scoring (3 queries)."""
    assignments = Assignment.objects.filter(user=user)
    if programme is not None:
        assignments = assignments.filter(programme_year__programme=programme)
    assignments = list(
        assignments.select_related("region", "programme_year__programme").order_by(
            "-programme_year__year", "region__name"
        )
    )
    if programme_year is not None:
        assignments = [a for a in assignments if a.programme_year_id == programme_year.pk]
    region_ids = {a.region_id for a in assignments}
    reports = {
        (r.region_id, r.programme_year_id): r
        for r in MonitorReport.objects.filter(region_id__in=region_ids).select_related("programme_year")
    }
    scorings = {s.assignment_id: s for s in Scoring.objects.filter(assignment__in=assignments)}
    return [
        MyAssignmentRow(a, reports.get((a.region_id, a.programme_year_id)), scorings.get(a.pk)) for a in assignments
    ]


@dataclass
class CalibrationRow:
    theme: PlacematTheme
    scores: list[ThemeScore | None]  # one per assessor, in the order of CalibrationView.scorings
    self_score: SelfAssessment | None
    median: int | None
    spread_flag: bool
    result: ConsolidatedScore | None


@dataclass
class CalibrationView:
    placemat: Placemat
    scorings: list[Scoring]
    rows: list[CalibrationRow]
    condition_rows: list[tuple[SuccessCondition, list, int | None]]
    report: MonitorReport | None
    history: list["HistoryLine"] = field(default_factory=list)


@dataclass
class HistoryLine:
    """One ScoreChange with its old and new value in words (the row stores codes: "draft", "published v2", "3")."""

    change: ScoreChange
    old: str
    new: str


_VERSIONED = re.compile(r"^(?P<code>[a-z_]+) v(?P<version>\d+)$")


def change_value_label(change: ScoreChange, value: str) -> str:
    """What a stored old or new value of a ScoreChange means, in the reader's language: a status of the scoring
    (when the change names one) or of the placemat ("published v2": published, version 2), or a score 1-4.
    A value that matches nothing is shown as stored."""
    if not value:
        return ""
    if change.kind == ScoreChange.Kind.STATUS:
        choices = Scoring.Status if change.scoring_id else Placemat.Status
        match = _VERSIONED.match(value)
        code = match["code"] if match else value
        if code not in choices.values:
            return value
        label = str(choices(code).label)
        if match:
            return _("%(status)s (version %(version)s)") % {"status": label, "version": match["version"]}
        return label
    if value.isdigit() and int(value) in PlacematScore.values:
        return str(PlacematScore(int(value)).label)
    return value


def calibration_view(*, placemat: Placemat, only_submitted: bool = False) -> CalibrationView:
    """All assessors' scores side by side with the region's self-assessment (fixed query count)."""
    programme_id = placemat.programme_year.programme_id
    scorings_qs = (
        Scoring.objects.filter(placemat=placemat)
        .select_related("assignment__user")
        .prefetch_related("theme_scores", "condition_ratings")
        .order_by("assignment__user__full_name")
    )
    if only_submitted:
        scorings_qs = scorings_qs.filter(status=Scoring.Status.SUBMITTED)
    scorings = list(scorings_qs)
    themes = list(PlacematTheme.objects.filter(programme_id=programme_id).order_by("kind", "number"))
    report = (
        MonitorReport.objects.filter(region_id=placemat.region_id, programme_year_id=placemat.programme_year_id)
        .prefetch_related(Prefetch("self_assessments", queryset=SelfAssessment.objects.all()))
        .first()
    )
    self_scores = {s.theme_id: s for s in report.self_assessments.all()} if report else {}
    results = {c.theme_id: c for c in placemat.consolidated.all()}
    by_scoring = [{s.theme_id: s for s in scoring.theme_scores.all()} for scoring in scorings]
    rows = []
    for theme in themes:
        scores = [m.get(theme.pk) for m in by_scoring]
        values = [s.score for s in scores if s and s.score]
        submitted_values = [
            s.score for s, sc in zip(scores, scorings, strict=True) if s and s.score and sc.status == "submitted"
        ]
        rows.append(
            CalibrationRow(
                theme=theme,
                scores=scores,
                self_score=self_scores.get(theme.pk),
                median=median_score(submitted_values or values),
                spread_flag=bool(values) and max(values) - min(values) >= 2,
                result=results.get(theme.pk),
            )
        )
    conditions = list(SuccessCondition.objects.filter(programme_id=programme_id).order_by("number"))
    by_scoring_c = [{c.condition_id: c for c in scoring.condition_ratings.all()} for scoring in scorings]
    condition_rows = []
    for condition in conditions:
        ratings = [m.get(condition.pk) for m in by_scoring_c]
        condition_rows.append((condition, ratings, median_score([r.rating for r in ratings if r and r.rating])))
    history = [
        HistoryLine(change, change_value_label(change, change.old_value), change_value_label(change, change.new_value))
        for change in ScoreChange.objects.filter(placemat=placemat)
        .select_related("actor", "theme", "condition", "scoring__assignment__user")
        .order_by("-at", "-pk")[:200]
    ]
    return CalibrationView(
        placemat=placemat, scorings=scorings, rows=rows, condition_rows=condition_rows, report=report, history=history
    )


def placemats_for_year(*, programme_year: ProgrammeYear) -> QuerySet[Placemat]:
    return (
        Placemat.objects.filter(programme_year=programme_year)
        .select_related("region", "programme_year")
        .order_by("region__name")
    )

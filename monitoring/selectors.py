"""Reads for the report pages: a fixed number of queries whatever the number of indicators."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regions.models import GuidingQuestion, Indicator, PlacematTheme, Region, RegionRole, Target, target_met
from regions.selectors import programme_years_live, target_text
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles
from toptechniek.common.todo import Todo

from .models import (
    LearningTheme,
    MonitorReport,
    Realisation,
    ReportAttachment,
    ReportContribution,
    ReportTransition,
    SelfAssessment,
    ThemeAnswer,
)

ON_TRACK, BEHIND, NOT_APPLICABLE, NO_TARGET, MISSING = "on_track", "behind", "not_applicable", "no_target", "missing"

# --- Settled figures: the one definition of which realisations count ---------------------------------
# A year's figures count nationally (dashboard, early warnings, totals, region overview, exports, grant
# proposals) once the region has submitted its report to the programme office or the office accepted it.
# Drafts, reports awaiting the penvoerder's endorsement and returned reports do not count: a project
# leader typing a figure never changes what the ministry sees. The office may ask for a "provisional"
# view that includes drafts (`include_drafts=True`); the viewer never gets one.
SETTLED_STATUSES = (MonitorReport.Status.SUBMITTED, MonitorReport.Status.ACCEPTED)


def settled_report_q(*, prefix: str = "", include_drafts: bool = False) -> Q:
    """Q on reports (or, with prefix="report__", on realisations) whose figures count."""
    if include_drafts:
        return Q()
    return Q(**{f"{prefix}status__in": SETTLED_STATUSES})


def settled_realisations(*, include_drafts: bool = False) -> QuerySet[Realisation]:
    """The realisations that count for the national picture (see SETTLED_STATUSES)."""
    return Realisation.objects.filter(settled_report_q(prefix="report__", include_drafts=include_drafts))


@dataclass
class TrendPoint:
    year: int
    target: Decimal | None
    value: Decimal | None
    not_applicable: bool = False
    target_max: Decimal | None = None  # upper bound of a target range
    direction: str = Indicator.Direction.HIGHER

    @property
    def met(self) -> bool | None:
        return target_met(direction=self.direction, value=self.value, target=self.target, target_max=self.target_max)


@dataclass
class IndicatorLine:
    indicator: Indicator
    target: Decimal | None
    previous: Decimal | None
    realisation: Realisation | None
    mark: str
    trend: list[TrendPoint]
    target_max: Decimal | None = None  # upper bound when the indicator's direction is a range

    @property
    def chart_max(self) -> Decimal:
        values = [p.value for p in self.trend if p.value is not None] + [p.target for p in self.trend if p.target]
        values.append(self.indicator.baseline_value)
        return max(values) or Decimal(1)

    @property
    def chart_width(self) -> int:
        return 40 * len(self.trend)

    @property
    def chart_points(self) -> list[dict]:
        """Geometry of the small SVG trend chart (viewBox chart_width x 60): a bar per realisation,
        a line per target, scaled to the largest value."""
        top = self.chart_max
        points = []
        for i, p in enumerate(self.trend):
            height = float(p.value / top * 50) if p.value is not None else 0.0
            target_y = round(55 - float(p.target / top * 50), 1) if p.target is not None else None
            points.append(
                {
                    "year": p.year,
                    "x": i * 40 + 10,
                    "y": round(55 - height, 1),
                    "height": round(height, 1),
                    "target_x1": i * 40 + 5,
                    "target_x2": i * 40 + 35,
                    "target_y": target_y,
                    "met": p.value is not None and p.met is not False,
                }
            )
        return points

    @property
    def mark_html(self) -> SafeString:
        """templates/monitoring/_mark.html for this line (same HTML and msgids), without an include per line."""
        css, sign, text = {
            ON_TRACK: ("mark-on-track", "✓ ", _("on track")),
            BEHIND: ("mark-behind", "! ", _("behind target")),
            NOT_APPLICABLE: ("mark-na", "– ", _("nothing to report")),
            NO_TARGET: ("mark-na", "", _("no target this year")),
        }.get(self.mark) or ("mark-na", "? ", _("not filled in"))
        return format_html('<span class="mark {}">{}{}</span>', css, sign, text)

    @property
    def target_html(self) -> SafeString:
        """This year's target as templates/regions/_target.html shows it (see `target_html`)."""
        return target_html(self.indicator.direction, self.target, self.target_max)

    @property
    def trend_html(self) -> SafeString:
        """The report page's trend figure: the SVG of `chart_points` and the table of targets and realisations
        per year. The page's hot loop (indicators × years), built here in one pass instead of ~10 template
        nodes and an include per cell; same HTML and msgids as the template it replaced. Text is escaped by
        format_html/conditional_escape; the SVG geometry and years are numbers we computed."""
        svg = []
        for p in self.chart_points:
            behind = "" if p["met"] else " trend-bar-behind"
            svg.append(
                f'<rect x="{p["x"]}" y="{p["y"]}" width="20" height="{p["height"]}" class="trend-bar{behind}"></rect>'
            )
            if p["target_y"] is not None:
                svg.append(
                    f'<line x1="{p["target_x1"]}" y1="{p["target_y"]}" x2="{p["target_x2"]}" y2="{p["target_y"]}"'
                    ' class="trend-target"></line>'
                )
        years, targets, values = [], [], []
        na = conditional_escape(_("n/a"))
        for p in self.trend:
            years.append(f'<th scope="col" class="text-end">{p.year:d}</th>')
            targets.append(f'<td class="text-end">{target_html(p.direction, p.target, p.target_max)}</td>')
            shown = na if p.not_applicable else floatformat(p.value, "-2") if p.value is not None else "–"
            values.append(f'<td class="text-end">{shown}</td>')
        width = self.chart_width
        return format_html(
            '<figure class="trend mb-0">'
            '<svg class="trend-chart" viewBox="0 0 {} 60" width="100%" height="64" preserveAspectRatio="none"'
            ' aria-hidden="true" focusable="false">'
            '<line x1="0" y1="55" x2="{}" y2="55" class="trend-axis"></line>{}</svg>'
            '<table class="table table-sm small mb-0 trend-table">'
            '<caption class="caption-top small">{}</caption>'
            '<thead><tr><th scope="col">{}</th>{}</tr></thead>'
            "<tbody>"
            '<tr><th scope="row">{}</th>{}</tr>'
            '<tr><th scope="row">{}</th>{}</tr>'
            "</tbody></table></figure>",
            width,
            width,
            mark_safe("".join(svg)),  # noqa: S308 - numbers only (chart_points)
            # As {% blocktranslate with code=... %}: the variable is escaped, the translation is not.
            mark_safe(  # noqa: S308
                _("Trend of %(code)s: bars are realisations, dashes are targets")
                % {"code": conditional_escape(self.indicator.code)}
            ),
            _("Year"),
            mark_safe("".join(years)),  # noqa: S308 - integers
            _("Target"),
            mark_safe("".join(targets)),  # noqa: S308 - each cell from target_html (format_html/floatformat)
            _("Realisation"),
            mark_safe("".join(values)),  # noqa: S308 - escaped "n/a", floatformat's output or a dash
        )


def target_html(direction: str, value, value_max) -> SafeString:
    """A target as the reader sees it, exactly as templates/regions/_target.html renders it (not plain):
    "110", "≤ 5" (lower is better) or "10–20" (a range), with the same screen-reader text and msgids."""
    if value is None:
        return format_html('<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>', _("no target"))
    if direction == Indicator.Direction.LOWER:
        return format_html(
            '<span title="{}"><span aria-hidden="true">≤ </span><span class="visually-hidden">{} </span>{}</span>',
            _("lower is better"),
            _("at most"),
            floatformat(value, "-2"),
        )
    if direction == Indicator.Direction.RANGE and value_max is not None:
        return format_html(
            '<span title="{}">{}<span aria-hidden="true">–</span><span class="visually-hidden"> {} </span>{}</span>',
            _("within a target range"),
            floatformat(value, "-2"),
            _("to"),
            floatformat(value_max, "-2"),
        )
    return floatformat(value, "-2")


@dataclass
class ThemeBlock:
    theme: PlacematTheme
    questions: list[tuple[GuidingQuestion, str]]


@dataclass
class ReportView:
    report: MonitorReport
    lines: list[IndicatorLine]
    process_themes: list[ThemeBlock]
    themes: list[PlacematTheme]
    self_assessment: dict[int, SelfAssessment]
    self_assessment_rows: list[tuple[PlacematTheme, SelfAssessment | None]]
    learning_themes: list[LearningTheme]
    history: list[ReportTransition]
    other_reports: list[MonitorReport]
    years: list[int]
    counts: dict = field(default_factory=dict)
    panels: list[dict] = field(default_factory=list)
    attachments: list[ReportAttachment] = field(default_factory=list)

    @property
    def send_back(self) -> ReportTransition | None:
        """The step that gave the report back to the region, while it still waits for its answer: the office's
        return (or reopening) of a returned report, or the penvoerder's send-back of a draft; None otherwise."""
        status = self.report.status
        if status not in (MonitorReport.Status.RETURNED, MonitorReport.Status.DRAFT) or not self.history:
            return None
        last = self.history[-1]
        return last if last.to_status == status else None


# Apps above monitoring add context to a report page (peerreviews: last year's peer-review outcomes and
# actions) without monitoring importing them. A provider takes `report=` and returns None or a dict with
# "template" (rendered with `panel` in its context) and whatever that template needs.
REPORT_CONTEXT_PROVIDERS: list = []


def _mark(value, not_applicable: bool, target, direction: str = Indicator.Direction.HIGHER, target_max=None) -> str:
    """A realisation against the target valid for its year (a year's targets are frozen once its report
    has been submitted, so the Target row of year Y is the one that held for Y), respecting the direction."""
    if not_applicable:
        return NOT_APPLICABLE
    if value is None:
        return MISSING
    if target is None:
        return NO_TARGET
    met = target_met(direction=direction, value=value, target=target, target_max=target_max)
    return ON_TRACK if met else BEHIND


NO_TARGET_ROW = (None, None)


def report_view(*, report: MonitorReport) -> ReportView:
    """All a report page (read or edit) needs, in 11 queries."""
    region = report.region
    programme_id = report.programme_year.programme_id
    year = report.programme_year.year
    indicators = list(
        Indicator.objects.filter(region=region, status=Indicator.Status.AGREED)
        .select_related("performance_area", "route")
        .order_by("performance_area__number", "code")
    )
    # (value, upper bound) per indicator and year: plain rows, ~10 per indicator, no Target instances.
    targets_by: dict[int, dict[int, tuple[Decimal, Decimal | None]]] = {i.pk: {} for i in indicators}
    for indicator_id, target_year, value, value_max in Target.objects.filter(
        indicator_id__in=list(targets_by)
    ).values_list("indicator_id", "year", "value", "value_max"):
        targets_by[indicator_id][target_year] = (value, value_max)
    # Each realisation with its report's year (no report or programme year rows: ~160 rows, most of this
    # selector's time when they carried the report's datetimes), without the model's default ordering join.
    by_year: dict[tuple[int, int], Realisation] = {
        (r.indicator_id, r.report_year): r
        for r in Realisation.objects.filter(report__region=region)
        .annotate(report_year=F("report__programme_year__year"))
        .order_by()
    }
    years = list(range(max(region.join_year, report.programme_year.programme.start_year), year + 1))
    lines = []
    for indicator in indicators:
        pk, direction = indicator.pk, indicator.direction
        targets = targets_by[pk]
        current = by_year.get((pk, year))
        if current is not None and current.report_id == report.pk:
            current.report = report
        previous = by_year.get((pk, year - 1))
        trend = []
        for y in years:
            t_value, t_max = targets.get(y, NO_TARGET_ROW)
            r = by_year.get((pk, y))
            trend.append(
                TrendPoint(
                    y,
                    t_value,
                    r.value if r is not None else None,
                    r.not_applicable if r is not None else False,
                    target_max=t_max,
                    direction=direction,
                )
            )
        t_value, t_max = targets.get(year, NO_TARGET_ROW)
        lines.append(
            IndicatorLine(
                indicator=indicator,
                target=t_value,
                target_max=t_max,
                previous=previous.value if previous else None,
                realisation=current,
                mark=_mark(
                    current.value if current else None,
                    bool(current and current.not_applicable),
                    t_value,
                    direction,
                    t_max,
                ),
                trend=trend,
            )
        )
    themes = list(
        PlacematTheme.objects.filter(programme_id=programme_id)
        .prefetch_related(Prefetch("questions", queryset=GuidingQuestion.objects.order_by("order", "pk")))
        .order_by("kind", "number")
    )
    answers = {a.question_id: a.answer for a in ThemeAnswer.objects.filter(report=report)}
    process_themes = [
        ThemeBlock(theme=t, questions=[(q, answers.get(q.pk, "")) for q in t.questions.all()])
        for t in themes
        if t.kind == PlacematTheme.Kind.PROCESS
    ]
    self_assessment = {s.theme_id: s for s in SelfAssessment.objects.filter(report=report)}
    return ReportView(
        report=report,
        lines=lines,
        process_themes=process_themes,
        themes=themes,
        self_assessment=self_assessment,
        self_assessment_rows=[(t, self_assessment.get(t.pk)) for t in themes],
        learning_themes=list(LearningTheme.objects.filter(report=report).select_related("theme").order_by("pk")),
        history=list(ReportTransition.objects.filter(report=report).select_related("actor").order_by("at", "pk")),
        other_reports=list(
            MonitorReport.objects.filter(region=region)
            .select_related("programme_year", "region")
            .order_by("programme_year__year")
        ),
        years=years,
        counts={
            "on_track": sum(1 for line in lines if line.mark == ON_TRACK),
            "behind": sum(1 for line in lines if line.mark == BEHIND),
        },
        panels=[panel for panel in (provider(report=report) for provider in REPORT_CONTEXT_PROVIDERS) if panel],
        attachments=list(ReportAttachment.objects.filter(report=report).select_related("uploaded_by")),
    )


# --- Completeness: what a report still needs before it can be submitted -----------------------------

SECTIONS = ("quantitative", "qualitative", "self_assessment", "reflection")


def explanation_needed(
    *, direction: str, value: Decimal | None, target: Decimal | None, target_max=None, not_applicable=False
) -> str | None:
    """Why a realisation must be explained before its report can be submitted: NOT_APPLICABLE (nothing to
    report), BEHIND (the target is not met, judged in the indicator's direction by `target_met`) or None.

    The one rule for the submit check and the editor: the editor's value field carries the same inputs
    (direction, target, upper bound) as data attributes and static/js/report-editor.js applies this rule
    to the number as it is typed."""
    if not_applicable:
        return NOT_APPLICABLE
    if target_met(direction=direction, value=value, target=target, target_max=target_max) is False:
        return BEHIND
    return None


@dataclass(frozen=True)
class ChecklistItem:
    section: str
    anchor: str  # the id of the editor field that fills it in
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class SectionProgress:
    section: str
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass
class Checklist:
    missing: list[ChecklistItem]
    sections: dict[str, SectionProgress]


def report_checklist(view: ReportView) -> Checklist:
    """Everything the report still needs before it can be submitted, in the editor's order, each item with
    the id of the field that fills it in; and per section how many of its items are done. Reads the
    ReportView only (no queries). The submit check (`monitoring.services.report_missing`) is this list."""
    missing: list[ChecklistItem] = []
    done = dict.fromkeys(SECTIONS, 0)
    total = dict.fromkeys(SECTIONS, 0)

    def item(section: str, anchor: str, text: str) -> None:
        missing.append(ChecklistItem(section=section, anchor=anchor, text=text))

    for line in view.lines:
        indicator, row = line.indicator, line.realisation
        label = f"{indicator.code} {indicator.name}"
        key = f"r-{indicator.pk}"
        total["quantitative"] += 1
        if row is None or (row.value is None and not row.not_applicable):
            item(
                "quantitative",
                f"{key}-value",
                _("Realisation of %(indicator)s: give a value or choose 'nothing to report'.") % {"indicator": label},
            )
            continue
        reason = explanation_needed(
            direction=indicator.direction,
            value=row.value,
            target=line.target,
            target_max=line.target_max,
            not_applicable=row.not_applicable,
        )
        if reason == NOT_APPLICABLE and not row.explanation:
            item(
                "quantitative",
                f"{key}-explanation",
                _("Realisation of %(indicator)s: explain why there is nothing to report.") % {"indicator": label},
            )
        elif reason == BEHIND and not row.explanation:
            shown = target_text(direction=indicator.direction, value=line.target, target_max=line.target_max)
            item(
                "quantitative",
                f"{key}-explanation",
                _("Realisation of %(indicator)s: explain why the target (%(target)s) was not met.")
                % {"indicator": label, "target": shown},
            )
        else:
            done["quantitative"] += 1
    for block in view.process_themes:
        for question, answer in block.questions:
            total["qualitative"] += 1
            if answer.strip():
                done["qualitative"] += 1
            else:
                item(
                    "qualitative",
                    f"q-{question.pk}",
                    _("Answer to '%(question)s' (%(theme)s).") % {"question": question.text, "theme": block.theme.name},
                )
    for theme, row in view.self_assessment_rows:
        total["self_assessment"] += 1
        if row is None or row.score is None:
            text = _("Self-assessment of %(theme)s: a score.") % {"theme": theme.name}
            item("self_assessment", f"sa-{theme.pk}-score", text)
        elif not row.rationale:
            item(
                "self_assessment",
                f"sa-{theme.pk}-rationale",
                _("Self-assessment of %(theme)s: one line of why.") % {"theme": theme.name},
            )
        else:
            done["self_assessment"] += 1
    report = view.report
    for name, text in (
        ("reflection_works", _("Reflection: what works.")),
        ("reflection_not_yet", _("Reflection: what does not work yet.")),
        ("reflection_progress", _("Reflection: how the region sees its progress.")),
    ):
        total["reflection"] += 1
        if getattr(report, name).strip():
            done["reflection"] += 1
        else:
            item("reflection", name, text)
    total["reflection"] += 1
    if view.learning_themes:
        done["reflection"] += 1
    else:
        item("reflection", "lt-0-theme", _("At least one learning theme, tied to a placemat theme."))
    return Checklist(
        missing=missing,
        sections={s: SectionProgress(section=s, done=done[s], total=total[s]) for s in SECTIONS},
    )


def reports_by_year(*, region: Region) -> dict[int, MonitorReport]:
    return {
        r.programme_year.year: r for r in MonitorReport.objects.filter(region=region).select_related("programme_year")
    }


def realisations_for_year(*, programme_id: int, year: int, region_ids: list[int] | None = None) -> QuerySet:
    """Every realisation of a programme year, for the office's CSV/XLSX export (one query)."""
    qs = Realisation.objects.filter(
        report__programme_year__programme_id=programme_id, report__programme_year__year=year
    ).select_related(
        "report__region__landsdeel", "report__programme_year", "indicator__performance_area", "indicator__route"
    )
    if region_ids is not None:
        qs = qs.filter(report__region_id__in=region_ids)
    return qs.order_by("report__region__name", "indicator__code")


@dataclass
class YearRow:
    region: Region
    report: MonitorReport | None


def reports_for_year(*, programme_year, status: str = "") -> list[YearRow]:
    """Every region of the programme that takes part in that year, with its report (two queries)."""
    regions = Region.objects.filter(programme_id=programme_year.programme_id, join_year__lte=programme_year.year)
    reports = {
        r.region_id: r
        for r in MonitorReport.objects.filter(programme_year=programme_year).select_related(
            "programme_year", "submitted_by", "region"
        )
    }
    rows = [
        YearRow(region, reports.get(region.pk))
        for region in regions.select_related("landsdeel").order_by("landsdeel__position", "landsdeel_id", "name")
    ]
    if status == "not_started":
        rows = [row for row in rows if row.report is None]
    elif status == "late":
        rows = [row for row in rows if (row.report.lateness() if row.report else row_overdue(programme_year))]
    elif status:
        rows = [row for row in rows if row.report is not None and row.report.status == status]
    return rows


def row_overdue(programme_year) -> bool:
    from django.utils import timezone

    return timezone.localdate() > programme_year.report_due_date


def report_status_counts(rows: list[YearRow]) -> dict[str, int]:
    counts = {"not_started": 0, "late": 0}
    for row in rows:
        key = row.report.status if row.report else "not_started"
        counts[key] = counts.get(key, 0) + 1
    return counts


# --- What waits (Mijn taken) -------------------------------------------------------------------


def contribution_todos(*, user: User, leads: set[int]) -> list[Todo]:
    """Contributions that wait (one query): the writer's assigned ones to write and deliver, and, for the
    project leader, delivered ones to read (and reopen or accept as they are), of editable reports."""
    C = ReportContribution
    waiting = Q(assignee=user, status=C.Status.ASSIGNED)
    if leads:
        waiting |= Q(report__region_id__in=leads, status=C.Status.DELIVERED)
    todos = []
    for c in (
        C.objects.filter(waiting, report__status__in=MonitorReport.EDITABLE, report__region__programme__closed_at=None)
        .select_related("report__region", "report__programme_year", "theme", "subproject", "assignee")
        .order_by("report__region__name", "pk")
    ):
        report = c.report
        url = reverse("monitoring:report_edit", args=[report.region, report.programme_year.year])
        if c.status == C.Status.ASSIGNED:
            todos.append(
                Todo(
                    kind="contribution_write",
                    what=_("Write “%(section)s” for the monitor report %(year)s")
                    % {"section": c.section_label, "year": report.programme_year.year},
                    subject=report.region.name,
                    programme_id=report.region.programme_id,
                    url=url + f"#contribution-{c.pk}",
                    due=c.due_date or report.programme_year.report_due_date,
                    state=_("assigned to you"),
                    note=c.note,
                    role=_("contributor"),
                )
            )
        else:
            todos.append(
                Todo(
                    kind="contribution_review",
                    what=_("Read the delivered “%(section)s” for the monitor report %(year)s")
                    % {"section": c.section_label, "year": report.programme_year.year},
                    subject=report.region.name,
                    programme_id=report.region.programme_id,
                    url=url + f"#contribution-{c.pk}",
                    state=_("delivered by %(person)s") % {"person": c.assignee.full_name or c.assignee.email},
                    role=_("project leader"),
                )
            )
    return todos


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """Reports that wait for this person (at most 5 queries, whatever the number of regions and years):

    - project leader: this year's report to start, continue or (after a return) resubmit, with the comment;
    - penvoerder: a report awaiting endorsement;
    - programme office: every submitted report of a year at work, awaiting review.
    """
    Status = MonitorReport.Status
    todos: list[Todo] = []
    if user.is_programme_office:
        for report in (
            MonitorReport.objects.filter(status=Status.SUBMITTED, programme_year__in=programme_years_live(today=today))
            .select_related("region", "programme_year")
            .order_by("submitted_at", "region__name")
        ):
            todos.append(
                Todo(
                    kind="report_review",
                    what=_("Review the monitor report %(year)s") % {"year": report.programme_year.year},
                    subject=report.region.name,
                    programme_id=report.region.programme_id,
                    url=report.get_absolute_url(),
                    state=_("submitted, awaiting review"),
                    role=_("programme office"),
                )
            )
    roles = region_roles(user)
    leads = {rid for rid, held in roles.items() if RegionRole.Role.PROJECT_LEADER in held}
    endorses = {rid for rid, held in roles.items() if RegionRole.Role.PENVOERDER in held}
    todos.extend(contribution_todos(user=user, leads=leads))
    if not (leads or endorses):
        return todos
    regions = list(
        Region.objects.filter(pk__in=leads | endorses).exclude(status=Region.Status.STOPPED).order_by("name")
    )
    years = list(programme_years_live(today=today).filter(programme_id__in={r.programme_id for r in regions}))
    if not years:
        return todos
    reports = {
        (r.region_id, r.programme_year_id): r
        for r in MonitorReport.objects.filter(region__in=regions, programme_year__in=years)
        .annotate(proposal_count=Count("proposals"))
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=ReportTransition.objects.filter(to_status=Status.RETURNED).order_by("-at", "-pk"),
                to_attr="returns",
            )
        )
    }
    for region in regions:
        for py in years:
            if py.programme_id != region.programme_id or region.join_year > py.year:
                continue
            report = reports.get((region.pk, py.pk))
            status = report.status if report else None
            if region.pk in leads and status in (None, Status.DRAFT, Status.RETURNED):
                if status is None:
                    what, state = _("Start the monitor report %(year)s"), _("not started")
                    url = region.get_absolute_url() + "#reports"  # started from the region page's reports panel
                elif status == Status.DRAFT:
                    what, state = _("Finish the monitor report %(year)s"), _("draft")
                    url = reverse("monitoring:report_edit", args=[region, py.year])
                else:
                    what, state = _("Revise and resubmit the monitor report %(year)s"), _("returned to you")
                    url = reverse("monitoring:report_edit", args=[region, py.year])
                todos.append(
                    Todo(
                        kind={None: "report_start", Status.DRAFT: "report_continue"}.get(status, "report_resubmit"),
                        what=what % {"year": py.year},
                        subject=region.name,
                        programme_id=region.programme_id,
                        url=url,
                        due=py.report_due_date,
                        state=state,
                        note=report.returns[0].comment if status == Status.RETURNED and report.returns else "",
                        role=_("project leader"),
                    )
                )
            if region.pk in leads and status in (Status.DRAFT, Status.RETURNED) and report.proposal_count:
                todos.append(
                    Todo(
                        kind="report_proposals",
                        what=_("Take over or set aside the figures the programme office proposes"),
                        subject=region.name,
                        programme_id=region.programme_id,
                        url=reverse("monitoring:report_edit", args=[region, py.year]) + "#proposals",
                        due=py.report_due_date,
                        state=ngettext("%(n)s figure proposed", "%(n)s figures proposed", report.proposal_count)
                        % {"n": report.proposal_count},
                        role=_("project leader"),
                    )
                )
            if region.pk in endorses and status == Status.AWAITING_ENDORSEMENT:
                todos.append(
                    Todo(
                        kind="report_endorse",
                        what=_("Endorse the monitor report %(year)s") % {"year": py.year},
                        subject=region.name,
                        programme_id=region.programme_id,
                        url=reverse("monitoring:report_detail", args=[region, py.year]),
                        due=py.report_due_date,
                        state=_("awaiting your endorsement"),
                        role=_("penvoerder"),
                    )
                )
    return todos


# --- Contributions (bijdragen) in the editor and on the report page ----------------------------------


@dataclass
class ContributionsView:
    """A report's contributions as the editor shows them (one query; two more for the assign picker)."""

    rows: list  # every contribution, open ones first, then the withdrawn (history)
    by_theme: dict  # theme id → its open contribution
    paragraphs: list  # the open sub-project contributions: their paragraphs
    sections: list = field(default_factory=list)  # the assign picker: ("theme-<pk>"/"subproject-<pk>", label)
    people: list = field(default_factory=list)  # the assign picker: (user pk, "name — role")

    def mine(self, user) -> list:
        return [c for c in self.rows if c.assignee_id == user.pk and c.is_open]


def report_contributions(
    *, report: MonitorReport, for_leader: bool = False, themes: list[PlacematTheme] | None = None
) -> ContributionsView:
    """`themes`: the report's process themes when the caller has them (the editor's ReportView), else read."""
    rows = list(ReportContribution.objects.filter(report=report).select_related("theme", "subproject", "assignee"))
    for c in rows:
        c.report = report  # the rules read the report (region, status, programme) without a query per row
    rows = sorted(
        rows,
        key=lambda c: (not c.is_open, c.theme is None, c.theme.number if c.theme else 0, str(c.subproject or ""), c.pk),
    )
    view = ContributionsView(
        rows=rows,
        by_theme={c.theme_id: c for c in rows if c.theme_id and c.is_open},
        paragraphs=[c for c in rows if c.subproject_id and c.is_open],
    )
    if for_leader:
        from regions.models import SubProject

        taken_sub = {c.subproject_id for c in view.paragraphs}
        if themes is None:
            themes = PlacematTheme.objects.filter(
                programme_id=report.region.programme_id, kind=PlacematTheme.Kind.PROCESS
            ).order_by("number")
        view.sections = [(f"theme-{t.pk}", f"{t.number}. {t.name}") for t in themes if t.pk not in view.by_theme]
        view.sections += [
            (f"subproject-{s.pk}", _("Sub-project: %(name)s") % {"name": s.name})
            for s in SubProject.objects.filter(region_id=report.region_id).order_by("name")
            if s.pk not in taken_sub
        ]
        roles = dict(RegionRole.Role.choices)
        people: dict[int, tuple] = {}
        for rr in (
            RegionRole.objects.filter(
                region_id=report.region_id,
                role__in=(RegionRole.Role.PARTNER, RegionRole.Role.SUBPROJECT_LEADER, RegionRole.Role.PENVOERDER),
                user__is_active=True,
            )
            .select_related("user")
            .order_by("user__full_name", "user__email", "role")
        ):
            name, held = people.get(rr.user_id, (rr.user.full_name or rr.user.email, []))
            held.append(str(roles[rr.role]))
            people[rr.user_id] = (name, held)
        view.people = [(pk, f"{name} — {', '.join(held)}") for pk, (name, held) in people.items()]
    return view


def report_subproject_paragraphs(*, report: MonitorReport) -> list:
    """The report's "Deelprojecten": per sub-project the latest paragraph that has text (one query)."""
    latest = {}
    for c in (
        ReportContribution.objects.filter(report=report, subproject__isnull=False)
        .exclude(text="")
        .select_related("subproject", "assignee")
        .order_by("pk")
    ):
        latest[c.subproject_id] = c
    return sorted(latest.values(), key=lambda c: c.subproject.name)


def report_proposals(*, report: MonitorReport) -> list:
    """The figures the programme office proposed for this report, each with the region's own realisation
    beside it (`own`): one query, a second only when there are proposals."""
    from .models import ProposedRealisation

    proposals = list(
        ProposedRealisation.objects.filter(report=report).select_related("indicator").order_by("indicator__code")
    )
    if proposals:
        own = {r.indicator_id: r for r in Realisation.objects.filter(report=report)}
        for proposal in proposals:
            proposal.own = own.get(proposal.indicator_id)
    return proposals

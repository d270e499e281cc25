"""Reads of the national dashboard: one aggregate per concern, a fixed number of queries whatever the
number of regions, years or indicators.

Every figure per region is a SQL expression on the region queryset (`_region_rows`), so the table can be
filtered, sorted and paginated in the database and the totals are an aggregate over the same expressions.
The rules are those of the report pages, so the figures agree with them:

- a region takes part in a year when it joined in or before that year (as on the report list);
- *late*: first submitted after the due date (`MonitorReport.is_late`, fixed then), or not submitted
  while the due date has passed (`MonitorReport.lateness`);
- *settled figures only*: every figure derived from realisations (progress, "behind two years running",
  self-assessment gaps, totals) reads the realisations of reports submitted to the office or accepted
  (`monitoring.selectors.SETTLED_STATUSES`, the one definition). A draft, a report awaiting endorsement
  or a returned report shows its real status, but none of its numbers. The programme office may ask for
  the provisional view (`include_drafts=True`, rule `dashboard.view_provisional`) that counts every
  report's realisations; it is labelled as such wherever it is shown;
- *on track / behind*: an agreed indicator whose realisation meets / misses that year's target given its
  direction (higher is better, lower is better, a range: `regions.models.on_target_q`, the SQL twin of
  `target_met`); not-applicable, missing values and indicators without a target count as neither;
- early-warning flags are raised for regions that have not stopped.
"""

import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audits.models import AuditVisit, Placemat, StimulusGrant
from monitoring.models import MonitorReport
from peerreviews.models import PeerReview
from regions.models import (
    Indicator,
    Landsdeel,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionVision,
    Route,
    target_met,
)
from regions.selectors import cofinancing_share, programme_years_live, programmes_by_preference
from toptechniek.common.todo import Todo

from .models import RegionYearFact, TotalFact
from .services import is_percentage

PAGE_SIZE = 50
NOT_STARTED = "not_started"
LATE = "late"

STATUS_ORDER = [NOT_STARTED, *MonitorReport.Status.values]
STATUS_LABELS = {NOT_STARTED: _("not started"), LATE: _("late"), **dict(MonitorReport.Status.choices)}
STATUS_CHOICES = [(NOT_STARTED, _("not started")), (LATE, _("late")), *MonitorReport.Status.choices]
JUDGEMENT_ORDER = ["", *AuditVisit.Judgement.values]
JUDGEMENT_LABELS = dict(AuditVisit.Judgement.choices)
PEER_REVIEW_LABELS = dict(PeerReview.Status.choices)
GRANT_LABELS = dict(StimulusGrant.Status.choices)
PEER_REVIEW_ORDER = ["", *PeerReview.Status.values]

FLAGS = {
    "overdue": _("report overdue"),
    "behind": _("indicators behind target two years running"),
    "dropped": _("a placemat theme dropped"),
    "no_peer_review": _("no peer review in the programme period"),
    "actions": _("follow-up actions overdue"),
}

# Sortable columns: query-string key -> annotation.
SORTS = {
    "region": "region__name",
    "landsdeel": "region__landsdeel__position",
    "status": "status_rank",
    "progress": "on_track_share",
    "behind": "behind_now",
    "placemat": "placemat_mean",
    "gap": "gap_shown",
    "judgement": "judgement_rank",
    "peer_review": "peer_review_rank",
    "grant": "grant_amount",
    "cofinancing": "cofinancing_share",
    "flags": "flag_count",
}


LANDSDEEL_CODE = re.compile(r"[-a-zA-Z0-9_]{1,20}")  # a landsdeel's code (a slug); the programme's own or none


@dataclass
class Filters:
    landsdeel: str = ""  # the code of one of the programme's landsdelen
    status: str = ""
    flag: str = ""
    sort: str = "region"
    group: bool = False
    page: int = 1
    landsdelen: list[tuple[str, str]] = field(default_factory=list)  # the programme's (code, name), for the form

    @classmethod
    def from_query(cls, params) -> "Filters":
        landsdeel = params.get("landsdeel", "")
        status = params.get("status", "")
        flag = params.get("flag", "")
        sort = params.get("sort", "region")
        try:
            page = max(1, int(params.get("page", 1)))
        except ValueError:
            page = 1
        return cls(
            landsdeel=landsdeel if LANDSDEEL_CODE.fullmatch(landsdeel) else "",
            status=status if status in dict(STATUS_CHOICES) else "",
            flag=flag if flag in FLAGS or flag == "any" else "",
            sort=sort if sort.lstrip("-") in SORTS else "region",
            group=params.get("group") == "landsdeel",
            page=page,
        )


# --- Reading the facts ------------------------------------------------------------------------------

REGION_FIELDS = ["name", "slug", "landsdeel_id", "status", "join_year", "programme_id"]
LANDSDEEL_FIELDS = ["code", "name", "position"]  # the region's landsdeel, shown and grouped by
FACT_FIELDS = [
    "report_id",
    "report_status",
    "report_is_late",
    "settled",
    "on_track",
    "behind",
    "behind_twice_settled",
    "behind_twice_all",
    "gap_count",
    "placemat_id",
    "placemat_version",
    "placemat_mean",
    "has_dropped",
    "judgement",
    "peer_review_id",
    "peer_review_status",
    "has_review",
    "earliest_open_action_due",
    "grant_status",
    "grant_proposed",
    "grant_decided",
    "cofinancing_committed",
    "cofinancing_realised",
]


def _scores(figures: dict) -> dict[int, int | None]:
    """The published placemat's score per theme of one region-year's figures."""
    if not figures["placemat_id"]:
        return {}
    return {int(t): s for t, s in json.loads(figures["scores_json"] or "{}").items()}


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _rank(field_name: str, order: list[str]) -> Case:
    """A value's place in `order` (0 for the first, the empty value)."""
    return Case(
        *[When(**{field_name: value}, then=Value(i)) for i, value in enumerate(order) if value],
        default=Value(0),
        output_field=IntegerField(),
    )


def as_of(*, programme, today: datetime.date) -> datetime.date:
    """The day the early warnings are judged on: today, or for a closed programme the day it closed (its
    picture stands as it was left; an action still open then stays flagged, nothing becomes late later)."""
    if programme.closed_at is None:
        return today
    return min(today, timezone.localtime(programme.closed_at).date())


def _conditions(*, include_drafts: bool, today: datetime.date) -> dict[str, Q]:
    """Lateness and the early warnings as conditions on the facts (filters and counts use these, not the
    annotations, which SQL cannot name inside an aggregate's FILTER)."""
    active = ~Q(region__status=Region.Status.STOPPED)
    submitted = Q(first_submitted_at__isnull=False)
    past_due = Q(programme_year__report_due_date__lt=today)
    behind = Q(behind_twice_all__gt=0) if include_drafts else Q(behind_twice_settled__gt=0)
    flags = {
        "overdue": active & ~submitted & past_due,
        "behind": active & behind,
        "dropped": active & Q(has_dropped=True),
        "no_peer_review": active & Q(has_review=False),
        "actions": active & Q(earliest_open_action_due__lt=today),
    }
    assert set(flags) == set(FLAGS)
    return {LATE: (submitted & Q(report_is_late=True)) | (~submitted & past_due), **flags}


def _figures(facts: QuerySet[RegionYearFact], *, include_drafts: bool, today: datetime.date) -> QuerySet:
    """The facts with every figure, early warning and sort key a row shows, as SQL expressions, so the
    dashboard filters, counts, sorts and pages in the database and reads only the rows it shows.

    A draft's numbers count only in the provisional view (`settled`), the year's co-financing too. Lateness
    and the two date-dependent warnings compare the stored dates with today's; stopped regions are never flagged."""

    def counted(name: str):
        return F(name) if include_drafts else Case(When(settled=True, then=F(name)), default=Value(0))

    def amount(name: str):  # a year's co-financing counts with its report, like its figures (None: not shown)
        if include_drafts:
            return F(name)
        return Case(
            When(settled=True, then=F(name)),
            default=Value(None),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )

    conditions = _conditions(include_drafts=include_drafts, today=today)
    facts = facts.annotate(
        submitted=_flag(Q(first_submitted_at__isnull=False)),
        on_track_count=counted("on_track"),
        behind_now=counted("behind"),
        gap_shown=counted("gap_count"),
        late=_flag(conditions[LATE]),
        **{f"flag_{f}": _flag(conditions[f]) for f in FLAGS},
        status_rank=_rank("report_status", ["", *MonitorReport.Status.values]),
        judgement_rank=_rank("judgement", JUDGEMENT_ORDER),
        peer_review_rank=_rank("peer_review_status", PEER_REVIEW_ORDER),
        grant_amount=Coalesce("grant_decided", "grant_proposed"),
        cofinancing_committed_shown=amount("cofinancing_committed"),
        cofinancing_realised_shown=amount("cofinancing_realised"),
    )
    judged = F("on_track_count") + F("behind_now")
    return facts.annotate(
        flag_count=sum((Case(When(**{f"flag_{f}": True}, then=Value(1)), default=Value(0)) for f in FLAGS), Value(0)),
        on_track_share=Case(
            When(Q(on_track_count=0, behind_now=0), then=Value(None)),
            default=Cast("on_track_count", FloatField()) / Cast(judged, FloatField()),
            output_field=FloatField(),
        ),
        cofinancing_share=Case(
            When(Q(cofinancing_committed_shown__isnull=True) | Q(cofinancing_committed_shown=0), then=Value(None)),
            default=Cast("cofinancing_realised_shown", FloatField())
            / Cast("cofinancing_committed_shown", FloatField()),
            output_field=FloatField(),
        ),
    )


ROW_FIELDS = [
    "region_id",
    "programme_year_id",
    "report_id",
    "report_status",
    "report_is_late",
    "placemat_id",
    "placemat_version",
    "judgement",
    "peer_review_id",
    "peer_review_status",
    "grant_status",
    "grant_proposed",
    "grant_decided",
    "cofinancing_committed_shown",
    "cofinancing_realised_shown",
    "on_track_count",
    "behind_now",
    "gap_shown",
    "late",
    *(f"flag_{f}" for f in FLAGS),
    *(f"region__{f}" for f in REGION_FIELDS),
    *(f"region__landsdeel__{f}" for f in LANDSDEEL_FIELDS),
]


def _row_values(figures: QuerySet, *, with_year: bool = False) -> list[dict]:
    """The rows to show (one query), the placemat's scores as JSON text (parsed by `_scores`)."""
    figures = figures.annotate(scores_json=Cast("scores", TextField()))
    if with_year:
        figures = figures.annotate(year=F("programme_year__year"))
    out = []
    for r in figures.values(*ROW_FIELDS, "scores_json", *(["year"] if with_year else [])):
        r["id"] = r["region_id"]
        for f in REGION_FIELDS:
            r[f] = r.pop(f"region__{f}")
        r["landsdeel"] = {f: r.pop(f"region__landsdeel__{f}") for f in LANDSDEEL_FIELDS}
        r["report_status"] = r["report_status"] or NOT_STARTED
        r["grant_status"] = r["grant_status"] or None
        r["gap_count"] = r.pop("gap_shown")
        out.append(r)
    return out


def _ordering(filters: Filters) -> list:
    """Sort (empty values last in either direction; then name), grouped by landsdeel when asked."""
    key = SORTS[filters.sort.lstrip("-")]
    descending = filters.sort.startswith("-")
    first = F(key).desc(nulls_last=True) if descending else F(key).asc(nulls_last=True)
    ordering = [first, "region__name", "region_id"]
    return ["region__landsdeel__position", "region__landsdeel_id", *ordering] if filters.group else ordering


def _filtered(figures: QuerySet, filters: Filters, conditions: dict[str, Q]) -> QuerySet:
    if filters.status == LATE:
        figures = figures.filter(conditions[LATE])
    elif filters.status:
        figures = figures.filter(report_status="" if filters.status == NOT_STARTED else filters.status)
    if filters.flag == "any":
        figures = figures.filter(_any_flag(conditions))
    elif filters.flag:
        figures = figures.filter(conditions[filters.flag])
    return figures


def _any_flag(conditions: dict[str, Q]) -> Q:
    found = Q()
    for f in FLAGS:
        found |= conditions[f]
    return found


EMPTY_TREND = {"expected": 0, "submitted": 0, "on_time": 0, "accepted": 0, "reported": 0}


def _trend(
    *, years: list[ProgrammeYear], landsdeel: str = "", include_drafts: bool = False
) -> dict[int, dict[str, int]]:
    """Per year: the regions expected (taking part, not stopped), and of those the reports in, on time,
    accepted, and the regions whose figures count (every report's in the provisional view). One query,
    grouped by the programme year's id (no join to the years)."""
    year_of = {py.pk: py.year for py in years}
    facts = RegionYearFact.objects.filter(programme_year_id__in=list(year_of)).exclude(
        region__status=Region.Status.STOPPED
    )
    if landsdeel:
        facts = facts.filter(region__landsdeel__code=landsdeel)
    submitted = Q(first_submitted_at__isnull=False)
    return {
        year_of[row.pop("programme_year_id")]: row
        for row in facts.values("programme_year_id")
        .annotate(
            expected=Count("pk"),
            submitted=Count("pk", filter=submitted),
            on_time=Count("pk", filter=submitted & Q(report_is_late=False)),
            accepted=Count("pk", filter=Q(report_status=MonitorReport.Status.ACCEPTED)),
            reported=Count("pk", filter=Q(report_id__isnull=False) if include_drafts else Q(settled=True)),
        )
        .order_by()
    }


def _region_of(values: dict) -> Region:
    region = Region(pk=values["id"], **{f: values[f] for f in REGION_FIELDS})
    region.landsdeel = Landsdeel(pk=values["landsdeel_id"], programme_id=values["programme_id"], **values["landsdeel"])
    return region


# --- The page ---------------------------------------------------------------------------------------


@functools.cache
def _url_pattern(name: str, with_year: bool) -> str:
    """A reversed URL with placeholders, reversed once per process (reverse() per cell is slow)."""
    return reverse(name, args=[KEY_PLACEHOLDER, 1999] if with_year else [KEY_PLACEHOLDER])


KEY_PLACEHOLDER = "999999999-key-placeholder"


def url_for(name: str, key: str, year: int | None = None) -> str:
    """The URL of a region page from the region's URL key (`Region.url_key`) and the year."""
    url = _url_pattern(name, year is not None)
    if year is not None:
        url = url.replace("1999", str(year))
    return url.replace(KEY_PLACEHOLDER, key)


@dataclass
class Cell:
    theme: PlacematTheme
    score: int | None


@dataclass
class Row:
    region: Region
    report_id: int | None
    status: str
    late: bool
    on_track: int
    behind: int
    placemat_id: int | None
    placemat_version: int | None
    cells: list[Cell]
    gap_count: int
    judgement: str
    peer_review_id: int | None
    peer_review_status: str
    grant_status: str | None
    grant_proposed: Decimal | None
    grant_decided: Decimal | None
    flags: list[str]
    cofinancing_committed: Decimal | None = None
    cofinancing_realised: Decimal | None = None
    year: int = 0

    @functools.cached_property
    def report(self) -> MonitorReport | None:
        """An unsaved stand-in with what the permission rules read (no query)."""
        if self.report_id is None:
            return None
        return MonitorReport(pk=self.report_id, region_id=self.region.pk, status=self.status)

    @functools.cached_property
    def placemat(self) -> Placemat | None:
        if self.placemat_id is None:
            return None
        return Placemat(pk=self.placemat_id, region_id=self.region.pk, status=Placemat.Status.PUBLISHED)

    @functools.cached_property
    def visit(self) -> AuditVisit | None:
        if not self.judgement:
            return None
        return AuditVisit(region_id=self.region.pk, status=AuditVisit.Status.REPORTED, judgement=self.judgement)

    @functools.cached_property
    def urls(self) -> dict[str, str]:
        """The row's links, built when a page shows them (an export of every row needs none)."""
        slug, year = self.region.url_key, self.year
        return {
            "region": url_for("regions:region_detail", slug),
            "overview": url_for("dashboard:region_overview", slug),
            "report": url_for("monitoring:report_detail", slug, year),
            "placemat": url_for("audits:placemat_detail", slug, year),
            "visit": url_for("audits:visit_detail", slug, year),
            "grants": url_for("audits:region_grants", slug),
            "cofinancing": url_for("regions:region_detail", slug) + "#cofinancing",
            "peer_review": reverse("peerreviews:review_detail", args=[self.peer_review_id])
            if self.peer_review_id
            else "",
        }

    @property
    def judged(self) -> int:
        return self.on_track + self.behind

    @property
    def on_track_pct(self) -> int | None:
        return round(100 * self.on_track / self.judged) if self.judged else None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def judgement_label(self) -> str:
        return str(JUDGEMENT_LABELS.get(self.judgement, ""))

    @property
    def peer_review_label(self) -> str:
        return str(PEER_REVIEW_LABELS.get(self.peer_review_status, ""))

    @property
    def cofinancing_share(self) -> int | None:
        """The year's realised co-financing as a percentage of the committed (`regions.selectors`)."""
        return cofinancing_share(committed=self.cofinancing_committed, realised=self.cofinancing_realised)

    @property
    def grant_label(self) -> str:
        return str(GRANT_LABELS.get(self.grant_status or "", ""))

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAGS[f]) for f in self.flags]

    @property
    def flags_text(self) -> str:
        return "; ".join(self.flag_labels)


@dataclass
class YearPoint:
    year: int
    due: datetime.date
    expected: int
    submitted: int
    on_time: int
    accepted: int
    reported: int = 0  # regions whose figures count: report submitted to the office or accepted

    @property
    def reported_pct(self) -> int | None:
        return round(100 * self.reported / self.expected) if self.expected else None

    @property
    def submitted_pct(self) -> int | None:
        return round(100 * self.submitted / self.expected) if self.expected else None

    @property
    def on_time_pct(self) -> int | None:
        return round(100 * self.on_time / self.expected) if self.expected else None

    @property
    def accepted_pct(self) -> int | None:
        return round(100 * self.accepted / self.expected) if self.expected else None


@dataclass
class TotalPoint:
    """One year of a totals line: the realisations and the targets of the same indicator-years (those with
    both a settled realisation and a target for that year), summed, or averaged over regions for a
    percentage."""

    year: int
    realised: Decimal
    target: Decimal
    target_max: Decimal | None
    indicators: int
    regions: int
    direction: str = Indicator.Direction.HIGHER

    @property
    def met(self) -> bool | None:
        return target_met(direction=self.direction, value=self.realised, target=self.target, target_max=self.target_max)


@dataclass
class TotalLine:
    """Realised vs targeted per year for one route or performance area, one unit and one direction: never
    a sum across units or directions."""

    key: str
    label: str
    unit: str
    direction: str
    mean: bool  # a percentage: the mean over regions (each region's mean over its indicators), never a sum
    points: list[TotalPoint]

    @property
    def direction_label(self) -> str:
        return str(Indicator.Direction(self.direction).label)

    @property
    def chart_max(self) -> Decimal:
        tops = [max(p.realised, p.target, p.target_max or 0) for p in self.points]
        return max([*tops, Decimal(1)])

    @property
    def bars(self) -> list[dict]:
        """Geometry of the SVG chart (viewBox width x 80): a bar per year's realisation, a tick per target."""
        top = float(self.chart_max)
        out = []
        for i, point in enumerate(self.points):
            height = float(point.realised) / top * 60
            out.append(
                {
                    "year": point.year,
                    "x": i * 48 + 8,
                    "y": round(70 - height, 1),
                    "height": round(height, 1),
                    "target_y": round(70 - float(point.target) / top * 60, 1),
                    "tick_x1": i * 48 + 4,
                    "tick_x2": i * 48 + 40,
                    "realised": point.realised,
                    "target": point.target,
                    "target_max": point.target_max,
                    "indicators": point.indicators,
                    "regions": point.regions,
                    "met": bool(point.met),
                }
            )
        return out

    @property
    def chart_width(self) -> int:
        return 48 * max(len(self.points), 1)


@dataclass
class Coverage:
    """How many of the regions expected in a year (joined by then, not stopped) have settled figures, and
    the names of those that have none."""

    year: int
    expected: int
    reported: int
    missing: list[str]


@dataclass
class Totals:
    routes: list[TotalLine]
    areas: list[TotalLine]
    coverage: list[Coverage]
    include_drafts: bool = False


@dataclass
class Dashboard:
    programme: Programme
    programme_year: ProgrammeYear
    years: list[YearPoint]
    themes: list[PlacematTheme]
    rows: list[Row]
    total: int
    counts: dict[str, int]
    flag_counts: dict[str, int]
    totals: Totals | None
    filters: Filters
    page: int = 1
    pages: int = 1
    grouped: list[tuple[str, list[Row]]] = field(default_factory=list)
    include_drafts: bool = False

    @property
    def routes(self) -> list[TotalLine]:
        return self.totals.routes if self.totals else []

    @property
    def areas(self) -> list[TotalLine]:
        return self.totals.areas if self.totals else []

    @property
    def year_point(self) -> "YearPoint | None":
        return next((p for p in self.years if p.year == self.programme_year.year), None)


# The programme year's programme's landsdelen as a JSON array of [code, name], in order (constant SQL).
_LANDSDELEN_JSON = {
    "postgresql": (
        "(SELECT JSON_AGG(JSON_BUILD_ARRAY(l.code, l.name) ORDER BY l.position, l.id) FROM regions_landsdeel l"
        " WHERE l.programme_id = regions_programmeyear.programme_id)"
    ),
    "sqlite": (
        "(SELECT JSON_GROUP_ARRAY(JSON_ARRAY(code, name)) FROM (SELECT l.code, l.name FROM regions_landsdeel l"
        " WHERE l.programme_id = regions_programmeyear.programme_id ORDER BY l.position, l.id))"
    ),
}


def _landsdelen_json() -> RawSQL:
    """A subquery in the years' own query, so the dashboard's landsdeel filter costs no query of its own."""
    return RawSQL(_LANDSDELEN_JSON[connection.vendor], [])  # noqa: S611 - constant SQL, no parameters


def landsdelen_of(years: list[ProgrammeYear]) -> list[tuple[str, str]]:
    """(code, name) of the landsdelen of the years' programme, in order (from `programme_years`)."""
    if not years:
        return []
    found = years[0].landsdelen_json or []
    if isinstance(found, str):
        found = json.loads(found)
    return [(code, name) for code, name in found]


def programme_years(*, programme_slug: str = "", landsdeel: str = "") -> list[ProgrammeYear]:
    """The years of a programme (the programme in progress when no slug is given), with the programme and
    its landsdelen (`landsdelen_of`) (one query). `landsdeel` is accepted for symmetry; the completeness
    counts come with `dashboard`."""
    programmes = Programme.objects.filter(slug=programme_slug) if programme_slug else programmes_by_preference()
    programme_id = Subquery(programmes.values("pk")[:1])
    return list(
        ProgrammeYear.objects.filter(programme_id=programme_id)
        .select_related("programme")
        .annotate(landsdelen_json=_landsdelen_json())
        .order_by("year")
    )


def _counted_statuses() -> list[str]:
    """Completeness counts regions that have not stopped."""
    return [Region.Status.ACTIVE, Region.Status.SUSPENDED]


# A year is in progress on the dashboard from this many days before its reports are due: they come in.
YEAR_IN_PROGRESS_DAYS = 30


def default_year(years: list[ProgrammeYear], *, today: datetime.date | None = None) -> ProgrammeYear | None:
    """The most recent year whose reports are due (or due within YEAR_IN_PROGRESS_DAYS), else the first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=YEAR_IN_PROGRESS_DAYS)
    due = [py for py in years if py.report_due_date <= horizon]
    return due[-1] if due else (years[0] if years else None)


def dashboard(
    *,
    programme_year: ProgrammeYear,
    years: list[ProgrammeYear],
    filters: Filters,
    paginate: bool = True,
    with_totals: bool = True,
    include_drafts: bool = False,
):
    """Everything the dashboard page shows, in four queries (plus the years from `programme_years`): the
    themes, the counts, the rows shown (filtered, sorted and paged in the database) and the completeness
    per year, whatever the number of regions. Figures from settled reports only; `include_drafts` (the
    office's provisional view) counts drafts."""
    programme = programme_year.programme
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    facts = RegionYearFact.objects.filter(programme_year=programme_year)
    if filters.landsdeel:
        facts = facts.filter(region__landsdeel__code=filters.landsdeel)
    today = as_of(programme=programme, today=timezone.localdate())
    conditions = _conditions(include_drafts=include_drafts, today=today)
    selected = _filtered(facts, filters, conditions)
    counts = selected.aggregate(
        total=Count("pk"),
        late=Count("pk", filter=conditions[LATE]),
        flagged=Count("pk", filter=_any_flag(conditions)),
        **{f"status_{s}": Count("pk", filter=Q(report_status="" if s == NOT_STARTED else s)) for s in STATUS_ORDER},
        **{f"flag_{f}": Count("pk", filter=conditions[f]) for f in FLAGS},
    )
    total = counts["total"]
    pages = max(1, -(-total // PAGE_SIZE)) if paginate else 1
    page = min(filters.page, pages)
    shown = _figures(selected, include_drafts=include_drafts, today=today).order_by(*_ordering(filters))
    if paginate:
        shown = shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = _rows(_row_values(shown), themes, year=programme_year.year)
    trend = _trend(years=years, landsdeel=filters.landsdeel, include_drafts=include_drafts)
    programme_figures = (
        programme_totals(
            programme=programme,
            themes=themes,
            years=years,
            landsdeel=filters.landsdeel,
            include_drafts=include_drafts,
        )
        if with_totals
        else None
    )
    grouped = []
    if filters.group:
        group_of: list[int] = []  # the landsdeel of each group (two programmes' landsdelen may share a name)
        for row in rows:
            if not group_of or group_of[-1] != row.region.landsdeel_id:
                group_of.append(row.region.landsdeel_id)
                grouped.append((row.region.landsdeel.name, []))
            grouped[-1][1].append(row)
    return Dashboard(
        programme=programme,
        programme_year=programme_year,
        years=[YearPoint(py.year, py.report_due_date, **trend.get(py.year, EMPTY_TREND)) for py in years],
        themes=themes,
        rows=rows,
        total=total,
        counts={**{s: counts[f"status_{s}"] for s in STATUS_ORDER}, LATE: counts["late"]},
        flag_counts={**{f: counts[f"flag_{f}"] for f in FLAGS}, "any": counts["flagged"]},
        totals=programme_figures,
        filters=filters,
        page=page,
        pages=pages,
        grouped=grouped,
        include_drafts=include_drafts,
    )


def _rows(found: list[dict], themes: list[PlacematTheme], *, year: int) -> list[Row]:
    """Rows from the figures, with the published placemat's eight scores."""
    rows = []
    for r in found:
        scores = _scores(r)
        rows.append(
            Row(
                region=_region_of(r),
                report_id=r["report_id"],
                status=r["report_status"],
                late=bool(r["late"]),
                on_track=int(r["on_track_count"]),
                behind=int(r["behind_now"]),
                placemat_id=r["placemat_id"],
                placemat_version=r["placemat_version"],
                cells=[Cell(t, scores.get(t.pk)) for t in themes] if r["placemat_id"] else [],
                gap_count=int(r["gap_count"]),
                judgement=r["judgement"],
                peer_review_id=r["peer_review_id"],
                peer_review_status=r["peer_review_status"],
                grant_status=r["grant_status"],
                grant_proposed=_decimal(r["grant_proposed"]),
                grant_decided=_decimal(r["grant_decided"]),
                flags=[f for f in FLAGS if r[f"flag_{f}"]],
                cofinancing_committed=_decimal(r["cofinancing_committed_shown"]),
                cofinancing_realised=_decimal(r["cofinancing_realised_shown"]),
                year=year,
            )
        )
    return rows


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def programme_totals(
    *,
    programme: Programme,
    themes: list[PlacematTheme],
    years: list[ProgrammeYear],
    landsdeel: str = "",
    include_drafts: bool = False,
    today: datetime.date | None = None,
) -> Totals:
    """Realised vs targeted over all regions per year, per route and per performance area, per unit and
    direction, from the facts (three queries: the programme's routes, the lines, the coverage). The route
    lines are the programme's own routes, keyed by their code.

    An indicator-year counts when the indicator is agreed, its realisation is settled (or a draft in the
    provisional view) and not "nothing to report", and it has a target for that year: realisation and
    target totals always cover the same indicator-years. Counts are summed; a percentage is averaged
    (first per region, then over regions). The coverage names, per year whose reports are due (or that
    has figures), the regions expected but without settled figures.
    """
    today = today or timezone.localdate()
    facts = TotalFact.objects.filter(programme_year__programme=programme)
    if landsdeel:
        facts = facts.filter(region__landsdeel__code=landsdeel)
    if not include_drafts:
        facts = facts.filter(settled=True)
    # (kind, key, unit, direction) -> year -> the line's point
    buckets: dict[tuple, dict[int, TotalPoint]] = {}
    units: dict[tuple, str] = {}
    for row in (
        facts.values("programme_year__year", "kind", "key", "unit_key", "direction")
        .annotate(
            unit_shown=Min("unit"),
            n=Sum("indicators"),
            regions=Count("pk"),
            realised_sum=Sum("realised"),
            target_sum=Sum("target"),
            target_max_sum=Sum("target_max"),
            with_max=Count("target_max"),
        )
        .order_by()
    ):
        bucket = (row["kind"], row["key"], row["unit_key"], row["direction"])
        regions = row["regions"]
        divisor = regions if is_percentage(row["unit_key"]) else 1  # a percentage: the mean over regions
        has_max = row["with_max"] == regions and row["direction"] == Indicator.Direction.RANGE
        year = row["programme_year__year"]
        buckets.setdefault(bucket, {})[year] = TotalPoint(
            year=year,
            realised=_round(row["realised_sum"] / divisor),
            target=_round(row["target_sum"] / divisor),
            target_max=_round(row["target_max_sum"] / divisor) if has_max else None,
            indicators=row["n"],
            regions=regions,
            direction=row["direction"],
        )
        units[bucket] = min(units.get(bucket, row["unit_shown"]), row["unit_shown"])

    def lines(kind: str, order: list[tuple]) -> list[TotalLine]:
        out = []
        for key, label in order:
            found = sorted(
                ((unit, direction) for (k, bucket_key, unit, direction) in buckets if k == kind and bucket_key == key),
                key=lambda ud: (ud[0], DIRECTION_ORDER.index(ud[1])),
            )
            for unit, direction in found:
                by_year = buckets[(kind, key, unit, direction)]
                out.append(
                    TotalLine(
                        key=f"{key}|{unit}|{direction}",
                        label=str(label),
                        unit=units[(kind, key, unit, direction)],
                        direction=direction,
                        mean=is_percentage(unit),
                        points=[by_year[y] for y in sorted(by_year)],
                    )
                )
        return out

    routes = lines("route", list(Route.objects.filter(programme=programme).values_list("code", "name")))
    areas = lines(
        "area", [(str(t.pk), f"{t.number}. {t.name}") for t in themes if t.kind == PlacematTheme.Kind.PERFORMANCE]
    )
    return Totals(
        routes=routes,
        areas=areas,
        coverage=coverage(
            programme=programme,
            years=[
                py
                for py in years
                if py.report_due_date <= today or any(p.year == py.year for line in routes + areas for p in line.points)
            ],
            landsdeel=landsdeel,
            include_drafts=include_drafts,
        ),
        include_drafts=include_drafts,
    )


DIRECTION_ORDER = list(Indicator.Direction.values)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def coverage(
    *, programme: Programme, years: list[ProgrammeYear], landsdeel: str = "", include_drafts: bool = False
) -> list[Coverage]:
    """Per year, the regions expected (joined by then, not stopped) and those with settled figures (a
    report submitted to the office or accepted; any report in the provisional view). Two reads of the facts:
    the counts, and the names of the regions without figures."""
    if not years:
        return []
    facts = RegionYearFact.objects.filter(programme_year__in=years).exclude(region__status=Region.Status.STOPPED)
    if landsdeel:
        facts = facts.filter(region__landsdeel__code=landsdeel)
    counts = Q(report_id__isnull=False) if include_drafts else Q(settled=True)
    by_year = {py.year: Coverage(year=py.year, expected=0, reported=0, missing=[]) for py in years}
    for year, expected, reported in (
        facts.values("programme_year__year")
        .annotate(expected=Count("pk"), reported=Count("pk", filter=counts))
        .values_list("programme_year__year", "expected", "reported")
        .order_by()
    ):
        by_year[year].expected, by_year[year].reported = expected, reported
    for year, name in (
        facts.exclude(counts).order_by("region__name", "region_id").values_list("programme_year__year", "region__name")
    ):
        by_year[year].missing.append(name)
    return [by_year[py.year] for py in years]


# --- Mijn taken ---------------------------------------------------------------------------------------


def todos_for_user(*, user, today: datetime.date) -> list[Todo]:
    """The programme office's counts per live programme year, from the facts (one query): the grant
    proposals to compute (a published placemat, no proposal yet), the proposals to decide, and the
    follow-up actions of reported audit visits that are overdue."""
    if not user.is_programme_office:
        return []
    office = _("programme office")
    found: dict[int, dict] = {}
    for py_id, year, programme_id, slug, name, placemat_id, grant_status, dues in (
        RegionYearFact.objects.filter(programme_year__in=programme_years_live(today=today))
        .filter(
            Q(placemat_id__isnull=False, grant_status="")
            | Q(grant_status=StimulusGrant.Status.PROPOSED)
            | ~Q(open_action_dues=[])
        )
        .values_list(
            "programme_year_id",
            "programme_year__year",
            "programme_year__programme_id",
            "programme_year__programme__slug",
            "programme_year__programme__name",
            "placemat_id",
            "grant_status",
            "open_action_dues",
        )
        .order_by("programme_year__year", "programme_year_id")
    ):
        counts = found.setdefault(
            py_id,
            {
                "year": year,
                "programme_id": programme_id,
                "slug": slug,
                "name": name,
                "propose": 0,
                "decide": 0,
                "overdue": 0,
            },
        )
        counts["propose"] += placemat_id is not None and not grant_status
        counts["decide"] += grant_status == StimulusGrant.Status.PROPOSED
        counts["overdue"] += sum(1 for due in dues if due < today.isoformat())
    todos = []
    for counts in found.values():
        subject = f"{counts['name']} {counts['year']}"
        grants_url = reverse("audits:grants", args=[counts["slug"], counts["year"]])
        for kind, count, what, url in (
            (
                "grants_propose",
                counts["propose"],
                ngettext(
                    "Compute the grant proposal of %(count)d region with a published placemat",
                    "Compute the grant proposals of %(count)d regions with a published placemat",
                    counts["propose"],
                ),
                grants_url,
            ),
            (
                "grants_decide",
                counts["decide"],
                ngettext("Decide %(count)d grant proposal", "Decide %(count)d grant proposals", counts["decide"]),
                grants_url,
            ),
            (
                "actions_overdue",
                counts["overdue"],
                ngettext(
                    "%(count)d follow-up action is overdue",
                    "%(count)d follow-up actions are overdue",
                    counts["overdue"],
                ),
                reverse("audits:visits", args=[counts["slug"], counts["year"]]),
            ),
        ):
            if count:
                todos.append(
                    Todo(
                        kind=kind,
                        what=what % {"count": count},
                        subject=subject,
                        url=url,
                        role=str(office),
                        programme_id=counts["programme_id"],
                    )
                )
    return todos


# --- Regioagenda's (verduurzaming) ------------------------------------------------------------------------


@dataclass
class Regioagendas:
    """Which regions have written their regioagenda for after the programme: approved, in draft, or none."""

    approved: list[Region]
    draft: list[Region]
    missing: list[Region]

    @property
    def groups(self) -> list[tuple[str, list[Region]]]:
        return [(_("Approved"), self.approved), (_("In draft"), self.draft), (_("None yet"), self.missing)]


def regioagendas(*, programme_year: ProgrammeYear, today: datetime.date) -> Regioagendas | None:
    """On the programme's final year, once it has begun (one query): every active region by the state of its
    regioagenda (the latest version that has one). None for other years and before the final year."""
    programme = programme_year.programme
    if programme_year.year != programme.end_year or today.year < programme.end_year:
        return None
    agendas = RegionVision.objects.filter(region=OuterRef("pk")).exclude(agenda_continues="").order_by("-version")
    regions = (
        Region.objects.filter(programme=programme)
        .exclude(status=Region.Status.STOPPED)
        .annotate(agenda=Subquery(agendas.values("status")[:1]))
        .order_by("name")
    )
    picture = Regioagendas(approved=[], draft=[], missing=[])
    for region in regions:
        {"approved": picture.approved, "draft": picture.draft}.get(region.agenda, picture.missing).append(region)
    return picture

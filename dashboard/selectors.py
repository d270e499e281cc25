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
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import connection
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Lower, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
from monitoring.models import MonitorReport, SelfAssessment
from monitoring.selectors import SETTLED_STATUSES, settled_realisations
from peerreviews.models import PeerReview
from regions.models import (
    Indicator,
    Landsdeel,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    Route,
    on_target_q,
    target_met,
)

PAGE_SIZE = 50
NOT_STARTED = "not_started"
LATE = "late"

STATUS_ORDER = [NOT_STARTED, *MonitorReport.Status.values]
STATUS_LABELS = {NOT_STARTED: _("not started"), LATE: _("late"), **dict(MonitorReport.Status.choices)}
STATUS_CHOICES = [(NOT_STARTED, _("not started")), (LATE, _("late")), *MonitorReport.Status.choices]
JUDGEMENT_ORDER = ["", *AuditVisit.Judgement.values]
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
    "region": "name",
    "landsdeel": "landsdeel",
    "status": "status_rank",
    "progress": "on_track_share",
    "behind": "behind_count",
    "placemat": "placemat_mean",
    "gap": "gap_count",
    "judgement": "judgement_rank",
    "peer_review": "peer_review_rank",
    "grant": "grant_amount",
    "flags": "flag_count",
}


@dataclass
class Filters:
    landsdeel: str = ""
    status: str = ""
    flag: str = ""
    sort: str = "region"
    group: bool = False
    page: int = 1

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
            landsdeel=landsdeel if landsdeel in Landsdeel.values else "",
            status=status if status in dict(STATUS_CHOICES) else "",
            flag=flag if flag in FLAGS or flag == "any" else "",
            sort=sort if sort.lstrip("-") in SORTS else "region",
            group=params.get("group") == "landsdeel",
            page=page,
        )


# --- SQL expressions per region --------------------------------------------------------------------


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    """COUNT(*) of a correlated queryset as a scalar subquery (0 when empty)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _region_figures(
    *,
    programme: Programme,
    programme_year: ProgrammeYear,
    landsdeel: str = "",
    region_id: int | None = None,
    include_drafts: bool = False,
    **version,
):
    """The figures below, from the versioned cache (dashboard/cache.py): one query when nothing changed.
    The provisional figures (drafts included) are cached under their own key."""
    from .cache import cached

    return cached(
        name="figures",
        parts=(programme_year.pk, landsdeel, region_id or "", "provisional" if include_drafts else "settled"),
        today=timezone.localdate(),
        **version,
        compute=lambda: _compute_region_figures(
            programme=programme,
            programme_year=programme_year,
            landsdeel=landsdeel,
            region_id=region_id,
            include_drafts=include_drafts,
        ),
    )


# A realisation on / behind its indicator's target of the realisation's year, respecting the direction.
ON_TARGET = on_target_q(
    direction="indicator__direction", target="indicator__targets__value", target_max="indicator__targets__value_max"
)


@functools.cache
def _region_figures_sql() -> str:
    """The UNION of dashboard/sql/region_figures.sql (read once per process)."""
    return (Path(__file__).parent / "sql" / "region_figures.sql").read_text(encoding="utf-8")


def _settled_sql(alias: str, *, include_drafts: bool) -> str:
    """The SQL twin of `settled_report_q` on a report table alias (constants only)."""
    if include_drafts:
        return "TRUE"
    return f"{alias}.status IN ({', '.join(repr(str(s)) for s in SETTLED_STATUSES)})"


def _compute_region_figures(
    *,
    programme: Programme,
    programme_year: ProgrammeYear,
    landsdeel: str = "",
    region_id: int | None = None,
    include_drafts: bool = False,
) -> tuple[list[dict], dict[int, dict[int, int | None]]]:
    """Per region taking part in the year, the base figures of its row, and the published placemat's
    scores per region and theme. One aggregate per concern, each a set-based query over all regions
    (no per-region subqueries): regions with their report, placemat, visit and grant (joins), indicator
    progress, indicators behind two years running, placemat scores (this year's, the previous published
    placemat's and the self-assessment gaps in one UNION), peer reviews, overdue follow-up actions."""
    year = programme_year.year
    today = timezone.localdate()
    regions = Region.objects.filter(programme=programme, join_year__lte=year)
    if landsdeel:
        regions = regions.filter(landsdeel=landsdeel)
    if region_id is not None:
        regions = regions.filter(pk=region_id)
    py = programme_year.pk
    rows = list(
        regions.order_by()
        .annotate(
            r=FilteredRelation("reports", condition=Q(reports__programme_year=py)),
            p=FilteredRelation("placemats", condition=Q(placemats__programme_year=py, placemats__status="published")),
            v=FilteredRelation("visits", condition=Q(visits__programme_year=py, visits__status="reported")),
            g=FilteredRelation("grants", condition=Q(grants__programme_year=py)),
        )
        .values(
            "id",
            *REGION_FIELDS,
            report_id=F("r__id"),
            report_status=F("r__status"),
            first_submitted_at=F("r__first_submitted_at"),
            report_is_late=F("r__is_late"),
            placemat_id=F("p__id"),
            placemat_version=F("p__version"),
            judgement=F("v__judgement"),
            grant_status=F("g__status"),
            grant_proposed=F("g__proposed_amount"),
            grant_decided=F("g__decided_amount"),
        )
    )
    ids = {r["id"] for r in rows}
    scope = Q(report__region__programme=programme)
    if landsdeel:
        scope &= Q(report__region__landsdeel=landsdeel)
    if region_id is not None:
        scope &= Q(report__region_id=region_id)
    # Indicator progress this year: settled realisations against the target of the report's year.
    settled = settled_realisations(include_drafts=include_drafts)
    progress = {
        r["report__region_id"]: r
        for r in settled.filter(
            scope,
            report__programme_year=py,
            indicator__status=Indicator.Status.AGREED,
            indicator__targets__year=year,
            value__isnull=False,
            not_applicable=False,
        )
        .values("report__region_id")
        .annotate(
            on=Count("pk", filter=ON_TARGET),
            behind=Count("pk", filter=~ON_TARGET),
        )
        .order_by()
    }
    # Indicators behind their target this year and the year before (settled realisations of both years).
    behind_twice: dict[int, int] = {}
    for region, _indicator in (
        settled.filter(
            scope,
            report__programme_year__programme=programme,
            report__programme_year__year__in=[year - 1, year],
            indicator__status=Indicator.Status.AGREED,
            indicator__targets__year=F("report__programme_year__year"),
            value__isnull=False,
            not_applicable=False,
        )
        .values("report__region_id", "indicator_id")
        .annotate(n=Count("pk", filter=~ON_TARGET))
        .filter(n=2)
        .order_by()
        .values_list("report__region_id", "indicator_id")
    ):
        behind_twice[region] = behind_twice.get(region, 0) + 1
    # Placemat scores (this year's and the previous published placemat's), self-assessment gaps, overdue
    # actions, peer reviews and the completeness trend: one UNION in dashboard/sql/region_figures.sql.
    rank = " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(PEER_REVIEW_ORDER) if value)
    sql = _region_figures_sql().format(
        score=_table(ConsolidatedScore),
        placemat=_table(Placemat),
        pyear=_table(ProgrammeYear),
        region=_table(Region),
        selfa=_table(SelfAssessment),
        report=_table(MonitorReport),
        review=_table(PeerReview),
        visit=_table(AuditVisit),
        action=_table(FollowUpAction),
        settled_r=_settled_sql("r", include_drafts=include_drafts),
        region_cond=" AND p.region_id = %(region_id)s" if region_id is not None else "",
        land_cond=" AND rg.landsdeel = %(landsdeel)s" if landsdeel else "",
        rank=rank,
    )
    params = {
        "programme_year_id": py,
        "programme_id": programme.pk,
        "year": year,
        "today": today,
        "region_id": region_id,
        "landsdeel": landsdeel,
    }
    now_scores: dict[int, dict[int, int | None]] = {}
    before: dict[int, dict[int, int | None]] = {}
    gaps: dict[int, int] = {}
    actions: dict[int, int] = {}
    latest: dict[int, tuple[int, str]] = {}
    reviewed: set[int] = set()
    trend: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, region, key, value in cursor.fetchall():
            if kind == "now":
                now_scores.setdefault(region, {})[key] = value
            elif kind == "before":
                before.setdefault(region, {})[key] = value
            elif kind == "gap":
                gaps[region] = int(value)
            elif kind == "actions":
                actions[region] = int(value)
            elif kind == "joined":
                trend.setdefault("joined", {})[region] = int(value)
            elif kind == "in":
                trend.setdefault("in", {})[region] = int(value)
                trend.setdefault("on_time", {})[region] = int(key)
            elif kind == "accepted":
                trend.setdefault("accepted", {})[region] = int(value)
            elif kind == "settled":
                trend.setdefault("settled", {})[region] = int(value)
            elif kind == "review_any":
                reviewed.add(region)
            elif region not in latest or key > latest[region][0]:  # this year's: the latest wins
                latest[region] = (key, PEER_REVIEW_ORDER[int(value)])
    for r in rows:
        rid = r["id"]
        r["report_status"] = r["report_status"] or NOT_STARTED
        r["judgement"] = r["judgement"] or ""
        r["on_track_count"] = progress.get(rid, {}).get("on", 0)
        r["behind_now"] = progress.get(rid, {}).get("behind", 0)
        r["gap_count"] = gaps.get(rid, 0)
        r["behind_twice_count"] = behind_twice.get(rid, 0)
        r["actions_overdue"] = actions.get(rid, 0)
        r["peer_review_id"], r["peer_review_status"] = latest.get(rid, (None, ""))
        r["has_review"] = rid in reviewed
        current = now_scores.get(rid, {}) if r["placemat_id"] else {}
        previous = before.get(rid, {})
        r["has_dropped"] = any(
            s is not None and previous.get(t) is not None and s < previous[t] for t, s in current.items()
        )
        known = [s for s in current.values() if s is not None]
        r["placemat_mean"] = sum(known) / len(known) if known else None
    assert ids == {r["id"] for r in rows}
    return rows, now_scores, trend


def _derive(r: dict, *, past_due: bool) -> dict:
    """Lateness, the early-warning flags and the sort keys of one region's figures."""
    active = r["status"] != Region.Status.STOPPED
    submitted = r["first_submitted_at"] is not None
    r["late"] = bool(r["report_is_late"]) if submitted else past_due
    r["flag_overdue"] = active and not submitted and past_due
    r["flag_behind"] = active and r["behind_twice_count"] > 0
    r["flag_dropped"] = active and r["has_dropped"]
    r["flag_no_peer_review"] = active and not r["has_review"]
    r["flag_actions"] = active and r["actions_overdue"] > 0
    r["flag_count"] = sum(1 for f in FLAGS if r[f"flag_{f}"])
    judged = r["on_track_count"] + r["behind_now"]
    r["on_track_share"] = r["on_track_count"] / judged if judged else None
    r["behind_count"] = r["behind_now"]
    r["status_rank"] = STATUS_ORDER.index(r["report_status"])
    r["judgement_rank"] = JUDGEMENT_ORDER.index(r["judgement"]) if r["judgement"] in JUDGEMENT_ORDER else 0
    r["peer_review_rank"] = PEER_REVIEW_ORDER.index(r["peer_review_status"])
    r["grant_amount"] = r["grant_decided"] if r["grant_decided"] is not None else r["grant_proposed"]
    return r


def _select(rows: list[dict], filters: Filters) -> list[dict]:
    """Filter and sort (None last in either direction; then name)."""
    if filters.status == LATE:
        rows = [r for r in rows if r["late"]]
    elif filters.status:
        rows = [r for r in rows if r["report_status"] == filters.status]
    if filters.flag == "any":
        rows = [r for r in rows if r["flag_count"]]
    elif filters.flag:
        rows = [r for r in rows if r[f"flag_{filters.flag}"]]
    key = SORTS[filters.sort.lstrip("-")]
    rows = sorted(rows, key=lambda r: (r["name"], r["id"]))
    present = [r for r in rows if r[key] is not None]
    missing = [r for r in rows if r[key] is None]
    present.sort(key=lambda r: r[key], reverse=filters.sort.startswith("-"))
    rows = present + missing
    if filters.group:
        rows.sort(key=lambda r: r["landsdeel"])  # stable: the chosen order within each landsdeel
    return rows


REGION_FIELDS = ["name", "slug", "landsdeel", "status", "join_year", "programme_id"]


def _region_of(values: dict) -> Region:
    return Region(pk=values["id"], **{f: values[f] for f in REGION_FIELDS})


# --- The page ---------------------------------------------------------------------------------------


@functools.cache
def _url_pattern(name: str, with_year: bool) -> str:
    """A reversed URL with placeholders, reversed once per process (reverse() per cell is slow)."""
    return reverse(name, args=["slug-placeholder", 1999] if with_year else ["slug-placeholder"])


def url_for(name: str, slug: str, year: int | None = None) -> str:
    url = _url_pattern(name, year is not None)
    if year is not None:
        url = url.replace("1999", str(year))
    return url.replace("slug-placeholder", slug)


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
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def report(self) -> MonitorReport | None:
        """An unsaved stand-in with what the permission rules read (no query)."""
        if self.report_id is None:
            return None
        return MonitorReport(pk=self.report_id, region_id=self.region.pk, status=self.status)

    @property
    def placemat(self) -> Placemat | None:
        if self.placemat_id is None:
            return None
        return Placemat(pk=self.placemat_id, region_id=self.region.pk, status=Placemat.Status.PUBLISHED)

    @property
    def visit(self) -> AuditVisit | None:
        if not self.judgement:
            return None
        return AuditVisit(region_id=self.region.pk, status=AuditVisit.Status.REPORTED, judgement=self.judgement)

    def set_urls(self, year: int) -> None:
        slug = self.region.slug
        self.urls = {
            "region": url_for("regions:region_detail", slug),
            "overview": url_for("dashboard:region_overview", slug),
            "report": url_for("monitoring:report_detail", slug, year),
            "placemat": url_for("audits:placemat_detail", slug, year),
            "visit": url_for("audits:visit_detail", slug, year),
            "grants": url_for("audits:region_grants", slug),
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
        return str(dict(AuditVisit.Judgement.choices).get(self.judgement, ""))

    @property
    def peer_review_label(self) -> str:
        return str(dict(PeerReview.Status.choices).get(self.peer_review_status, ""))

    @property
    def grant_label(self) -> str:
        return str(dict(StimulusGrant.Status.choices).get(self.grant_status or "", ""))

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAGS[f]) for f in self.flags]


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


def unit_key(unit: str) -> str:
    """Units are grouped by their text, whitespace and case aside ("Leerlingen " = "leerlingen")."""
    return " ".join(unit.split()).casefold()


def is_percentage(unit: str) -> bool:
    """A percentage never adds up over regions: its totals line is a mean."""
    return "%" in unit


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
    """Which of the regions expected in a year (joined by then, not stopped) have settled figures."""

    year: int
    expected: list[str]
    reported: list[str]

    @property
    def missing(self) -> list[str]:
        reported = set(self.reported)
        return [name for name in self.expected if name not in reported]


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


def programme_years(*, programme_slug: str = "", landsdeel: str = "") -> list[ProgrammeYear]:
    """The years of a programme (the most recent programme when no slug is given), with the programme
    (one query). `landsdeel` is accepted for symmetry; the completeness counts come with `dashboard`."""
    programmes = Programme.objects.filter(slug=programme_slug) if programme_slug else Programme.objects.all()
    programme_id = Subquery(programmes.order_by("-start_year", "name").values("pk")[:1])
    return list(ProgrammeYear.objects.filter(programme_id=programme_id).select_related("programme").order_by("year"))


def _counted_statuses() -> list[str]:
    """Completeness counts regions that have not stopped."""
    return [Region.Status.ACTIVE, Region.Status.SUSPENDED]


def default_year(years: list[ProgrammeYear], *, today: datetime.date | None = None) -> ProgrammeYear | None:
    """The most recent year whose reports are due, else the first year."""
    today = today or timezone.localdate()
    due = [py for py in years if py.report_due_date <= today]
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
    """Everything the dashboard page shows, in six queries (plus the years from `programme_years`).
    Figures from settled reports only; `include_drafts` (the office's provisional view) counts drafts."""
    programme = programme_year.programme
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    figures, scores, trend = _region_figures(
        programme=programme, programme_year=programme_year, landsdeel=filters.landsdeel, include_drafts=include_drafts
    )
    past_due = timezone.localdate() > programme_year.report_due_date
    selected = _select([_derive(r, past_due=past_due) for r in figures], filters)
    total = len(selected)
    pages = max(1, -(-total // PAGE_SIZE)) if paginate else 1
    page = min(filters.page, pages)
    shown = selected[(page - 1) * PAGE_SIZE : page * PAGE_SIZE] if paginate else selected
    rows = _rows(shown, themes, scores, year=programme_year.year)
    totals = {
        "late": sum(1 for r in selected if r["late"]),
        **{s: sum(1 for r in selected if r["report_status"] == s) for s in STATUS_ORDER},
        **{f"flag_{f}": sum(1 for r in selected if r[f"flag_{f}"]) for f in FLAGS},
        "flagged": sum(1 for r in selected if r["flag_count"]),
    }
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
        labels = dict(Landsdeel.choices)
        for row in rows:
            if not grouped or grouped[-1][0] != labels[row.region.landsdeel]:
                grouped.append((labels[row.region.landsdeel], []))
            grouped[-1][1].append(row)
    return Dashboard(
        programme=programme,
        programme_year=programme_year,
        years=[
            YearPoint(
                py.year,
                py.report_due_date,
                sum(n for joined, n in trend.get("joined", {}).items() if joined <= py.year),
                trend.get("in", {}).get(py.year, 0),
                trend.get("on_time", {}).get(py.year, 0),
                trend.get("accepted", {}).get(py.year, 0),
                trend.get("settled", {}).get(py.year, 0),
            )
            for py in years
        ],
        themes=themes,
        rows=rows,
        total=total,
        counts={**{s: totals[s] for s in STATUS_ORDER}, LATE: totals["late"]},
        flag_counts={**{f: totals[f"flag_{f}"] for f in FLAGS}, "any": totals["flagged"]},
        totals=programme_figures,
        filters=filters,
        page=page,
        pages=pages,
        grouped=grouped,
        include_drafts=include_drafts,
    )


def _rows(
    found: list[dict], themes: list[PlacematTheme], scores: dict[int, dict[int, int | None]], *, year: int
) -> list[Row]:
    """Rows from the figures, with the published placemat's eight scores."""
    rows = []
    for r in found:
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
                cells=[Cell(t, scores.get(r["id"], {}).get(t.pk)) for t in themes] if r["placemat_id"] else [],
                gap_count=int(r["gap_count"]),
                judgement=r["judgement"],
                peer_review_id=r["peer_review_id"],
                peer_review_status=r["peer_review_status"],
                grant_status=r["grant_status"],
                grant_proposed=_decimal(r["grant_proposed"]),
                grant_decided=_decimal(r["grant_decided"]),
                flags=[f for f in FLAGS if r[f"flag_{f}"]],
            )
        )
        rows[-1].set_urls(year)
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
    direction (three queries: the figures, the regions, the settled reports).

    An indicator-year counts when the indicator is agreed, its realisation is settled (or a draft in the
    provisional view) and not "nothing to report", and it has a target for that year: realisation and
    target totals always cover the same indicator-years. Counts are summed; a percentage is averaged
    (first per region, then over regions). The coverage names, per year whose reports are due (or that
    has figures), the regions expected but without settled figures.
    """
    today = today or timezone.localdate()
    scope = Q(report__programme_year__programme=programme)
    if landsdeel:
        scope &= Q(report__region__landsdeel=landsdeel)
    rows = (
        settled_realisations(include_drafts=include_drafts)
        .filter(
            scope,
            indicator__status=Indicator.Status.AGREED,
            indicator__targets__year=F("report__programme_year__year"),
            value__isnull=False,
            not_applicable=False,
        )
        .annotate(unit_key=Lower(Trim("indicator__unit")))
        .values(
            "report__programme_year__year",
            "report__region_id",
            "indicator__route",
            "indicator__performance_area_id",
            "indicator__direction",
            "unit_key",
        )
        .annotate(
            unit=Min("indicator__unit"),
            n=Count("pk"),
            realised=Sum("value"),
            target=Sum("indicator__targets__value"),
            target_max=Sum("indicator__targets__value_max"),
            with_max=Count("indicator__targets__value_max"),
        )
        .order_by()
    )
    # (kind, key, unit, direction) -> year -> region -> [n, realised, target, target_max or None, unit text]
    buckets: dict[tuple, dict[int, dict[int, list]]] = {}
    for row in rows:
        year, region = row["report__programme_year__year"], row["report__region_id"]
        unit = unit_key(row["unit_key"])
        direction = row["indicator__direction"]
        has_max = row["with_max"] == row["n"]
        for kind, key in (("route", row["indicator__route"]), ("area", row["indicator__performance_area_id"])):
            per_region = buckets.setdefault((kind, key, unit, direction), {}).setdefault(year, {})
            acc = per_region.setdefault(region, [0, Decimal(0), Decimal(0), Decimal(0), row["unit"].strip()])
            acc[0] += row["n"]
            acc[1] += row["realised"]
            acc[2] += row["target"]
            acc[3] = acc[3] + row["target_max"] if (has_max and acc[3] is not None) else None

    def point(year: int, per_region: dict[int, list], *, mean: bool, direction: str) -> TotalPoint:
        values = list(per_region.values())
        if mean:  # each region's mean over its indicators, then the mean over regions
            realised = sum((v[1] / v[0] for v in values), Decimal(0)) / len(values)
            target = sum((v[2] / v[0] for v in values), Decimal(0)) / len(values)
            has_max = all(v[3] is not None for v in values)
            target_max = sum((v[3] / v[0] for v in values), Decimal(0)) / len(values) if has_max else None
        else:
            realised = sum((v[1] for v in values), Decimal(0))
            target = sum((v[2] for v in values), Decimal(0))
            target_max = sum((v[3] for v in values), Decimal(0)) if all(v[3] is not None for v in values) else None
        if direction != Indicator.Direction.RANGE:
            target_max = None
        return TotalPoint(
            year=year,
            realised=_round(realised),
            target=_round(target),
            target_max=None if target_max is None else _round(target_max),
            indicators=sum(v[0] for v in values),
            regions=len(values),
            direction=direction,
        )

    def lines(kind: str, order: list[tuple]) -> list[TotalLine]:
        out = []
        for key, label in order:
            found = sorted(
                ((unit, direction) for (k, bucket_key, unit, direction) in buckets if k == kind and bucket_key == key),
                key=lambda ud: (ud[0], DIRECTION_ORDER.index(ud[1])),
            )
            for unit, direction in found:
                by_year = buckets[(kind, key, unit, direction)]
                shown_unit = next(iter(next(iter(by_year.values())).values()))[4]
                mean = is_percentage(unit)
                out.append(
                    TotalLine(
                        key=f"{key}|{unit}|{direction}",
                        label=str(label),
                        unit=shown_unit,
                        direction=direction,
                        mean=mean,
                        points=[point(y, by_year[y], mean=mean, direction=direction) for y in sorted(by_year)],
                    )
                )
        return out

    routes = lines("route", list(Route.choices))
    areas = lines("area", [(t.pk, f"{t.number}. {t.name}") for t in themes if t.kind == PlacematTheme.Kind.PERFORMANCE])
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
    report submitted to the office or accepted; any report in the provisional view). Two queries."""
    if not years:
        return []
    regions = Region.objects.filter(programme=programme).exclude(status=Region.Status.STOPPED)
    if landsdeel:
        regions = regions.filter(landsdeel=landsdeel)
    regions = list(regions.order_by("name").values_list("pk", "name", "join_year"))
    reports = MonitorReport.objects.filter(programme_year__in=years, region__programme=programme)
    if not include_drafts:
        reports = reports.filter(status__in=SETTLED_STATUSES)
    reported = set(reports.values_list("programme_year__year", "region_id"))
    out = []
    for py in years:
        expected = [(pk, name) for pk, name, joined in regions if joined <= py.year]
        out.append(
            Coverage(
                year=py.year,
                expected=[name for _pk, name in expected],
                reported=[name for pk, name in expected if (py.year, pk) in reported],
            )
        )
    return out

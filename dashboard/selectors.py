"""Reads of the national dashboard: one aggregate per concern, a fixed number of queries whatever the
number of regions, years or indicators.

Every figure per region is a SQL expression on the region queryset (`_region_rows`), so the table can be
filtered, sorted and paginated in the database and the totals are an aggregate over the same expressions.
The rules are those of the report pages, so the figures agree with them:

- a region takes part in a year when it joined in or before that year (as on the report list);
- *late*: first submitted after the due date (`MonitorReport.is_late`, fixed then), or not submitted
  while the due date has passed (`MonitorReport.lateness`);
- *on track / behind*: an agreed indicator whose realisation is at least / below that year's target
  (`monitoring.selectors._mark`); not-applicable, missing values and indicators without a target count
  as neither;
- early-warning flags are raised for regions that have not stopped.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
from monitoring.models import MonitorReport, Realisation, SelfAssessment
from peerreviews.models import PeerReview
from regions.models import Indicator, Landsdeel, PlacematTheme, Programme, ProgrammeYear, Region, Route, Target

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


def _target(year_expr) -> Subquery:
    return Subquery(
        Target.objects.filter(indicator=OuterRef("indicator_id"), year=year_expr).values("value")[:1],
    )


def _behind_in(programme: Programme, year: int) -> Exists:
    """The indicator (outer) was behind its target in `year`."""
    return Exists(
        Realisation.objects.filter(
            indicator=OuterRef("pk"),
            report__programme_year__programme=programme,
            report__programme_year__year=year,
            value__isnull=False,
            not_applicable=False,
        )
        .annotate(target=_target(year))
        .filter(value__lt=F("target"))
    )


def _region_rows(*, programme: Programme, programme_year: ProgrammeYear, filters: Filters) -> QuerySet:
    """Regions taking part in the year, each annotated with every figure of its dashboard row."""
    year = programme_year.year
    today = timezone.localdate()
    past_due = today > programme_year.report_due_date
    region = OuterRef("pk")

    report = MonitorReport.objects.filter(region=region, programme_year=programme_year)
    realisations = (
        Realisation.objects.filter(
            report__region=region,
            report__programme_year=programme_year,
            indicator__status=Indicator.Status.AGREED,
            value__isnull=False,
            not_applicable=False,
        )
        .annotate(target=_target(year))
        .filter(target__isnull=False)
    )
    placemat = Placemat.objects.filter(region=region, programme_year=programme_year, status=Placemat.Status.PUBLISHED)
    consolidated_same_theme = ConsolidatedScore.objects.filter(
        placemat__region=OuterRef("report__region"),
        placemat__programme_year=programme_year,
        placemat__status=Placemat.Status.PUBLISHED,
        theme=OuterRef("theme"),
    ).values("score")[:1]
    gaps = (
        SelfAssessment.objects.filter(
            report__region=region,
            report__programme_year=programme_year,
            report__status__in=[MonitorReport.Status.SUBMITTED, MonitorReport.Status.ACCEPTED],
            score__isnull=False,
        )
        .annotate(committee=Subquery(consolidated_same_theme))
        .filter(score__gte=F("committee") + 2)
    )
    previous_score = (
        ConsolidatedScore.objects.filter(
            placemat__region=OuterRef("placemat__region"),
            placemat__status=Placemat.Status.PUBLISHED,
            placemat__programme_year__programme=programme,
            placemat__programme_year__year__lt=year,
            theme=OuterRef("theme"),
            score__isnull=False,
        )
        .order_by("-placemat__programme_year__year")
        .values("score")[:1]
    )
    dropped = Exists(
        ConsolidatedScore.objects.filter(
            placemat__region=region,
            placemat__programme_year=programme_year,
            placemat__status=Placemat.Status.PUBLISHED,
        )
        .annotate(previous=Subquery(previous_score))
        .filter(score__lt=F("previous"))
    )
    visit = AuditVisit.objects.filter(region=region, programme_year=programme_year, status=AuditVisit.Status.REPORTED)
    reviews_in_year = (
        PeerReview.objects.filter(Q(host_region=region) | Q(peer_region=region), programme_year=programme_year)
        .exclude(status=PeerReview.Status.CANCELLED)
        .order_by("-pk")
    )
    any_review = Exists(
        PeerReview.objects.filter(
            Q(host_region=region) | Q(peer_region=region), programme_year__programme=programme
        ).exclude(status=PeerReview.Status.CANCELLED)
    )
    overdue_actions = FollowUpAction.objects.filter(
        visit__region=region, visit__programme_year__programme=programme, done=False, due_date__lt=today
    )
    grant = StimulusGrant.objects.filter(region=region, programme_year=programme_year)
    behind_twice = Indicator.objects.filter(region=region, status=Indicator.Status.AGREED).filter(
        _behind_in(programme, year), _behind_in(programme, year - 1)
    )
    active = ~Q(status=Region.Status.STOPPED)

    qs = Region.objects.filter(programme=programme, join_year__lte=year)
    if filters.landsdeel:
        qs = qs.filter(landsdeel=filters.landsdeel)
    qs = qs.annotate(
        report_id=Subquery(report.values("pk")[:1]),
        report_status=Coalesce(Subquery(report.values("status")[:1]), Value(NOT_STARTED)),
        first_submitted_at=Subquery(report.values("first_submitted_at")[:1]),
        report_is_late=Subquery(report.values("is_late")[:1]),
        on_track_count=_count(realisations.filter(value__gte=F("target")), "report__region"),
        behind_now=_count(realisations.filter(value__lt=F("target")), "report__region"),
        placemat_id=Subquery(placemat.values("pk")[:1]),
        placemat_version=Subquery(placemat.values("version")[:1]),
        gap_count=_count(gaps, "report__region"),
        judgement=Coalesce(Subquery(visit.values("judgement")[:1]), Value("")),
        peer_review_id=Subquery(reviews_in_year.values("pk")[:1]),
        peer_review_status=Coalesce(Subquery(reviews_in_year.values("status")[:1]), Value("")),
        grant_status=Subquery(grant.values("status")[:1]),
        grant_proposed=Subquery(grant.values("proposed_amount")[:1]),
        grant_decided=Subquery(grant.values("decided_amount")[:1]),
        behind_twice_count=_count(behind_twice, "region"),
        actions_overdue=_count(overdue_actions, "visit__region"),
        has_dropped=dropped,
        has_review=any_review,
    ).annotate(
        behind_count=F("behind_now"),
        on_track_share=Cast(F("on_track_count"), FloatField())
        / Cast(NullIf(F("on_track_count") + F("behind_now"), Value(0)), FloatField()),
        late=Case(
            When(first_submitted_at__isnull=False, then=F("report_is_late")),
            default=Value(past_due),
            output_field=BooleanField(),
        ),
        flag_overdue=Case(
            When(active & Q(first_submitted_at__isnull=True), then=Value(past_due)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        flag_behind=Case(When(active & Q(behind_twice_count__gt=0), then=Value(True)), default=Value(False)),
        flag_dropped=Case(When(active & Q(has_dropped=True), then=Value(True)), default=Value(False)),
        flag_no_peer_review=Case(When(active & Q(has_review=False), then=Value(True)), default=Value(False)),
        flag_actions=Case(When(active & Q(actions_overdue__gt=0), then=Value(True)), default=Value(False)),
        status_rank=Case(
            *[When(report_status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)], output_field=IntegerField()
        ),
        judgement_rank=Case(
            *[When(judgement=s, then=Value(i)) for i, s in enumerate(JUDGEMENT_ORDER)], output_field=IntegerField()
        ),
        peer_review_rank=Case(
            *[When(peer_review_status=s, then=Value(i)) for i, s in enumerate(PEER_REVIEW_ORDER)],
            output_field=IntegerField(),
        ),
        grant_amount=Coalesce(F("grant_decided"), F("grant_proposed")),
    )
    flag_fields = [f"flag_{key}" for key in FLAGS]
    qs = qs.annotate(
        flag_count=sum((Case(When(**{f: True}, then=Value(1)), default=Value(0)) for f in flag_fields), Value(0)),
        placemat_mean=Subquery(
            ConsolidatedScore.objects.filter(placemat_id=OuterRef("placemat_id"), score__isnull=False)
            .order_by()
            .values("placemat_id")
            .annotate(m=Cast(Sum("score"), FloatField()) / Cast(Count("score"), FloatField()))
            .values("m")[:1],
            output_field=FloatField(),
        ),
    )
    if filters.status == LATE:
        qs = qs.filter(late=True)
    elif filters.status:
        qs = qs.filter(report_status=filters.status)
    if filters.flag == "any":
        qs = qs.filter(flag_count__gt=0)
    elif filters.flag:
        qs = qs.filter(**{f"flag_{filters.flag}": True})
    return qs


def _ordering(filters: Filters) -> list:
    key = SORTS[filters.sort.lstrip("-")]
    expression = F(key).desc(nulls_last=True) if filters.sort.startswith("-") else F(key).asc(nulls_last=True)
    order = [expression, "name", "pk"]
    return ([F("landsdeel").asc()] if filters.group else []) + order


# --- The page ---------------------------------------------------------------------------------------


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
class TotalLine:
    """Realised vs targeted, summed over all regions, per year, for one route or performance area."""

    key: str
    label: str
    points: list[tuple[int, Decimal, Decimal]]  # (year, realised, target)

    @property
    def chart_max(self) -> Decimal:
        return max([max(r, t) for _, r, t in self.points] + [Decimal(1)])

    @property
    def bars(self) -> list[dict]:
        """Geometry of the SVG chart (viewBox width x 80): a bar per year's realisation, a tick per target."""
        top = float(self.chart_max)
        out = []
        for i, (year, realised, target) in enumerate(self.points):
            height = float(realised) / top * 60
            out.append(
                {
                    "year": year,
                    "x": i * 48 + 8,
                    "y": round(70 - height, 1),
                    "height": round(height, 1),
                    "target_y": round(70 - float(target) / top * 60, 1),
                    "tick_x1": i * 48 + 4,
                    "tick_x2": i * 48 + 40,
                    "realised": realised,
                    "target": target,
                    "met": realised >= target,
                }
            )
        return out

    @property
    def chart_width(self) -> int:
        return 48 * max(len(self.points), 1)


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
    routes: list[TotalLine]
    areas: list[TotalLine]
    filters: Filters
    page: int = 1
    pages: int = 1
    grouped: list[tuple[str, list[Row]]] = field(default_factory=list)


def programme_years(*, programme_slug: str = "", landsdeel: str = "") -> list[ProgrammeYear]:
    """The years of a programme (the most recent programme when no slug is given) with, per year, how
    many regions take part and how many reports are in, on time and accepted (one query)."""
    programmes = Programme.objects.filter(slug=programme_slug) if programme_slug else Programme.objects.all()
    programme_id = Subquery(programmes.order_by("-start_year", "name").values("pk")[:1])
    regions = Region.objects.filter(
        programme_id=OuterRef("programme_id"), join_year__lte=OuterRef("year"), status__in=_counted_statuses()
    )
    reports = MonitorReport.objects.filter(
        programme_year=OuterRef("pk"),
        region__join_year__lte=OuterRef("year"),
        region__status__in=_counted_statuses(),
    )
    if landsdeel:
        regions = regions.filter(landsdeel=landsdeel)
        reports = reports.filter(region__landsdeel=landsdeel)
    return list(
        ProgrammeYear.objects.filter(programme_id=programme_id)
        .select_related("programme")
        .annotate(
            expected=_count(regions, "programme_id"),
            submitted=_count(reports.filter(first_submitted_at__isnull=False), "programme_year"),
            on_time=_count(reports.filter(first_submitted_at__isnull=False, is_late=False), "programme_year"),
            accepted=_count(reports.filter(status=MonitorReport.Status.ACCEPTED), "programme_year"),
        )
        .order_by("year")
    )


def _counted_statuses() -> list[str]:
    """Completeness counts regions that have not stopped."""
    return [Region.Status.ACTIVE, Region.Status.SUSPENDED]


def default_year(years: list[ProgrammeYear], *, today: datetime.date | None = None) -> ProgrammeYear | None:
    """The most recent year whose reports are due, else the first year."""
    today = today or timezone.localdate()
    due = [py for py in years if py.report_due_date <= today]
    return due[-1] if due else (years[0] if years else None)


def dashboard(*, programme_year: ProgrammeYear, years: list[ProgrammeYear], filters: Filters, paginate: bool = True):
    """Everything the dashboard page shows, in six queries (plus the years from `programme_years`)."""
    programme = programme_year.programme
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    base = _region_rows(programme=programme, programme_year=programme_year, filters=filters)
    aggregates = {
        "total": Count("pk"),
        "late": Count("pk", filter=Q(late=True)),
        **{s: Count("pk", filter=Q(report_status=s)) for s in STATUS_ORDER},
        **{f"flag_{f}": Count("pk", filter=Q(**{f"flag_{f}": True})) for f in FLAGS},
        "flagged": Count("pk", filter=Q(flag_count__gt=0)),
    }
    # GROUP BY a constant rather than .aggregate(): the per-region expressions stay in one SELECT.
    found = list(base.order_by().annotate(_all=Value(1)).values("_all").annotate(**aggregates))
    totals = found[0] if found else dict.fromkeys(aggregates, 0)
    total = totals["total"]
    pages = max(1, -(-total // PAGE_SIZE)) if paginate else 1
    page = min(filters.page, pages)
    ordered = base.order_by(*_ordering(filters))
    if paginate:
        ordered = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    regions = list(ordered)
    rows = _rows(regions, themes)
    routes, areas = programme_totals(programme=programme, themes=themes, landsdeel=filters.landsdeel)
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
            YearPoint(py.year, py.report_due_date, py.expected, py.submitted, py.on_time, py.accepted) for py in years
        ],
        themes=themes,
        rows=rows,
        total=total,
        counts={**{s: totals[s] for s in STATUS_ORDER}, LATE: totals["late"]},
        flag_counts={**{f: totals[f"flag_{f}"] for f in FLAGS}, "any": totals["flagged"]},
        routes=routes,
        areas=areas,
        filters=filters,
        page=page,
        pages=pages,
        grouped=grouped,
    )


def _rows(regions: list, themes: list[PlacematTheme], *, region: Region | None = None) -> list[Row]:
    """Rows from annotated regions (or, with `region`, from value rows of that region), with the published
    placemat's eight scores (one query)."""
    placemat_ids = [r.placemat_id for r in regions if r.placemat_id]  # [0]: the query runs even when empty
    scores: dict[tuple[int, int], int | None] = {
        (placemat_id, theme_id): score
        for placemat_id, theme_id, score in ConsolidatedScore.objects.filter(
            placemat_id__in=placemat_ids or [0]
        ).values_list("placemat_id", "theme_id", "score")
    }
    rows = []
    for r in regions:
        rows.append(
            Row(
                region=region or r,
                report_id=r.report_id,
                status=r.report_status,
                late=bool(r.late),
                on_track=r.on_track_count,
                behind=r.behind_now,
                placemat_id=r.placemat_id,
                placemat_version=r.placemat_version,
                cells=[Cell(t, scores.get((r.placemat_id, t.pk))) for t in themes] if r.placemat_id else [],
                gap_count=r.gap_count,
                judgement=r.judgement,
                peer_review_id=r.peer_review_id,
                peer_review_status=r.peer_review_status,
                grant_status=r.grant_status,
                grant_proposed=r.grant_proposed,
                grant_decided=r.grant_decided,
                flags=[f for f in FLAGS if getattr(r, f"flag_{f}")],
            )
        )
    return rows


def programme_totals(
    *, programme: Programme, themes: list[PlacematTheme], landsdeel: str = ""
) -> tuple[list[TotalLine], list[TotalLine]]:
    """Realised vs targeted over all regions per year, per route and per performance area (one query).

    Counting indicators only: percentages (unit "%") do not add up over regions and are left out.
    An indicator counts in a year when it is agreed, has a realisation (not "nothing to report") and a
    target for that year.
    """
    rows = (
        Realisation.objects.filter(
            report__programme_year__programme=programme,
            indicator__status=Indicator.Status.AGREED,
            indicator__targets__year=F("report__programme_year__year"),
            value__isnull=False,
            not_applicable=False,
        )
        .exclude(indicator__unit__contains="%")
        .filter(**({"report__region__landsdeel": landsdeel} if landsdeel else {}))
        .values("report__programme_year__year", "indicator__route", "indicator__performance_area_id")
        .annotate(realised=Sum("value"), target=Sum("indicator__targets__value"))
        .order_by()
    )
    by_route: dict[str, dict[int, list[Decimal]]] = {}
    by_area: dict[int, dict[int, list[Decimal]]] = {}
    years = set()
    for row in rows:
        year = row["report__programme_year__year"]
        years.add(year)
        for bucket, key in ((by_route, row["indicator__route"]), (by_area, row["indicator__performance_area_id"])):
            sums = bucket.setdefault(key, {}).setdefault(year, [Decimal(0), Decimal(0)])
            sums[0] += row["realised"] or 0
            sums[1] += row["target"] or 0
    ordered_years = sorted(years)

    def line(key, label, sums) -> TotalLine:
        return TotalLine(
            key=str(key),
            label=str(label),
            points=[(y, *sums.get(y, [Decimal(0), Decimal(0)])) for y in ordered_years],
        )

    routes = [line(value, label, by_route[value]) for value, label in Route.choices if value in by_route]
    areas = [
        line(t.pk, f"{t.number}. {t.name}", by_area[t.pk])
        for t in themes
        if t.kind == PlacematTheme.Kind.PERFORMANCE and t.pk in by_area
    ]
    return routes, areas


def floor_queries(*, programme_year: ProgrammeYear) -> list[tuple[str, list]]:
    """The SQL of the aggregates the dashboard cannot do without (region figures over all rows, the
    completeness trend, the programme totals), for the benchmark's floor."""
    filters = Filters()
    base = _region_rows(programme=programme_year.programme, programme_year=programme_year, filters=filters)
    regions = base.order_by("name")
    trend = ProgrammeYear.objects.filter(programme_id=programme_year.programme_id)
    out = []
    for qs in (regions, trend):
        sql, params = qs.query.sql_with_params()
        out.append((sql, list(params)))
    totals = (
        Realisation.objects.filter(
            report__programme_year__programme=programme_year.programme,
            indicator__targets__year=F("report__programme_year__year"),
        )
        .values("report__programme_year__year", "indicator__route", "indicator__performance_area_id")
        .annotate(realised=Sum("value"), target=Sum("indicator__targets__value"))
        .order_by()
    )
    sql, params = totals.query.sql_with_params()
    out.append((sql, list(params)))
    return out

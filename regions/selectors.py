"""Reads shaped for the pages of the regions app: a fixed number of queries per page."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles
from toptechniek.common.todo import Todo, todos_for

from .models import (
    Cofinancing,
    GuidingQuestion,
    Indicator,
    Landsdeel,
    Organisation,
    PastRegionRole,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    Route,
    SuccessCondition,
    Target,
    TargetAmendment,
    TargetAmendmentLine,
)


def _regions_visible(*, user: User, programme: Programme | None = None) -> QuerySet[Region]:
    qs = Region.objects.all()
    if programme is not None:
        qs = qs.filter(programme=programme)
    if not (user.is_programme_office or user.is_viewer):
        qs = qs.filter(pk__in=list(region_roles(user)))
    return qs


def region_list_visible(*, user: User, programme: Programme | None = None) -> QuerySet[Region]:
    """The regions this user may see, with the counts the list shows (one query)."""
    return (
        _regions_visible(user=user, programme=programme)
        .select_related("programme", "landsdeel")
        .annotate(
            partner_count=Count("partners", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("landsdeel__position", "name")
    )


def region_landsdeel_counts(*, user: User, programme: Programme | None = None) -> list[tuple[str, str, int]]:
    """(code, name, number of regions) of the landsdelen of the regions this user may see (of `programme`
    when given), to filter the list by (one query, which also gives the list's count): each code once, named
    as in the most recent programme that has it, in that programme's order."""
    options: dict[str, list] = {}
    visible = _regions_visible(user=user)
    if programme is not None:
        visible = visible.filter(programme=programme)
    for code, name, count in (
        visible.values(
            "landsdeel__code", "landsdeel__name", "programme__start_year", "programme_id", "landsdeel__position"
        )
        .annotate(n=Count("pk"))
        .order_by("-programme__start_year", "programme_id", "landsdeel__position")
        .values_list("landsdeel__code", "landsdeel__name", "n")
    ):
        options.setdefault(code, [code, name, 0])[2] += count
    return [tuple(option) for option in options.values()]


def regions_of_user(*, user: User) -> QuerySet[Region]:
    return (
        Region.objects.filter(pk__in=list(region_roles(user))).select_related("programme", "landsdeel").order_by("name")
    )


def programmes_by_preference(*, today: datetime.date | None = None) -> QuerySet[Programme]:
    """Programmes, the one to open first on top: open programmes in progress (their years, or the year after
    the last, when its reports are due, hold today), then other open programmes, then closed ones; the
    most recent first within each, but one with regions before an empty one. Dashboard, Mijn taken and
    the lists default to the first."""
    year = (today or timezone.localdate()).year
    rank = Case(
        When(closed_at__isnull=True, start_year__lte=year, end_year__gte=year - 1, then=Value(0)),
        When(closed_at__isnull=True, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # Within a rank, a programme with regions before one the office is still setting up: creating next
    # programme's shell never moves the pages away from the one people work in.
    has_regions = Exists(Region.objects.filter(programme=OuterRef("pk")))
    return Programme.objects.annotate(preference=rank, has_regions=has_regions).order_by(
        "preference", "-has_regions", "-start_year", "name"
    )


def programme_current(*, today: datetime.date | None = None) -> Programme | None:
    """The programme in progress (`programmes_by_preference`), or None when there is none at all."""
    return programmes_by_preference(today=today).first()


def programmes_of_user(*, user: User) -> QuerySet[Programme]:
    """The programmes a person works in (all of them for the programme office and the viewer), the one in
    progress first."""
    programmes = programmes_by_preference()
    if user.is_programme_office or user.is_viewer:
        return programmes
    return programmes.filter(pk__in=Region.objects.filter(pk__in=list(region_roles(user))).values("programme_id"))


def region_name_of_key(key: str) -> str | None:
    """The name of the region of a URL key ("31-twente" → "Twente"; one query), None for anything else."""
    from .converters import KEY

    if not KEY.match(key):
        return None
    return Region.objects.filter(pk=int(key.split("-", 1)[0])).values_list("name", flat=True).first()


def regions_by_slug(*, slug: str) -> list[Region]:
    """The regions with this short name, the one of the programme in progress first (two queries)."""
    order = {pk: n for n, pk in enumerate(programmes_by_preference().values_list("pk", flat=True))}
    regions = list(Region.objects.filter(slug=slug).select_related("programme"))
    return sorted(regions, key=lambda region: order.get(region.programme_id, len(order)))


@dataclass
class ProgrammePicker:
    """The programme a page shows and the others it offers (`templates/includes/programme_picker.html`)."""

    programme: Programme | None
    programmes: list[Programme]

    @property
    def shown(self) -> bool:
        return len(self.programmes) > 1


def programme_picker(*, slug: str = "", programmes: QuerySet[Programme] | None = None) -> ProgrammePicker:
    """The programme asked for by its slug (None when it does not exist or is not offered), else the one
    in progress; with the programmes to choose from (one query)."""
    offered = list(programmes if programmes is not None else programmes_by_preference())
    if slug:
        chosen = next((p for p in offered if p.slug == slug), None)
    else:
        chosen = offered[0] if offered else None
    return ProgrammePicker(programme=chosen, programmes=offered)


def programme_list() -> QuerySet[Programme]:
    """Every programme with its number of regions, the one in progress first (`programmes_by_preference`)."""
    return programmes_by_preference().annotate(region_count=Count("regions"))


@dataclass
class ProgrammeOverview:
    programme: Programme
    years: list[ProgrammeYear]
    regions_by_landsdeel: list[tuple[Landsdeel, list[Region]]]
    region_count: int


def programme_overview(*, programme: Programme) -> ProgrammeOverview:
    years = list(programme.programme_years.order_by("year"))
    regions = list(
        Region.objects.filter(programme=programme)
        .select_related("landsdeel")
        .annotate(indicator_count=Count("indicators", distinct=True))
        .order_by("landsdeel__position", "landsdeel_id", "name")
    )
    grouped: dict[Landsdeel, list[Region]] = {}
    for region in regions:
        grouped.setdefault(region.landsdeel, []).append(region)
    return ProgrammeOverview(
        programme=programme,
        years=years,
        regions_by_landsdeel=list(grouped.items()),
        region_count=len(regions),
    )


@dataclass
class FrameworkView:
    performance_areas: list[PlacematTheme]
    process_themes: list[PlacematTheme]
    condition_groups: list[tuple[str, list[SuccessCondition]]]
    landsdelen: list[Landsdeel] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)


def framework_for_programme(*, programme: Programme) -> FrameworkView:
    themes = list(
        PlacematTheme.objects.filter(programme=programme)
        .prefetch_related(Prefetch("questions", queryset=GuidingQuestion.objects.order_by("order", "pk")))
        .order_by("number")
    )
    conditions = list(SuccessCondition.objects.filter(programme=programme).order_by("number"))
    groups: dict[str, list[SuccessCondition]] = {}
    for condition in conditions:
        groups.setdefault(condition.get_group_display(), []).append(condition)
    return FrameworkView(
        performance_areas=[t for t in themes if t.kind == PlacematTheme.Kind.PERFORMANCE],
        process_themes=[t for t in themes if t.kind == PlacematTheme.Kind.PROCESS],
        condition_groups=list(groups.items()),
        landsdelen=list(Landsdeel.objects.filter(programme=programme)),
        routes=list(Route.objects.filter(programme=programme)),
    )


def target_text(*, direction: str, value: Decimal | None, target_max: Decimal | None = None) -> str:
    """A target as words and figures for messages: "110", "≤ 5" (lower is better), "10–20" (a range)."""
    if value is None:
        return "–"
    shown = f"{value.normalize():f}"
    if direction == Indicator.Direction.LOWER:
        return f"≤ {shown}"
    if direction == Indicator.Direction.RANGE and target_max is not None:
        return f"{shown}–{target_max.normalize():f}"
    return shown


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list  # the Target per programme year (None where there is none), aligned with RegionPage.years
    amendments: list = field(default_factory=list)  # TargetAmendment, newest first, lines prefetched


@dataclass
class IndicatorGroup:
    area: PlacematTheme
    routes: list[tuple[str, list[IndicatorRow]]]


@dataclass
class RegionPage:
    region: Region
    partners_by_kind: list[tuple[str, list[RegionPartner]]]
    penvoerder: RegionPartner | None
    roles: list[RegionRole]
    current_vision: RegionVision | None
    draft_vision: RegionVision | None
    earlier_visions: list[RegionVision]
    indicator_groups: list[IndicatorGroup]
    years: list[int]
    proposed_count: int = 0
    open_amendments: list = field(default_factory=list)  # TargetAmendment awaiting the office's decision
    past_roles: list = field(default_factory=list)  # PastRegionRole, most recently ended first


@dataclass(frozen=True)
class YearLink:
    """A link on the programme page for each programme year (a higher app's page of that year), registered in
    the higher app's AppConfig.ready(). `slot` "pages" lists it under the year's due date; "exports" in the
    realisations column. The URL takes the programme's slug and the year; `perm` decides who sees it."""

    slot: str
    order: int
    label: object  # a lazy translation
    url_name: str
    perm: str


PROGRAMME_YEAR_LINKS: list[YearLink] = []


def programme_year_links(*, programme: Programme, years: list[ProgrammeYear], user) -> bool:
    """Give each programme year the links this user sees, as `page_links` and `export_links` lists of (label,
    url); True when there is an export column to show. No query: the rules read the user's cached roles."""
    from django.urls import reverse

    visible = [link for link in sorted(PROGRAMME_YEAR_LINKS, key=lambda k: k.order) if user.has_perm(link.perm)]
    for py in years:
        links = [(link.slot, link.label, reverse(link.url_name, args=[programme.slug, py.year])) for link in visible]
        py.page_links = [(label, url) for slot, label, url in links if slot == "pages"]
        py.export_links = [(label, url) for slot, label, url in links if slot == "exports"]
    return any(link.slot == "exports" for link in visible)


@dataclass(frozen=True)
class RegionSection:
    """A section of the region page that a higher app adds, registered in its AppConfig.ready().

    `slot` "links" puts it under the region's description (no heading, not in the page's navigation), "top"
    before the partners, "bottom" after the agreements; `order` sorts within a slot.
    `context(region=, user=)` returns what the section's template needs, or None to leave it out.
    """

    slot: str
    order: int
    anchor: str
    title: object  # a lazy translation, for the "On this page" navigation
    template: str
    context: object


# Filled by monitoring/audits (reports and placemats per year), peerreviews (peer reviews, good practices)
# and governance (meetings): the regions app never names them.
REGION_PAGE_SECTIONS: list[RegionSection] = []


def region_sections(*, region: Region, user) -> dict[str, list[tuple[RegionSection, dict]]]:
    """{"links": [...], "top": [...], "bottom": [...]}: each registered section with its context, in order."""
    slots: dict[str, list[tuple[RegionSection, dict]]] = {"links": [], "top": [], "bottom": []}
    for section in sorted(REGION_PAGE_SECTIONS, key=lambda s: (s.slot, s.order)):
        data = section.context(region=region, user=user)
        if data is not None:
            slots[section.slot].append((section, data))
    return slots


def region_page(*, region: Region, include_drafts: bool) -> RegionPage:
    """Everything the region page shows, in a fixed number of queries (10). Amendments of the agreements:
    all of them for people who see the region's drafts, the decided ones (approved, refused) for others."""
    partners = list(
        RegionPartner.objects.filter(region=region)
        .select_related("organisation")
        .order_by("-is_penvoerder", "organisation__name")
    )
    kind_order = [k for k, _label in Organisation.Kind.choices]
    partners_by_kind = [
        (label, [p for p in partners if p.organisation.kind == kind])
        for kind, label in Organisation.Kind.choices
        if kind in kind_order
    ]
    roles = list(
        RegionRole.objects.filter(region=region)
        .select_related("user", "organisation")
        .order_by("role", "user__full_name")
    )
    visions = list(
        RegionVision.objects.filter(region=region).select_related("created_by", "approved_by").order_by("-version")
    )
    approved = [v for v in visions if v.status == RegionVision.Status.APPROVED]
    draft = next((v for v in visions if v.status == RegionVision.Status.DRAFT), None)
    indicator_qs = Indicator.objects.filter(region=region).select_related("performance_area", "route")
    if not include_drafts:
        indicator_qs = indicator_qs.filter(status=Indicator.Status.AGREED)
    amendments = TargetAmendment.objects.select_related("proposed_by", "decided_by").prefetch_related(
        Prefetch("lines", queryset=TargetAmendmentLine.objects.order_by("year"))
    )
    if not include_drafts:
        amendments = amendments.filter(status__in=[TargetAmendment.Status.APPROVED, TargetAmendment.Status.REFUSED])
    indicators = list(
        indicator_qs.prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("amendments", queryset=amendments.order_by("-proposed_at", "-pk"), to_attr="amendment_list"),
        ).order_by("code")
    )
    areas = list(
        PlacematTheme.objects.filter(programme_id=region.programme_id, kind=PlacematTheme.Kind.PERFORMANCE).order_by(
            "number"
        )
    )
    years = list(region.programme.years)
    groups = []
    for area in areas:
        in_area = [i for i in indicators if i.performance_area_id == area.pk]
        routes = []
        for route in sorted({i.route for i in in_area}, key=lambda r: (r.position, r.pk)):
            rows = [
                IndicatorRow(i, [{t.year: t for t in i.targets.all()}.get(y) for y in years], i.amendment_list)
                for i in in_area
                if i.route_id == route.pk
            ]
            routes.append((route.name, rows))
        groups.append(IndicatorGroup(area=area, routes=routes))
    return RegionPage(
        region=region,
        partners_by_kind=partners_by_kind,
        penvoerder=next((p for p in partners if p.is_penvoerder), None),
        roles=roles,
        current_vision=approved[0] if approved else None,
        draft_vision=draft if include_drafts else None,
        earlier_visions=approved[1:],
        indicator_groups=groups,
        years=years,
        proposed_count=sum(1 for i in indicators if i.status == Indicator.Status.PROPOSED),
        open_amendments=[
            a for i in indicators for a in i.amendment_list if a.status == TargetAmendment.Status.PROPOSED
        ],
        past_roles=list(
            PastRegionRole.objects.filter(region=region)
            .select_related("user", "organisation")
            .order_by("-end_date", "-ended_at", "role")
        ),
    )


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(region_count=Count("partnerships")).order_by("name")


def vision_list_for_region(*, region: Region, include_drafts: bool) -> QuerySet[RegionVision]:
    qs = RegionVision.objects.filter(region=region)
    if not include_drafts:
        qs = qs.filter(status=RegionVision.Status.APPROVED)
    return qs.order_by("-version")


def users_with_pending_invitation() -> QuerySet[User]:
    return User.objects.filter(Q(password="") | Q(password__startswith="!")).order_by("email")


# --- What waits (Mijn taken) -------------------------------------------------------------------

LIVE_AFTER_DUE = datetime.timedelta(days=365)  # a report more than a year overdue is history, not a task


def programme_years_live(*, today: datetime.date) -> QuerySet[ProgrammeYear]:
    """The programme years at work today: the year has begun and its report is due, or was due less than a
    year ago (scoring, calibration, grants and follow-up come after the report); never in a closed programme."""
    return ProgrammeYear.objects.filter(
        year__lte=today.year, report_due_date__gte=today - LIVE_AFTER_DUE, programme__closed_at__isnull=True
    )


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """The office decides proposed agreements and amendments of agreements (2 queries, only for the office)."""
    if not user.is_programme_office:
        return []
    todos = []
    for amendment in (
        TargetAmendment.objects.filter(
            status=TargetAmendment.Status.PROPOSED, indicator__region__programme__closed_at__isnull=True
        )
        .select_related("indicator__region")
        .order_by("proposed_at")
    ):
        region = amendment.indicator.region
        todos.append(
            Todo(
                kind="amendment_decide",
                what=_("Decide on a change of agreement"),
                subject=region.name,
                programme_id=region.programme_id,
                url=reverse("regions:amendment_decide", args=[amendment.pk]),
                state=_("proposed on %(date)s") % {"date": date_format(amendment.proposed_at, "j F Y")},
                note=amendment.indicator.name,
                role=_("programme office"),
            )
        )
    proposed = (
        Region.objects.filter(indicators__status=Indicator.Status.PROPOSED, programme__closed_at__isnull=True)
        .annotate(proposed=Count("indicators", filter=Q(indicators__status=Indicator.Status.PROPOSED)))
        .order_by("name")
    )
    for region in proposed:
        todos.append(
            Todo(
                kind="agreements_approve",
                what=ngettext(
                    "Approve %(count)d proposed agreement", "Approve %(count)d proposed agreements", region.proposed
                )
                % {"count": region.proposed},
                subject=region.name,
                programme_id=region.programme_id,
                url=region.get_absolute_url() + "#agreements",
                role=_("programme office"),
            )
        )
    return todos


# --- Co-financing (cofinanciering) ------------------------------------------------------------

ZERO = Decimal(0)


@dataclass
class CofinancingTotals:
    """Committed and realised co-financing, money and in kind (euros), of one partner, one O or a total."""

    committed_money: Decimal = ZERO
    committed_in_kind: Decimal = ZERO
    realised_money: Decimal = ZERO
    realised_in_kind: Decimal = ZERO

    def add(self, other) -> None:
        for name in Cofinancing.AMOUNTS:
            setattr(self, name, getattr(self, name) + (getattr(other, name) or ZERO))

    @property
    def committed(self) -> Decimal:
        return self.committed_money + self.committed_in_kind

    @property
    def realised(self) -> Decimal:
        return self.realised_money + self.realised_in_kind

    @property
    def share(self) -> int | None:
        """Realised as a percentage of committed (rounded), None when nothing was committed."""
        return cofinancing_share(committed=self.committed, realised=self.realised)

    @property
    def is_empty(self) -> bool:
        return not (self.committed or self.realised)


def cofinancing_share(*, committed: Decimal | None, realised: Decimal | None) -> int | None:
    """Realised as a whole percentage of committed; None when nothing was committed. The one place this
    rule lives (region page, monitor report, dashboard and exports)."""
    if not committed:
        return None
    return int((100 * (realised or ZERO) / committed).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


@dataclass
class CofinancingYear:
    """One programme year of a region's co-financing: the totals per O (in the O's order) and overall."""

    programme_year: ProgrammeYear
    by_kind: list[tuple[str, str, CofinancingTotals]]  # (kind, label, totals)
    total: CofinancingTotals

    @property
    def year(self) -> int:
        return self.programme_year.year


def _cofinancing_sums(*, region: Region, programme_years: list[ProgrammeYear]) -> list[CofinancingYear]:
    """The region's totals per O for these programme years (one query)."""
    sums: dict[tuple[int, str], dict] = {
        (row["programme_year_id"], row["partner__organisation__kind"]): row
        for row in Cofinancing.objects.filter(region=region, programme_year__in=[py.pk for py in programme_years])
        .values("programme_year_id", "partner__organisation__kind")
        .annotate(**{name: Sum(name) for name in Cofinancing.AMOUNTS})
        .order_by()
    }
    out = []
    for py in programme_years:
        by_kind, total = [], CofinancingTotals()
        for kind, label in Organisation.Kind.choices:
            totals = CofinancingTotals()
            row = sums.get((py.pk, kind))
            if row is not None:
                for name in Cofinancing.AMOUNTS:
                    setattr(totals, name, row[name] or ZERO)
            total.add(totals)
            by_kind.append((kind, label, totals))
        out.append(CofinancingYear(programme_year=py, by_kind=by_kind, total=total))
    return out


def cofinancing_years(*, region: Region) -> list[CofinancingYear]:
    """The region's co-financing per programme year from its join year on, with the totals per O; a year
    without figures has empty totals. Two queries."""
    years = [
        py
        for py in ProgrammeYear.objects.filter(programme_id=region.programme_id).order_by("year")
        if py.year >= region.join_year
    ]
    return _cofinancing_sums(region=region, programme_years=years)


def cofinancing_of_year(*, region: Region, programme_year: ProgrammeYear) -> CofinancingYear:
    """One programme year's co-financing of the region per O (the monitor report's block). One query."""
    return _cofinancing_sums(region=region, programme_years=[programme_year])[0]


@dataclass
class CofinancingRow:
    """A partner's row on the co-financing page: the partner and its figures of the year (or None)."""

    partner: RegionPartner
    cofinancing: Cofinancing | None


def cofinancing_rows(*, region: Region, programme_year: ProgrammeYear) -> list[tuple[str, str, list[CofinancingRow]]]:
    """The region's partners grouped by O, (kind, label, rows), each with its figures of the year. Two
    queries."""
    figures = {
        c.partner_id: c
        for c in Cofinancing.objects.filter(region=region, programme_year=programme_year).select_related("updated_by")
    }
    partners = list(
        RegionPartner.objects.filter(region=region).select_related("organisation").order_by("organisation__name")
    )
    return [
        (
            kind,
            label,
            [CofinancingRow(p, figures.get(p.pk)) for p in partners if p.organisation.kind == kind],
        )
        for kind, label in Organisation.Kind.choices
    ]


# The years whose monitor report of a region is settled (submitted to the office or accepted). The monitoring
# app answers without regions importing it: a provider takes region= and returns a set of years.
SETTLED_YEARS_PROVIDERS: list = []


def settled_years(*, region: Region) -> set[int]:
    years: set[int] = set()
    for provider in SETTLED_YEARS_PROVIDERS:
        years |= provider(region=region)
    return years


def cofinancing_fixed_years(*, region: Region, user) -> set[int]:
    """The years whose co-financing this person can no longer change: those whose report is settled, for
    everyone but the office (which still corrects them) and the system (no person: demo, import)."""
    if user is None or getattr(user, "is_programme_office", False):
        return set()
    return settled_years(region=region)


def region_cofinancing_section(*, region: Region, user) -> dict | None:
    """The region page's co-financing section: every year's totals per O (two queries). Like the national
    picture, people who do not read the region's drafts (the ministry, partners) see a year's figures only once
    its monitor report is settled (one query more): figures still being entered never reach them."""
    if not user.has_perm("regions.view_cofinancing", region):
        return None
    years = cofinancing_years(region=region)
    fixed = cofinancing_fixed_years(region=region, user=user)  # the settled years, for all but the office
    pending: set[int] = set()
    if not user.has_perm("regions.view_region_drafts", region):  # never the office: `fixed` are the settled years
        pending = {y.year for y in years if y.year not in fixed and not y.total.is_empty}
        years = [y for y in years if y.year not in pending]
    return {
        "years": years,
        "has_figures": any(not y.total.is_empty for y in years),
        "pending": sorted(pending),
        "fixed": fixed,  # years the region can no longer change
    }


COFINANCING_SECTION = RegionSection(
    slot="bottom",
    order=5,
    anchor="cofinancing",
    title=gettext_lazy("Co-financing"),
    template="regions/region/_cofinancing.html",
    context=region_cofinancing_section,
)


def programme_open_tasks(*, programme: Programme, user: User, today: datetime.date) -> list[Todo]:
    """What still waits for this person in the programme (Mijn taken's tasks of it): closing leaves it undone."""
    return [todo for todo in todos_for(user=user, today=today) if todo.programme_id == programme.pk]


def region_subprojects_section(*, region: Region, user) -> dict | None:
    """The region page's sub-projects: each with its leader, partners and indicators (three queries)."""
    from .models import SubProject

    if not user.has_perm("regions.view_subprojects", region):
        return None
    subprojects = list(
        SubProject.objects.filter(region=region)
        .select_related("leader")
        .prefetch_related("partners__organisation", "indicators")
        .order_by("name")
    )
    return {"subprojects": subprojects}


SUBPROJECTS_SECTION = RegionSection(
    slot="top",
    order=30,
    anchor="subprojects",
    title=gettext_lazy("Sub-projects"),
    template="regions/region/_subprojects.html",
    context=region_subprojects_section,
)

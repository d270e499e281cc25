"""Thin views: check the permission, call the selector, render (or write the export)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from knowledge.selectors import programme_year_attendance
from regions.converters import region_lookup
from regions.models import Region
from regions.selectors import programme_picker
from toptechniek.common.exports import csv_response, xlsx_response
from toptechniek.common.views import get_object_with_perm, require_perm

from . import overview, selectors
from .exports import dashboard_tables

COLUMNS = [
    ("region", _("Region")),
    ("landsdeel", _("Landsdeel")),
    ("status", _("Report")),
    ("progress", _("Indicators on track")),
    ("behind", _("Behind")),
    ("placemat", _("Placemat")),
    ("gap", _("Self-assessment 2+ above committee")),
    ("judgement", _("Audit judgement")),
    ("peer_review", _("Peer review")),
    ("grant", _("Grant")),
    ("cofinancing", _("Co-financing")),
    ("flags", _("Early warnings")),
]
PROVISIONAL_PARAM = "provisional"
# In export file names when the provisional view is on (a file name, so a short slug).
PROVISIONAL_FILE = pgettext_lazy("file name", "provisional")


def _include_drafts(request) -> bool:
    """The provisional view (drafts' figures included): asked for with ?provisional=1 and honoured only
    for users with `dashboard.view_provisional` (the programme office); ignored for everyone else."""
    return request.GET.get(PROVISIONAL_PARAM) == "1" and request.user.has_perm("dashboard.view_provisional")


def _landsdelen(filters, years) -> list[tuple[str, str]]:
    """The programme's landsdelen (code, name) to filter by; a code of none of them is ignored."""
    landsdelen = selectors.landsdelen_of(years)
    if filters.landsdeel not in dict(landsdelen):
        filters.landsdeel = ""
    return landsdelen


def _board(request, *, paginate: bool, with_totals: bool = False):
    require_perm(request, "dashboard.view_dashboard")
    filters = selectors.Filters.from_query(request.GET)
    picker = programme_picker(slug=request.GET.get("programme", ""))
    if picker.programme is None:
        if request.GET.get("programme"):
            raise Http404
        return None, [], filters, picker
    years = selectors.programme_years(programme_slug=picker.programme.slug, landsdeel=filters.landsdeel)
    filters.landsdelen = _landsdelen(filters, years)
    asked = request.GET.get("year", "")
    if asked:
        programme_year = next((py for py in years if str(py.year) == asked), None)
        if programme_year is None:
            raise Http404
    else:
        programme_year = selectors.default_year(years)
    if programme_year is None:
        if request.GET.get("programme"):
            raise Http404
        return None, years, filters, picker
    board = selectors.dashboard(
        programme_year=programme_year,
        years=years,
        filters=filters,
        paginate=paginate,
        with_totals=with_totals,
        include_drafts=_include_drafts(request),
    )
    return board, years, filters, picker


@require_safe
def dashboard(request):
    board, years, filters, picker = _board(request, paginate=True)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "board": board,
            "picker": picker,
            "years": years,
            "filters": filters,
            "landsdelen": filters.landsdelen,
            "columns": COLUMNS,
            "status_choices": selectors.STATUS_CHOICES,
            "flag_choices": list(selectors.FLAGS.items()),
            "can_view_provisional": request.user.has_perm("dashboard.view_provisional"),
            "regioagendas": selectors.regioagendas(programme_year=board.programme_year, today=timezone.localdate())
            if board
            else None,
            # The kennisprogramma: events held in the year and what each region attended (2 queries).
            "knowledge": programme_year_attendance(
                programme=board.programme, year=board.programme_year.year, today=timezone.localdate()
            )
            if board
            else None,
        },
    )


def _export(request, *, kind: str) -> HttpResponse:
    board, _years, _filters, _picker = _board(request, paginate=False, with_totals=True)
    if board is None:
        raise Http404
    name = f"dashboard-{board.programme.slug}-{board.programme_year.year}"
    if board.include_drafts:
        name += "-" + slugify(str(PROVISIONAL_FILE))
    tables = dashboard_tables(board)
    if kind == "csv":
        return csv_response(*tables, file_name=f"{name}.csv")
    title = f"{board.programme.name} {board.programme_year.year}"
    if board.include_drafts:
        title += " (" + gettext("including drafts, provisional") + ")"
    return xlsx_response(*tables, file_name=f"{name}.xlsx", title=title)


@require_safe
def export_csv(request):
    return _export(request, kind="csv")


@require_safe
def export_xlsx(request):
    return _export(request, kind="xlsx")


@require_safe
def totals(request):
    """Programme totals: realised vs target per year, per route and performance area, per unit."""
    require_perm(request, "dashboard.view_dashboard")
    filters = selectors.Filters.from_query(request.GET)
    picker = programme_picker(slug=request.GET.get("programme", ""))
    years = selectors.programme_years(programme_slug=picker.programme.slug) if picker.programme else []
    if not years:
        raise Http404
    _landsdelen(filters, years)
    landsdeel = filters.landsdeel
    programme = years[0].programme
    themes = list(programme.placemat_themes.order_by("kind", "number"))
    totals = selectors.programme_totals(
        programme=programme, themes=themes, years=years, landsdeel=landsdeel, include_drafts=_include_drafts(request)
    )
    context = {
        "programme": programme,
        "picker": picker,
        "totals": totals,
        "routes": totals.routes,
        "areas": totals.areas,
        "landsdeel": landsdeel,
        "can_view_provisional": request.user.has_perm("dashboard.view_provisional"),
    }
    return render(request, "dashboard/totals.html", context)


@require_safe
def region_overview(request, slug):
    region = get_object_with_perm(
        request, "dashboard.view_region_overview", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    picture = overview.region_overview(region=region, include_drafts=_include_drafts(request))
    return render(
        request,
        "dashboard/region_overview.html",
        {
            "region": region,
            "picture": picture,
            # the dashboard's columns after its region and landsdeel; the year heads each row instead
            "columns": [("year", _("Year")), *COLUMNS[2:]],
            "can_view_provisional": request.user.has_perm("dashboard.view_provisional"),
        },
    )

"""A region's compact picture over all its years: the dashboard's row of that region, once per year.

The figures come from the same facts and the same code as the national dashboard (`selectors._figures`
and `_derive`), restricted to the region, so the region page and the dashboard always agree: one read of
the region's facts for all its years, plus the years and the themes (three queries).
"""

from dataclasses import dataclass

from django.utils import timezone

from regions.models import PlacematTheme, ProgrammeYear, Region

from .models import RegionYearFact
from .selectors import Row, _derive, _fact_values, _figures, _rows


@dataclass
class YearRow:
    programme_year: ProgrammeYear
    row: Row


@dataclass
class RegionPicture:
    region: Region
    themes: list[PlacematTheme]
    years: list[YearRow]
    include_drafts: bool = False


def region_overview(*, region: Region, include_drafts: bool = False) -> RegionPicture:
    """Settled figures only (see `selectors`); `include_drafts` is the office's provisional view."""
    programme = region.programme
    years = list(ProgrammeYear.objects.filter(programme=programme, year__gte=region.join_year).order_by("year"))
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    today = timezone.localdate()
    by_year = {
        fact["programme_year_id"]: _figures(fact, include_drafts=include_drafts, today=today)
        for fact in _fact_values(RegionYearFact.objects.filter(region=region).order_by(), with_year=True)
    }
    out = []
    for py in years:
        if py.pk not in by_year:
            continue
        figures = _derive(by_year[py.pk], past_due=today > py.report_due_date)
        for row in _rows([figures], themes, year=py.year):
            row.region = region
            out.append(YearRow(py, row))
    return RegionPicture(region=region, themes=themes, years=out, include_drafts=include_drafts)


def region_overview_link(*, region, user) -> dict | None:
    """The region page links to the region's overview for those who may read it (regions.selectors hook)."""
    return {} if user.has_perm("dashboard.view_region_overview", region) else None

"""A region's compact picture over all its years: the dashboard's row of that region, once per year.

The figures come from the same facts and the same expressions as the national dashboard
(`selectors._figures`), restricted to the region, so the region page and the dashboard always agree: one read of
the region's facts for all its years, plus the years and the themes (three queries).
"""

from dataclasses import dataclass

from django.utils import timezone

from regions.models import PlacematTheme, ProgrammeYear, Region

from .models import RegionYearFact
from .selectors import Row, _figures, _row_values, _rows, as_of


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
    today = as_of(programme=programme, today=timezone.localdate())
    facts = _figures(RegionYearFact.objects.filter(region=region), include_drafts=include_drafts, today=today)
    by_year = {figures["programme_year_id"]: figures for figures in _row_values(facts.order_by(), with_year=True)}
    out = []
    for py in years:
        if py.pk not in by_year:
            continue
        for row in _rows([by_year[py.pk]], themes, year=py.year):
            row.region = region
            out.append(YearRow(py, row))
    return RegionPicture(region=region, themes=themes, years=out, include_drafts=include_drafts)


def region_overview_link(*, region, user) -> dict | None:
    """The region page links to the region's overview for those who may read it (regions.selectors hook)."""
    return {} if user.has_perm("dashboard.view_region_overview", region) else None

"""A region's compact picture over all its years: the dashboard's row of that region, once per year.

The figures come from the same code as the national dashboard (`selectors._region_figures` and
`_derive`), restricted to the region, so the region page and the dashboard always agree. From the figures
cache (one query for all years when nothing changed); on a miss five queries per programme year (the
programme's length, never the number of regions).
"""

from dataclasses import dataclass

from django.utils import timezone

from regions.models import PlacematTheme, ProgrammeYear, Region

from .cache import current_version
from .selectors import Row, _derive, _region_figures, _rows


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
    version = current_version()  # read once for all years
    out = []
    for py in years:
        figures, scores, _trend = _region_figures(
            programme=programme, programme_year=py, region_id=region.pk, include_drafts=include_drafts, version=version
        )
        derived = [_derive(r, past_due=today > py.report_due_date) for r in figures]
        for row in _rows(derived, themes, scores, year=py.year):
            row.region = region
            out.append(YearRow(py, row))
    return RegionPicture(region=region, themes=themes, years=out, include_drafts=include_drafts)


def region_overview_link(*, region, user) -> dict | None:
    """The region page links to the region's overview for those who may read it (regions.selectors hook)."""
    return {} if user.has_perm("dashboard.view_region_overview", region) else None

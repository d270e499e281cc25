"""A region's compact picture over all its years: the dashboard's row of that region, once per year.

The figures come from the same expressions as the national dashboard (`selectors._region_rows`), one
SELECT per year joined with UNION ALL, so the region page and the dashboard always agree (four queries).
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import IntegerField, Value

from regions.models import PlacematTheme, ProgrammeYear, Region

from .selectors import FLAGS, Filters, Row, _region_rows, _rows

FIELDS = [
    "report_id",
    "report_status",
    "late",
    "on_track_count",
    "behind_now",
    "placemat_id",
    "placemat_version",
    "gap_count",
    "judgement",
    "peer_review_id",
    "peer_review_status",
    "grant_status",
    "grant_proposed",
    "grant_decided",
    *[f"flag_{f}" for f in FLAGS],
]


@dataclass
class YearRow:
    programme_year: ProgrammeYear
    row: Row


@dataclass
class RegionPicture:
    region: Region
    themes: list[PlacematTheme]
    years: list[YearRow]


def region_overview(*, region: Region) -> RegionPicture:
    programme = region.programme
    years = list(ProgrammeYear.objects.filter(programme=programme, year__gte=region.join_year).order_by("year"))
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    parts = [
        _region_rows(programme=programme, programme_year=py, filters=Filters())
        .filter(pk=region.pk)
        .annotate(row_year=Value(py.year, output_field=IntegerField()))
        .order_by()
        .values("row_year", *FIELDS)
        for py in years
    ]
    values = list(parts[0].union(*parts[1:], all=True)) if parts else []
    by_year = {v["row_year"]: v for v in values}
    found = [py for py in years if py.year in by_year]
    rows = _rows([SimpleNamespace(**by_year[py.year]) for py in found], themes, region=region)
    return RegionPicture(
        region=region, themes=themes, years=[YearRow(py, row) for py, row in zip(found, rows, strict=True)]
    )

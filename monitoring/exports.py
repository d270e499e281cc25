"""The office's exports of a programme year's realisations: CSV for Dutch Excel and XLSX.

`realisation_table` reads everything in one query (realisations with their report, region, indicator
and performance area, plus the year's target as a subquery), so an export costs the same number of
queries for one region or twenty. `table_csv` and `table_xlsx` write it out.

Settled figures only (`selectors.SETTLED_STATUSES`): every realisation row is listed with its report's
real status, but the realisation, "nothing to report" and the explanation of a report that has not been
submitted to the office (draft, awaiting endorsement, returned) stay empty, unless the office asks for
the provisional view (`include_drafts=True`).

Formula injection: text from users (names, explanations) can start with = + - @ (or a tab or carriage
return), which spreadsheet programs would run as a formula. In CSV such a cell gets a leading
apostrophe; in XLSX it is written as a string cell with Excel's "quote prefix" style, so it shows as
typed and stays text even when the cell is edited.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import formats
from django.utils.translation import gettext as _

from regions.models import Target

from .selectors import SETTLED_STATUSES, realisations_for_year

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # cells: str, int, Decimal or None


def realisation_table(
    *, programme_id: int, year: int, region_ids: list[int] | None = None, include_drafts: bool = False
) -> Table:
    """One row per realisation of the programme year, in region and indicator order (one query); the
    figures of unsettled reports left empty unless `include_drafts`."""
    target = Target.objects.filter(indicator=OuterRef("indicator_id"), year=year).values("value")[:1]
    realisations = realisations_for_year(programme_id=programme_id, year=year, region_ids=region_ids).annotate(
        target_value=Subquery(target)
    )
    yes, no = _("Yes"), _("No")
    headers = [
        _("Region"),
        _("Landsdeel"),
        _("Indicator code"),
        _("Indicator"),
        _("Performance area"),
        _("Route"),
        _("Unit"),
        _("Baseline"),
        _("Baseline year"),
        _("Target %(year)s") % {"year": year},
        _("Realisation %(year)s") % {"year": year},
        _("Nothing to report"),
        _("Explanation"),
        _("Report status"),
        _("Late"),
    ]
    rows = []
    for r in realisations:
        report, indicator = r.report, r.indicator
        counts = include_drafts or report.status in SETTLED_STATUSES
        rows.append(
            [
                report.region.name,
                report.region.get_landsdeel_display(),
                indicator.code,
                indicator.name,
                indicator.performance_area.name,
                indicator.get_route_display(),
                indicator.unit,
                indicator.baseline_value,
                indicator.baseline_year,
                r.target_value,
                r.value if counts else None,
                (yes if r.not_applicable else no) if counts else None,
                r.explanation if counts else None,
                report.get_status_display(),
                yes if report.lateness() else no,
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=rows)


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Plain digits with the active language's decimal separator: "12,5" in Dutch Excel.
        text = format(value.normalize(), "f")
        return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark and ';' between cells, as Dutch Excel opens it."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table, *, title: str = "") -> bytes:
    """One sheet: bold, frozen header row; numbers as numbers; text never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Realisations")[:31]
    if title:
        workbook.properties.title = title
    bold = Font(bold=True)
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = bold
        cell.data_type = "s"
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if value is None:
                continue
            if isinstance(value, (int, Decimal)):
                cell.value = value  # a number; Excel's General format shows 110 and 12.5 as such
            else:
                text = str(value)
                cell.value = text
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
                if text.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, header in enumerate(table.headers, start=1):
        width = max([len(header)] + [len(str(row[column - 1] or "")) for row in table.rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

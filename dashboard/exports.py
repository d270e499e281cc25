"""The dashboard as CSV (for Dutch Excel) and XLSX: the region table, then the totals.

The cells are written as in `monitoring.exports` (";" and a byte-order mark, decimals with the language's
separator, text that a spreadsheet would read as a formula neutralised), so both exports behave alike.
Exports hold every row that matches the filters, not one page. Figures are settled ones (reports submitted
to the office or accepted); in the office's provisional view (drafts included) both files say so in their
first line, and the file name too (views.py).
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from monitoring.exports import FORMULA_PREFIXES, Table, _csv_cell, neutralise

from .selectors import FLAGS, Dashboard


def region_table(board: Dashboard) -> Table:
    """One row per region, the columns of the page's table (the eight placemat scores spelled out)."""
    headers = [
        _("Region"),
        _("Landsdeel"),
        _("Region status"),
        _("Report status"),
        _("Late"),
        _("Indicators on track"),
        _("Indicators behind"),
        *[f"{t.get_kind_display()} {t.number}. {t.name}" for t in board.themes],
        _("Self-assessment 2+ above committee (themes)"),
        _("Audit judgement"),
        _("Peer review"),
        _("Grant status"),
        _("Grant proposed"),
        _("Grant decided"),
        _("Early warnings"),
    ]
    yes, no = _("Yes"), _("No")
    rows = []
    for row in board.rows:
        scores = [c.score for c in row.cells] if row.cells else [None] * len(board.themes)
        rows.append(
            [
                row.region.name,
                row.region.get_landsdeel_display(),
                row.region.get_status_display(),
                row.status_label,
                yes if row.late else no,
                row.on_track if row.judged else None,  # nothing judged: no settled figures
                row.behind if row.judged else None,
                *scores,
                row.gap_count,
                row.judgement_label,
                row.peer_review_label,
                row.grant_label,
                row.grant_proposed,
                row.grant_decided,
                "; ".join(row.flag_labels),
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=rows)


def totals_table(board: Dashboard) -> Table:
    """Completeness per year, then realised vs target per route and performance area, per unit and year
    (a percentage as the mean over regions, never a sum), with the regions that reported."""
    headers = [
        _("Figure"),
        _("Year"),
        _("Value"),
        _("Of"),
        _("Target"),
        _("Target (upper bound)"),
        _("Unit"),
        _("Direction"),
        _("Totalled as"),
        _("Regions"),
    ]
    rows: list[list] = []
    for point in board.years:
        rows.append([_("Reports in"), point.year, point.submitted, point.expected])
        rows.append([_("Reports on time"), point.year, point.on_time, point.expected])
        rows.append([_("Reports accepted"), point.year, point.accepted, point.expected])
        rows.append([_("Regions reported (submitted or accepted)"), point.year, point.reported, point.expected])
    if board.totals:
        for coverage in board.totals.coverage:
            if coverage.missing:
                rows.append([_("Regions without figures"), coverage.year, "; ".join(coverage.missing)])
    for line in board.routes + board.areas:
        how = _("mean over regions") if line.mean else _("sum")
        for p in line.points:
            rows.append(
                [line.label, p.year, p.realised, None, p.target, p.target_max, line.unit, line.direction_label, how]
                + [p.regions]
            )
    for key, label in FLAGS.items():
        rows.append(
            [
                _("Early warning: %(flag)s") % {"flag": label},
                board.programme_year.year,
                board.flag_counts[key],
                board.total,
            ]
        )
    for row in rows:
        row.extend([None] * (len(headers) - len(row)))
    return Table(headers=[str(h) for h in headers], rows=rows)


def provisional_label() -> str:
    return _("PROVISIONAL (including drafts): these are not the settled figures")


def dashboard_csv(board: Dashboard) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if board.include_drafts:
        writer.writerow([provisional_label()])
    for index, table in enumerate((region_table(board), totals_table(board))):
        if index:
            writer.writerow([])
        writer.writerow([neutralise(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def dashboard_xlsx(board: Dashboard, *, title: str = "") -> bytes:
    """Two sheets, "Regions" and "Totals": bold frozen header, numbers as numbers, text never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    if title:
        workbook.properties.title = title
    bold = Font(bold=True)
    for index, (name, table) in enumerate(((_("Regions"), region_table(board)), (_("Totals"), totals_table(board)))):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = str(name)[:31]
        top = 1
        if board.include_drafts:  # a label row above the header
            sheet.cell(row=1, column=1, value=provisional_label()).font = bold
            top = 2
        for column, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=top, column=column, value=header)
            cell.font = bold
            cell.data_type = "s"
        for row_number, row in enumerate(table.rows, start=top + 1):
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, (int, Decimal)):
                    cell.value = value
                else:
                    text = str(value)
                    cell.value = text
                    cell.data_type = "s"
                    if text.startswith(FORMULA_PREFIXES):
                        cell.quotePrefix = True
        sheet.freeze_panes = f"A{top + 1}"
        for column, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(max(len(header) + 2, 8), 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""One export mechanism for every table the application hands out: CSV for Dutch Excel and XLSX.

A `Table` holds headers and rows of cells (str, int, Decimal or None); `tables_csv` and `tables_xlsx` write
one or more tables (the XLSX one sheet per table), and `csv_response` / `xlsx_response` wrap the bytes in a
download with a file name.

- CSV: UTF-8 with a byte-order mark, ';' between cells and the active language's decimal separator, as
  Dutch Excel opens it; several tables are separated by an empty row.
- XLSX: a bold, frozen header row with an autofilter, numbers as numbers (money columns in € format),
  column widths from the content, an optional label row above the header (e.g. "PROVISIONAL").
- Control characters: every text that goes into a file (cells, headers, the label, sheet names, the title)
  goes through `export_text` first, which removes the control characters that XML 1.0 and Excel refuse
  (toptechniek.common.text.text_printable: C0 but tab, newline and carriage return, DEL and C1, lone
  surrogates, U+FFFE/U+FFFF). One `\x0b` pasted from Word into a region's name no longer breaks the export
  of a whole year (openpyxl's IllegalCharacterError); data stored before input was cleaned is covered too.
- Formula injection: text from users can start with = + - @ (or a tab or carriage return), which a
  spreadsheet would run as a formula. In CSV such a cell gets a leading apostrophe; in XLSX it is a string
  cell with Excel's "quote prefix" style, so it shows as typed and stays text when edited. The check runs on
  the cleaned text, so a control character in front of "=" hides nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import formats

from .text import text_printable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = '"€" #,##0.00'
MAX_WIDTH = 60


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # cells: str, int, Decimal or None
    sheet_name: str = ""  # the XLSX sheet's name (at most 31 characters are used)
    label: str = ""  # a line above the header, e.g. that the figures are provisional
    money_columns: set[int] = field(default_factory=set)  # 0-based columns shown in € in XLSX


def export_text(value) -> str:
    """The one cleaning of every text that goes into an export: str() without control characters."""
    return text_printable(str(value))


def neutralise(text: str) -> str:
    """A text cell (cleaned) that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    text = export_text(text)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Plain digits with the active language's decimal separator: "12,5" in Dutch Excel.
        text = format(value.normalize(), "f")
        return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def tables_csv(*tables: Table) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if table.label:
            writer.writerow([neutralise(table.label)])
        writer.writerow([neutralise(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx_text(cell, value) -> None:
    """`value` as a text cell: cleaned, never a formula (openpyxl would store "=…" as one), and with Excel's
    quote prefix when it starts like one, so it shows as typed and stays text when edited."""
    text = export_text(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def tables_xlsx(*tables: Table, title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    if title:
        workbook.properties.title = export_text(title)
    bold = Font(bold=True)
    for index, table in enumerate(tables):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = export_text(table.sheet_name or f"Sheet {index + 1}")[:31]
        top = 1
        if table.label:
            cell = sheet.cell(row=1, column=1)
            _xlsx_text(cell, table.label)
            cell.font = bold
            top = 2
        for column, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=top, column=column)
            _xlsx_text(cell, header)
            cell.font = bold
        for row_number, row in enumerate(table.rows, start=top + 1):
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, (int, Decimal)):
                    cell.value = value  # a number; Excel's General format shows 110 and 12.5 as such
                    if column - 1 in table.money_columns:
                        cell.number_format = EURO_FORMAT
                else:
                    _xlsx_text(cell, value)
        sheet.freeze_panes = f"A{top + 1}"
        if table.rows:
            last = get_column_letter(max(len(table.headers), 1))
            sheet.auto_filter.ref = f"A{top}:{last}{top + len(table.rows)}"
        for column, header in enumerate(table.headers, start=1):
            width = max([len(str(header))] + [len(str(row[column - 1] or "")) for row in table.rows])
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _download(data: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(*tables: Table, file_name: str) -> HttpResponse:
    return _download(tables_csv(*tables), CSV_CONTENT_TYPE, file_name)


def xlsx_response(*tables: Table, file_name: str, title: str = "") -> HttpResponse:
    return _download(tables_xlsx(*tables, title=title), XLSX_CONTENT_TYPE, file_name)

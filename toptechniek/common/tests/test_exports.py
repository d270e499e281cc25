"""The one export mechanism: CSV for Dutch Excel, XLSX with types, filter, widths, € and labels."""

import io
from decimal import Decimal

from django.utils import translation

from toptechniek.common.exports import Table, csv_response, tables_csv, tables_xlsx, xlsx_response


def _table(**extra):
    return Table(
        headers=["Regio", "Bedrag", "Aantal"],
        rows=[["=SUM(A1)", Decimal("1234.5"), 3], ["Twente", None, 0]],
        **extra,
    )


def test_csv_has_bom_semicolons_decimal_comma_and_no_formulas():
    with translation.override("nl"):
        text = tables_csv(_table(label="VOORLOPIG"), _table()).decode("utf-8")
    lines = text.lstrip("\ufeff").split("\r\n")
    assert text.startswith("\ufeff")
    assert lines[:4] == ["VOORLOPIG", "Regio;Bedrag;Aantal", "'=SUM(A1);1234,5;3", "Twente;;0"]
    assert lines[4] == ""  # an empty row between two tables
    assert lines[5] == "Regio;Bedrag;Aantal"


def test_xlsx_types_filter_widths_euro_format_and_label():
    from openpyxl import load_workbook

    data = tables_xlsx(
        _table(sheet_name="Regio's", label="VOORLOPIG", money_columns={1}), _table(sheet_name="Totalen"), title="T"
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Regio's", "Totalen"]
    sheet = workbook["Regio's"]
    assert sheet["A1"].value == "VOORLOPIG" and sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:C4"
    formula = sheet["A3"]
    assert formula.value == "=SUM(A1)" and formula.data_type == "s" and formula.quotePrefix
    amount = sheet["B3"]
    assert amount.value == 1234.5 and "€" in amount.number_format
    assert sheet["C3"].value == 3 and "€" not in sheet["C3"].number_format
    assert sheet.column_dimensions["A"].width >= len("=SUM(A1)")
    other = workbook["Totalen"]
    assert other["A1"].value == "Regio" and other.freeze_panes == "A2"


def test_responses_are_downloads_that_are_never_sniffed():
    for response, kind in (
        (csv_response(_table(), file_name="x.csv"), "text/csv"),
        (xlsx_response(_table(), file_name="x.xlsx"), "spreadsheetml"),
    ):
        assert kind in response["Content-Type"]
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"

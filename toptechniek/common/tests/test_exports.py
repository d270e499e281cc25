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


# --- Control characters (issue 16) ----------------------------------------------------------------------

CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
KEPT = "Één café — naïef 🚀 €\u00a0½"


def _dirty_table():
    return Table(
        headers=["Regio\x0b", "Tekst\x00"],
        rows=[
            [f"Twente{CONTROLS}\ud800\ufffe\uffff {KEPT}", Decimal("1.5")],
            ["\x0b=HYPERLINK(1)", "regel\x0b een\r\nregel\ttwee"],
            ["\x1f@SUM(A1)", None],
        ],
        sheet_name="Blad\x0b",
        label="VOORLOPIG\x0c",
    )


def test_xlsx_with_control_characters_opens_and_holds_the_cleaned_text():
    from openpyxl import load_workbook

    data = tables_xlsx(_dirty_table(), title="Titel\x0b")  # openpyxl raised IllegalCharacterError before

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "Blad" and workbook.properties.title == "Titel"
    assert sheet["A1"].value == "VOORLOPIG"
    assert [sheet["A2"].value, sheet["B2"].value] == ["Regio", "Tekst"]
    assert sheet["A3"].value == f"Twente {KEPT}"
    formula = sheet["A4"]  # the formula start behind a control character is still neutralised
    assert formula.value == "=HYPERLINK(1)" and formula.data_type == "s" and formula.quotePrefix
    assert sheet["B4"].value == "regel een\nregel\ttwee"  # line ends and tabs are kept (XML reads \r\n as \n)
    assert sheet["A5"].value == "@SUM(A1)" and sheet["A5"].quotePrefix


def test_csv_with_control_characters_holds_the_cleaned_text():
    import csv

    text = tables_csv(_dirty_table()).decode("utf-8")  # a lone surrogate could not be encoded before

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[0] == ["VOORLOPIG"] and rows[1] == ["Regio", "Tekst"]
    assert rows[2] == [f"Twente {KEPT}", "1.5"]
    assert rows[3] == ["'=HYPERLINK(1)", "regel een\r\nregel\ttwee"]
    assert rows[4] == ["'@SUM(A1)", ""]
    assert not any(ch in text for ch in CONTROLS.replace("\t", "").replace("\n", "").replace("\r", ""))

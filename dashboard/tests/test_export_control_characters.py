"""Every export with control characters in the data: 200, a file that opens, the text without them.

Issue 16: one `\\x0b` (a soft line break pasted from Word) in a region's name made the office's XLSX export
answer 500 for the whole year (openpyxl's IllegalCharacterError). The data here is written straight into the
database, around the forms that now clean input, as data stored before them would be. Both exports of the
dashboard (regions and totals) and both of the realisations (monitoring) go through one mechanism
(toptechniek.common.exports), which cleans every text it writes.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.services import facts_rebuild
from monitoring.models import MonitorReport, Realisation
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory
from regions.models import Indicator, PlacematTheme, Programme, Region
from regions.tests.factories import IndicatorFactory, TargetFactory
from regions.tests.world import world_build
from toptechniek.common.text import text_printable

pytestmark = pytest.mark.django_db

# The C0 controls the XML of an XLSX refuses, DEL and the C1 block and the non-characters: all that PostgreSQL
# stores (it refuses NUL and lone surrogates itself; toptechniek/common/tests/test_exports.py gives those to
# the export mechanism directly).
CONTROLS = "\x01\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f\ufffe\uffff"


def dirty(text: str) -> str:
    """`text` with control characters before, inside and after it (a formula start hidden behind one too)."""
    middle = len(text) // 2
    return f"\x0b{text[:middle]}{CONTROLS}{text[middle:]}\x1f"


REGION = "Twente – Achterhoek 🚀"
INDICATOR = "Instroom vmbo-techniek (één)"
UNIT = "leerlingen"
EXPLANATION = "Minder bedrijven\nnamen deel."
THEME = "In-, door- en uitstroom"


@pytest.fixture
def world():
    w = world_build(
        programme={"slug": "ttib", "name": "Toptechniek in bedrijf"}, years=(2013,), regions=("twente",), viewer=True
    )
    region = w.regions["twente"]
    report = MonitorReportFactory(region=region, programme_year=w.years[2013], status=MonitorReport.Status.SUBMITTED)
    indicator = IndicatorFactory(region=region, code="IN1", name="x", unit="x", baseline_value=Decimal("3"))
    TargetFactory(indicator=indicator, year=2013, value=Decimal("100"))
    realisation = RealisationFactory(report=report, indicator=indicator, value=Decimal("80"))
    # Straight into the database, as data stored before input was cleaned.
    Region.objects.filter(pk=region.pk).update(name=dirty(REGION))
    Programme.objects.filter(pk=w.programme.pk).update(name=dirty("Toptechniek"))
    Indicator.objects.filter(pk=indicator.pk).update(name=dirty(INDICATOR), unit=dirty("=" + UNIT))
    Realisation.objects.filter(pk=realisation.pk).update(explanation=dirty(EXPLANATION))
    PlacematTheme.objects.filter(programme=w.programme, kind="performance", number=1).update(name=dirty(THEME))
    MonitorReport.objects.filter(pk=report.pk).update(reflection_works=dirty("Wat werkt"))
    facts_rebuild()
    return w


EXPORTS = [
    ("monitoring:realisations_csv", {"slug": "ttib", "year": 2013}, {}),
    ("monitoring:realisations_xlsx", {"slug": "ttib", "year": 2013}, {}),
    ("dashboard:export_csv", {}, {"year": 2013}),
    ("dashboard:export_xlsx", {}, {"year": 2013}),
    ("dashboard:export_csv", {}, {"year": 2013, "provisional": "1"}),
    ("dashboard:export_xlsx", {}, {"year": 2013, "provisional": "1"}),
]


def _texts(response, name: str) -> list[str]:
    """Every text of the file: each cell of every sheet (XLSX), or every field (CSV)."""
    if name.endswith("xlsx"):
        workbook = load_workbook(io.BytesIO(response.content))  # opens: no illegal character in the XML
        return [
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ] + [workbook.properties.title or ""]
    text = response.content.decode("utf-8")  # no lone surrogate either
    return [field for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";") for field in row]


@pytest.mark.parametrize(("name", "kwargs", "query"), EXPORTS, ids=[f"{n}{q}" for n, _k, q in EXPORTS])
def test_exports_answer_a_clean_file_whatever_control_characters_the_data_holds(client, world, name, kwargs, query):
    client.force_login(world.office)

    response = client.get(reverse(name, kwargs=kwargs), query)

    assert response.status_code == 200
    texts = _texts(response, name)
    for text in texts:
        assert text_printable(text) == text, repr(text)
    joined = "\n".join(texts)
    assert REGION in joined  # the text itself is kept: diacritics, the dash, the emoji
    if name.startswith("monitoring"):
        assert INDICATOR in joined and EXPLANATION in joined
        assert "'=" + UNIT in joined or "=" + UNIT in joined  # still neutralised as a formula (see below)
    else:
        assert THEME in joined


def test_the_realisations_xlsx_keeps_a_cleaned_formula_as_text(client, world):
    client.force_login(world.office)

    response = client.get(reverse("monitoring:realisations_xlsx", kwargs={"slug": "ttib", "year": 2013}))

    sheet = load_workbook(io.BytesIO(response.content)).active
    unit = sheet.cell(row=2, column=7)
    assert unit.value == "=" + UNIT and unit.data_type == "s" and unit.quotePrefix
    assert sheet.cell(row=2, column=1).value == REGION
    assert sheet.cell(row=2, column=13).value == EXPLANATION


def test_the_realisations_csv_neutralises_a_formula_behind_a_control_character(client, world):
    client.force_login(world.office)

    response = client.get(reverse("monitoring:realisations_csv", kwargs={"slug": "ttib", "year": 2013}))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][0] == REGION
    assert rows[1][6] == "'=" + UNIT
    assert rows[1][12] == EXPLANATION


def test_the_dashboard_xlsx_headers_are_clean_text(client, world):
    PlacematTheme.objects.filter(programme=world.programme, kind="performance", number=2).update(name="\x0b=SUM(A1)")
    client.force_login(world.viewer)

    response = client.get(reverse("dashboard:export_xlsx"), {"year": 2013})

    sheet = load_workbook(io.BytesIO(response.content))["Regions"]
    headers = [cell for cell in sheet[1] if cell.value]
    assert all(cell.data_type == "s" and text_printable(cell.value) == cell.value for cell in headers)
    assert any(str(cell.value).endswith(f"1. {THEME}") for cell in headers)
    assert any(str(cell.value).endswith("2. =SUM(A1)") for cell in headers)

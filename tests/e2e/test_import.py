"""Figures from a spreadsheet in Chromium: Eemsdelta's project leader (its 2026 report was returned) downloads the
template from the editor, fills in one figure right and one wrong, uploads it, reads the preview with the
problem named, saves only the valid row and finds it in the editor. axe-core runs on every page."""

import io

import pytest
from e2e_helpers import CURRENT, axe_problems, current_year, region_url

pytestmark = [pytest.mark.e2e]

REGION = "eemsdelta"


def test_project_leader_imports_figures_with_a_preview(demo, login_as, tmp_path):
    from openpyxl import load_workbook

    from monitoring.models import MonitorReport

    problems: list[str] = []
    year = current_year()
    report = MonitorReport.objects.select_related("region").get(
        region__programme__slug=CURRENT, region__slug=REGION, programme_year__year=year
    )
    lines = list(report.region.indicators.filter(status="agreed").order_by("code")[:2])
    assert len(lines) == 2
    page = login_as(f"pl.{REGION}@example.org")
    page.goto(region_url(REGION, CURRENT) + f"reports/{year}/edit/")
    page.get_by_role("link", name="Vul de cijfers in een spreadsheet in en importeer ze").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "import page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download het sjabloon van deze rapportage").click()
    with open(download.value.path(), "rb") as handle:  # Playwright's download has no file extension
        workbook = load_workbook(io.BytesIO(handle.read()))
    sheet = workbook.active
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    good, bad = lines
    sheet.cell(row=rows[good.code], column=7).value = "1.234,5"
    sheet.cell(row=rows[good.code], column=8).value = None
    sheet.cell(row=rows[good.code], column=9).value = "Meer leerlingen door de open dagen."
    sheet.cell(row=rows[bad.code], column=7).value = "veel"
    path = tmp_path / "cijfers.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    page.locator('main input[type="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Toon het voorbeeld").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "import preview")
    body = page.locator("main").inner_text()
    assert "'veel' is geen getal" in body, body
    report.refresh_from_db()
    assert not report.realisations.filter(indicator=good, value=1234.5).exists()

    page.get_by_label("Sla alleen de rijen zonder probleem op; de andere verbeter ik.").check()
    page.locator("main form[action$='/import/confirm/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/edit/#section-quantitative")
    problems += axe_problems(page, "editor after import")
    row = report.realisations.get(indicator=good)
    assert (float(row.value), row.explanation) == (1234.5, "Meer leerlingen door de open dagen.")
    assert problems == [], "\n".join(problems)

"""Co-financing on the national dashboard, the region overview and the exports: the year's realised share of
the committed amount, read from the facts the co-financing services keep current."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.models import RegionYearFact
from dashboard.services import facts_check, facts_rebuild
from monitoring.tests.factories import MonitorReportFactory
from regions import services
from regions.models import RegionRole
from regions.services import CofinancingInput
from regions.tests.factories import OrganisationFactory, RegionFactory, RegionPartnerFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        years=(2013, 2014),
        regions=("alpha", "bravo"),
        roles={"leader": ("alpha", RegionRole.Role.PROJECT_LEADER)},
    )
    alpha = w.regions["alpha"]
    school = RegionPartnerFactory(region=alpha, organisation=OrganisationFactory(name="ROC Alpha"))
    company = RegionPartnerFactory(region=alpha, organisation=OrganisationFactory(name="Alpha BV", company=True))
    services.cofinancing_save_year(
        region=alpha,
        programme_year=w.years[2013],
        rows={
            school.pk: CofinancingInput(committed_in_kind=Decimal("30000"), realised_in_kind=Decimal("24000")),
            company.pk: CofinancingInput(committed_money=Decimal("10000"), realised_money=Decimal("10000")),
        },
        actor=w.office,
    )
    w.school, w.company = school, company
    # Alpha's 2013 report is in: its year's co-financing counts in the national picture.
    w.report = MonitorReportFactory(region=alpha, programme_year=w.years[2013], submitted=True)
    facts_rebuild()  # the world is made by factories; the co-financing above refreshed Alpha's facts itself
    return w


def _fact(w, slug="alpha", year=2013):
    return RegionYearFact.objects.get(region=w.regions[slug], programme_year=w.years[year])


def test_facts_hold_the_years_committed_and_realised_totals(w):
    assert (_fact(w).cofinancing_committed, _fact(w).cofinancing_realised) == (Decimal("40000"), Decimal("34000"))
    assert _fact(w, year=2014).cofinancing_committed is None
    assert _fact(w, slug="bravo").cofinancing_committed is None
    assert facts_check() == []


def test_facts_follow_a_change_and_a_removal(w):
    services.cofinancing_save(
        region=w.regions["alpha"],
        partner=w.company,
        programme_year=w.years[2013],
        values=CofinancingInput(committed_money=Decimal("10000"), realised_money=Decimal("2000")),
    )
    assert _fact(w).cofinancing_realised == Decimal("26000")
    services.cofinancing_save(
        region=w.regions["alpha"], partner=w.school, programme_year=w.years[2013], values=CofinancingInput()
    )
    assert (_fact(w).cofinancing_committed, _fact(w).cofinancing_realised) == (Decimal("10000"), Decimal("2000"))
    assert facts_check() == []


def test_dashboard_shows_the_realised_share_of_committed(client, w):
    client.force_login(w.viewer)
    response = client.get(reverse("dashboard:dashboard"), {"programme": w.programme.slug, "year": 2013})
    html = response.content.decode()
    assert ">Co-financing<" in html
    row = next(r for r in response.context["board"].rows if r.region.name == "Alpha")
    assert row.cofinancing_share == 85  # 34,000 of 40,000
    assert ">85%</a>" in html


def test_a_years_cofinancing_reaches_the_national_picture_only_with_its_settled_report(client, w):
    from monitoring.models import MonitorReport

    MonitorReport.objects.filter(pk=w.report.pk).update(status="draft")
    facts_rebuild()
    url = reverse("dashboard:dashboard")
    data = {"programme": w.programme.slug, "year": 2013}
    client.force_login(w.viewer)
    row = next(r for r in client.get(url, data).context["board"].rows if r.region.name == "Alpha")
    assert row.cofinancing_share is None and row.cofinancing_realised is None
    csv_text = client.get(reverse("dashboard:export_csv"), data).content.decode("utf-8-sig")
    assert "34" not in next(line for line in csv_text.splitlines() if line.startswith("Alpha"))
    # The office's provisional view counts it, as it counts the draft's figures.
    client.force_login(w.office)
    board = client.get(url, {**data, "provisional": "1"}).context["board"]
    assert next(r for r in board.rows if r.region.name == "Alpha").cofinancing_share == 85


def test_dashboard_sorts_by_cofinancing_share(client, w):
    client.force_login(w.office)
    response = client.get(
        reverse("dashboard:dashboard"), {"programme": w.programme.slug, "year": 2013, "sort": "-cofinancing"}
    )
    assert [r.region.name for r in response.context["board"].rows] == ["Alpha", "Bravo"]  # nothing recorded last


def test_region_overview_shows_the_share_per_year(client, w):
    client.force_login(w.leader)
    html = client.get(reverse("dashboard:region_overview", args=[w.regions["alpha"]])).content.decode()
    assert ">85%</a>" in html


def test_csv_export_has_the_cofinancing_columns(client, w):
    client.force_login(w.office)
    response = client.get(reverse("dashboard:export_csv"), {"programme": w.programme.slug, "year": 2013})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    alpha = dict(zip(lines[0], next(line for line in lines if line and line[0] == "Alpha"), strict=True))
    assert alpha["Co-financing committed"] == "40000"
    assert alpha["Co-financing realised"] == "34000"
    assert alpha["Co-financing realised as a percentage of committed"] == "85"
    bravo = dict(zip(lines[0], next(line for line in lines if line and line[0] == "Bravo"), strict=True))
    assert bravo["Co-financing realised as a percentage of committed"] == ""


def test_xlsx_export_has_the_cofinancing_columns_in_euros(client, w):
    client.force_login(w.office)
    response = client.get(reverse("dashboard:export_xlsx"), {"programme": w.programme.slug, "year": 2013})
    sheet = load_workbook(io.BytesIO(response.content))["Regions"]
    headers = [c.value for c in next(sheet.iter_rows())]
    column = headers.index("Co-financing committed") + 1
    assert sheet.cell(row=2, column=column).value == 40000
    assert "€" in sheet.cell(row=2, column=column).number_format
    assert sheet.cell(row=2, column=headers.index("Co-financing realised as a percentage of committed") + 1).value == 85


def test_dashboard_queries_are_flat_for_1_and_3_regions_with_cofinancing(client, w):
    client.force_login(w.office)
    url = reverse("dashboard:dashboard")
    data = {"programme": w.programme.slug, "year": 2013}
    client.get(url, data)  # warm up the session

    def another(n):
        region = RegionFactory(programme=w.programme, name=f"Extra {n}", slug=f"extra-{n}")
        partner = RegionPartnerFactory(region=region)
        services.cofinancing_save(
            region=region,
            partner=partner,
            programme_year=w.years[2013],
            values=CofinancingInput(committed_money=Decimal("100"), realised_money=Decimal("50")),
        )

    another(1)
    one = queries_of(client, url, data=data)
    another(2)
    another(3)
    assert queries_of(client, url, data=data) == one


def test_report_page_shows_the_years_cofinancing_per_o_with_an_edit_link_while_open(client, w):
    report = w.report
    edit = reverse("regions:cofinancing_edit", args=[w.regions["alpha"], 2013])
    assert report.status == "submitted"
    client.force_login(w.leader)
    html = client.get(report.get_absolute_url()).content.decode()
    assert 'id="h-cofinancing"' in html
    assert "85% of the committed amount realised" in html
    assert "€ 30.000" in html or "€ 30,000" in html  # the education partners' in-kind commitment
    assert edit not in html  # the report is submitted: the year is fixed for the region
    client.force_login(w.office)
    assert edit in client.get(report.get_absolute_url()).content.decode()  # the office still corrects it
    type(report).objects.filter(pk=report.pk).update(status="returned")
    client.force_login(w.leader)
    assert edit in client.get(report.get_absolute_url()).content.decode()  # returned: open again


def test_report_page_without_cofinancing_says_none_recorded_and_offers_no_edit_to_readers(client, w):
    report = MonitorReportFactory(region=w.regions["alpha"], programme_year=w.years[2014], accepted=True)
    client.force_login(w.viewer)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "No co-financing recorded yet." in html
    assert reverse("regions:cofinancing_edit", args=[w.regions["alpha"], 2014]) not in html

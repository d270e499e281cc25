"""The report editor in the browser's terms: section saves, conflicts, refusals, the report page."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.models import MonitorReport, Realisation
from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import region_key
from toptechniek.common.testing import assert_flat_queries, queries_of

from .factories import MonitorReportFactory, RealisationFactory

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def setup():
    region = RegionFactory(slug="zwolle", name="Zwolle")
    ProgrammeYearFactory(programme=region.programme, year=2013, future=True)
    leader, colleague = UserFactory(full_name="Anna"), UserFactory(full_name="Bram")
    for person in (leader, colleague):
        RegionRoleFactory(user=person, region=region, role=RegionRole.Role.PROJECT_LEADER)
    indicator = IndicatorFactory(region=region, code="IN1")
    TargetFactory(indicator=indicator, year=2013, value=Decimal(100))
    return region, leader, colleague, indicator


def _save_url(section):
    return reverse("monitoring:report_save", args=[region_key("zwolle"), 2013, section])


def test_open_creates_draft_and_leads_to_editor(client, setup):
    region, leader, _colleague, _indicator = setup
    client.force_login(leader)
    response = client.post(reverse("monitoring:report_open", args=[region_key("zwolle"), 2013]))
    assert response["Location"] == reverse("monitoring:report_edit", args=[region_key("zwolle"), 2013])
    report = MonitorReport.objects.get(region=region)
    assert report.status == "draft"
    editor = client.get(response["Location"])
    assert "IN1" in editor.text and 'name="r-' in editor.text


def test_section_save_returns_new_version_and_keeps_values(client, setup):
    region, leader, _colleague, indicator = setup
    report = MonitorReportFactory(region=region)
    client.force_login(leader)
    response = client.post(
        _save_url("quantitative"),
        {"version": "0", f"r-{indicator.pk}-value": "12,5", f"r-{indicator.pk}-explanation": "Minder leerlingen"},
        **FETCH,
    )
    assert response.status_code == 200 and response.json()["version"] == 1
    row = Realisation.objects.get(report=report, indicator=indicator)
    assert row.value == Decimal("12.5") and row.explanation == "Minder leerlingen"
    # Reloading the editor finds the work kept.
    assert 'value="12.5"' in client.get(reverse("monitoring:report_edit", args=[region_key("zwolle"), 2013])).text


def test_two_people_saving_from_the_same_version_never_silently_overwrite(setup):
    region, leader, colleague, _indicator = setup
    report = MonitorReportFactory(region=region)
    anna, bram = Client(), Client()
    anna.force_login(leader)
    bram.force_login(colleague)
    first = anna.post(_save_url("reflection"), {"version": "0", "reflection_works": "Anna's tekst"}, **FETCH)
    assert first.status_code == 200
    second = bram.post(_save_url("reflection"), {"version": "0", "reflection_works": "Bram's tekst"}, **FETCH)
    assert second.status_code == 409
    body = second.json()
    assert body["status"] == "conflict" and body["version"] == 1
    assert "Anna saved this section at" in body["message"]
    assert "Anna&#x27;s tekst" in body["theirs_html"] or "Anna's tekst" in body["theirs_html"]
    report.refresh_from_db()
    assert report.reflection_works == "Anna's tekst"  # the first save is intact
    # Bram chooses to keep his: he saves again on top of the version he has now seen.
    third = bram.post(_save_url("reflection"), {"version": "1", "reflection_works": "Bram's tekst"}, **FETCH)
    assert third.status_code == 200
    report.refresh_from_db()
    assert report.reflection_works == "Bram's tekst"


def test_stale_save_without_javascript_shows_both_versions(setup):
    region, leader, colleague, _indicator = setup
    MonitorReportFactory(region=region, reflection_works="Anna's tekst", reflection_version=1)
    bram = Client()
    bram.force_login(colleague)
    response = bram.post(_save_url("reflection"), {"version": "0", "reflection_works": "Bram's tekst"})
    assert response.status_code == 409
    assert "someone else saved first" in response.text
    assert "Bram&#x27;s tekst" in response.text and "Anna&#x27;s tekst" in response.text


def test_invalid_number_is_refused_and_nothing_saved(client, setup):
    region, leader, _colleague, indicator = setup
    report = MonitorReportFactory(region=region)
    client.force_login(leader)
    response = client.post(_save_url("quantitative"), {"version": "0", f"r-{indicator.pk}-value": "veel"}, **FETCH)
    assert response.status_code == 400
    assert response.json()["errors"] == {f"r-{indicator.pk}-value": "Enter a number, for example 120 or 12,5."}
    report.refresh_from_db()
    assert report.quantitative_version == 0 and not Realisation.objects.exists()
    plain = client.post(_save_url("quantitative"), {"version": "0", f"r-{indicator.pk}-value": "-3"})
    assert plain.status_code == 400 and "A realisation cannot be negative." in plain.text
    assert 'value="-3"' in plain.text


def test_submit_refusal_lists_what_is_missing_on_the_editor(client, setup):
    region, leader, _colleague, _indicator = setup
    MonitorReportFactory(region=region)
    client.force_login(leader)
    response = client.post(reverse("monitoring:report_submit", args=[region_key("zwolle"), 2013]))
    assert response.status_code == 400
    assert "The report cannot be submitted yet. Still missing:" in response.text
    assert "Realisation of IN1" in response.text


def test_report_page_marks_on_track_and_behind_and_shows_trend(client, setup):
    region, leader, _colleague, indicator = setup
    behind = IndicatorFactory(region=region, code="BB1")
    TargetFactory(indicator=behind, year=2013, value=Decimal(50))
    report = MonitorReportFactory(region=region)
    RealisationFactory(report=report, indicator=indicator, value=Decimal(120))
    RealisationFactory(report=report, indicator=behind, value=Decimal(40), explanation="Minder bedrijven")
    client.force_login(leader)
    response = client.get(report.get_absolute_url())
    marks = {line.indicator.code: line.mark for line in response.context["view"].lines}
    assert marks == {"IN1": "on_track", "BB1": "behind"}
    assert "on track" in response.text and "behind target" in response.text
    assert "<svg" in response.text and "Trend of IN1" in response.text


def _report_with(n_indicators):
    region = RegionFactory()
    ProgrammeYearFactory(programme=region.programme, year=2012)
    ProgrammeYearFactory(programme=region.programme, year=2013)
    reports = [MonitorReportFactory(region=region, programme_year=py) for py in region.programme.programme_years.all()]
    for _ in range(n_indicators):
        indicator = IndicatorFactory(region=region)
        for year in (2012, 2013, 2014):
            TargetFactory(indicator=indicator, year=year)
        for report in reports:
            RealisationFactory(report=report, indicator=indicator)
    return reports[-1]


@pytest.mark.parametrize("page", ["report_detail", "report_edit"])
def test_report_pages_query_count_equal_for_1_and_10_indicators(client, page):
    office_or_leader = UserFactory(office=True)
    counts = []
    for n in (1, 10):
        report = _report_with(n)
        user = office_or_leader
        if page == "report_edit":
            user = UserFactory()
            RegionRoleFactory(user=user, region=report.region)
        client.force_login(user)
        url = reverse(f"monitoring:{page}", args=[report.region, report.programme_year.year])
        counts.append(queries_of(client, url))
    assert counts[0] == counts[1]
    # Contributions add a fixed number: the report page +1 (the sub-project paragraphs), the editor +3 (the
    # contributions, and the assign picker's sub-projects and writers).
    # +1 on both: the nagesprek of last year's peer review; +1 on the editor: the office's proposed figures
    assert counts[0] <= {"report_detail": 22, "report_edit": 25}[page]


def test_viewer_sees_accepted_reports_only(client, setup):
    region, *_ = setup
    draft = MonitorReportFactory(region=region)
    client.force_login(UserFactory(viewer=True))
    assert client.get(draft.get_absolute_url()).status_code == 404
    MonitorReport.objects.filter(pk=draft.pk).update(status="accepted")
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_region_page_shows_each_years_report_status(client, setup):
    region, leader, *_ = setup
    RegionPartnerFactory(region=region)
    MonitorReportFactory(region=region, submitted=True)
    client.force_login(leader)
    sections = client.get(region.get_absolute_url()).context["sections"]
    years = next(data for section, data in sections["top"] if section.anchor == "reports")
    assert [(py.year, r.status if r else None, p, why) for py, r, p, why in years["rows"]] == [
        (2013, "submitted", None, None)
    ]


def test_report_list_shows_every_region_of_the_year_with_status_and_filters(client):
    region = RegionFactory(name="Achterhoek")
    other = RegionFactory(programme=region.programme, name="Brainport")
    RegionFactory(programme=region.programme, name="Later", join_year=2014)
    year = ProgrammeYearFactory(programme=region.programme, year=2013)
    MonitorReportFactory(region=region, programme_year=year, submitted=True)
    client.force_login(UserFactory(office=True))
    url = reverse("monitoring:report_list", args=[region.programme.slug, 2013])
    rows = client.get(url).context["rows"]
    assert [(r.region.name, r.report.status if r.report else None) for r in rows] == [
        ("Achterhoek", "submitted"),
        ("Brainport", None),
    ]
    assert [r.region for r in client.get(url + "?status=not_started").context["rows"]] == [other]
    assert [r.region for r in client.get(url + "?status=submitted").context["rows"]] == [region]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12,5", "12.5"), ("12.5", "12.5"), ("1.000", "1000"), ("1.000,5", "1000.5"), (" 7 ", "7"), ("", None)],
)
def test_realisation_numbers_are_read_as_people_type_them(typed, value):
    from monitoring.forms import parse_quantitative

    parsed = parse_quantitative({"r-1-value": typed})
    assert not parsed.errors
    result = parsed.values[1].value
    assert (str(result) if result is not None else None) == value


def test_saved_decimal_comes_back_with_a_dutch_comma(client, setup, settings):
    region, leader, _colleague, indicator = setup
    report = MonitorReportFactory(region=region)
    RealisationFactory(report=report, indicator=indicator, value=Decimal("12.5"))
    client.force_login(leader)
    client.cookies["django_language"] = "nl"
    assert 'value="12,5"' in client.get(reverse("monitoring:report_edit", args=[region_key("zwolle"), 2013])).text


def test_report_list_query_count_equal_for_1_and_3_regions(client):
    programme_region = RegionFactory()
    year = ProgrammeYearFactory(programme=programme_region.programme, year=2013)
    client.force_login(UserFactory(office=True))
    url = reverse("monitoring:report_list", args=[programme_region.programme.slug, 2013])
    MonitorReportFactory(region=programme_region, programme_year=year)

    def another_region():
        MonitorReportFactory(region=RegionFactory(programme=programme_region.programme), programme_year=year)

    assert_flat_queries(client, url, grow=another_region)


def test_report_page_query_count_equal_for_1_and_3_years_of_reports(client):
    region = RegionFactory()
    years = [ProgrammeYearFactory(programme=region.programme, year=y) for y in (2012, 2013, 2014)]
    client.force_login(UserFactory(office=True))
    counts = []
    for n in (1, 3):
        for py in years[:n]:
            MonitorReport.objects.get_or_create(region=region, programme_year=py)
        report = MonitorReport.objects.get(region=region, programme_year=years[0])
        counts.append(queries_of(client, report.get_absolute_url()))
    assert counts[0] == counts[1]

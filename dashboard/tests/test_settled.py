"""National figures from settled data only (issue 12).

- Invariant: editing a draft report (figures, texts, self-assessment, reflection) through the editor's
  services changes nothing the viewer sees on the dashboard, the totals, the region overview or the
  exports; submitting to the office does (directly, or once the penvoerder endorses).
- The office's provisional view shows draft figures, labelled; the viewer's ?provisional=1 is ignored.
- Totals per unit and direction on constructed data, against hand-computed figures; regions without
  figures are named.
- Grant amounts on the region overview follow the grant rules.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audits.tests.factories import ConsolidatedScoreFactory, PlacematFactory, StimulusGrantFactory
from dashboard import selectors
from dashboard.services import facts_rebuild
from monitoring import services
from monitoring.exports import realisation_table
from monitoring.models import MonitorReport
from monitoring.services import RealisationInput
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory
from regions.models import GuidingQuestion, Indicator, PlacematTheme, RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import region_key, world_build
from toptechniek.common.testing import World, queries_of

pytestmark = pytest.mark.django_db


def _world(*, penvoerder: bool) -> World:
    """Amsterdam: 2012 accepted (behind its target), 2013 a draft (behind again, a self-assessment far
    above the committee's score). Utrecht: 2013 accepted, on target."""
    roles = {"leader": ("amsterdam", "project_leader", "pl@t.example")}
    if penvoerder:
        roles["penvoerder"] = ("amsterdam", "penvoerder", "pv@t.example")
    w = world_build(
        programme={"slug": "ttib", "start_year": 2012, "end_year": 2015},
        years=(2012, 2013),
        regions=({"slug": "amsterdam", "landsdeel": "noord"}, {"slug": "utrecht", "landsdeel": "west"}),
        roles=roles,
    )
    w.amsterdam, w.utrecht = w.regions["amsterdam"], w.regions["utrecht"]
    if penvoerder:
        RegionPartnerFactory(region=w.amsterdam, penvoerder=True)
    w.indicator = IndicatorFactory(region=w.amsterdam, code="AM1", unit="leerlingen")
    TargetFactory(indicator=w.indicator, year=2012, value=100)
    TargetFactory(indicator=w.indicator, year=2013, value=110)
    a12 = MonitorReportFactory(region=w.amsterdam, programme_year=w.years[2012], accepted=True)
    RealisationFactory(report=a12, indicator=w.indicator, value=90)
    w.report = MonitorReportFactory(region=w.amsterdam, programme_year=w.years[2013])
    services.report_save_quantitative(
        report=w.report,
        base_version=0,
        values={w.indicator.pk: RealisationInput(value=Decimal(95), not_applicable=False, explanation="")},
        user=w.leader,
    )
    process = PlacematTheme.objects.get(programme=w.programme, kind="process", number=1)
    w.process = process
    placemat = PlacematFactory(region=w.amsterdam, programme_year=w.years[2013], published=True)
    ConsolidatedScoreFactory(placemat=placemat, theme=process, score=1)
    u_indicator = IndicatorFactory(region=w.utrecht, code="UT1", unit="leerlingen")
    TargetFactory(indicator=u_indicator, year=2013, value=50)
    u13 = MonitorReportFactory(region=w.utrecht, programme_year=w.years[2013], accepted=True)
    RealisationFactory(report=u13, indicator=u_indicator, value=60)
    facts_rebuild()  # factories work around the services that keep the facts
    return w


def _edit_the_draft(w: World) -> None:
    """Everything the editor saves (and autosaves): figures, answers, self-assessment, reflection."""
    report = MonitorReport.objects.get(pk=w.report.pk)
    services.report_save_quantitative(
        report=report,
        base_version=report.quantitative_version,
        values={w.indicator.pk: RealisationInput(value=Decimal(90), not_applicable=False, explanation="Krapte")},
        user=w.leader,
    )
    questions = GuidingQuestion.objects.filter(theme__programme=w.programme, theme__kind="process")
    services.report_save_qualitative(
        report=report, base_version=0, answers={q.pk: f"Antwoord {q.pk}" for q in questions}, user=w.leader
    )
    themes = PlacematTheme.objects.filter(programme=w.programme)
    services.report_save_self_assessment(
        report=report,
        base_version=0,
        scores={t.pk: (4 if t.pk == w.process.pk else 3, "Zo") for t in themes},
        user=w.leader,
    )
    services.report_save_reflection(
        report=report,
        base_version=0,
        works="Werkt.",
        not_yet="Nog niet.",
        progress="Goed.",
        learning_themes=[(w.process.pk, "Leren")],
        user=w.leader,
    )


def _normalise(html: str) -> str:
    """A page without what changes on every request (the masked CSRF token, CSP nonces)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'(nonce|content)="[A-Za-z0-9+/=_-]{16,}"', "", html)
    return html


def _viewer_sees(client, w: World) -> dict:
    client.force_login(w.viewer)
    seen = {}
    for name, url in (
        ("dashboard", reverse("dashboard:dashboard") + "?year=2013"),
        ("totals", reverse("dashboard:totals")),
        ("overview", reverse("dashboard:region_overview", args=[region_key("amsterdam")])),
        ("csv", reverse("dashboard:export_csv") + "?year=2013"),
    ):
        response = client.get(url)
        assert response.status_code == 200, name
        seen[name] = response.content.decode() if name == "csv" else _normalise(response.content.decode())
    xlsx = load_workbook(io.BytesIO(client.get(reverse("dashboard:export_xlsx") + "?year=2013").content))
    seen["xlsx"] = [[[c.value for c in row] for row in sheet.iter_rows()] for sheet in xlsx.worksheets]
    return seen


def _amsterdam_row(w: World, *, include_drafts: bool = False):
    years = selectors.programme_years(programme_slug="ttib")
    board = selectors.dashboard(
        programme_year=w.years[2013], years=years, filters=selectors.Filters(), include_drafts=include_drafts
    )
    return next(row for row in board.rows if row.region.name == "Amsterdam"), board


@pytest.mark.parametrize("penvoerder", [False, True], ids=["straight-to-office", "via-penvoerder"])
def test_editing_a_draft_changes_nothing_the_viewer_sees_and_submitting_does(client, penvoerder):
    w = _world(penvoerder=penvoerder)
    before = _viewer_sees(client, w)
    _edit_the_draft(w)
    after_edit = _viewer_sees(client, w)
    for key in before:
        assert after_edit[key] == before[key], key
    row, board = _amsterdam_row(w)
    assert (row.status, row.judged, row.gap_count, row.flags) == ("draft", 0, 0, ["overdue", "no_peer_review"])
    assert board.year_point.reported == 1  # Utrecht only

    report = MonitorReport.objects.get(pk=w.report.pk)
    services.report_submit(report=report, actor=w.leader)
    if penvoerder:  # awaiting the penvoerder's endorsement: not yet the office's, so still nothing
        report.refresh_from_db()
        assert report.status == "awaiting_endorsement"
        assert _viewer_sees(client, w)["totals"] == before["totals"]  # the status columns do show it
        assert _amsterdam_row(w)[0].judged == 0
        services.report_endorse(report=report, actor=w.penvoerder)
    after_submit = _viewer_sees(client, w)
    for key in before:
        assert after_submit[key] != before[key], key
    row, board = _amsterdam_row(w)
    assert (row.on_track, row.behind, row.gap_count) == (0, 1, 1)
    assert "behind" in row.flags  # 2012 and 2013 both behind, both settled now
    assert board.year_point.reported == 2
    assert "2 of 2 regions reported for 2013." in after_submit["dashboard"]


def test_status_columns_show_the_draft_but_no_number(client):
    w = _world(penvoerder=False)
    html = _viewer_sees(client, w)["dashboard"]
    assert "1 of 2 regions reported for 2013." in html
    assert "submitted to the programme office or accepted" in html
    text = _viewer_sees(client, w)["csv"]
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, amsterdam = lines[0], next(line for line in lines if line and line[0] == "Amsterdam")
    record = dict(zip(header, amsterdam, strict=False))
    assert record["Report status"] == "draft"
    assert record["Indicators on track"] == record["Indicators behind"] == ""


def test_office_realisations_export_leaves_draft_figures_empty(client):
    w = _world(penvoerder=False)
    table = realisation_table(programme_id=w.programme.pk, year=2013)
    rows = {row[0]: dict(zip(table.headers, row, strict=True)) for row in table.rows}
    assert rows["Amsterdam"]["Report status"] == "draft"
    assert rows["Amsterdam"]["Realisation 2013"] is None
    assert rows["Amsterdam"]["Target 2013"] == Decimal(110)
    assert rows["Utrecht"]["Realisation 2013"] == Decimal(60)
    provisional = realisation_table(programme_id=w.programme.pk, year=2013, include_drafts=True)
    assert {row[0]: row[10] for row in provisional.rows}["Amsterdam"] == Decimal(95)


def test_office_provisional_view_shows_drafts_labelled(client):
    w = _world(penvoerder=False)
    client.force_login(w.office)
    url = reverse("dashboard:dashboard")
    settled = client.get(url, {"year": 2013}).content.decode()
    assert 'id="provisional-banner"' not in settled
    assert "Include drafts (provisional)" in settled
    response = client.get(url, {"year": 2013, "provisional": "1"})
    html = response.content.decode()
    assert 'id="provisional-banner"' in html
    assert response.context["board"].include_drafts
    amsterdam = next(r for r in response.context["board"].rows if r.region.name == "Amsterdam")
    assert (amsterdam.on_track, amsterdam.behind) == (0, 1)  # the draft's 95 against 110
    assert "2 of 2 regions reported for 2013." in html
    totals = client.get(reverse("dashboard:totals"), {"provisional": "1"}).content.decode()
    assert 'id="provisional-banner"' in totals
    overview = client.get(reverse("dashboard:region_overview", args=[region_key("amsterdam")]), {"provisional": "1"})
    assert 'id="provisional-banner"' in overview.content.decode()
    export = client.get(reverse("dashboard:export_csv"), {"year": 2013, "provisional": "1"})
    assert "provisional" in export["Content-Disposition"]
    assert export.content.decode().lstrip("\ufeff").startswith("PROVISIONAL")
    xlsx = client.get(reverse("dashboard:export_xlsx"), {"year": 2013, "provisional": "1"})
    assert "provisional" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content))["Regions"]
    assert str(sheet["A1"].value).startswith("PROVISIONAL")


def test_viewer_provisional_parameter_is_ignored(client):
    w = _world(penvoerder=False)
    plain = _viewer_sees(client, w)
    client.force_login(w.viewer)
    for key, url in (
        ("dashboard", reverse("dashboard:dashboard") + "?year=2013&provisional=1"),
        ("overview", reverse("dashboard:region_overview", args=[region_key("amsterdam")]) + "?provisional=1"),
    ):
        html = _normalise(client.get(url).content.decode())
        assert 'id="provisional-banner"' not in html
        assert "Include drafts" not in html

        # the same page but for the parameter echoed in links (language form, exports)
        def echo_free(page: str) -> str:
            return re.sub(r"(\?|&amp;)provisional=1", "", page).replace('?"', '"')

        assert echo_free(html) == echo_free(plain[key]), key
    response = client.get(reverse("dashboard:dashboard"), {"year": 2013, "provisional": "1"})
    assert not response.context["board"].include_drafts
    amsterdam = next(r for r in response.context["board"].rows if r.region.name == "Amsterdam")
    assert amsterdam.judged == 0
    export = client.get(reverse("dashboard:export_csv"), {"year": 2013, "provisional": "1"})
    assert "provisional" not in export["Content-Disposition"]
    assert export.content.decode() == plain["csv"]
    totals = client.get(reverse("dashboard:totals"), {"provisional": "1"}).content.decode()
    assert _normalise(totals).replace("?provisional=1", "") == plain["totals"]  # the language form's "next"


# --- Totals per unit, on constructed data ------------------------------------------------------------


@pytest.fixture
def units(db):
    """Year 2013, route vakmanschap, every indicator in performance area 1.

    | region  | report   | indicator | unit         | direction | target | realised         |
    |---------|----------|-----------|--------------|-----------|--------|------------------|
    | Amstel  | accepted | A1        | leerlingen   | higher    | 100    | 120              |
    |         |          | A2        | Bedrijven    | higher    | 10     | 8                |
    |         |          | A3        | %            | higher    | 60     | 70               |
    |         |          | A4        | leerlingen   | lower     | 20     | 15  (uitval)     |
    | Brabant | submitted| B1        | Leerlingen ␠ | higher    | 50     | 40               |
    |         |          | B2        | %            | higher    | 40     | 30               |
    |         |          | B3        | bedrijven    | higher    | 5      | n/a (left out)   |
    |         |          | B4        | leerlingen   | higher    | —      | 999 (no target)  |
    | Cees    | none     |           |              |           |        | missing          |
    | Eems    | draft    | E1        | leerlingen   | higher    | 10     | 1000 (draft)     |
    | Dollard | stopped  |           |              |           |        | not expected     |
    """
    w = world_build(
        programme={"slug": "units", "start_year": 2013, "end_year": 2014},
        years=(2013, {"year": 2014, "future": True}),
        regions=("amstel", "brabant", "cees", "eems", {"slug": "dollard", "status": "stopped"}),
        office=False,
        viewer=False,
    )
    programme, py = w.programme, w.years[2013]
    regions = {name: w.regions[name.lower()] for name in ("Amstel", "Brabant", "Cees", "Eems")}
    reports = {
        "Amstel": MonitorReportFactory(region=regions["Amstel"], programme_year=py, accepted=True),
        "Brabant": MonitorReportFactory(region=regions["Brabant"], programme_year=py, submitted=True),
        "Eems": MonitorReportFactory(region=regions["Eems"], programme_year=py),
    }
    lower = Indicator.Direction.LOWER
    for region, code, unit, direction, target, value, na in (
        ("Amstel", "A1", "leerlingen", "higher", 100, 120, False),
        ("Amstel", "A2", "Bedrijven", "higher", 10, 8, False),
        ("Amstel", "A3", "%", "higher", 60, 70, False),
        ("Amstel", "A4", "leerlingen", lower, 20, 15, False),
        ("Brabant", "B1", "Leerlingen ", "higher", 50, 40, False),
        ("Brabant", "B2", "%", "higher", 40, 30, False),
        ("Brabant", "B3", "bedrijven", "higher", 5, None, True),
        ("Brabant", "B4", "leerlingen", "higher", None, 999, False),
        ("Eems", "E1", "leerlingen", "higher", 10, 1000, False),
    ):
        indicator = IndicatorFactory(region=regions[region], code=code, unit=unit, direction=direction)
        if target is not None:
            TargetFactory(indicator=indicator, year=2013, value=target)
        RealisationFactory(report=reports[region], indicator=indicator, value=value, not_applicable=na)
    facts_rebuild()
    return programme


def _totals(programme, **kwargs):
    years = selectors.programme_years(programme_slug=programme.slug)
    themes = list(programme.placemat_themes.order_by("kind", "number"))
    return selectors.programme_totals(programme=programme, themes=themes, years=years, **kwargs)


def test_totals_per_unit_and_direction_against_hand_computed_figures(units):
    totals = _totals(units)
    lines = {(line.unit.strip().casefold(), line.direction): line for line in totals.routes}
    assert set(lines) == {("%", "higher"), ("bedrijven", "higher"), ("leerlingen", "higher"), ("leerlingen", "lower")}
    figures = {
        key: [(p.year, p.realised, p.target, p.regions, p.indicators, p.met) for p in line.points]
        for key, line in lines.items()
    }
    assert figures == {
        # percentages: the mean over regions, (70 + 30) / 2 against (60 + 40) / 2; never 100 against 100
        ("%", "higher"): [(2013, Decimal(50), Decimal(50), 2, 2, True)],
        # Brabant's "nothing to report" is left out of both
        ("bedrijven", "higher"): [(2013, Decimal(8), Decimal(10), 1, 1, False)],
        # "Leerlingen " is "leerlingen"; B4 has no target (out of both); Eems' draft does not count
        ("leerlingen", "higher"): [(2013, Decimal(160), Decimal(150), 2, 2, True)],
        # lower is better: 15 against at most 20 is met
        ("leerlingen", "lower"): [(2013, Decimal(15), Decimal(20), 1, 1, True)],
    }
    assert lines[("%", "higher")].mean and not lines[("leerlingen", "higher")].mean
    assert all(line.label == "Vakmanschap" or line.label for line in totals.routes)
    # The performance area holds the same four lines (every indicator is in area 1).
    assert sorted((line.unit.strip().casefold(), line.direction) for line in totals.areas) == sorted(lines)
    (coverage,) = totals.coverage  # 2014 is not due and has no figures
    assert (coverage.year, coverage.expected, coverage.reported, coverage.missing) == (
        2013,
        4,  # Amstel, Brabant, Cees, Eems; Dollard stopped: not expected
        2,  # Amstel, Brabant
        ["Cees", "Eems"],  # Eems' report is a draft
    )


def test_totals_provisional_counts_the_draft(units):
    totals = _totals(units, include_drafts=True)
    line = next(x for x in totals.routes if x.unit.strip().casefold() == "leerlingen" and x.direction == "higher")
    assert (line.points[0].realised, line.points[0].target) == (Decimal(1160), Decimal(160))
    assert totals.coverage[0].missing == ["Cees"]


def test_totals_page_names_the_missing_regions_and_units(client, units):
    client.force_login(UserFactory(viewer=True))
    html = client.get(reverse("dashboard:totals"), {"programme": "units"}).content.decode()
    assert "2 of 4 regions reported" in html
    assert "missing: Cees, Eems" in html
    assert "lower is better" in html
    assert "mean over regions" in html


def test_dashboard_export_totals_carry_the_unit(client, units):
    client.force_login(UserFactory(office=True))
    response = client.get(reverse("dashboard:export_csv"), {"programme": "units", "year": 2013})
    text = response.content.decode().lstrip("\ufeff")
    tables = text.split("\r\n\r\n")
    lines = list(csv.reader(io.StringIO(tables[1]), delimiter=";"))
    header = lines[0]
    assert "Unit" in header and "Totalled as" in header
    records = [dict(zip(header, line, strict=True)) for line in lines[1:] if line]
    missing = next(r for r in records if r["Figure"] == "Regions without figures")
    assert missing["Value"] == "Cees; Eems"
    lower = [r for r in records if r["Direction"] == "lower is better"]
    assert lower and all(r["Unit"] == "leerlingen" and r["Value"] == "15" for r in lower)
    mean = [r for r in records if r["Unit"] == "%"]
    assert mean and all(r["Totalled as"] == "mean over regions" and r["Value"] == "50" for r in mean)


# --- Grant amounts on the region overview follow the grant rules ---------------------------------------


@pytest.fixture
def grants(db):
    w = world_build(
        programme={"slug": "grants", "start_year": 2012, "end_year": 2013},
        years=(2012, 2013),
        regions=("gouda",),
        office=False,
        viewer=False,
    )
    years, region = w.years, w.regions["gouda"]
    StimulusGrantFactory(region=region, programme_year=years[2012], proposed_amount=54321, decided=True)
    StimulusGrantFactory(region=region, programme_year=years[2013], proposed_amount=12345)  # a proposal
    facts_rebuild()
    return region


def _overview(client, user, region):
    client.force_login(user)
    return client.get(reverse("dashboard:region_overview", args=[region]))


@pytest.mark.parametrize("role", [RegionRole.Role.PARTNER, RegionRole.Role.CRITICAL_FRIEND])
def test_overview_hides_grant_amounts_from_partners_and_critical_friends(client, grants, role):
    user = UserFactory()
    RegionRoleFactory(user=user, region=grants, role=role)
    response = _overview(client, user, grants)
    assert response.status_code in (200, 404)  # a critical friend may have no access at all
    html = response.content.decode()
    for amount in ("12,345", "12.345", "54,321", "54.321", "€"):
        assert amount not in html


def test_overview_shows_decided_grants_only_to_the_region_lead(client, grants):
    user = UserFactory()
    RegionRoleFactory(user=user, region=grants, role=RegionRole.Role.PROJECT_LEADER)
    html = _overview(client, user, grants).content.decode()
    assert "54,321" in html and "12,345" not in html  # as on the region's grants page


@pytest.mark.parametrize("who", ["office", "viewer"])
def test_overview_shows_grant_amounts_to_office_and_viewer(client, grants, who):
    user = UserFactory(**{who: True})
    html = _overview(client, user, grants).content.decode()
    assert "54,321" in html and "12,345" in html


def test_totals_page_query_count_does_not_grow_with_regions(client, units):
    client.force_login(UserFactory(viewer=True))
    url = reverse("dashboard:totals")
    client.get(url, {"programme": "units"})  # warm up the session
    before = queries_of(client, url, data={"programme": "units"})
    py = units.programme_years.get(year=2013)
    for n in range(2):
        region = RegionFactory(programme=units, name=f"Extra {n}", slug=f"extra-{n}")
        indicator = IndicatorFactory(region=region, code=f"X{n}", unit="%")
        TargetFactory(indicator=indicator, year=2013, value=10)
        report = MonitorReportFactory(region=region, programme_year=py, accepted=True)
        RealisationFactory(report=report, indicator=indicator, value=5)
    facts_rebuild()
    assert queries_of(client, url, data={"programme": "units"}) == before


def test_office_realisations_csv_is_settled_unless_asked_provisional(client):
    w = _world(penvoerder=False)
    client.force_login(UserFactory(office=True))
    url = reverse("monitoring:realisations_csv", args=[w.programme.slug, 2013])
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    amsterdam = next(row for row in rows if row[0] == "Amsterdam")
    assert "95" not in amsterdam and "provisional" not in response["Content-Disposition"]
    response = client.get(url + "?provisional=1")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "95" in next(row for row in rows if row[0] == "Amsterdam")
    assert "provisional.csv" in response["Content-Disposition"]

"""The national dashboard against hand-computed figures on a constructed programme.

Programme 2012–2015, reports due on 1 March of the next year (all in the past). Year 2013:

| region  | landsdeel | status  | report 2013                 | notes                                              |
|---------|-----------|---------|-----------------------------|----------------------------------------------------|
| Alpha   | noord     | active  | accepted, on time           | I1 120/100 on track, I2 40/50 behind (also 2012);  |
|         |           |         |                             | placemat 2013 perf-1 = 3 (2012: 4) → dropped;      |
|         |           |         |                             | process-1 self 4 vs committee 1 → gap;             |
|         |           |         |                             | peer review held; visit reported, action overdue   |
| Bravo   | oost      | active  | none                        | overdue, no peer review                            |
| Charlie | zuid      | active  | submitted late              | peer of Alpha's 2012 review                        |
| Delta   | west      | active  | returned (first in on time) | no peer review                                     |
| Echo    | noord     | stopped | none                        | listed, never flagged, not counted as expected     |
| Foxtrot | oost      | active  | —                           | joined 2014: not in 2013                           |
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audits.tests.factories import (
    AuditVisitFactory,
    ConsolidatedScoreFactory,
    FollowUpActionFactory,
    PlacematFactory,
    StimulusGrantFactory,
)
from dashboard import selectors
from dashboard.exports import region_table
from dashboard.overview import region_overview
from dashboard.services import facts_rebuild
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory, SelfAssessmentFactory
from peerreviews.tests.factories import PeerReviewFactory
from regions.models import RegionRole
from regions.tests.factories import IndicatorFactory, RegionFactory, RegionRoleFactory, TargetFactory, UserFactory
from regions.tests.world import region_key, world_build
from toptechniek.common.testing import queries_in, queries_of

NOW = timezone.now()


def _published(region, year, scores: dict):
    placemat = PlacematFactory(region=region, programme_year=year, published=True)
    for theme, score in scores.items():
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=score)
    return placemat


@pytest.fixture
def world(db):
    w = world_build(
        programme={"slug": "ttib", "start_year": 2012, "end_year": 2015},
        years=(2012, 2013, 2014, 2015),
        regions=(
            {"slug": "alpha", "landsdeel": "noord"},
            {"slug": "bravo", "landsdeel": "oost"},
            {"slug": "charlie", "landsdeel": "zuid"},
            {"slug": "delta", "landsdeel": "west"},
            {"slug": "echo", "landsdeel": "noord", "status": "stopped"},
            {"slug": "foxtrot", "landsdeel": "oost", "join_year": 2014},
        ),
    )
    programme, years = w.programme, w.years
    perf = {t.number: t for t in programme.placemat_themes.filter(kind="performance")}
    proc = {t.number: t for t in programme.placemat_themes.filter(kind="process")}
    alpha, bravo, charlie, delta, echo = (w.regions[slug] for slug in ("alpha", "bravo", "charlie", "delta", "echo"))

    # Alpha: two indicators (and a percentage one that the totals leave out), reports 2012 and 2013.
    i1 = IndicatorFactory(region=alpha, code="I1", route="vakmanschap", performance_area=perf[1])
    i2 = IndicatorFactory(region=alpha, code="I2", route="technologie", performance_area=perf[2])
    i3 = IndicatorFactory(region=alpha, code="I3", route="beide", performance_area=perf[3], unit="%")
    for year in (2012, 2013):
        TargetFactory(indicator=i1, year=year, value=100)
        TargetFactory(indicator=i2, year=year, value=50)
        TargetFactory(indicator=i3, year=year, value=60)
    a12 = MonitorReportFactory(region=alpha, programme_year=years[2012], accepted=True)
    a13 = MonitorReportFactory(region=alpha, programme_year=years[2013], accepted=True)
    RealisationFactory(report=a12, indicator=i1, value=90)  # behind in 2012 only
    RealisationFactory(report=a12, indicator=i2, value=30)
    RealisationFactory(report=a13, indicator=i1, value=120)
    RealisationFactory(report=a13, indicator=i2, value=40)  # behind two years running
    RealisationFactory(report=a13, indicator=i3, value=70)  # on track, but not in the totals
    _published(alpha, years[2012], {perf[1]: 4, proc[1]: 1})
    placemat = _published(alpha, years[2013], {perf[1]: 3, perf[2]: 2, proc[1]: 1})
    SelfAssessmentFactory(report=a13, theme=proc[1], score=4)  # 3 above the committee
    SelfAssessmentFactory(report=a13, theme=perf[1], score=4)  # 1 above: no gap
    PeerReviewFactory(host_region=alpha, peer_region=charlie, programme_year=years[2013], held=True)
    visit = AuditVisitFactory(
        region=alpha, programme_year=years[2013], reported=True, judgement="attention", reported_at=NOW
    )
    FollowUpActionFactory(visit=visit, due_date=datetime.date(2014, 6, 1))  # overdue, not done
    FollowUpActionFactory(visit=visit, due_date=datetime.date(2014, 6, 1), done=True, done_at=NOW)
    StimulusGrantFactory(region=alpha, programme_year=years[2013], proposed_amount=80000, decided=True)

    # Charlie: late. Delta: returned after an on-time first submission.
    MonitorReportFactory(region=charlie, programme_year=years[2013], submitted=True, is_late=True)
    MonitorReportFactory(
        region=delta, programme_year=years[2013], status="returned", first_submitted_at=NOW, is_late=False
    )
    facts_rebuild()  # the data above is made by factories, around the services that keep the facts
    return {
        "programme": programme,
        "years": years,
        "regions": {"alpha": alpha, "bravo": bravo, "charlie": charlie, "delta": delta, "echo": echo},
        "placemat": placemat,
        "themes": {"perf": perf, "proc": proc},
        "office": w.office,
        "viewer": w.viewer,
    }


def _board(world, year=2013, **params):
    years = selectors.programme_years(programme_slug="ttib", landsdeel=params.get("landsdeel", ""))
    py = next(p for p in years if p.year == year)
    filters = selectors.Filters.from_query(params)
    return selectors.dashboard(programme_year=py, years=years, filters=filters, with_totals=True)


def _rows(board):
    return {row.region.name: row for row in board.rows}


def test_rows_and_status_counts(world):
    board = _board(world)
    rows = _rows(board)
    assert list(rows) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]  # Foxtrot joined in 2014
    assert board.total == 5
    assert {k: v for k, v in board.counts.items() if v} == {
        "not_started": 2,
        "accepted": 1,
        "submitted": 1,
        "returned": 1,
        "late": 3,  # Bravo and Echo (nothing in after the due date), Charlie (first submitted late)
    }
    assert (rows["Alpha"].status, rows["Alpha"].late) == ("accepted", False)
    assert (rows["Bravo"].status, rows["Bravo"].late) == ("not_started", True)
    assert (rows["Charlie"].status, rows["Charlie"].late) == ("submitted", True)
    assert (rows["Delta"].status, rows["Delta"].late) == ("returned", False)
    assert (rows["Echo"].status, rows["Echo"].late) == ("not_started", True)


def test_indicator_progress_matches_the_report_page(world):
    from monitoring.selectors import report_view

    row = _rows(_board(world))["Alpha"]
    assert (row.on_track, row.behind, row.on_track_pct) == (2, 1, 67)  # I1 and I3 on track, I2 behind
    report = world["regions"]["alpha"].reports.get(programme_year__year=2013)
    assert report_view(report=report).counts == {"on_track": 2, "behind": 1}


def test_placemat_heatmap_gap_judgement_peer_review_grant(world):
    row = _rows(_board(world))["Alpha"]
    perf, proc = world["themes"]["perf"], world["themes"]["proc"]
    scores = {cell.theme.pk: cell.score for cell in row.cells}
    assert len(row.cells) == 8
    assert scores[perf[1].pk] == 3 and scores[perf[2].pk] == 2 and scores[proc[1].pk] == 1
    assert scores[perf[4].pk] is None
    assert row.gap_count == 1  # process theme 1: self 4, committee 1
    assert row.judgement == "attention"
    assert row.peer_review_status == "held"
    assert (row.grant_status, row.grant_decided) == ("decided", Decimal("80000"))
    charlie = _rows(_board(world))["Charlie"]
    assert charlie.peer_review_status == "held"  # as the peer region
    assert charlie.cells == [] and charlie.judgement == ""


def test_early_warning_flags_with_reasons(world):
    board = _board(world)
    rows = _rows(board)
    assert rows["Alpha"].flags == ["behind", "dropped", "actions"]
    assert rows["Bravo"].flags == ["overdue", "no_peer_review"]
    assert rows["Charlie"].flags == []  # late, but in; reviewed as the peer
    assert rows["Delta"].flags == ["no_peer_review"]
    assert rows["Echo"].flags == []  # stopped
    assert board.flag_counts == {
        "overdue": 1,
        "behind": 1,
        "dropped": 1,
        "no_peer_review": 2,
        "actions": 1,
        "any": 3,
    }
    assert "report overdue" in rows["Bravo"].flag_labels


def test_a_closed_programme_is_judged_on_the_day_it_closed(world):
    """Alpha's action was due on 1 June 2014: still open when the programme closed after that, it stays
    flagged; closed before it fell due, nothing became late afterwards."""
    programme = world["programme"]
    for closed, flagged in (
        (datetime.datetime(2016, 9, 30, 12, tzinfo=datetime.UTC), True),
        (datetime.datetime(2014, 3, 1, 12, tzinfo=datetime.UTC), False),
    ):
        programme.closed_at = closed
        programme.save()
        rows = _rows(_board(world))
        assert ("actions" in rows["Alpha"].flags) is flagged, closed
        overview = region_overview(region=rows["Alpha"].region)
        year_2013 = next(line.row for line in overview.years if line.programme_year.year == 2013)
        assert ("actions" in year_2013.flags) is flagged, closed


def test_completeness_per_year(world):
    board = _board(world)
    by_year = {p.year: p for p in board.years}
    # 2013: Alpha, Bravo, Charlie, Delta take part (Echo stopped); in: Alpha, Charlie, Delta.
    p = by_year[2013]
    assert (p.expected, p.submitted, p.on_time, p.accepted) == (4, 3, 2, 1)
    assert (p.submitted_pct, p.on_time_pct, p.accepted_pct) == (75, 50, 25)
    p = by_year[2012]
    assert (p.expected, p.submitted, p.on_time, p.accepted) == (4, 1, 1, 1)
    assert by_year[2014].expected == 5  # Foxtrot joined


def test_programme_totals_per_route_and_area(world):
    board = _board(world)
    routes = {line.key: [(p.year, p.realised, p.target) for p in line.points] for line in board.routes}
    assert routes == {
        "vakmanschap|students|higher": [(2012, Decimal(90), Decimal(100)), (2013, Decimal(120), Decimal(100))],
        "technologie|students|higher": [(2012, Decimal(30), Decimal(50)), (2013, Decimal(40), Decimal(50))],
        "beide|%|higher": [(2013, Decimal(70), Decimal(60))],  # a percentage: its own line, a mean
    }
    assert [line.mean for line in board.routes] == [False, False, True]
    areas = {line.label.split(".")[0]: line.points for line in board.areas}
    assert (areas["1"][1].year, areas["1"][1].realised, areas["1"][1].target) == (2013, Decimal(120), Decimal(100))
    assert (areas["2"][0].year, areas["2"][0].realised, areas["2"][0].target) == (2012, Decimal(30), Decimal(50))


def test_filters_sort_and_grouping(world):
    assert [r.region.name for r in _board(world, status="late").rows] == ["Bravo", "Charlie", "Echo"]
    assert [r.region.name for r in _board(world, status="not_started").rows] == ["Bravo", "Echo"]
    assert [r.region.name for r in _board(world, landsdeel="noord").rows] == ["Alpha", "Echo"]
    assert [r.region.name for r in _board(world, flag="no_peer_review").rows] == ["Bravo", "Delta"]
    assert [r.region.name for r in _board(world, flag="any").rows] == ["Alpha", "Bravo", "Delta"]
    assert [r.region.name for r in _board(world, sort="-flags").rows][:2] == ["Alpha", "Bravo"]
    assert [r.region.name for r in _board(world, sort="-status").rows][0] == "Alpha"  # accepted last in order
    grouped = _board(world, group="landsdeel").grouped
    assert [(label, [r.region.name for r in rows]) for label, rows in grouped] == [
        ("Noord", ["Alpha", "Echo"]),  # the programme's landsdelen, by name, in their order
        ("Oost", ["Bravo"]),
        ("Zuid", ["Charlie"]),
        ("West", ["Delta"]),
    ]


def test_totals_page(client, world):
    client.force_login(world["viewer"])
    response = client.get(reverse("dashboard:totals"), {"programme": "ttib"})
    assert response.status_code == 200
    assert [line.key.split("|")[0] for line in response.context["routes"]] == ["vakmanschap", "technologie", "beide"]


def test_region_overview_agrees_with_the_dashboard(world):
    picture = region_overview(region=world["regions"]["alpha"])
    assert [item.programme_year.year for item in picture.years] == [2012, 2013, 2014, 2015]
    overview_2013 = picture.years[1].row
    board_2013 = _rows(_board(world))["Alpha"]
    for attr in ("status", "late", "on_track", "behind", "gap_count", "judgement", "peer_review_status", "flags"):
        assert getattr(overview_2013, attr) == getattr(board_2013, attr), attr
    assert [c.score for c in overview_2013.cells] == [c.score for c in board_2013.cells]
    assert picture.years[0].row.status == "accepted"


# --- Pages, permissions, exports, query counts ------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "viewer"])
def test_office_and_viewer_see_every_row(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("dashboard:dashboard"), {"year": 2013})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        assert f">{name}</a>" in html
    assert "Foxtrot" not in html
    assert reverse("audits:placemat_detail", args=[region_key("alpha"), 2013]) in html
    # The viewer reads accepted reports only: Alpha's is linked, Charlie's submitted one is not.
    assert reverse("monitoring:report_detail", args=[region_key("alpha"), 2013]) in html
    assert (reverse("monitoring:report_detail", args=[region_key("charlie"), 2013]) in html) == (who == "office")


@pytest.mark.parametrize("role", ["project_leader", "penvoerder", "partner", "critical_friend"])
def test_nobody_else_reaches_the_page(client, world, role):
    user = UserFactory()
    RegionRoleFactory(user=user, region=world["regions"]["alpha"], role=role)
    client.force_login(user)
    for name in ("dashboard:dashboard", "dashboard:export_csv", "dashboard:export_xlsx"):
        assert client.get(reverse(name)).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_region_members_see_their_own_overview_only(client, world):
    user = UserFactory()
    RegionRoleFactory(user=user, region=world["regions"]["alpha"], role=RegionRole.Role.PARTNER)
    client.force_login(user)
    assert client.get(reverse("dashboard:region_overview", args=[region_key("alpha")])).status_code == 200
    assert client.get(reverse("dashboard:region_overview", args=[region_key("bravo")])).status_code == 404


def test_unknown_year_is_404(client, world):
    client.force_login(world["office"])
    assert client.get(reverse("dashboard:dashboard"), {"year": 1999}).status_code == 404


def test_default_year_is_the_latest_due(world):
    years = selectors.programme_years(programme_slug="ttib")
    assert selectors.default_year(years, today=datetime.date(2015, 1, 1)).year == 2013
    assert selectors.default_year(years, today=datetime.date(2010, 1, 1)).year == 2012


def test_csv_export_equals_the_table(client, world):
    client.force_login(world["office"])
    response = client.get(reverse("dashboard:export_csv"), {"year": 2013, "sort": "-flags"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    table = region_table(_board(world, sort="-flags", year=2013))
    assert lines[0] == table.headers
    body = lines[1 : 1 + len(table.rows)]
    names = ["Alpha", "Bravo", "Delta", "Charlie", "Echo"]
    assert [line[0] for line in body] == [row[0] for row in table.rows] == names
    alpha = dict(zip(table.headers, body[0], strict=True))
    assert alpha["Report status"] == "accepted" and alpha["Indicators on track"] == "2"
    assert alpha["Grant decided"] == "80000"
    assert lines[1 + len(table.rows)] == []  # then the totals
    assert "Reports in" in text


def test_xlsx_export_equals_the_table_with_every_row(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)  # the page shows two rows, the export all five
    client.force_login(world["viewer"])
    page = client.get(reverse("dashboard:dashboard"), {"year": 2013})
    assert page.context["board"].pages == 3 and len(page.context["board"].rows) == 2
    response = client.get(reverse("dashboard:export_xlsx"), {"year": 2013})
    sheet = load_workbook(io.BytesIO(response.content))["Regions"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    table = region_table(_board(world, year=2013))
    assert values[0] == table.headers
    assert [v[0] for v in values[1:]] == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    assert values[1][table.headers.index("Indicators behind")] == 1
    for name in ("Grant proposed", "Grant decided"):  # amounts in euros, the other numbers plain
        assert "€" in sheet.cell(row=2, column=table.headers.index(name) + 1).number_format
    assert "€" not in sheet.cell(row=2, column=table.headers.index("Indicators behind") + 1).number_format


def test_formula_injection_is_neutralised(client, world):
    region = world["regions"]["bravo"]
    region.name = "=HYPERLINK(1)"
    region.save()  # names are read live from the region, not stored in the facts
    client.force_login(world["office"])
    text = client.get(reverse("dashboard:export_csv"), {"year": 2013}).content.decode()
    assert "'=HYPERLINK(1)" in text


def _add_region(world, n):
    programme, years = world["programme"], world["years"]
    region = RegionFactory(programme=programme, name=f"Extra {n}", slug=f"extra-{n}", landsdeel="zuid")
    indicator = IndicatorFactory(region=region, code="X1")
    TargetFactory(indicator=indicator, year=2013, value=10)
    report = MonitorReportFactory(region=region, programme_year=years[2013], submitted=True)
    RealisationFactory(report=report, indicator=indicator, value=5)
    _published(region, years[2013], {world["themes"]["perf"][1]: 2})
    AuditVisitFactory(region=region, programme_year=years[2013], reported=True)
    StimulusGrantFactory(region=region, programme_year=years[2013])
    PeerReviewFactory(host_region=region, peer_region=world["regions"]["bravo"], programme_year=years[2013])
    facts_rebuild()
    return region


def _own(queries: list[str]) -> list[str]:
    """The page's own queries (of `queries_in`): not the session, user, second-factor, login-throttling or
    navigation-bar permission look-ups that every page makes."""
    skip = ("django_session", '"accounts_user"', "otp_", "axes_", '"regions_regionrole"', '"auth_permission"')
    return [sql for sql in queries if not any(s in sql for s in skip)]


@pytest.mark.parametrize("who", ["office", "viewer"])
def test_query_count_does_not_grow_with_regions(client, world, who):
    client.force_login(world[who])
    url = reverse("dashboard:dashboard")
    client.get(url, {"year": 2013})  # warm up the session
    _add_region(world, 1)
    one = queries_of(client, url, data={"year": 2013})
    _add_region(world, 2)
    _add_region(world, 3)
    with queries_in() as three:
        assert client.get(url, {"year": 2013, "group": "landsdeel", "sort": "-placemat"}).status_code == 200
    assert one == len(three)
    # The programmes to pick from, the programme's years, the themes, the counts, the rows shown, the
    # completeness per year; the knowledge programme's events held and attendance per region.
    assert len(_own(three)) <= 8


def test_region_overview_query_count_is_fixed(client, world):
    client.force_login(world["office"])
    url = reverse("dashboard:region_overview", args=[region_key("alpha")])
    client.get(url)  # warm up the session
    alpha = queries_of(client, url)
    bravo_url = reverse("dashboard:region_overview", args=[region_key("bravo")])
    with queries_in() as bravo:
        assert client.get(bravo_url).status_code == 200
    assert alpha == len(bravo)
    assert len(_own(bravo)) <= 4  # region, years, themes, the region's facts


def test_heat_map_and_row_escape_every_text(client, world):
    theme = world["themes"]["perf"][1]
    theme.name = '<script>alert("x")</script>'
    theme.save()
    region = world["regions"]["alpha"]
    region.name = "<b>Alpha</b>"
    region.save()
    client.force_login(world["office"])
    body = client.get(reverse("dashboard:dashboard"), {"year": 2013}).content.decode()
    assert "<script>alert" not in body and "<b>Alpha</b>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "&lt;b&gt;Alpha&lt;/b&gt;" in body


def test_default_year_is_in_progress_from_a_month_before_its_reports_are_due(world):
    years = selectors.programme_years(programme_slug="ttib")
    due_2014 = next(py for py in years if py.year == 2014).report_due_date
    assert selectors.default_year(years, today=due_2014 - datetime.timedelta(days=31)).year == 2013
    assert selectors.default_year(years, today=due_2014 - datetime.timedelta(days=30)).year == 2014


def test_dashboard_opens_on_the_programme_in_progress_with_a_picker(client, world):
    from regions.tests.factories import ProgrammeFactory, ProgrammeYearFactory

    today = timezone.localdate()
    running = ProgrammeFactory(slug="running", start_year=today.year - 1, end_year=today.year + 2)
    ProgrammeYearFactory(programme=running, year=today.year, report_due_date=today + datetime.timedelta(days=10))
    client.force_login(world["office"])
    response = client.get(reverse("dashboard:dashboard"))
    board = response.context["board"]
    assert (board.programme, board.programme_year.year) == (running, today.year)
    assert [p.slug for p in response.context["picker"].programmes][:1] == ["running"]
    assert 'name="programme"' in response.content.decode()
    response = client.get(reverse("dashboard:dashboard"), {"programme": "ttib"})
    assert response.context["board"].programme.slug == "ttib"
    assert client.get(reverse("dashboard:dashboard"), {"programme": "nope"}).status_code == 404


def test_the_final_years_dashboard_lists_the_regioagendas(client, world):
    client.force_login(world["office"])
    final = client.get(reverse("dashboard:dashboard"), {"year": 2015}).content.decode()
    assert "Regioagendas: after the programme" in final
    assert "None yet (5)" in final  # no region has written one (the stopped one is left out)
    earlier = client.get(reverse("dashboard:dashboard"), {"year": 2013}).content.decode()
    assert "after the programme" not in earlier

"""The dashboard reads each programme's own landsdelen and routes: its landsdeel filter offers and accepts the
programme's landsdelen (by code; another programme's code is ignored), it groups by them, and the totals
have a line per route of the programme, named as the programme names it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard import selectors
from dashboard.services import facts_rebuild
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory
from regions.models import Landsdeel, Route
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    class W:
        pass

    w = W()
    # The Techniekpact programme with its defaults, and a later agenda with its own division and routes.
    old = ProgrammeFactory(slug="ttib", start_year=2012, end_year=2015)
    RegionFactory(programme=old, slug="friesland", name="Friesland", landsdeel="noord")
    w.programme = ProgrammeFactory(slug="agenda", name="Regio-agenda", start_year=2016, end_year=2019)
    Landsdeel.objects.filter(programme=w.programme).delete()
    Route.objects.filter(programme=w.programme).delete()
    randstad = Landsdeel.objects.create(programme=w.programme, code="randstad", name="Randstad", position=1)
    rest = Landsdeel.objects.create(programme=w.programme, code="overig", name="Rest van Nederland", position=2)
    ict = Route.objects.create(programme=w.programme, code="ict", name="ICT-route", position=1)
    groen = Route.objects.create(programme=w.programme, code="groen", name="Groene route", position=2)
    w.year = ProgrammeYearFactory(programme=w.programme, year=2016)
    w.utrecht = RegionFactory(programme=w.programme, slug="utrecht", name="Utrecht", landsdeel=randstad, join_year=2016)
    w.drenthe = RegionFactory(programme=w.programme, slug="drenthe", name="Drenthe", landsdeel=rest, join_year=2016)
    w.almere = RegionFactory(programme=w.programme, slug="almere", name="Almere", landsdeel=randstad, join_year=2016)
    report = MonitorReportFactory(region=w.utrecht, programme_year=w.year, accepted=True)
    for code, route, value in (("I1", ict, 120), ("I2", groen, 30)):
        area = w.programme.placemat_themes.get(kind="performance", number=1)
        indicator = IndicatorFactory(region=w.utrecht, code=code, route=route, performance_area=area)
        TargetFactory(indicator=indicator, year=2016, value=100)
        RealisationFactory(report=report, indicator=indicator, value=value)
    facts_rebuild()
    w.office = UserFactory(office=True)
    return w


def _board(**params):
    years = selectors.programme_years(programme_slug="agenda")
    filters = selectors.Filters.from_query(params)
    if filters.landsdeel not in dict(selectors.landsdelen_of(years)):
        filters.landsdeel = ""
    return selectors.dashboard(programme_year=years[0], years=years, filters=filters, with_totals=True)


def test_the_filter_offers_and_applies_the_programmes_own_landsdelen(w, client):
    client.force_login(w.office)
    url = reverse("dashboard:dashboard")
    response = client.get(url, {"programme": "agenda", "year": 2016})
    assert response.context["landsdelen"] == [("randstad", "Randstad"), ("overig", "Rest van Nederland")]
    assert 'value="randstad"' in response.text and 'value="noord"' not in response.text
    response = client.get(url, {"programme": "agenda", "year": 2016, "landsdeel": "randstad"})
    assert [row.region.name for row in response.context["board"].rows] == ["Almere", "Utrecht"]
    # Another programme's landsdeel is no filter here: every region is shown.
    response = client.get(url, {"programme": "agenda", "year": 2016, "landsdeel": "noord"})
    assert response.context["filters"].landsdeel == ""
    assert len(response.context["board"].rows) == 3


def test_grouping_follows_the_programmes_landsdelen_in_their_order(w):
    grouped = _board(group="landsdeel").grouped
    assert [(label, [r.region.name for r in rows]) for label, rows in grouped] == [
        ("Randstad", ["Almere", "Utrecht"]),
        ("Rest van Nederland", ["Drenthe"]),
    ]
    assert [r.region.landsdeel.name for r in _board(landsdeel="overig").rows] == ["Rest van Nederland"]


def test_the_route_totals_are_the_programmes_own_routes(w, client):
    board = _board()
    lines = {line.key: (line.label, [(p.year, p.realised, p.target) for p in line.points]) for line in board.routes}
    assert lines == {
        "ict|students|higher": ("ICT-route", [(2016, Decimal(120), Decimal(100))]),
        "groen|students|higher": ("Groene route", [(2016, Decimal(30), Decimal(100))]),
    }
    client.force_login(w.office)
    page = client.get(reverse("dashboard:totals"), {"programme": "agenda"}).text
    assert "ICT-route" in page and "Groene route" in page and "Vakmanschapsroute" not in page


def test_renaming_a_route_renames_its_line_and_keeps_its_figures(w):
    from regions import services

    services.route_update(route=w.programme.routes.get(code="ict"), name="Digitale route")
    line = next(line for line in _board().routes if line.key.startswith("ict|"))
    assert line.label == "Digitale route"
    assert line.points[0].realised == Decimal(120)

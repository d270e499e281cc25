"""A programme's framework is its own: with one process theme or nine, every page that walks the themes shows
each of them, and costs the same number of queries (the office adds and removes themes in the UI)."""

import pytest
from django.urls import reverse

from audits.models import ConsolidatedScore
from audits.tests.factories import AssignmentFactory, PlacematFactory, ScoringFactory
from monitoring.services import report_get_or_create
from monitoring.tests.factories import MonitorReportFactory
from regions.models import PlacematTheme
from regions.services import placemat_theme_create, placemat_theme_delete
from regions.tests.factories import UserFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_of

pytestmark = pytest.mark.django_db


def _world(process_themes: int):
    """A programme whose framework has `process_themes` process themes (the default has four)."""
    w = world_build(
        programme=f"programme-{process_themes}",
        regions=("twente", "zwolle"),
        roles={"leader": ("twente", "project_leader")},
    )
    process = list(PlacematTheme.objects.filter(programme=w.programme, kind="process").order_by("number"))
    for theme in process[process_themes:]:
        placemat_theme_delete(theme=theme)
    for n in range(len(process), process_themes):
        placemat_theme_create(
            programme=w.programme,
            kind="process",
            name=f"Extra thema {n + 1}",
            questions=[f"Hoe werkt de regio aan extra thema {n + 1}?"],
        )
    w.region = w.regions["twente"]
    w.themes = list(PlacematTheme.objects.filter(programme=w.programme).order_by("kind", "number"))
    w.report = report_get_or_create(region=w.region, year=2013, user=w.leader)
    w.assessor = UserFactory()
    # Zwolle's report is in: its assessor scores it, the office calibrates.
    w.scored = w.regions["zwolle"]
    MonitorReportFactory(region=w.scored, programme_year=w.years[2013], submitted=True)
    w.assignment = AssignmentFactory(region=w.scored, programme_year=w.years[2013], user=w.assessor)
    ScoringFactory(assignment=w.assignment)
    return w


def _pages(w) -> list[tuple[object, str]]:
    """(who, page) for every page that lists the programme's themes."""
    return [
        (w.leader, reverse("monitoring:report_edit", args=[w.region, 2013])),
        (w.office, reverse("monitoring:report_detail", args=[w.scored, 2013])),
        (w.assessor, reverse("audits:scoring", args=[w.assignment.pk])),
        (w.office, reverse("audits:calibration", args=[w.scored, 2013])),
        (w.office, reverse("regions:framework", args=[w.programme.slug])),
    ]


@pytest.mark.parametrize("count", [1, 9])
def test_every_theme_page_shows_each_theme_with_one_or_nine_process_themes(client, count):
    w = _world(count)
    assert sum(t.kind == "process" for t in w.themes) == count
    for who, url in _pages(w):
        client.force_login(who)
        page = client.get(url).content.decode()
        for theme in w.themes:
            assert theme.name in page, f"{url} misses {theme.name} with {count} process themes"
    # The published placemat: one row per theme.
    placemat = PlacematFactory(region=w.region, programme_year=w.years[2013], published=True)
    ConsolidatedScore.objects.bulk_create(
        ConsolidatedScore(placemat=placemat, theme=theme, score=3, key_remark=f"Opmerking bij {theme.name}")
        for theme in w.themes
    )
    client.force_login(w.leader)
    page = client.get(placemat.get_absolute_url()).content.decode()
    assert all(f"Opmerking bij {theme.name}" in page for theme in w.themes)


def test_theme_pages_cost_the_same_queries_with_one_and_nine_process_themes(client):
    def costs(w):
        result = []
        for who, url in _pages(w):
            client.force_login(who)
            result.append(queries_of(client, url))
        return result

    one = costs(_world(1))
    nine = costs(_world(9))
    assert nine == one

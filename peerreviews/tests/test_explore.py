"""Exploring the other regions before choosing a peer: their sub-projects, the learning themes of their latest
settled monitor report and their published good practices; filtered by theme and words; flat in queries."""

import pytest
from django.urls import reverse

from monitoring.tests.factories import LearningThemeFactory, MonitorReportFactory
from peerreviews.selectors.explore import peers_explore
from peerreviews.tests.factories import GoodPracticeFactory
from regions.models import Region
from regions.tests.factories import RegionFactory, SubProjectFactory
from regions.tests.world import world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        years=(2013, 2014),
        regions=({"slug": "twente"}, {"slug": "achterhoek"}, {"slug": "zeeland"}),
        roles={
            "leader": ("twente", "project_leader", "pl@t.example"),
            "pv": ("twente", "penvoerder", "pv@t.example"),
            "partner": ("twente", "partner", "partner@t.example"),
        },
    )
    w.a, w.b, w.c = (w.regions[s] for s in ("twente", "achterhoek", "zeeland"))
    w.themes = list(w.programme.placemat_themes.order_by("kind", "number"))
    return w


def learning(w, region, year, description, theme, **report):
    report = MonitorReportFactory(region=region, programme_year=w.years[year], **report)
    return LearningThemeFactory(report=report, theme=theme, description=description)


def names(page):
    return [profile.region.name for profile in page.object_list]


def test_explore_shows_other_regions_with_their_settled_learning_themes_and_published_practices(w):
    SubProjectFactory(region=w.b, name="Techniekpact Achterhoek", description="Vmbo en bedrijven samen")
    learning(w, w.b, 2013, "Oude leervraag", w.themes[0], accepted=True)
    learning(w, w.b, 2014, "Docenten professionaliseren", w.themes[1], submitted=True)
    learning(w, w.c, 2014, "Concept: nog niet ingediend", w.themes[1])  # a draft stays hidden
    GoodPracticeFactory(region=w.b, title="Gastlessen door werkgevers", published=True)
    GoodPracticeFactory(region=w.c, title="Nog een concept")
    Region.objects.filter(pk=RegionFactory(programme=w.programme, name="Gestopt").pk).update(status="stopped")
    page = peers_explore(region=w.a)
    assert names(page) == ["Achterhoek", "Zeeland"]  # not itself, not a stopped region
    achterhoek, zeeland = page.object_list
    assert [s.name for s in achterhoek.subprojects] == ["Techniekpact Achterhoek"]
    assert [t.description for t in achterhoek.learning_themes] == ["Docenten professionaliseren"]
    assert achterhoek.learning_year == 2014
    assert [p.title for p in achterhoek.good_practices] == ["Gastlessen door werkgevers"]
    assert (zeeland.learning_themes, zeeland.good_practices) == ([], [])


def test_explore_filters_by_theme_and_words(w):
    learning(w, w.b, 2014, "Docenten professionaliseren", w.themes[1], accepted=True)
    learning(w, w.c, 2013, "Docenten in bedrijven", w.themes[1], accepted=True)
    learning(w, w.c, 2014, "Werkgevers binden", w.themes[2], accepted=True)  # Zeeland's latest report
    SubProjectFactory(region=w.c, name="Zeeuwse Technologieroute")
    assert names(peers_explore(region=w.a, theme=w.themes[1])) == ["Achterhoek"]  # only the latest report counts
    GoodPracticeFactory(region=w.c, title="Stages", published=True, themes=[w.themes[1]])
    assert names(peers_explore(region=w.a, theme=w.themes[1])) == ["Achterhoek", "Zeeland"]
    assert names(peers_explore(region=w.a, words="technologieroute")) == ["Zeeland"]
    assert names(peers_explore(region=w.a, words="  professionaliseren ")) == ["Achterhoek"]
    assert names(peers_explore(region=w.a, words="niets hierover")) == []


@pytest.mark.parametrize("extra", [1, 3])
def test_explore_page_query_count_is_flat(client, w, extra, django_assert_max_num_queries):
    for n in range(extra):
        region = RegionFactory(programme=w.programme, name=f"Regio {n}")
        SubProjectFactory(region=region)
        learning(w, region, 2014, f"Leervraag {n}", w.themes[n], accepted=True)
        GoodPracticeFactory(region=region, published=True)
    client.force_login(w.leader)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("peerreviews:review_explore", args=[w.a]))
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-3"') == 2 + extra


def test_explore_page_links_to_the_proposal_with_the_peer_and_is_for_the_leads_only(client, w):
    url = reverse("peerreviews:review_explore", args=[w.a])
    client.force_login(w.leader)
    body = client.get(url, {"q": "achterhoek"}).content.decode()
    assert f"{reverse('peerreviews:review_propose', args=[w.a])}?peer={w.b.pk}" in body
    assert "Zeeland" not in body
    client.force_login(w.pv)
    body = client.get(url).content.decode()
    assert "Achterhoek" in body and "?peer=" not in body  # the penvoerder explores; the project leader proposes
    client.force_login(w.partner)
    assert client.get(url).status_code == 404

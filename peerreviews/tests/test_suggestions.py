"""Ranking of suggested peer regions on constructed data: landsdeel, complementarity, learning themes, ties,
a region without a placemat, last year's pair, hosting balance, and a fixed number of queries."""

import pytest

from audits.tests.factories import ConsolidatedScoreFactory, PlacematFactory
from monitoring.tests.factories import LearningThemeFactory, MonitorReportFactory
from peerreviews.models import PeerReview
from peerreviews.selectors.suggestions import peer_suggestions
from peerreviews.tests.factories import PeerReviewFactory
from regions.models import Region
from regions.tests.factories import ProgrammeFactory, RegionFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        years=(2012, 2013, 2014, 2015),
        regions=({"slug": "twente", "landsdeel": "oost"},),
        office=False,
        viewer=False,
    )
    w.themes = list(w.programme.placemat_themes.order_by("kind", "number"))
    w.me = w.regions["twente"]
    return w


def region(w, name, landsdeel="oost", **kwargs):
    return RegionFactory(programme=w.programme, name=name, slug=name.lower(), landsdeel=landsdeel, **kwargs)


def placemat(w, reg, scores: dict[int, int], year=2014, published=True):
    """scores: theme index → score on the region's placemat of that year."""
    pm = PlacematFactory(region=reg, programme_year=w.years[year], published=published)
    for index, score in scores.items():
        ConsolidatedScoreFactory(placemat=pm, theme=w.themes[index], score=score)
    return pm


def learning(w, reg, theme_indexes, year=2014):
    report = MonitorReportFactory(region=reg, programme_year=w.years[year])
    for index in theme_indexes:
        LearningThemeFactory(report=report, theme=w.themes[index])
    return report


def names(suggestions):
    return [s.region.name for s in suggestions]


def suggest(w, year=2015):
    return peer_suggestions(region=w.me, programme_year=w.years[year])


def test_same_landsdeel_comes_first(w):
    region(w, "Amsterdam", landsdeel="west")
    region(w, "Zwolle", landsdeel="oost")
    result = suggest(w)
    assert names(result) == ["Zwolle", "Amsterdam"]
    assert result[0].same_landsdeel and "Same landsdeel (Oost)." in result[0].reasons
    assert "Another landsdeel (West)." in result[1].reasons


def test_complementarity_orders_within_a_landsdeel_and_beats_learning_themes(w):
    placemat(w, w.me, {0: 1, 1: 2, 2: 4})  # weak on themes 0 and 1
    a = region(w, "Apeldoorn")
    b = region(w, "Borne")
    c = region(w, "Colmschate")
    placemat(w, a, {0: 3, 1: 2, 2: 1})  # helps on theme 0 only: 3-1 = 2
    placemat(w, b, {0: 4, 1: 4})  # helps on both: 3 + 2 = 5
    placemat(w, c, {2: 4})  # strong only where we are strong: 0
    learning(w, w.me, [5])
    learning(w, c, [5])  # shared learning theme, but complementarity counts first
    result = suggest(w)
    assert names(result) == ["Borne", "Apeldoorn", "Colmschate"]
    assert [s.complementarity for s in result] == [5, 2, 0]
    assert [t.pk for t in result[0].strong_themes] == [w.themes[0].pk, w.themes[1].pk]
    assert any(r.startswith("Borne is strong where Twente is weak") for r in result[0].reasons)
    assert f"Shared learning themes: {w.themes[5]}." in result[2].reasons
    assert result.has_placemat


def test_uses_the_latest_published_placemat_up_to_the_year(w):
    placemat(w, w.me, {0: 1}, year=2013)
    placemat(w, w.me, {0: 4}, year=2014, published=False)  # not published: ignored
    a = region(w, "Almelo")
    placemat(w, a, {0: 4}, year=2012)
    placemat(w, a, {0: 1}, year=2013)  # its latest: weak too
    b = region(w, "Borculo")
    placemat(w, b, {0: 4}, year=2013)
    placemat(w, b, {0: 1}, year=2016 - 1)  # 2015 is not "up to 2014"
    result = suggest(w, year=2014)
    assert names(result) == ["Borculo", "Almelo"]
    assert [s.complementarity for s in result] == [3, 0]


def test_learning_theme_overlap_orders_after_complementarity(w):
    learning(w, w.me, [0, 1, 2])
    a = region(w, "Almelo")
    b = region(w, "Borne")
    learning(w, a, [0])
    learning(w, b, [1, 2, 7])
    result = suggest(w)
    assert names(result) == ["Borne", "Almelo"]
    assert len(result[0].shared_learning_themes) == 2


def test_learning_themes_come_from_the_latest_report(w):
    learning(w, w.me, [0], year=2013)
    learning(w, w.me, [3], year=2014)
    a = region(w, "Almelo")
    learning(w, a, [0])
    b = region(w, "Borne")
    learning(w, b, [3])
    assert names(suggest(w)) == ["Borne", "Almelo"]


def test_ties_are_broken_by_name(w):
    for name in ("Zutphen", "Deventer", "Markelo"):
        region(w, name)
    assert names(suggest(w)) == ["Deventer", "Markelo", "Zutphen"]


def test_region_without_a_placemat_still_gets_suggestions(w):
    a = region(w, "Almelo")
    b = region(w, "Brabant", landsdeel="zuid")
    placemat(w, a, {0: 4})
    learning(w, w.me, [2])
    learning(w, b, [2])
    result = suggest(w)
    assert result.has_placemat is False
    assert names(result) == ["Almelo", "Brabant"]
    assert all(s.complementarity == 0 for s in result)
    assert f"Shared learning themes: {w.themes[2]}." in result[1].reasons


def test_excludes_itself_stopped_other_programme_and_this_and_last_years_pairs(w):
    region(w, "Stopped", status=Region.Status.STOPPED)
    RegionFactory(programme=ProgrammeFactory(slug="other"), name="Elsewhere", slug="elsewhere")
    this_year = region(w, "Hengelo")
    last_year = region(w, "Lochem")
    two_years_ago = region(w, "Oldenzaal")
    cancelled = region(w, "Rijssen")
    PeerReviewFactory(programme_year=w.years[2015], host_region=this_year, peer_region=w.me)
    PeerReviewFactory(programme_year=w.years[2014], host_region=w.me, peer_region=last_year, closed=True)
    PeerReviewFactory(programme_year=w.years[2013], host_region=w.me, peer_region=two_years_ago, closed=True)
    PeerReviewFactory(
        programme_year=w.years[2014], host_region=w.me, peer_region=cancelled, status=PeerReview.Status.CANCELLED
    )
    assert names(suggest(w)) == ["Oldenzaal", "Rijssen"]


def test_hosting_balance_says_who_should_host(w):
    often = region(w, "Almelo")
    never = region(w, "Borne")
    equal = region(w, "Delden")
    other = region(w, "Ootmarsum")
    for year in (2012, 2013):
        PeerReviewFactory(programme_year=w.years[year], host_region=often, peer_region=other, closed=True)
    PeerReviewFactory(programme_year=w.years[2013], host_region=w.me, peer_region=other, closed=True)
    PeerReviewFactory(programme_year=w.years[2012], host_region=equal, peer_region=other, closed=True)
    PeerReviewFactory(
        programme_year=w.years[2012], host_region=never, peer_region=other, status=PeerReview.Status.CANCELLED
    )
    by_name = {s.region.name: s for s in suggest(w)}
    assert by_name["Almelo"].we_host is True
    assert "Twente should host. Peer reviews hosted so far: Twente 1, Almelo 2." in by_name["Almelo"].reasons
    assert by_name["Borne"].we_host is False
    assert "Borne should host. Peer reviews hosted so far: Borne 0, Twente 1." in by_name["Borne"].reasons
    assert by_name["Delden"].we_host is True
    same = "Both regions have hosted the same number of peer reviews so far (1); Twente can host."
    assert same in by_name["Delden"].reasons


def test_query_count_does_not_grow_with_regions(w):
    placemat(w, w.me, {0: 1})
    learning(w, w.me, [0])

    def add_regions(n, offset):
        for i in range(n):
            r = region(w, f"R{offset + i:02d}")
            placemat(w, r, {0: 3, 1: 2})
            learning(w, r, [0, 1])

    add_regions(1, 0)
    with queries_in() as one:
        assert len(suggest(w)) == 1
    add_regions(4, 10)
    with queries_in() as five:
        assert len(suggest(w)) == 5
    assert len(one) == len(five) <= 8

"""Peer-review pages: the list (what each may see, filters, empty state, queries), propose with suggestions,
internal review, detail, readiness, transitions, plan, the region page's section and the nav link."""

import datetime

import pytest
from django.urls import reverse

from audits.tests.factories import ConsolidatedScoreFactory, PlacematFactory
from peerreviews.models import PeerReview
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.factories import SubProjectFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_of

pytestmark = pytest.mark.django_db
Status = PeerReview.Status


@pytest.fixture
def w():
    w = world_build(
        years=(2012, 2013, 2014, 2015),
        regions=(
            {"slug": "twente", "landsdeel": "oost"},
            {"slug": "achterhoek", "landsdeel": "oost"},
            {"slug": "zeeland", "landsdeel": "zuid"},
        ),
        roles={
            "leader": ("twente", "project_leader", "pl@t.example"),
            "partner": ("twente", "partner", "partner@t.example"),
            "leader_c": ("zeeland", "project_leader", "pl-c@t.example"),
        },
    )
    w.a, w.b, w.c = (w.regions[slug] for slug in ("twente", "achterhoek", "zeeland"))
    return w


def review(w, year=2015, **kwargs):
    kwargs.setdefault("host_region", w.a)
    kwargs.setdefault("peer_region", w.b)
    return PeerReviewFactory(programme_year=w.years[year], **kwargs)


def login(client, user):
    client.force_login(user)
    return client


LIST = reverse("peerreviews:review_list")


# --- List ------------------------------------------------------------------------------------------------------


def test_list_shows_only_what_the_user_may_see(client, w):
    ab = review(w)
    bc = review(w, host_region=w.b, peer_region=w.c)
    body = login(client, w.leader).get(LIST).content.decode()
    assert ab.get_absolute_url() in body and bc.get_absolute_url() not in body
    body = login(client, w.leader_c).get(LIST).content.decode()
    assert bc.get_absolute_url() in body and ab.get_absolute_url() not in body
    body = login(client, w.viewer).get(LIST).content.decode()
    assert ab.get_absolute_url() in body and bc.get_absolute_url() in body


def test_list_opens_on_the_programme_in_progress_and_picks_another(client, w):
    from regions.tests.factories import ProgrammeFactory, ProgrammeYearFactory, RegionFactory

    old = review(w)
    today = datetime.date.today()
    running = ProgrammeFactory(slug="running", start_year=today.year - 1, end_year=today.year + 2)
    year = ProgrammeYearFactory(programme=running, year=today.year)
    host = RegionFactory(programme=running, slug="twente", name="Twente")
    peer = RegionFactory(programme=running, slug="ede", name="Ede")
    new = PeerReviewFactory(programme_year=year, host_region=host, peer_region=peer)
    response = login(client, w.office).get(LIST)
    body = response.content.decode()
    assert new.get_absolute_url() in body and old.get_absolute_url() not in body
    assert [r.name for r in response.context["filter_form"].fields["region"].queryset] == ["Ede", "Twente"]
    body = client.get(LIST, {"programme": w.programme.slug}).content.decode()
    assert old.get_absolute_url() in body and new.get_absolute_url() not in body
    assert client.get(LIST, {"programme": "nope"}).status_code == 404


def test_list_filters_and_status_in_words(client, w):
    proposed = review(w)
    held = review(w, year=2014, host_region=w.a, peer_region=w.c, held=True)
    login(client, w.office)
    body = client.get(LIST, {"status": "held"}).content.decode()
    assert held.get_absolute_url() in body and proposed.get_absolute_url() not in body
    assert ">held<" in body.replace("</span>", "<")  # the status in words
    body = client.get(LIST, {"year": 2015}).content.decode()
    assert proposed.get_absolute_url() in body and held.get_absolute_url() not in body
    body = client.get(LIST, {"region": w.c.pk}).content.decode()
    assert held.get_absolute_url() in body and proposed.get_absolute_url() not in body


def test_list_empty_states(client, w):
    login(client, w.office)
    assert "There are no peer reviews you can see yet." in client.get(LIST).content.decode()
    review(w)
    assert "No peer reviews match these filters." in client.get(LIST, {"status": "closed"}).content.decode()


def test_list_pages(client, w):
    for year in (2012, 2013, 2014, 2015):
        review(w, year=year)
        review(w, year=year, host_region=w.a, peer_region=w.c)
    from peerreviews.views import reviews as review_views

    original = review_views.PAGE_SIZE
    review_views.PAGE_SIZE = 3
    try:
        body = login(client, w.office).get(LIST, {"page": 2}).content.decode()
    finally:
        review_views.PAGE_SIZE = original
    assert "Page 2 of 3" in body


def _count(client, url):
    return queries_of(client, url)


def test_list_query_count_does_not_grow(client, w):
    login(client, w.leader)
    review(w)
    one = _count(client, LIST)
    review(w, year=2014, host_region=w.a, peer_region=w.c)
    review(w, year=2013, internal=True, peer_region=None)
    assert _count(client, LIST) == one


def test_detail_query_count_does_not_grow(client, w):
    login(client, w.office)
    first = review(w, year=2012, closed=True)
    obj = review(w, year=2013, previous=first)
    one = _count(client, obj.get_absolute_url())
    for year in (2014, 2015):
        review(w, year=year, host_region=w.a, peer_region=w.c, previous=first)
    three = _count(client, first.get_absolute_url())
    assert _count(client, obj.get_absolute_url()) == one
    assert three == one


def test_region_page_query_count_does_not_grow(client, w):
    login(client, w.leader)
    review(w)
    one = _count(client, w.a.get_absolute_url())
    review(w, year=2014, host_region=w.c, peer_region=w.a)
    review(w, year=2013, internal=True, peer_region=None)
    assert _count(client, w.a.get_absolute_url()) == one


# --- Propose ---------------------------------------------------------------------------------------------------


def propose_url(w, **params):
    url = reverse("peerreviews:review_propose", args=[w.a])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_propose_page_shows_ranked_suggestions_with_reasons(client, w):
    pm = PlacematFactory(region=w.a, programme_year=w.years[2014], published=True)
    theme = w.programme.placemat_themes.order_by("kind", "number").first()
    ConsolidatedScoreFactory(placemat=pm, theme=theme, score=1)
    other = PlacematFactory(region=w.c, programme_year=w.years[2014], published=True)
    ConsolidatedScoreFactory(placemat=other, theme=theme, score=4)
    body = login(client, w.leader).get(propose_url(w, year=2015)).content.decode()
    assert body.index("1. Achterhoek") < body.index("2. Zeeland")
    assert "Same landsdeel (Oost)." in body
    assert "Zeeland is strong where Twente is weak" in body
    assert "no published placemat yet" not in body
    assert f"?year=2015&amp;peer={w.b.pk}&amp;host=us" in body


def test_propose_page_without_placemat_says_so_and_prefills_from_a_suggestion(client, w):
    body = login(client, w.leader).get(propose_url(w, year=2015, peer=w.c.pk, host="them")).content.decode()
    assert "Your region has no published placemat yet" in body
    assert f'<option value="{w.c.pk}" selected>' in body
    assert '<option value="them" selected>' in body


def test_propose_creates_the_review(client, w):
    response = login(client, w.leader).post(
        propose_url(w),
        {
            "peer_region": w.c.pk,
            "host": "them",
            "programme_year": w.years[2015].pk,
            "motivation": "Strong on companies",
            "date": "2015-10-01",
            "place": "Middelburg",
        },
    )
    obj = PeerReview.objects.get()
    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()
    assert (obj.host_region, obj.peer_region, obj.proposed_by) == (w.c, w.a, w.leader)
    assert obj.date == datetime.date(2015, 10, 1)


def test_propose_refusal_keeps_the_input(client, w):
    review(w, year=2014, closed=True)
    response = login(client, w.leader).post(
        propose_url(w),
        {"peer_region": w.b.pk, "host": "us", "programme_year": w.years[2015].pk, "motivation": "Mijn eigen tekst"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "had a peer review together in 2014" in body and "Mijn eigen tekst" in body
    assert PeerReview.objects.count() == 1


# --- Internal, detail, readiness, transitions, plan ------------------------------------------------------------


def test_create_internal(client, w):
    host, peer = (
        SubProjectFactory(region=w.a, name="Techniek in de klas"),
        SubProjectFactory(region=w.a, name="Doorstroom"),
    )
    page = login(client, w.office).get(reverse("peerreviews:review_create_internal")).content.decode()
    assert f"{w.a.name}: Techniek in de klas" in page  # picked from the region's sub-projects
    response = client.post(
        reverse("peerreviews:review_create_internal"),
        {
            "region": w.a.pk,
            "programme_year": w.years[2015].pk,
            "host_subproject": host.pk,
            "peer_subproject": peer.pk,
        },
    )
    obj = PeerReview.objects.get()
    assert response.status_code == 302 and obj.is_internal
    body = client.get(obj.get_absolute_url()).content.decode()
    assert "Techniek in de klas" in body and "Doorstroom" in body and "Sub-projects" in body


def test_detail_shows_regions_status_history_readiness_plan_and_links(client, w):
    earlier = review(w, year=2014, host_region=w.a, peer_region=w.c, closed=True)
    obj = review(w, ready=True, previous=earlier, place="Enschede", readiness_notes="All fine", proposed_by=w.leader)
    follow = review(w, year=2015, host_region=w.c, peer_region=w.a, previous=earlier)
    from peerreviews.services.reviews import peerreview_cancel

    peerreview_cancel(review=follow, actor=w.office, reason="No time")
    body = login(client, w.partner).get(obj.get_absolute_url()).content.decode()
    assert "Twente" in body and "Achterhoek" in body and "Enschede" in body
    assert "proposed" in body and "All fine" in body
    assert earlier.get_absolute_url() in body
    assert "Confirm" not in body  # a partner has no actions
    body = client.get(earlier.get_absolute_url()).content.decode()
    assert follow.get_absolute_url() in body  # follow-ups are listed
    body = client.get(follow.get_absolute_url()).content.decode()
    assert "from proposed to cancelled" in body and "No time" in body


def test_detail_offers_the_office_its_actions(client, w):
    obj = review(w)
    body = login(client, w.office).get(obj.get_absolute_url()).content.decode()
    assert reverse("peerreviews:review_transition", args=[obj.pk, "confirm"]) in body
    assert reverse("peerreviews:review_transition", args=[obj.pk, "cancel"]) in body
    assert reverse("peerreviews:review_readiness", args=[obj.pk]) in body
    assert "The programme office has not checked readiness yet." in body


def test_readiness_then_confirm(client, w):
    obj = review(w)
    login(client, w.office)
    url = reverse("peerreviews:review_readiness", args=[obj.pk])
    page = client.get(url).content.decode()
    assert f"Can {w.b.name} be a full peer?" in page and f"Is {w.a.name} stable?" in page
    yes = {f"{side}_{name}": "yes" for side in ("host", "peer") for name in ("stable", "learning", "full_peer")}
    response = client.post(url, {**yes, "peer_full_peer": "no", "notes": "Later"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.host_ready_stable, obj.host_ready_learning, obj.host_ready_full_peer) == (True, True, True)
    assert (obj.peer_ready_stable, obj.peer_ready_full_peer) == (True, False)
    confirm = reverse("peerreviews:review_transition", args=[obj.pk, "confirm"])
    response = client.post(confirm, {})
    assert response.status_code == 200 and f"{w.b.name}: the region can be a full peer" in response.content.decode()
    client.post(url, {**yes, "notes": ""})
    assert client.post(confirm, {"comment": "Go"}).status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.PREPARING


def test_cancel_needs_a_reason_on_the_form(client, w):
    obj = review(w)
    url = reverse("peerreviews:review_transition", args=[obj.pk, "cancel"])
    login(client, w.office)
    assert "Reason for cancelling" in client.get(url).content.decode()
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    obj.refresh_from_db()
    assert obj.status == Status.PROPOSED
    assert client.post(url, {"comment": "No budget"}).status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.CANCELLED


def test_host_leader_marks_held_but_may_not_close(client, w):
    obj = review(w, preparing=True)
    login(client, w.leader)
    response = client.post(reverse("peerreviews:review_transition", args=[obj.pk, "held"]), {})
    assert response.status_code == 200 and "at least one learning question" in response.content.decode()
    assert client.get(reverse("peerreviews:review_transition", args=[obj.pk, "close"])).status_code == 404
    assert client.get(reverse("peerreviews:review_transition", args=[obj.pk, "confirm"])).status_code == 404


def test_edit_plan(client, w):
    obj = review(w)
    url = reverse("peerreviews:review_edit", args=[obj.pk])
    response = login(client, w.leader).post(url, {"date": "2015-11-02", "place": "Hengelo", "motivation": "Nieuw"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.place, obj.motivation) == ("Hengelo", "Nieuw")


# --- Region page and nav ---------------------------------------------------------------------------------------


def test_region_page_lists_its_peer_reviews_and_offers_to_propose(client, w):
    obj = review(w, year=2014, host_region=w.c, peer_region=w.a)
    propose = reverse("peerreviews:review_propose", args=[w.a])
    body = login(client, w.leader).get(w.a.get_absolute_url()).content.decode()
    assert obj.get_absolute_url() in body and propose in body
    body = login(client, w.partner).get(w.a.get_absolute_url()).content.decode()
    assert obj.get_absolute_url() in body and propose not in body


def test_nav_link_for_office_and_viewer_only(client, w):
    assert LIST in login(client, w.office).get(LIST).content.decode()
    assert f'href="{LIST}"' in login(client, w.viewer).get(reverse("regions:region_list")).content.decode()
    assert f'href="{LIST}"' not in login(client, w.partner).get(reverse("regions:region_list")).content.decode()

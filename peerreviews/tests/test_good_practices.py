"""Good practices: writing and publishing by the office and the region's critical friends, reading by
everyone logged in, drafts kept to their writers, the list's filters and query count, the region page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerreviews.demo import PRACTICES, seed_good_practices
from peerreviews.models import GoodPractice
from peerreviews.services.good_practices import good_practice_create, good_practice_update
from peerreviews.tests.factories import GoodPracticeFactory
from regions.tests.factories import ProgrammeFactory, RegionFactory, UserFactory
from regions.tests.world import world_build
from toptechniek.common.testing import assert_flat_queries, queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        years=(),
        regions=({"slug": "twente", "landsdeel": "oost"}, {"slug": "zeeland", "landsdeel": "zuid"}),
        roles={
            "leader": ("twente", "project_leader", "pl@t.example"),
            "friend": ("twente", "critical_friend", {"email": "cf@t.example", "full_name": "Carla Friend"}),
            "other_friend": ("zeeland", "critical_friend", "cf-b@t.example"),
        },
    )
    w.region, w.other_region = w.regions["twente"], w.regions["zeeland"]
    w.themes = list(w.programme.placemat_themes.order_by("kind", "number"))
    w.conditions = list(w.programme.success_conditions.order_by("number"))
    w.draft = GoodPracticeFactory(region=w.region, title="Draft practice", created_by=w.friend)
    w.published = GoodPracticeFactory(region=w.region, title="Published practice", published=True)
    return w


def form_data(w, **overrides):
    data = {
        "region": w.region.pk,
        "title": "Techniekweek",
        "summary": "Technici geven een week les.",
        "description": "Twintig bedrijven leveren een technicus.",
        "audience": "Vmbo-leerlingen",
        "result": "Meer leerlingen kiezen techniek.",
        "reuse": "Begin op tijd.",
        "contact": "",
        "themes": [w.themes[0].pk, w.themes[5].pk],
        "success_conditions": [w.conditions[0].pk],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Create, edit, publish -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "friend"])
def test_good_practice_create_by_writer_saves_draft_with_tags(client, w, who):
    user = getattr(w, who)
    client.force_login(user)
    response = client.post(reverse("peerreviews:good_practice_create"), form_data(w))
    practice = GoodPractice.objects.get(title="Techniekweek")
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert practice.status == GoodPractice.Status.DRAFT
    assert practice.region == w.region
    assert practice.created_by == user
    assert set(practice.themes.all()) == {w.themes[0], w.themes[5]}
    assert list(practice.success_conditions.all()) == [w.conditions[0]]


def test_good_practice_create_page_offers_only_the_friends_regions(client, w):
    client.force_login(w.friend)
    response = client.get(reverse("peerreviews:good_practice_create"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["region"].queryset) == [w.region]


def test_good_practice_create_for_another_region_by_critical_friend_is_refused(client, w):
    client.force_login(w.other_friend)
    response = client.post(reverse("peerreviews:good_practice_create"), form_data(w))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not GoodPractice.objects.filter(title="Techniekweek").exists()


def test_good_practice_create_without_theme_keeps_input_and_says_so(client, w):
    client.force_login(w.office)
    response = client.post(reverse("peerreviews:good_practice_create"), form_data(w, themes=None))
    assert response.status_code == 200
    assert response.context["form"].errors["themes"] == ["Choose at least one placemat theme."]
    assert 'value="Techniekweek"' in response.content.decode()
    assert not GoodPractice.objects.filter(title="Techniekweek").exists()


def test_good_practice_create_with_blank_texts_names_each_field(client, w):
    client.force_login(w.office)
    response = client.post(reverse("peerreviews:good_practice_create"), form_data(w, title="", result=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "result"}


@pytest.mark.parametrize("who", ["leader", "viewer"])
def test_good_practice_create_by_non_writer_is_404(client, w, who):
    client.force_login(getattr(w, who))
    assert client.get(reverse("peerreviews:good_practice_create")).status_code == 404
    assert client.post(reverse("peerreviews:good_practice_create"), form_data(w)).status_code == 404
    assert not GoodPractice.objects.filter(title="Techniekweek").exists()


@pytest.mark.parametrize("who", ["office", "friend"])
def test_good_practice_update_by_writer_changes_texts_and_tags(client, w, who):
    client.force_login(getattr(w, who))
    url = reverse("peerreviews:good_practice_update", args=[w.published.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(w, title="Nieuwe titel", themes=[w.themes[2].pk], success_conditions=None))
    w.published.refresh_from_db()
    assert response.status_code == 302
    assert w.published.title == "Nieuwe titel"
    assert list(w.published.themes.all()) == [w.themes[2]]
    assert not w.published.success_conditions.exists()
    assert w.published.status == GoodPractice.Status.PUBLISHED
    assert w.published.region == w.region  # the region is not changed on edit


@pytest.mark.parametrize("who", ["other_friend", "leader", "viewer"])
@pytest.mark.parametrize("name", ["good_practice_update", "good_practice_publish", "good_practice_unpublish"])
def test_good_practice_writes_by_others_are_404(client, w, who, name):
    client.force_login(getattr(w, who))
    practice = w.published if name == "good_practice_unpublish" else w.draft
    response = client.post(reverse(f"peerreviews:{name}", args=[practice.pk]), form_data(w, title="Hacked"))
    practice.refresh_from_db()
    assert response.status_code == 404
    assert practice.title != "Hacked"
    assert practice.status == ("published" if name == "good_practice_unpublish" else "draft")


@pytest.mark.parametrize("who", ["office", "friend"])
def test_good_practice_publish_and_unpublish_by_writer(client, w, who):
    client.force_login(getattr(w, who))
    response = client.post(reverse("peerreviews:good_practice_publish", args=[w.draft.pk]))
    w.draft.refresh_from_db()
    assert response.status_code == 302
    assert w.draft.status == GoodPractice.Status.PUBLISHED
    assert w.draft.published_at is not None
    client.post(reverse("peerreviews:good_practice_unpublish", args=[w.draft.pk]))
    w.draft.refresh_from_db()
    assert w.draft.status == GoodPractice.Status.DRAFT
    assert w.draft.published_at is None


def test_good_practice_publish_twice_says_so(client, w):
    client.force_login(w.office)
    response = client.post(reverse("peerreviews:good_practice_publish", args=[w.published.pk]), follow=True)
    assert "already published" in response.content.decode()


def test_good_practice_publish_by_get_is_refused(client, w):
    client.force_login(w.office)
    assert client.get(reverse("peerreviews:good_practice_publish", args=[w.draft.pk])).status_code == 405


def test_good_practice_service_refuses_themes_of_another_programme(w):
    other = ProgrammeFactory(slug="other")
    foreign = other.placemat_themes.first()
    with pytest.raises(ValidationError) as exc:
        good_practice_create(
            region=w.region,
            created_by=w.office,
            themes=[foreign],
            title="T",
            summary="S",
            description="D",
            result="R",
        )
    assert "themes" in exc.value.error_dict


def test_good_practice_service_requires_a_theme(w):
    with pytest.raises(ValidationError) as exc:
        good_practice_update(good_practice=w.draft, themes=[], title="T", summary="S", description="D", result="R")
    assert exc.value.error_dict["themes"][0].message == "Choose at least one placemat theme."


# --- Reading and drafts -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "viewer", "leader", "friend", "other_friend"])
def test_good_practice_published_is_readable_by_everyone_logged_in(client, w, who):
    client.force_login(getattr(w, who))
    response = client.get(w.published.get_absolute_url())
    assert response.status_code == 200
    assert "Published practice" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("office", 200), ("friend", 200), ("viewer", 404), ("leader", 404), ("other_friend", 404)]
)
def test_good_practice_draft_visible_only_to_its_writers(client, w, who, status):
    client.force_login(getattr(w, who))
    assert client.get(w.draft.get_absolute_url()).status_code == status
    listed = client.get(reverse("peerreviews:good_practice_list")).context["practices"]
    assert (w.draft in listed) == (status == 200)
    assert w.published in listed


def test_good_practice_draft_visible_to_its_author_without_region_role(client, w):
    author = UserFactory(email="author@t.example")
    practice = GoodPracticeFactory(region=w.region, created_by=author)
    client.force_login(author)
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_good_practice_pages_send_anonymous_to_login(client, w):
    for url in (reverse("peerreviews:good_practice_list"), w.published.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_good_practice_text_is_escaped(client, w):
    GoodPracticeFactory(region=w.region, title="<script>alert(1)</script>", published=True)
    client.force_login(w.viewer)
    content = client.get(reverse("peerreviews:good_practice_list")).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


# --- The list: filters, pagination, query count ------------------------------------------------


@pytest.fixture
def tagged(w):
    noord = RegionFactory(programme=w.programme, name="Friesland", slug="friesland", landsdeel="noord")
    return {
        "a": GoodPracticeFactory(
            region=w.region,
            title="Leerlijn techniek",
            summary="Vmbo en mbo samen.",
            themes=[w.themes[2]],
            success_conditions=[w.conditions[6]],
            published=True,
        ),
        "b": GoodPracticeFactory(
            region=noord,
            title="Ouderavond",
            summary="Ouders horen over banen in de installatietechniek.",
            themes=[w.themes[5]],
            success_conditions=[w.conditions[4]],
            published=True,
        ),
        "c": GoodPracticeFactory(
            region=w.other_region,
            title="Gedeeld lokaal",
            summary="Drie scholen, één lokaal.",
            themes=[w.themes[2], w.themes[5]],
            published=True,
        ),
    }


def listed(client, w, **params):
    client.force_login(w.viewer)
    response = client.get(reverse("peerreviews:good_practice_list"), params)
    assert response.status_code == 200
    return {p.title for p in response.context["practices"]}


def test_good_practice_list_filters_on_theme(client, w, tagged):
    assert listed(client, w, theme=w.themes[2].pk) == {"Leerlijn techniek", "Gedeeld lokaal"}


def test_good_practice_list_filters_on_success_condition(client, w, tagged):
    assert listed(client, w, success_condition=w.conditions[4].pk) == {"Ouderavond"}


def test_good_practice_list_filters_on_landsdeel(client, w, tagged):
    assert listed(client, w, landsdeel="noord") == {"Ouderavond"}


def test_good_practice_list_filters_on_region(client, w, tagged):
    assert listed(client, w, region=w.other_region.pk) == {"Gedeeld lokaal"}


def test_good_practice_list_searches_title_and_summary(client, w, tagged):
    assert listed(client, w, q="lokaal") == {"Gedeeld lokaal"}
    assert listed(client, w, q="INSTALLATIE") == {"Ouderavond"}


def test_good_practice_list_shows_one_programme_the_one_in_progress_first(client, w, tagged):
    from django.utils import timezone

    from regions.tests.factories import ProgrammeFactory

    today = timezone.localdate()
    running = ProgrammeFactory(slug="running", start_year=today.year - 1, end_year=today.year + 2)
    GoodPracticeFactory(
        region=RegionFactory(programme=running, slug="ede", name="Ede"), title="Nieuwe praktijk", published=True
    )
    client.force_login(w.viewer)
    response = client.get(reverse("peerreviews:good_practice_list"))
    assert {p.title for p in response.context["practices"]} == {"Nieuwe praktijk"}
    assert [r.name for r in response.context["filter_form"].fields["region"].queryset] == ["Ede"]
    assert "Ouderavond" in listed(client, w, programme=w.programme.slug)
    assert "Nieuwe praktijk" not in listed(client, w, programme=w.programme.slug)
    assert client.get(reverse("peerreviews:good_practice_list"), {"programme": "nope"}).status_code == 404


def test_good_practice_list_combines_filters(client, w, tagged):
    assert listed(client, w, theme=w.themes[5].pk, landsdeel="zuid") == {"Gedeeld lokaal"}


def test_good_practice_list_ignores_unknown_filter_values(client, w, tagged):
    assert listed(client, w, theme="999999", landsdeel="mars") == {
        "Leerlijn techniek",
        "Ouderavond",
        "Gedeeld lokaal",
        "Published practice",
    }


def test_good_practice_list_empty_filter_result_says_so(client, w, tagged):
    client.force_login(w.viewer)
    response = client.get(reverse("peerreviews:good_practice_list"), {"q": "nothing matches this"})
    assert "No good practices match these filters." in response.content.decode()


def test_good_practice_list_paginates_by_twenty_and_keeps_filters(client, w):
    for n in range(25):
        GoodPracticeFactory(region=w.region, title=f"Bulk {n}", published=True)
    client.force_login(w.viewer)
    response = client.get(reverse("peerreviews:good_practice_list"), {"q": "Bulk"})
    assert len(response.context["practices"]) == 20
    assert "q=Bulk&amp;page=2" in response.content.decode()
    second = client.get(reverse("peerreviews:good_practice_list"), {"q": "Bulk", "page": 2})
    assert len(second.context["practices"]) == 5


def _list_queries(client, user, params=None):
    client.force_login(user)
    return queries_of(client, reverse("peerreviews:good_practice_list"), data=params)


@pytest.mark.parametrize("params", [{}, {"theme": "THEME", "q": "e", "landsdeel": "oost"}])
def test_good_practice_list_query_count_is_fixed(client, w, params):
    if "theme" in params:
        params = {**params, "theme": w.themes[0].pk}
    GoodPractice.objects.all().delete()
    GoodPracticeFactory(region=w.region, published=True, success_conditions=w.conditions[:2])
    one = _list_queries(client, w.friend, params)
    for _ in range(2):
        GoodPracticeFactory(region=w.region, published=True, success_conditions=w.conditions[:3])
    three = _list_queries(client, w.friend, params)
    assert one == three


# --- The region page ----------------------------------------------------------------------------


def test_region_page_lists_only_its_own_published_practices(client, w):
    GoodPracticeFactory(region=w.other_region, title="Elsewhere", published=True)
    client.force_login(w.office)
    content = client.get(w.region.get_absolute_url()).content.decode()
    assert "Published practice" in content
    assert "Draft practice" not in content
    assert "Elsewhere" not in content


def test_region_page_good_practices_cost_one_query_whatever_their_number(client, w):
    client.force_login(w.office)
    assert_flat_queries(
        client, w.region.get_absolute_url(), grow=lambda: GoodPracticeFactory(region=w.region, published=True), times=3
    )


def test_region_page_empty_state_without_practices(client, w):
    GoodPractice.objects.all().delete()
    client.force_login(w.office)
    content = client.get(w.region.get_absolute_url()).content.decode()
    assert "This region has not published any good practices yet." in content


def test_navbar_links_good_practices_for_every_logged_in_user(client, w):
    client.force_login(w.leader)
    content = client.get(reverse("peerreviews:good_practice_list")).content.decode()
    assert f'href="{reverse("peerreviews:good_practice_list")}"' in content


# --- Every URL x role x method -------------------------------------------------------------------

ROLES = ["anonymous", "leader", "friend", "other_friend", "office", "viewer"]
WRITERS = {"friend", "office"}
LOGGED_IN = set(ROLES) - {"anonymous"}


def _urls(w):
    return {
        "list": reverse("peerreviews:good_practice_list"),
        "detail": w.published.get_absolute_url(),
        "detail[draft]": w.draft.get_absolute_url(),
        "create": reverse("peerreviews:good_practice_create"),
        "update": reverse("peerreviews:good_practice_update", args=[w.draft.pk]),
        "publish": reverse("peerreviews:good_practice_publish", args=[w.draft.pk]),
        "unpublish": reverse("peerreviews:good_practice_unpublish", args=[w.published.pk]),
    }


def _table(ok, status, others=404):
    return {role: (302 if role == "anonymous" else status if role in ok else others) for role in ROLES}


# name -> (GET expectations, POST with empty data expectations)
MATRIX = {
    "list": (_table(LOGGED_IN, 200), _table(set(), 405, others=405)),
    "detail": (_table(LOGGED_IN, 200), _table(set(), 405, others=405)),
    "detail[draft]": (_table(WRITERS, 200), _table(set(), 405, others=405)),
    "create": (_table(WRITERS | {"other_friend"}, 200), _table(WRITERS | {"other_friend"}, 200)),
    "update": (_table(WRITERS, 200), _table(WRITERS, 200)),  # an empty POST re-renders with errors
    "publish": (_table(set(), 405, others=405), _table(WRITERS, 302)),
    "unpublish": (_table(set(), 405, others=405), _table(WRITERS, 302)),
}
CASES = [(name, role, method) for name in MATRIX for role in ROLES for method in ("GET", "POST")]


@pytest.mark.parametrize(("name", "role", "method"), CASES, ids=[f"{n}-{r}-{m}" for n, r, m in CASES])
def test_good_practice_url_answers_role_as_in_matrix(client, w, name, role, method):
    if role != "anonymous":
        client.force_login(getattr(w, role))
    url = _urls(w)[name]
    before = list(GoodPractice.objects.order_by("pk").values_list("status", "title"))
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = MATRIX[name][0 if method == "GET" else 1][role]
    assert response.status_code == expected, f"{method} {url} as {role}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if expected != 302 or role == "anonymous":
        assert list(GoodPractice.objects.order_by("pk").values_list("status", "title")) == before


# --- Demo data ------------------------------------------------------------------------------------


def test_seed_good_practices_is_idempotent_and_mostly_published(w):
    RegionFactory(programme=w.programme, name="Drenthe", slug="drenthe")
    GoodPractice.objects.all().delete()
    seed_good_practices(programme=w.programme)
    seed_good_practices(programme=w.programme)
    practices = GoodPractice.objects.filter(region__programme=w.programme)
    assert practices.count() == len(PRACTICES) == 12
    assert practices.filter(status="published").count() == 10
    assert practices.values("region").distinct().count() == 3
    assert all(p.themes.exists() for p in practices)

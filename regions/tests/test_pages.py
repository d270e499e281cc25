"""What the pages show, to whom, and at what query cost."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import RegionRole, TargetAmendment, TargetAmendmentLine
from regions.services import region_role_end
from toptechniek.common.testing import assert_flat_queries, queries_of

from .factories import (
    IndicatorFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    RegionVisionFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _full_region(programme, n_indicators: int, **kwargs):
    region = RegionFactory(programme=programme, **kwargs)
    for kind in ("onderwijs", "ondernemer", "overheid"):
        subtype = {"onderwijs": "mbo", "ondernemer": "bedrijf", "overheid": "gemeente"}[kind]
        RegionPartnerFactory(
            region=region,
            organisation=OrganisationFactory(kind=kind, subtype=subtype),
            is_penvoerder=kind == "onderwijs",
        )
    RegionRoleFactory(region=region)
    RegionVisionFactory(region=region, version=1, approved=True)
    RegionVisionFactory(region=region, version=2, approved=True)
    areas = list(programme.placemat_themes.filter(kind="performance"))
    for i in range(n_indicators):
        indicator = IndicatorFactory(
            region=region, performance_area=areas[i % 4], route=["vakmanschap", "technologie", "beide"][i % 3]
        )
        for year in (2012, 2013, 2014, 2015):
            TargetFactory(indicator=indicator, year=year)
        # Each indicator has an amendment history (with lines) and the region a former role.
        proposer = UserFactory(office=True)
        amendment = TargetAmendment.objects.create(indicator=indicator, reason="Krimp", proposed_by=proposer)
        TargetAmendmentLine.objects.create(
            amendment=amendment, year=2015, old_value=Decimal(110), new_value=Decimal(100)
        )
        region_role_end(role=RegionRoleFactory(region=region, role="partner"), ended_by=proposer)
    return region


@pytest.mark.parametrize("n", [1, 3])
def test_region_page_query_count_is_fixed(client, django_assert_max_num_queries, n):
    programme = ProgrammeFactory()
    region = _full_region(programme, n)
    client.force_login(UserFactory(office=True))
    # +1 closed programmes (rules.programme_is_open), +1 co-financing, +1 sub-projects, +1 the knowledge
    # programme's attendance (knowledge.selectors.region_attendance)
    with django_assert_max_num_queries(25):
        response = client.get(region.get_absolute_url())
    assert response.status_code == 200
    assert len([row for g in response.context["page"].indicator_groups for _, rows in g.routes for row in rows]) == n


def test_region_page_queries_equal_at_1_and_3_indicators(client, django_assert_num_queries):
    programme = ProgrammeFactory()
    small, large = _full_region(programme, 1), _full_region(programme, 3)
    client.force_login(UserFactory(office=True))
    counts = [queries_of(client, region.get_absolute_url()) for region in (small, large)]
    assert counts[0] == counts[1]


@pytest.mark.parametrize("n", [1, 3])
def test_region_list_query_count_is_fixed(client, django_assert_max_num_queries, n):
    programme = ProgrammeFactory()
    for _ in range(n):
        _full_region(programme, 2)
    client.force_login(UserFactory(office=True))
    with django_assert_max_num_queries(8):  # with the programmes to pick from
        response = client.get(reverse("regions:region_list"))
    assert len(response.context["regions"]) == n


def test_region_list_queries_equal_at_1_and_3_regions(client):

    programme = ProgrammeFactory()
    office = UserFactory(office=True)
    client.force_login(office)
    _full_region(programme, 2)
    assert_flat_queries(client, reverse("regions:region_list"), grow=lambda: _full_region(programme, 2))


def test_region_page_groups_partners_by_the_three_os_and_agreements_by_area_and_route(client):
    programme = ProgrammeFactory()
    region = RegionFactory(programme=programme, name="Twente")
    RegionPartnerFactory(region=region, organisation=OrganisationFactory(name="ROC van Twente"), penvoerder=True)
    RegionPartnerFactory(region=region, organisation=OrganisationFactory(name="Thales", company=True))
    RegionPartnerFactory(region=region, organisation=OrganisationFactory(name="Gemeente Enschede", municipality=True))
    area2 = programme.placemat_themes.get(kind="performance", number=2)
    indicator = IndicatorFactory(region=region, code="DO1", performance_area=area2, route="technologie")
    TargetFactory(indicator=indicator, year=2014, value=42)
    user = UserFactory()
    RegionRoleFactory(user=user, region=region, role=RegionRole.Role.PARTNER)
    client.force_login(user)
    page = client.get(region.get_absolute_url()).context["page"]
    grouped = {kind: [p.organisation.name for p in partners] for kind, partners in page.partners_by_kind}
    assert grouped == {
        "education": ["ROC van Twente"],
        "business": ["Thales"],
        "government": ["Gemeente Enschede"],
        "other": [],
    }
    assert page.penvoerder.organisation.name == "ROC van Twente"
    area_group = next(g for g in page.indicator_groups if g.area == area2)
    ((route_label, rows),) = area_group.routes
    assert route_label == "Technologieroute"  # the programme's route, by name
    assert rows[0].indicator.code == "DO1" and [c and c.value for c in rows[0].cells] == [None, None, 42, None]


def test_proposed_indicators_and_draft_visions_are_hidden_from_partners(client):
    region = RegionFactory()
    IndicatorFactory(region=region, code="PROP", proposed=True)
    RegionVisionFactory(region=region, version=1)
    partner = UserFactory()
    RegionRoleFactory(user=partner, region=region, role=RegionRole.Role.PARTNER)
    client.force_login(partner)
    response = client.get(region.get_absolute_url())
    assert "PROP" not in response.text
    assert response.context["page"].draft_vision is None


def test_region_list_shows_only_own_regions_to_region_people(client):
    programme = ProgrammeFactory()
    own, other = RegionFactory(programme=programme, name="Own"), RegionFactory(programme=programme, name="Other")
    user = UserFactory()
    RegionRoleFactory(user=user, region=own, role=RegionRole.Role.CRITICAL_FRIEND)
    client.force_login(user)
    response = client.get(reverse("regions:region_list"))
    assert [r.name for r in response.context["regions"]] == ["Own"]
    assert other.get_absolute_url() not in response.text


def test_region_list_is_paginated(client):
    programme = ProgrammeFactory()
    for i in range(30):
        RegionFactory(programme=programme, name=f"R{i:02d}")
    client.force_login(UserFactory(viewer=True))
    first = client.get(reverse("regions:region_list"))
    second = client.get(reverse("regions:region_list") + "?page=2")
    assert len(first.context["regions"]) == 25 and len(second.context["regions"]) == 5


def test_region_list_filters_by_landsdeel(client):
    programme = ProgrammeFactory()
    RegionFactory(programme=programme, name="Brainport", landsdeel="zuid")
    RegionFactory(programme=programme, name="Friesland", landsdeel="noord")
    client.force_login(UserFactory(office=True))
    response = client.get(reverse("regions:region_list") + "?landsdeel=zuid")
    assert [r.name for r in response.context["regions"]] == ["Brainport"]


# --- Landing pages --------------------------------------------------------------------------


def test_home_project_leader_lands_on_tasks_with_their_region(client):
    region = RegionFactory(name="Twente")
    user = UserFactory()
    RegionRoleFactory(user=user, region=region)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert [r.name for r in response.context["page"].regions] == ["Twente"]
    assert region.get_absolute_url() in response.text


def test_home_critical_friend_with_several_regions_sees_them(client):
    programme = ProgrammeFactory()
    user = UserFactory()
    for name in ("Zwolle", "Twente"):
        RegionRoleFactory(user=user, region=RegionFactory(programme=programme, name=name), role="critical_friend")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert [r.name for r in response.context["page"].regions] == ["Twente", "Zwolle"]


def test_home_office_sees_tasks_and_a_way_to_the_programme(client):
    programme = ProgrammeFactory()
    client.force_login(UserFactory(office=True))
    response = client.get("/")
    assert response.status_code == 200 and programme.get_absolute_url() in response.text


def test_home_without_roles_explains(client):
    client.force_login(UserFactory())
    response = client.get("/")
    assert "You have no role in a region yet." in response.text


def test_login_with_email_and_password(client):
    user = UserFactory(email="pl@example.org")
    user.set_password("a-good-password")
    user.save()
    response = client.post(reverse("accounts:login"), {"username": "pl@example.org", "password": "a-good-password"})
    assert response.status_code == 302
    bad = client.post(reverse("accounts:login"), {"username": "pl@example.org", "password": "wrong"})
    assert bad.status_code == 302  # already logged in → home
    client.logout()
    bad = client.post(reverse("accounts:login"), {"username": "pl@example.org", "password": "wrong"})
    assert bad.status_code == 200 and 'value="pl@example.org"' in bad.text


def test_interface_is_dutch_by_default_and_switches_to_english(client, settings):
    settings.LANGUAGE_CODE = "nl"
    response = client.get(reverse("accounts:login"))
    assert '<html lang="nl">' in response.text and "Inloggen" in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in response.text and "Log in" in response.text


def test_framework_page_shows_verbatim_guiding_questions(client):
    programme = ProgrammeFactory()
    client.force_login(UserFactory(viewer=True))
    response = client.get(reverse("regions:framework", args=[programme.slug]))
    assert "Wat is de rol van de projectleider en heeft hij/zij voldoende mandaat?" in response.text
    assert "Gecommitteerd leiderschap" in response.text


def test_theme_update_renames_and_keeps_the_questions(client):
    programme = ProgrammeFactory()
    theme = programme.placemat_themes.get(kind="process", number=2)
    questions = list(theme.questions.values_list("text", flat=True))
    client.force_login(UserFactory(office=True))
    response = client.post(
        reverse("regions:theme_update", args=[theme.pk]), {"name": "Communicatie en pr", "description": ""}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Communicatie en pr"
    assert list(theme.questions.values_list("text", flat=True)) == questions


def test_programme_preference_in_progress_then_open_then_closed():
    from regions.selectors import programme_current, programmes_by_preference

    old = ProgrammeFactory(slug="old", start_year=2012, end_year=2015)
    ProgrammeFactory(slug="closed", start_year=2024, end_year=2027, closed_at=timezone.now())
    running = ProgrammeFactory(slug="running", start_year=2025, end_year=2028)
    ProgrammeFactory(slug="later", start_year=2029, end_year=2032)
    today = datetime.date(2026, 12, 4)
    assert [p.slug for p in programmes_by_preference(today=today)] == ["running", "later", "old", "closed"]
    assert programme_current(today=today) == running
    # The year after a programme's last year still counts as in progress: its last reports are due then.
    assert programme_current(today=datetime.date(2016, 2, 1)) == old


def test_a_new_empty_programme_does_not_take_the_place_of_the_one_people_work_in():
    from regions.selectors import programme_current

    running = ProgrammeFactory(slug="running", start_year=2025, end_year=2028)
    RegionFactory(programme=running)
    ProgrammeFactory(slug="next", start_year=2026, end_year=2029)  # being set up: no regions yet
    assert programme_current(today=datetime.date(2026, 12, 4)) == running


def test_region_list_opens_on_the_programme_in_progress_and_offers_the_others(client):
    old = ProgrammeFactory(slug="old", start_year=2012, end_year=2015, closed_at=timezone.now())
    running = ProgrammeFactory(slug="running", start_year=2025, end_year=2028)
    RegionFactory(programme=old, name="Twente", slug="twente-old")
    RegionFactory(programme=running, name="Food Valley", slug="food-valley")
    client.force_login(UserFactory(office=True))
    response = client.get(reverse("regions:region_list"))
    assert [r.name for r in response.context["regions"]] == ["Food Valley"]
    assert response.context["picker"].programme == running
    assert [p.slug for p in response.context["picker"].programmes] == ["running", "old"]
    response = client.get(reverse("regions:region_list"), {"programme": "old"})
    assert [r.name for r in response.context["regions"]] == ["Twente"]
    assert client.get(reverse("regions:region_list"), {"programme": "nope"}).status_code == 404


def test_region_list_offers_a_region_user_only_the_programmes_of_their_regions(client):
    old = ProgrammeFactory(slug="old", start_year=2012, end_year=2015)
    running = ProgrammeFactory(slug="running", start_year=2025, end_year=2028)
    mine = RegionFactory(programme=old, slug="mine")
    RegionFactory(programme=running, slug="other")
    leader = UserFactory()
    RegionRole.objects.create(user=leader, region=mine, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    response = client.get(reverse("regions:region_list"))
    assert response.context["picker"].programme == old
    assert [r.slug for r in response.context["regions"]] == ["mine"]
    assert not response.context["picker"].shown
    assert client.get(reverse("regions:region_list"), {"programme": "running"}).status_code == 404


def test_a_closed_programme_leaves_no_work_on_mijn_taken():
    from regions.selectors import programme_years_live, todos_for_user

    today = datetime.date(2026, 12, 4)
    open_programme = ProgrammeFactory(slug="open", start_year=2025, end_year=2028)
    closed = ProgrammeFactory(slug="closed", start_year=2025, end_year=2028, closed_at=timezone.now())
    for programme in (open_programme, closed):
        ProgrammeYearFactory(programme=programme, year=2026, report_due_date=datetime.date(2026, 12, 14))
        IndicatorFactory(region=RegionFactory(programme=programme), status="proposed")
    assert {py.programme for py in programme_years_live(today=today)} == {open_programme}
    office = UserFactory(office=True)
    todos = todos_for_user(user=office, today=today)
    assert [t.kind for t in todos] == ["agreements_approve"]
    assert todos[0].subject == open_programme.regions.get().name

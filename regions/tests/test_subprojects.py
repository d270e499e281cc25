"""Sub-projects (deelprojecten): services, the leader's region role, pages and the region page's section."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regions import services
from regions.models import PastRegionRole, RegionRole, SubProject
from toptechniek.common.models import AuditEvent

from .factories import (
    IndicatorFactory,
    OrganisationFactory,
    RegionPartnerFactory,
    SubProjectFactory,
    TargetFactory,
    UserFactory,
)
from .world import world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        regions=("twente", "achterhoek"),
        roles={"leader": ("twente", RegionRole.Role.PROJECT_LEADER)},
    )
    w.region = w.regions["twente"]
    w.school = RegionPartnerFactory(region=w.region, organisation=OrganisationFactory(name="ROC van Twente"))
    w.agreed = IndicatorFactory(region=w.region, code="IN1")
    TargetFactory(indicator=w.agreed, year=2013)
    return w


def _create(w, **fields):
    defaults = {"name": "Hybride docenten", "leader": None, "partners": [w.school], "indicators": [w.agreed]}
    return services.subproject_create(region=w.region, actor=w.leader, **{**defaults, **fields})


def test_subproject_create_gives_its_leader_the_region_role_and_logs_it(w):
    person = UserFactory(full_name="Dirk Deelproject")
    subproject = _create(w, leader=person, budget=Decimal("90000"))
    assert list(subproject.partners.all()) == [w.school] and list(subproject.indicators.all()) == [w.agreed]
    assert RegionRole.objects.filter(region=w.region, user=person, role="subproject_leader").exists()
    assert AuditEvent.objects.filter(action="regions.subproject_create").exists()
    fresh = type(person).objects.get(pk=person.pk)
    assert fresh.has_perm("regions.view_region", w.region)  # a region member, like a partner
    assert not fresh.has_perm("regions.view_region_drafts", w.region)


def test_subproject_refuses_a_double_name_other_regions_partners_proposed_indicators_and_negative_budget(w):
    _create(w)
    other = RegionPartnerFactory(region=w.regions["achterhoek"])
    proposed = IndicatorFactory(region=w.region, code="IN9", proposed=True)
    with pytest.raises(ValidationError) as exc:
        _create(w, name="hybride docenten", partners=[other], indicators=[proposed], budget=Decimal("-1"))
    assert set(exc.value.message_dict) == {"name", "partners", "indicators", "budget"}
    assert SubProject.objects.count() == 1


def test_the_leader_role_ends_when_they_lead_no_sub_project_any_more(w):
    person = UserFactory()
    first = _create(w, leader=person)
    second = _create(w, name="Zij-instroom", leader=person)
    services.subproject_delete(subproject=first, actor=w.leader)
    assert RegionRole.objects.filter(user=person, role="subproject_leader").exists()  # still leads the second
    successor = UserFactory()
    services.subproject_update(
        subproject=second, actor=w.leader, name="Zij-instroom", leader=successor, partners=[], indicators=[]
    )
    assert not RegionRole.objects.filter(user=person, role="subproject_leader").exists()
    assert PastRegionRole.objects.filter(user=person, role="subproject_leader").exists()
    assert RegionRole.objects.filter(user=successor, role="subproject_leader").exists()


def test_closed_programme_refuses_sub_projects(w):
    subproject = _create(w)
    w.programme.closed_at = timezone.now()
    w.programme.save()
    with pytest.raises(ValidationError):
        _create(w, name="Nieuw")
    with pytest.raises(ValidationError):
        services.subproject_delete(subproject=subproject, actor=w.leader)
    assert SubProject.objects.count() == 1


def test_region_page_lists_sub_projects_and_the_form_keeps_what_was_typed(client, w):
    SubProjectFactory(region=w.region, name="Praktijkleren in de maakindustrie", led=True)
    client.force_login(w.viewer)
    html = client.get(w.region.get_absolute_url()).content.decode()
    assert "Praktijkleren in de maakindustrie" in html
    assert reverse("regions:subproject_create", args=[w.region]) not in html  # the ministry only reads
    client.force_login(w.leader)
    response = client.post(
        reverse("regions:subproject_create", args=[w.region]),
        {
            "name": "praktijkleren in de maakindustrie",
            "description": "Een dag per week in het bedrijf",
            "budget": "1.000,50",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already has a sub-project with this name" in html and "Een dag per week in het bedrijf" in html
    response = client.post(
        reverse("regions:subproject_create", args=[w.region]),
        {"name": "Zij-instroom", "budget": "1.000,50", "partners": [w.school.pk]},
    )
    assert response.status_code == 302
    assert SubProject.objects.get(name="Zij-instroom").budget == Decimal("1000.50")


def test_region_page_queries_are_flat_in_the_number_of_sub_projects(client, w):
    from toptechniek.common.testing import assert_flat_queries

    client.force_login(w.leader)

    def grow():
        sp = SubProjectFactory(region=w.region, led=True)
        sp.partners.set([w.school])
        sp.indicators.set([w.agreed])

    grow()
    assert_flat_queries(client, w.region.get_absolute_url(), grow=grow)

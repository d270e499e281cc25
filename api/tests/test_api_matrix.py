"""The API matrix: every resource for every role answers exactly what the pages' rules give.

The world is the permission matrix's (regions/tests/test_permission_matrix.py: two regions, a person per role,
reports in every state, placemats, visits and grants), with more of each so every resource has rows a role may
and may not see: realisations on every report, region B's settled report, placemat, visits and grants, a visit of
region B with region A's critical friend on its committee, and a sub-project leader of region A (whose reading of
reports is asked of the rule object by object).

For each (resource, role): the ids of the whole list equal the objects for which the page's rule holds, and each
object's item answers 200 exactly for those, 404 for the others. The one difference from the pages is by design:
a region's people read another region's settled report on its page while the two prepare a peer review, but the
API gives a region's token its own regions only (see api/selectors.py)."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from api.tests.helpers import bearer, listed_ids
from audits.models import AuditVisit, Placemat, StimulusGrant
from audits.tests.factories import AuditVisitFactory, ConsolidatedScoreFactory, PlacematFactory, StimulusGrantFactory
from monitoring.models import MonitorReport, Realisation
from monitoring.selectors import SETTLED_STATUSES
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory
from regions.models import Indicator, Programme, ProgrammeYear, Region, RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.matrix_base import LOGGED_IN
from regions.tests.test_permission_matrix import _build_world
from toptechniek.accounts.rules import region_roles

SUBPROJECT_LEADER = "subproject_leader"
API_ROLES = [*LOGGED_IN, SUBPROJECT_LEADER]


def _extend(world) -> None:
    """More rows of each resource, in both regions."""
    a, b, years = world.region_a, world.region_b, world.years
    agreed_a = world.extra["indicator_agreed"]
    for report in world.reports.values():
        RealisationFactory(report=report, indicator=agreed_a, value=Decimal("105"))
    agreed_b = IndicatorFactory(region=b, code="B1")
    TargetFactory(indicator=agreed_b, year=2012, value=Decimal("50"))
    settled_b = MonitorReportFactory(region=b, programme_year=years[2012], accepted=True)
    RealisationFactory(report=settled_b, indicator=agreed_b, value=Decimal("40"), explanation="Krimp")
    draft_b = MonitorReportFactory(region=b, programme_year=years[2013])
    RealisationFactory(report=draft_b, indicator=agreed_b, value=Decimal("60"))
    placemat_b = PlacematFactory(region=b, programme_year=years[2012], published=True)
    ConsolidatedScoreFactory(placemat=placemat_b)
    ConsolidatedScoreFactory(placemat=world.audits["placemat_published"])
    AuditVisitFactory(region=b, programme_year=years[2012], reported=True)
    from regions.tests.matrix_base import CF

    AuditVisitFactory(region=b, programme_year=years[2014], reported=True, committee=[world.users[CF]])
    StimulusGrantFactory(region=a, programme_year=years[2012], decided=True)
    StimulusGrantFactory(region=b, programme_year=years[2012], decided=True)
    other = ProgrammeFactory(slug="andere-agenda")  # no region of the world's people: the office's and ministry's
    ProgrammeYearFactory(programme=other, year=2016)
    leader = UserFactory(email="spl@t.example")
    RegionRoleFactory(user=leader, region=a, role=RegionRole.Role.SUBPROJECT_LEADER)
    world.users[SUBPROJECT_LEADER] = leader


@pytest.fixture(scope="module")
def _api_world(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("api-matrix"))):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = _build_world()
            _extend(world)
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(db, _api_world):
    return _api_world


def _own(user, region_id) -> bool:
    """A region's people read their own regions through the API (the office and the ministry every region)."""
    return user.is_programme_office or user.is_viewer or region_id in region_roles(user)


def _programmes(user):
    regions = [r for r in Region.objects.all() if user.has_perm("regions.view_region", r)]
    return {p.slug for p in Programme.objects.all() if user.has_perm("regions.view_programme", p)} | {
        r.programme.slug for r in regions
    }


# resource path -> (what the pages give the user: a set of keys, the key field)
EXPECTED = {
    "programmes": (_programmes, "slug"),
    "programme-years": (
        lambda u: {
            y.pk for y in ProgrammeYear.objects.select_related("programme") if y.programme.slug in _programmes(u)
        },
        "id",
    ),
    "regions": (lambda u: {r.pk for r in Region.objects.all() if u.has_perm("regions.view_region", r)}, "id"),
    "indicators": (
        lambda u: {
            i.pk
            for i in Indicator.objects.select_related("region")
            if i.status == Indicator.Status.AGREED and u.has_perm("regions.view_region", i.region)
        },
        "id",
    ),
    "realisations": (
        lambda u: {
            r.pk
            for r in Realisation.objects.select_related("report__programme_year", "report__region")
            if r.report.status in SETTLED_STATUSES
            and u.has_perm("monitoring.view_report", r.report)
            and _own(u, r.report.region_id)
        },
        "id",
    ),
    "report-statuses": (
        lambda u: {
            r.pk for r in MonitorReport.objects.select_related("region") if u.has_perm("regions.view_region", r.region)
        },
        "id",
    ),
    "placemat-scores": (
        lambda u: {
            p.pk
            for p in Placemat.objects.all()
            if p.status == Placemat.Status.PUBLISHED and u.has_perm("audits.view_placemat", p)
        },
        "id",
    ),
    "audit-judgements": (
        lambda u: {
            v.pk
            for v in AuditVisit.objects.all()
            if v.status == AuditVisit.Status.REPORTED and u.has_perm("audits.view_visit_report", v)
        },
        "id",
    ),
    "grants": (
        lambda u: {
            g.pk
            for g in StimulusGrant.objects.select_related("region")
            if u.has_perm("audits.view_grants")
            or (u.has_perm("audits.view_region_grants", g.region) and g.status != StimulusGrant.Status.PROPOSED)
        },
        "id",
    ),
}
ALL_KEYS = {
    "programmes": lambda: set(Programme.objects.values_list("slug", flat=True)),
    "programme-years": lambda: set(ProgrammeYear.objects.values_list("pk", flat=True)),
    "regions": lambda: set(Region.objects.values_list("pk", flat=True)),
    "indicators": lambda: set(Indicator.objects.values_list("pk", flat=True)),
    "realisations": lambda: set(Realisation.objects.values_list("pk", flat=True)),
    "report-statuses": lambda: set(MonitorReport.objects.values_list("pk", flat=True)),
    "placemat-scores": lambda: set(Placemat.objects.values_list("pk", flat=True)),
    "audit-judgements": lambda: set(AuditVisit.objects.values_list("pk", flat=True)),
    "grants": lambda: set(StimulusGrant.objects.values_list("pk", flat=True)),
}
CASES = [(resource, role) for resource in EXPECTED for role in API_ROLES]


@pytest.mark.parametrize(("resource", "role"), CASES, ids=[f"{r}-{role}" for r, role in CASES])
def test_api_resource_gives_role_what_the_pages_give(client, world, resource, role):
    user = world.users[role]
    headers = bearer(user)
    expected_of, key = EXPECTED[resource]
    user = type(user).objects.get(pk=user.pk)  # fresh: no cached roles of an earlier test
    expected = expected_of(user)
    assert listed_ids(client, f"/api/v1/{resource}", headers, key) == expected
    for item in ALL_KEYS[resource]():
        status = client.get(f"/api/v1/{resource}/{item}", **headers).status_code
        assert status == (200 if item in expected else 404), f"{resource}/{item} as {role}"


@pytest.mark.parametrize("resource", list(EXPECTED))
def test_api_resource_without_a_token_answers_401(client, world, resource):
    response = client.get(f"/api/v1/{resource}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_api_world_has_rows_each_role_may_and_may_not_see(world):
    """The matrix above proves something only if every resource has rows some role sees and others do not."""
    for resource, (expected_of, _key) in EXPECTED.items():
        everything = ALL_KEYS[resource]()
        seen = [expected_of(type(u).objects.get(pk=u.pk)) for u in world.users.values()]
        assert any(seen), resource
        assert any(s != everything for s in seen), resource


def test_api_gives_a_region_its_own_regions_only_where_a_peer_review_lets_its_pages_read_more(client, world):
    """Region B's project leader reads region A's settled report on its page while they prepare a peer review;
    the API does not give region B's token region A's figures."""
    from regions.tests.matrix_base import PL_OTHER

    user = world.users[PL_OTHER]
    report = world.reports["accepted"]
    assert user.has_perm("monitoring.view_report", report)
    listed = listed_ids(client, "/api/v1/realisations", bearer(user))
    assert not listed & set(report.realisations.values_list("pk", flat=True))
    assert listed  # its own region's settled figures

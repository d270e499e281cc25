"""What each resource says, its filters, pages and errors, the throttle, the audit log and the query counts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from api.tests.helpers import bearer
from audits.models import ConsolidatedCondition
from audits.tests.factories import AuditVisitFactory, ConsolidatedScoreFactory, PlacematFactory, StimulusGrantFactory
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory
from regions.models import RegionRole, TargetAmendment, TargetAmendmentLine
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from toptechniek.common.models import AuditEvent
from toptechniek.common.testing import World, queries_in

pytestmark = pytest.mark.django_db
API = "/api/v1/"
RESOURCES = [
    "programmes",
    "programme-years",
    "regions",
    "indicators",
    "realisations",
    "report-statuses",
    "placemat-scores",
    "audit-judgements",
    "grants",
]


def _region_with_a_year(w: World, name: str) -> dict:
    """A region with everything the API shows for 2013: an agreed indicator (targets 2013-2014, one approved
    amendment), an accepted report with its figure, a published placemat, a reported visit and a decided grant."""
    region = RegionFactory(programme=w.programme, name=name, slug=name.lower())
    RegionRoleFactory(user=w.pl, region=region, role=RegionRole.Role.PROJECT_LEADER)
    indicator = IndicatorFactory(region=region, code="IN1", unit="leerlingen", agreed_at=timezone.now())
    TargetFactory(indicator=indicator, year=2013, value=Decimal("110"))
    TargetFactory(indicator=indicator, year=2014, value=Decimal("120"))
    amendment = TargetAmendment.objects.create(
        indicator=indicator,
        reason="Krimp in de regio",
        proposed_by=w.pl,
        status=TargetAmendment.Status.APPROVED,
        decided_by=w.office,
        decided_at=timezone.now(),
    )
    TargetAmendmentLine.objects.create(
        amendment=amendment, year=2014, old_value=Decimal("130"), new_value=Decimal("120")
    )
    report = MonitorReportFactory(region=region, programme_year=w.years[2013], accepted=True)
    realisation = RealisationFactory(
        report=report, indicator=indicator, value=Decimal("104.5"), explanation="Minder instroom"
    )
    placemat = PlacematFactory(region=region, programme_year=w.years[2013], published=True)
    ConsolidatedScoreFactory(placemat=placemat, score=3)
    ConsolidatedCondition.objects.create(
        placemat=placemat, condition=w.programme.success_conditions.get(number=1), rating=2
    )
    visit = AuditVisitFactory(region=region, programme_year=w.years[2013], reported=True)
    grant = StimulusGrantFactory(
        region=region,
        programme_year=w.years[2013],
        decided=True,
        proposed_amount=Decimal("80000"),
        decision_reason="Op koers",
    )
    return {
        "region": region,
        "indicator": indicator,
        "report": report,
        "realisation": realisation,
        "visit": visit,
        "grant": grant,
        "placemat": placemat,
    }


@pytest.fixture
def w():
    programme = ProgrammeFactory(slug="ttib", name="Toptechniek in bedrijf")
    w = World(
        programme=programme,
        years={y: ProgrammeYearFactory(programme=programme, year=y) for y in (2013, 2014)},
        office=UserFactory(office=True),
        viewer=UserFactory(viewer=True),
        pl=UserFactory(),
    )
    w.twente = _region_with_a_year(w, "Twente")
    return w


def _get(client, path, headers, status=200):
    response = client.get(API + path, **headers)
    assert response.status_code == status, response.content[:400]
    return response.json()


def test_indicator_carries_targets_amendments_and_version(client, w):
    body = _get(client, "indicators", bearer(w.viewer))
    (item,) = body["results"]
    assert item["code"] == "IN1" and item["unit"] == "leerlingen" and item["programme"] == "ttib"
    assert item["region"] == w.twente["region"].pk
    assert item["targets"] == [
        {"year": 2013, "value": 110.0, "value_max": None},
        {"year": 2014, "value": 120.0, "value_max": None},
    ]
    assert item["version"] == 2
    (amendment,) = item["amendments"]
    assert amendment["version"] == 2 and amendment["reason"] == "Krimp in de regio"
    assert amendment["lines"] == [
        {"year": 2014, "old_value": 130.0, "old_max": None, "new_value": 120.0, "new_max": None}
    ]
    assert item["performance_area"]["number"] == 1
    datetime.datetime.fromisoformat(item["agreed_at"])  # ISO 8601


def test_indicator_proposed_is_not_in_the_api(client, w):
    IndicatorFactory(region=w.twente["region"], code="NEW", proposed=True)
    codes = {i["code"] for i in _get(client, "indicators", bearer(w.office))["results"]}
    assert codes == {"IN1"}


def test_realisation_carries_target_check_and_agreement_version(client, w):
    (item,) = _get(client, "realisations", bearer(w.viewer))["results"]
    assert item == {
        "id": w.twente["realisation"].pk,
        "programme": "ttib",
        "year": 2013,
        "region": w.twente["region"].pk,
        "region_name": "Twente",
        "indicator": w.twente["indicator"].pk,
        "indicator_code": "IN1",
        "unit": "leerlingen",
        "value": 104.5,
        "not_applicable": False,
        "explanation": "Minder instroom",
        "target": 110.0,
        "target_max": None,
        "on_target": False,
        "agreement_version": 2,
        "report_status": "accepted",
    }


def test_realisation_of_a_draft_never_reaches_the_api(client, w):
    draft = MonitorReportFactory(region=w.twente["region"], programme_year=w.years[2014])
    RealisationFactory(report=draft, indicator=w.twente["indicator"], value=Decimal("999"))
    for user in (w.office, w.viewer, w.pl):
        values = {r["value"] for r in _get(client, "realisations", bearer(user))["results"]}
        assert 999.0 not in values


def test_realisation_not_applicable_has_no_value_and_no_target_check(client, w):
    realisation = w.twente["realisation"]
    realisation.not_applicable, realisation.value = True, None
    realisation.save()
    (item,) = _get(client, "realisations", bearer(w.office))["results"]
    assert item["value"] is None and item["on_target"] is None and item["not_applicable"] is True


def test_realisation_submitted_is_seen_by_the_office_not_yet_by_the_ministry(client, w):
    report = w.twente["report"]
    report.status = "submitted"
    report.save()
    assert _get(client, "realisations", bearer(w.office))["count"] == 1
    assert _get(client, "realisations", bearer(w.viewer))["count"] == 0


def test_grant_proposal_is_shown_to_the_office_not_to_the_region(client, w):
    (office_item,) = _get(client, "grants", bearer(w.office))["results"]
    assert office_item["proposed_amount"] == 80000.0 and office_item["decision_reason"] == "Op koers"
    (region_item,) = _get(client, "grants", bearer(w.pl))["results"]
    assert region_item["proposed_amount"] is None and region_item["decision_reason"] is None
    assert region_item["decided_amount"] == 80000.0 and region_item["status"] == "decided"


def test_placemat_scores_and_audit_judgement(client, w):
    (placemat,) = _get(client, "placemat-scores", bearer(w.viewer))["results"]
    assert placemat["version"] == 1
    assert [(s["kind"], s["number"], s["score"]) for s in placemat["scores"]] == [("performance", 1, 3)]
    assert [(c["number"], c["rating"]) for c in placemat["conditions"]] == [(1, 2)]
    (visit,) = _get(client, "audit-judgements", bearer(w.viewer))["results"]
    assert visit["judgement"] == "on_track" and visit["date"] == "2013-10-01"


def test_report_statuses_include_drafts_for_the_region_but_no_contents(client, w):
    MonitorReportFactory(region=w.twente["region"], programme_year=w.years[2014])
    items = _get(client, "report-statuses", bearer(w.pl))["results"]
    assert sorted((i["year"], i["status"]) for i in items) == [(2013, "accepted"), (2014, "draft")]
    assert "reflection_works" not in items[0]


def test_filters_narrow_the_list(client, w):
    other = _region_with_a_year(w, "Zwolle")
    headers = bearer(w.office)
    assert _get(client, f"realisations?region={other['region'].pk}", headers)["count"] == 1
    assert _get(client, "realisations?year=2014", headers)["count"] == 0
    assert _get(client, "realisations?year=2013&programme=ttib", headers)["count"] == 2
    assert _get(client, "realisations?programme=other", headers)["count"] == 0
    assert _get(client, "report-statuses?status=accepted", headers)["count"] == 2
    assert _get(client, f"indicators?region={other['region'].pk}&code=IN1", headers)["count"] == 1
    assert _get(client, "grants?status=proposed", headers)["count"] == 0
    assert _get(client, "audit-judgements?judgement=on_track", headers)["count"] == 2
    assert _get(client, "programme-years?year=2014", headers)["count"] == 1


def test_filter_that_cannot_be_read_answers_400_naming_it(client, w):
    response = client.get(API + "realisations?year=twintig&report_status=draft&region=x", **bearer(w.office))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Bad request"
    assert {p["name"] for p in body["invalidParams"]} == {"year", "report_status", "region"}
    reasons = {p["name"]: p["reason"] for p in body["invalidParams"]}
    assert reasons["report_status"] == "One of: submitted, accepted."


def test_pages_carry_links_and_counts(client, w):
    for name in ("Zwolle", "Achterhoek", "Drenthe", "Rijnmond"):
        _region_with_a_year(w, name)
    response = client.get(API + "regions?page_size=2&page=2", **bearer(w.viewer))
    body = response.json()
    assert body["count"] == 5 and body["page"] == 2 and body["page_size"] == 2
    assert [r["name"] for r in body["results"]] == ["Rijnmond", "Twente"]
    links = body["_links"]
    assert links["prev"]["href"].endswith("page=1&page_size=2") or "page=1" in links["prev"]["href"]
    assert "page=3" in links["next"]["href"] and "page=3" in links["last"]["href"]
    assert response["X-Total-Count"] == "5" and response["X-Pagination-Page"] == "2"
    assert response["X-Pagination-Limit"] == "2" and 'rel="next"' in response["Link"]
    last = client.get(links["last"]["href"], **bearer(w.viewer)).json()
    assert "next" not in last["_links"] and len(last["results"]) == 1


@pytest.mark.parametrize("query", ["page_size=0", "page_size=1001", "page_size=abc", "page=0", "page=x"])
def test_page_parameters_out_of_range_answer_400(client, w, query):
    response = client.get(API + "regions?" + query, **bearer(w.viewer))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == query.split("=")[0]


def test_page_past_the_end_answers_404_as_problem(client, w):
    response = client.get(API + "regions?page=9", **bearer(w.viewer))
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_item_of_another_region_answers_404_as_problem(client, w):
    other = _region_with_a_year(w, "Zwolle")
    outsider = UserFactory()
    RegionRoleFactory(user=outsider, region=other["region"], role=RegionRole.Role.PROJECT_LEADER)
    response = client.get(API + f"regions/{w.twente['region'].pk}", **bearer(outsider))
    assert response.status_code == 404
    assert response.json()["title"] == "Not found"


def test_unknown_api_path_answers_404_as_problem(client, w, settings):
    settings.DEBUG = False
    response = client.get(API + "regios", **bearer(w.viewer))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["instance"] == API + "regios"


def test_api_refuses_writes(client, w):
    headers = bearer(w.office)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(API + f"regions/{w.twente['region'].pk}", **headers)
        assert response.status_code == 405, method
    w.twente["region"].refresh_from_db()
    assert w.twente["region"].name == "Twente"


def test_api_answers_in_the_callers_language(client, w):
    response = client.get(API + "regions/0", HTTP_ACCEPT_LANGUAGE="nl", **bearer(w.viewer))
    assert response.json()["title"] == "Niet gevonden"


def test_throttle_answers_429_with_retry_after(client, w, settings):
    settings.API_THROTTLE_RATE = "3/min"
    headers = bearer(w.viewer)
    for _ in range(3):
        assert client.get(API + "regions", **headers).status_code == 200
    response = client.get(API + "regions", **headers)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    # Another person is not held back by the first one's calls.
    assert client.get(API + "regions", **bearer(w.office)).status_code == 200


def test_every_call_is_in_the_audit_log(client, w):
    headers = bearer(w.viewer)
    client.get(API + "realisations?year=2013", **headers)
    client.get(API + "regions/0", **headers)
    client.get(API + "regions")
    events = list(AuditEvent.objects.filter(kind=AuditEvent.Kind.API).order_by("pk"))
    assert [(e.actor_id, e.path, e.status) for e in events] == [
        (w.viewer.pk, API + "realisations", 200),
        (w.viewer.pk, API + "regions/0", 404),
        (None, API + "regions", 401),
    ]
    assert events[0].object_label == API + "realisations?year=2013"
    assert events[0].action == "api.realisation"


def _grow(w):
    _region_with_a_year(w, f"Regio{len(w.programme.regions.all()) + 1}")


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("who", ["office", "pl"])
def test_query_count_is_flat_in_page_size_and_data(client, w, resource, who):
    headers = bearer(getattr(w, who))
    client.get(API + resource, **headers)  # the token's first use is written once (last used)
    counts = []
    for grow in (False, True):
        if grow:
            _grow(w)
            _grow(w)
        for size in (1, 3):
            with queries_in() as sql:
                response = client.get(API + f"{resource}?page_size={size}", **headers)
            assert response.status_code == 200
            counts.append(len(sql))
    assert len(set(counts)) == 1, f"{resource} as {who}: {counts}"
    assert counts[0] <= 10, counts


def test_audit_log_reads_the_call_and_its_answer(client, w):
    from toptechniek.common.audit import audit_text

    client.get(API + "regions/0", **bearer(w.viewer))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.API)
    assert audit_text(event) == "API: /api/v1/regions/0, answered 404"


def test_every_item_has_exactly_the_fields_its_openapi_schema_names(client, w):
    import json

    schema = json.loads(client.get(API + "openapi.json").content)
    components = schema["components"]["schemas"]
    headers = bearer(w.office)
    for resource in RESOURCES:
        listed = schema["paths"][API + resource]["get"]["responses"]["200"]["content"]["application/json"]
        ref = components[listed["schema"]["$ref"].rsplit("/", 1)[1]]["properties"]["results"]["items"]["$ref"]
        fields = set(components[ref.rsplit("/", 1)[1]]["properties"])
        (item, *_rest) = _get(client, resource, headers)["results"]
        assert set(item) == fields, resource

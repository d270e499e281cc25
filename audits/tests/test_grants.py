"""Stimulus grants: the rule's computation, proposals, decisions with reasons, the overview and its permissions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audits.models import GrantChange, GrantRule, StimulusGrant
from audits.selectors.grants import grant_explanation, grants_overview
from audits.services.grants import grant_compute, grant_decide, grant_propose_year, grant_rule_save, grant_withhold
from audits.tests.factories import ConsolidatedScoreFactory, GrantRuleFactory, PlacematFactory, StimulusGrantFactory
from monitoring.tests.factories import MonitorReportFactory
from regions.models import Region
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionPartnerFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_of

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = datetime.date(2014, 6, 1)  # after the 2013 report due date (1 March 2014)


def rule(**kwargs) -> GrantRule:
    values = {
        "base_amount": D("100000"),
        "late_reduction_pct": D("10"),
        "not_accepted_reduction_pct": D("20"),
        "progress_weight_pct": D("0"),  # these tests pin the placemat component; agreements below
        "placemat_weight_pct": D("50"),
    }
    return GrantRule(**(values | kwargs))


# --- The computation on constructed data ---------------------------------------------------


def test_grant_compute_accepted_on_time_full_progress_gives_base():
    proposal = grant_compute(rule=rule(), is_late=False, report_status="accepted", mean_score=D(4))
    assert proposal.amount == D("100000")


def test_grant_compute_progress_one_keeps_only_unweighted_part():
    proposal = grant_compute(rule=rule(), is_late=False, report_status="accepted", mean_score=D(1))
    assert proposal.amount == D("50000")
    assert proposal.inputs["progress"] == "0.0000"


def test_grant_compute_late_report_reduces_by_late_pct():
    proposal = grant_compute(rule=rule(), is_late=True, report_status="accepted", mean_score=D(4))
    assert proposal.amount == D("90000")


def test_grant_compute_not_accepted_report_reduces_by_not_accepted_pct():
    proposal = grant_compute(rule=rule(), is_late=False, report_status="submitted", mean_score=D(4))
    assert proposal.amount == D("80000")
    texts = [s.text for s in grant_explanation(proposal.inputs)]
    assert any("not accepted (status: submitted): minus 20%" in t for t in texts)


def test_grant_compute_missing_report_counts_as_not_accepted():
    proposal = grant_compute(rule=rule(), is_late=False, report_status=None, mean_score=D(4))
    assert proposal.amount == D("80000")
    assert any("no monitor report" in s.text for s in grant_explanation(proposal.inputs))


def test_grant_compute_no_placemat_uses_half_progress_and_says_so():
    proposal = grant_compute(rule=rule(), is_late=False, report_status="accepted", mean_score=None)
    assert proposal.amount == D("75000")
    steps = grant_explanation(proposal.inputs)
    assert "no published placemat" in steps[3].text and "0.5" in steps[3].text
    assert steps[3].factor == D("0.75")


def test_grant_compute_all_reductions_multiply_and_round_to_euros():
    proposal = grant_compute(
        rule=rule(base_amount=D("1001")), is_late=True, report_status="returned", mean_score=D("2.5")
    )
    # 1001 × 0.9 × 0.8 × (0.5 + 0.5 × 0.5) = 540.54 → 541
    assert proposal.amount == D("541")
    steps = grant_explanation(proposal.inputs)
    assert [s.factor for s in steps] == [None, D("0.9"), D("0.8"), D("0.75"), None]
    assert steps[-1].amount == proposal.amount
    assert steps[0].amount == D("1001")


def test_grant_compute_zero_weight_ignores_progress():
    proposal = grant_compute(
        rule=rule(placemat_weight_pct=D(0)), is_late=False, report_status="accepted", mean_score=D(1)
    )
    assert proposal.amount == D("100000")


# --- Services ----------------------------------------------------------------------------


@pytest.fixture
def w():
    w = world_build(
        regions=("twente", "zeeland"),
        office={"email": "office@g.example", "full_name": "Olga Office"},
        viewer="viewer@g.example",
        roles={
            "leader": ("twente", "project_leader", "pl@g.example"),
            "other_leader": ("zeeland", "project_leader", "pl-other@g.example"),
            "penvoerder": ("twente", "penvoerder", "pv@g.example"),
            "partner": ("twente", "partner", "partner@g.example"),
            "critical_friend": ("twente", "critical_friend", "cf@g.example"),
        },
    )
    w.region, w.other_region = w.regions["twente"], w.regions["zeeland"]
    w.year = w.years[2013]
    RegionPartnerFactory(region=w.region, penvoerder=True)
    return w


def publish_placemat(region, year, scores):
    placemat = PlacematFactory(region=region, programme_year=year, published=True)
    themes = list(region.programme.placemat_themes.order_by("kind", "number"))
    for theme, score in zip(themes, scores, strict=False):
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=score)
    return placemat


def test_grant_propose_year_without_rule_is_refused_and_creates_nothing(w):
    with pytest.raises(ValidationError):
        grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    assert not StimulusGrant.objects.exists()


def test_grant_propose_year_uses_report_and_published_placemat(w):
    GrantRuleFactory(programme_year=w.year)
    MonitorReportFactory(region=w.region, programme_year=w.year, accepted=True, is_late=False)
    publish_placemat(w.region, w.year, [4, 4, 4, 4])
    # Zeeland: no report (late and not accepted once the due date passed), no placemat.
    grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    grants = {g.region.slug: g for g in StimulusGrant.objects.select_related("region")}
    assert grants["twente"].proposed_amount == D("100000")
    assert grants["zeeland"].proposed_amount == D("54000")  # 100000 × 0.9 × 0.8 × 0.75
    assert grants["zeeland"].proposal_inputs["late"] is True
    assert GrantChange.objects.filter(kind="proposed").count() == 2


def test_grant_propose_year_skips_stopped_and_not_yet_joined_regions(w):
    GrantRuleFactory(programme_year=w.year)
    RegionFactory(programme=w.programme, status=Region.Status.STOPPED)
    RegionFactory(programme=w.programme, join_year=2014)
    grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    assert set(StimulusGrant.objects.values_list("region__slug", flat=True)) == {"twente", "zeeland"}


def test_grant_propose_year_ignores_unpublished_placemat(w):
    GrantRuleFactory(programme_year=w.year)
    MonitorReportFactory(region=w.region, programme_year=w.year, accepted=True, is_late=False)
    placemat = publish_placemat(w.region, w.year, [4, 4])
    placemat.status = "open"
    placemat.save()
    grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    assert StimulusGrant.objects.get(region=w.region).proposed_amount == D("75000")


def test_grant_propose_year_never_overwrites_decided_grant(w):
    rule_row = GrantRuleFactory(programme_year=w.year)
    grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    twente = StimulusGrant.objects.get(region=w.region)
    grant_decide(grant=twente, amount=twente.proposed_amount, reason="", actor=w.office)
    rule_row.base_amount = D("200000")
    rule_row.save()
    changed = grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    twente.refresh_from_db()
    zeeland = StimulusGrant.objects.get(region=w.other_region)
    assert twente.proposed_amount == D("54000") and twente.status == "decided"
    assert twente.decided_amount == D("54000")
    assert zeeland.proposed_amount == D("108000")
    assert changed == [zeeland]


def test_grant_propose_year_twice_without_change_logs_once(w):
    GrantRuleFactory(programme_year=w.year)
    grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY)
    assert grant_propose_year(programme_year=w.year, actor=w.office, today=TODAY) == []
    assert GrantChange.objects.count() == 2


def test_grant_decide_proposal_amount_needs_no_reason(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    grant_decide(grant=grant, amount=D("80000"), reason="", actor=w.office)
    assert (grant.status, grant.decided_amount, grant.decided_by) == ("decided", D("80000"), w.office)
    assert grant.changes.get().kind == "decided"


def test_grant_decide_other_amount_without_reason_is_refused_and_changes_nothing(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    with pytest.raises(ValidationError) as exc:
        grant_decide(grant=grant, amount=D("90000"), reason="  ", actor=w.office)
    assert "reason" in exc.value.message_dict
    grant.refresh_from_db()
    assert (grant.status, grant.decided_amount, grant.decided_at) == ("proposed", None, None)
    assert not grant.changes.exists()


def test_grant_decide_other_amount_with_reason_keeps_the_reason(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    grant_decide(grant=grant, amount=D("90000"), reason="Extra taken on by the region", actor=w.office)
    grant.refresh_from_db()
    assert grant.decided_amount == D("90000")
    assert grant.decision_reason == "Extra taken on by the region"
    change = grant.changes.get()
    assert (change.old_amount, change.new_amount, change.reason) == (None, D("90000"), "Extra taken on by the region")


def test_grant_decide_negative_amount_is_refused(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year)
    with pytest.raises(ValidationError):
        grant_decide(grant=grant, amount=D("-1"), reason="why", actor=w.office)
    grant.refresh_from_db()
    assert grant.status == "proposed"


def test_grant_withhold_without_reason_is_refused(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year)
    with pytest.raises(ValidationError):
        grant_withhold(grant=grant, reason="", actor=w.office)
    grant.refresh_from_db()
    assert grant.status == "proposed" and not grant.changes.exists()


def test_grant_withhold_with_reason_sets_zero_and_logs(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year)
    grant_withhold(grant=grant, reason="No report at all", actor=w.office)
    assert (grant.status, grant.decided_amount, grant.decision_reason) == ("withheld", D("0"), "No report at all")
    assert grant.changes.get().kind == "withheld"


def test_grant_decision_without_reason_is_refused_by_the_database(w):
    with pytest.raises(IntegrityError), transaction.atomic():
        StimulusGrantFactory(region=w.region, programme_year=w.year, decided=True, decided_amount=1)


def test_grant_rule_save_out_of_range_is_refused_and_saves_nothing(w):
    with pytest.raises(ValidationError) as exc:
        grant_rule_save(
            programme_year=w.year,
            base_amount=D("-5"),
            late_reduction_pct=D("120"),
            not_accepted_reduction_pct=D("10"),
            progress_weight_pct=D("50"),
            actor=w.office,
        )
    assert set(exc.value.message_dict) == {"base_amount", "late_reduction_pct"}
    assert not GrantRule.objects.exists()


def test_grant_rule_pct_above_100_is_refused_by_the_database(w):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantRuleFactory(programme_year=w.year, progress_weight_pct=101)


def test_grants_overview_totals_proposed_and_decided(w):
    StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000, decided=True)
    StimulusGrantFactory(region=w.other_region, programme_year=w.year, proposed_amount=50000)
    overview = grants_overview(programme_year=w.year)
    assert overview.total_proposed == D("130000")
    assert overview.total_decided == D("80000")
    assert overview.open_count == 1
    assert [r.region.slug for r in overview.rows] == ["twente", "zeeland"]


# --- Pages -------------------------------------------------------------------------------


def grants_url(w):
    return reverse("audits:grants", args=[w.programme.slug, 2013])


@pytest.mark.parametrize(
    "who, get_status, post_status",
    [
        ("office", 200, 302),
        ("viewer", 200, 404),
        ("leader", 404, 404),
        ("other_leader", 404, 404),
        ("penvoerder", 404, 404),
        ("partner", 404, 404),
        ("critical_friend", 404, 404),
    ],
)
def test_grants_page_permissions(client, w, who, get_status, post_status):
    GrantRuleFactory(programme_year=w.year)
    client.force_login(getattr(w, who))
    assert client.get(grants_url(w)).status_code == get_status
    assert client.post(grants_url(w), {"action": "propose"}).status_code == post_status
    assert StimulusGrant.objects.exists() == (who == "office")


@pytest.mark.parametrize(
    "who, status",
    [
        ("office", 200),
        ("viewer", 404),
        ("leader", 404),
        ("other_leader", 404),
        ("penvoerder", 404),
        ("partner", 404),
        ("critical_friend", 404),
    ],
)
def test_grant_decide_page_permissions(client, w, who, status):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    url = reverse("audits:grant_decide", args=[grant.pk])
    client.force_login(getattr(w, who))
    assert client.get(url).status_code == status
    response = client.post(url, {"action": "decide", "amount": "80000", "reason": ""})
    assert response.status_code == (302 if who == "office" else 404)
    grant.refresh_from_db()
    assert grant.status == ("decided" if who == "office" else "proposed")


@pytest.mark.parametrize(
    "who, status",
    [
        ("office", 200),
        ("viewer", 200),
        ("leader", 200),
        ("penvoerder", 200),
        ("other_leader", 404),
        ("partner", 404),
        ("critical_friend", 404),
    ],
)
def test_region_grants_page_permissions(client, w, who, status):
    client.force_login(getattr(w, who))
    url = reverse("audits:region_grants", args=[w.region])
    assert client.get(url).status_code == status
    assert client.post(url).status_code == 405  # read-only page: the method is refused before the permission


def test_grant_pages_send_anonymous_to_login(client, w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year)
    for url in (
        grants_url(w),
        reverse("audits:grant_decide", args=[grant.pk]),
        reverse("audits:region_grants", args=[w.region]),
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "login" in response["Location"]
    grant.refresh_from_db()
    assert grant.status == "proposed"


def test_grants_page_shows_rule_steps_and_totals(client, w):
    GrantRuleFactory(programme_year=w.year)
    client.force_login(w.office)
    client.post(grants_url(w), {"action": "propose"})
    grant = StimulusGrant.objects.get(region=w.region)
    grant_decide(grant=grant, amount=D("60000"), reason="Good plan", actor=w.office)
    response = client.get(grants_url(w))
    content = response.content.decode()
    assert 'name="base_amount"' in content
    assert "<details>" in content and "no published placemat" in content
    assert 'id="total-proposed">€ 108' in content  # 54,000 + 54,000
    assert 'id="total-decided">€ 60' in content
    assert "Good plan" in content


def test_grants_page_viewer_sees_rule_without_form(client, w):
    GrantRuleFactory(programme_year=w.year)
    client.force_login(w.viewer)
    content = client.get(grants_url(w)).content.decode()
    assert 'name="base_amount"' not in content
    assert "Compute proposals" not in content
    assert "10%" in content


def test_grants_page_save_rule_invalid_keeps_input(client, w):
    client.force_login(w.office)
    response = client.post(
        grants_url(w),
        {
            "action": "save_rule",
            "base_amount": "100000",
            "late_reduction_pct": "150",
            "not_accepted_reduction_pct": "20",
            "progress_weight_pct": "50",
            "placemat_weight_pct": "0",
        },
    )
    assert response.status_code == 200
    assert 'value="150"' in response.content.decode()
    assert not GrantRule.objects.exists()


def test_grants_page_save_rule_saves(client, w):
    client.force_login(w.office)
    response = client.post(
        grants_url(w),
        {
            "action": "save_rule",
            "base_amount": "120000",
            "late_reduction_pct": "5",
            "not_accepted_reduction_pct": "25",
            "progress_weight_pct": "40",
            "placemat_weight_pct": "10",
        },
    )
    assert response.status_code == 302
    saved = GrantRule.objects.get(programme_year=w.year)
    assert (saved.base_amount, saved.progress_weight_pct, saved.updated_by) == (D("120000"), D("40"), w.office)


def test_grants_page_propose_without_rule_shows_refusal(client, w):
    client.force_login(w.office)
    response = client.post(grants_url(w), {"action": "propose"}, follow=True)
    assert "Save the grant rule" in response.content.decode()
    assert not StimulusGrant.objects.exists()


def test_grant_decide_page_refusal_keeps_input_and_changes_nothing(client, w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    client.force_login(w.office)
    response = client.post(
        reverse("audits:grant_decide", args=[grant.pk]), {"action": "decide", "amount": "91234", "reason": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="91234"' in content
    assert "differs from the proposal" in content
    grant.refresh_from_db()
    assert grant.status == "proposed" and grant.decided_amount is None


def test_grant_decide_page_withhold_with_reason(client, w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    client.force_login(w.office)
    response = client.post(
        reverse("audits:grant_decide", args=[grant.pk]), {"action": "withhold", "amount": "0", "reason": "Stopped"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.decided_amount, grant.decision_reason) == ("withheld", D("0"), "Stopped")


def test_region_grants_region_sees_only_decided_grants(client, w):
    year_2014 = ProgrammeYearFactory(programme=w.programme, year=2014)
    StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=70000, decided=True)
    StimulusGrantFactory(region=w.region, programme_year=year_2014, proposed_amount=77777)
    client.force_login(w.leader)
    content = client.get(reverse("audits:region_grants", args=[w.region])).content.decode()
    assert '<th scope="row">2013</th>' in content and "70,000" in content
    assert '<th scope="row">2014</th>' not in content and "77,777" not in content


def test_region_grants_viewer_sees_proposals(client, w):
    StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=77777)
    client.force_login(w.viewer)
    content = client.get(reverse("audits:region_grants", args=[w.region])).content.decode()
    assert '<th scope="row">2013</th>' in content and "77,777" in content


def _count_overview_queries(client, w):
    return queries_of(client, grants_url(w))


def test_grants_page_query_count_does_not_grow_with_regions(client, w):
    GrantRuleFactory(programme_year=w.year)
    w.other_region.status = Region.Status.STOPPED
    w.other_region.save()
    client.force_login(w.office)
    client.post(grants_url(w), {"action": "propose"})
    one = _count_overview_queries(client, w)
    for n in range(2):
        RegionFactory(programme=w.programme, name=f"Extra {n}")
    client.post(grants_url(w), {"action": "propose"})
    grant = StimulusGrant.objects.exclude(region=w.region).first()
    grant_decide(grant=grant, amount=D("1"), reason="Test", actor=w.office)
    assert StimulusGrant.objects.count() == 3
    assert _count_overview_queries(client, w) == one

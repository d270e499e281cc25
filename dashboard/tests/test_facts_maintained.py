"""The facts stay current: every service that writes a fact input refreshes the facts in its transaction.

Each case builds its state with factories (and services), rebuilds the facts, calls one service and then
checks that the stored facts agree with a fresh computation (`facts_check() == []`), that the fact the write
should change did change, that the refresh was called once, and inside the service's transaction. The
services judged to change no fact are checked too: the facts agree and did not change. The admins that can
change a fact input refresh the same way.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin import site
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

import toptechniek.common.facts
from audits.services.grants import grant_decide, grant_propose_year, grant_rule_save, grant_withhold
from audits.services.scoring import placemat_consolidate, placemat_publish, placemat_unpublish
from audits.services.visits import (
    action_add,
    action_toggle_done,
    visit_mark_held,
    visit_plan,
    visit_report,
    visit_save_report,
)
from audits.tests.factories import (
    AssignmentFactory,
    AuditVisitFactory,
    ConsolidatedScoreFactory,
    FollowUpActionFactory,
    GrantRuleFactory,
    PlacematFactory,
    ScoringFactory,
    StimulusGrantFactory,
)
from dashboard import services as dashboard_services
from dashboard.models import RegionYearFact, TotalFact
from dashboard.services import YEAR_FIELDS, facts_check, facts_rebuild
from governance.services import meeting_decide_grant, meeting_plan, meeting_withhold_grant
from monitoring import services as monitoring
from monitoring.models import MonitorReport
from monitoring.services import RealisationInput
from monitoring.tests.editing import report_fill_completely
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory
from peerreviews.models import FeedbackReport, LearningOutcome, LearningQuestion
from peerreviews.services.reviews import (
    peerreview_cancel,
    peerreview_close,
    peerreview_confirm,
    peerreview_create_internal,
    peerreview_mark_held,
    peerreview_propose,
    peerreview_record_readiness,
    peerreview_report,
    peerreview_update_plan,
)
from peerreviews.tests.factories import PeerReviewFactory
from regions.models import GuidingQuestion, Indicator, PlacematTheme, Region, SuccessCondition
from regions.services import (
    indicator_approve,
    indicator_create,
    indicator_update,
    programme_year_save,
    region_create,
    region_update,
    target_amendment_decide,
    target_amendment_propose,
)
from regions.tests.factories import IndicatorFactory, SubProjectFactory, TargetFactory, UserFactory
from regions.tests.world import world_build

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def w():
    w = world_build(
        years=(2013, 2014),
        regions=("twente", "zeeland"),
        viewer=False,
        roles={"leader": ("twente", "project_leader"), "penvoerder": ("twente", "penvoerder")},
    )
    w.twente, w.zeeland = w.regions["twente"], w.regions["zeeland"]
    w.indicator = IndicatorFactory(region=w.twente, code="IN1", name="Instroom")  # agreed, higher is better
    TargetFactory(indicator=w.indicator, year=2013, value=D("110"))
    TargetFactory(indicator=w.indicator, year=2014, value=D("120"))
    w.themes = list(PlacematTheme.objects.filter(programme=w.programme).order_by("kind", "number"))
    w.area = w.themes[0]  # the first performance area, the indicator's
    return w


@pytest.fixture
def refreshes(monkeypatch):
    """Every call of the registered refresher, with whether a transaction of the caller was open (the depth
    of savepoints beyond the test's own, measured by the test with `depth()` just before the call)."""
    calls: list[dict] = []

    def spy(**kwargs):
        calls.append({**kwargs, "depth": len(connection.savepoint_ids)})
        dashboard_services.facts_refresh(**kwargs)

    monkeypatch.setattr(toptechniek.common.facts, "FACT_REFRESHERS", [spy])
    return calls


def depth() -> int:
    return len(connection.savepoint_ids)


# --- Reading the facts --------------------------------------------------------------------------------------


def facts() -> dict[tuple[str, int], dict]:
    """The stored region-year facts by (region slug, year)."""
    return {
        (row.pop("region__slug"), row.pop("programme_year__year")): row
        for row in RegionYearFact.objects.values(*YEAR_FIELDS, "region__slug", "programme_year__year")
    }


def totals() -> dict[tuple, dict]:
    """The stored totals by (region slug, year, kind, key)."""
    return {
        (row.pop("region__slug"), row.pop("programme_year__year"), row["kind"], row["key"]): row
        for row in TotalFact.objects.values(
            "region__slug", "programme_year__year", "kind", "key", "indicators", "realised", "target"
        )
    }


def snapshot():
    return facts(), totals()


# --- Building blocks ----------------------------------------------------------------------------------------


def report(w, year=2013, region=None, **traits) -> MonitorReport:
    return MonitorReportFactory(region=region or w.twente, programme_year=w.years[year], **traits)


def realised(rep: MonitorReport, indicator: Indicator, value) -> None:
    RealisationFactory(report=rep, indicator=indicator, value=D(value))


def fill_completely(w, rep: MonitorReport) -> MonitorReport:
    return report_fill_completely(report=rep, indicator=w.indicator, leader=w.leader)


def published_placemat(w, year=2013, score=3):
    placemat = PlacematFactory(region=w.twente, programme_year=w.years[year], published=True)
    for theme in w.themes:
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=score)
    return placemat


def ready_placemat(w, year=2013):
    """An open placemat that can be published: a submitted scoring, every theme consolidated."""
    assignment = AssignmentFactory(region=w.twente, programme_year=w.years[year])
    scoring = ScoringFactory(assignment=assignment, submitted=True)
    for theme in w.themes:
        ConsolidatedScoreFactory(placemat=scoring.placemat, theme=theme, score=3, key_remark="Kernpunt")
    return scoring.placemat


def complete_visit_report(w, visit):
    return visit_save_report(
        visit=visit,
        findings={t.pk: f"Bevinding {t.pk}" for t in w.themes},
        ratings={c.pk: 3 for c in SuccessCondition.objects.filter(programme=w.programme)},
        advice="Meer werkgevers betrekken",
        judgement="attention",
    )


def review(w, **traits):
    return PeerReviewFactory(host_region=w.twente, peer_region=w.zeeland, programme_year=w.years[2013], **traits)


def learning_question(w, rev):
    return LearningQuestion.objects.create(
        review=rev,
        region=w.twente,
        question="How can we keep companies involved after the first lesson?",
        owner="Anna",
        theme=w.area,
        report=MonitorReport.objects.get_or_create(region=w.twente, programme_year=w.years[2013])[0],
    )


def meeting(w):
    return meeting_plan(region=w.twente, programme_year=w.years[2013], date=datetime.date(2014, 5, 1), actor=w.office)


# --- The services that refresh ------------------------------------------------------------------------------
# A case builds its state and returns (act, check): act calls the service once, check(before, after) asserts
# on the snapshots (region-year facts, totals) what the write changed.

HOOKED = {}


def hooked(fn):
    HOOKED[fn.__name__.removeprefix("case_")] = fn
    return fn


@hooked
def case_programme_year_save_new_year(w):
    def act():
        programme_year_save(programme=w.programme, year=2015, report_due_date=datetime.date(2016, 3, 1))

    def check(before, after):
        assert not [key for key in before[0] if key[1] == 2015]
        assert {key for key in after[0] if key[1] == 2015} == {("twente", 2015), ("zeeland", 2015)}

    return act, check


@hooked
def case_programme_year_save_renumbered(w):
    def act():
        programme_year_save(
            programme=w.programme,
            instance=w.years[2014],
            year=2015,
            report_due_date=datetime.date(2016, 3, 1),
            today=datetime.date(2014, 1, 1),
        )

    def check(before, after):
        assert ("twente", 2014) in before[0] and ("twente", 2014) not in after[0]
        assert ("twente", 2015) in after[0] and ("zeeland", 2015) in after[0]

    return act, check


@hooked
def case_region_create(w):
    def act():
        region_create(
            programme=w.programme,
            name="Drenthe",
            slug="drenthe",
            landsdeel=w.programme.landsdelen.get(code="noord"),
            join_year=2014,
        )

    def check(before, after):
        assert not [key for key in before[0] if key[0] == "drenthe"]
        assert after[0][("drenthe", 2014)]["report_status"] == ""
        assert ("drenthe", 2013) not in after[0]  # joined in 2014

    return act, check


@hooked
def case_region_update_join_year(w):
    def act():
        region_update(region=w.twente, join_year=2014)

    def check(before, after):
        assert ("twente", 2013) in before[0] and ("twente", 2013) not in after[0]
        assert ("twente", 2014) in after[0]

    return act, check


@hooked
def case_indicator_update_route(w):
    realised(report(w, accepted=True), w.indicator, "120")

    def act():
        indicator_update(
            indicator=w.indicator,
            targets={2013: D("110"), 2014: D("120")},
            code="IN1",
            name="Instroom",
            performance_area=w.area,
            route=w.programme.routes.get(code="technologie"),
        )

    def routes(snap) -> set[str]:
        return {key[3] for key in snap[1] if key[:3] == ("twente", 2013, "route")}

    def check(before, after):
        assert routes(before) == {"vakmanschap"}
        assert routes(after) == {"technologie"}

    return act, check


@hooked
def case_indicator_approve(w):
    proposed = IndicatorFactory(region=w.twente, code="IN2", proposed=True)
    TargetFactory(indicator=proposed, year=2013, value=D("100"))
    rep = report(w, submitted=True)
    realised(rep, w.indicator, "120")
    realised(rep, proposed, "150")

    def act():
        indicator_approve(indicator=proposed)

    def check(before, after):
        assert before[0][("twente", 2013)]["on_track"] == 1
        assert after[0][("twente", 2013)]["on_track"] == 2

    return act, check


@hooked
def case_target_amendment_decide_approved(w):
    realised(report(w, year=2014), w.indicator, "115")  # target 120: behind
    amendment = target_amendment_propose(
        indicator=w.indicator, proposed_by=w.office, reason="Krimp in de regio", targets={2014: D("110")}
    )

    def act():
        target_amendment_decide(amendment=amendment, decided_by=w.office, approve=True, note="")

    def check(before, after):
        assert (before[0][("twente", 2014)]["on_track"], before[0][("twente", 2014)]["behind"]) == (0, 1)
        assert (after[0][("twente", 2014)]["on_track"], after[0][("twente", 2014)]["behind"]) == (1, 0)

    return act, check


@hooked
def case_report_get_or_create(w):
    def act():
        monitoring.report_get_or_create(region=w.twente, year=2014, user=w.leader)

    def check(before, after):
        assert before[0][("twente", 2014)]["report_status"] == ""
        assert after[0][("twente", 2014)]["report_status"] == "draft"

    return act, check


@hooked
def case_report_save_quantitative(w):
    rep = report(w)

    def act():
        monitoring.report_save_quantitative(
            report=rep,
            base_version=rep.quantitative_version,
            values={w.indicator.pk: RealisationInput(value=D("120"), not_applicable=False, explanation="")},
            user=w.leader,
        )

    def check(before, after):
        assert before[0][("twente", 2013)]["on_track"] == 0
        assert after[0][("twente", 2013)]["on_track"] == 1
        assert after[1][("twente", 2013, "route", "vakmanschap")]["realised"] == D("120")

    return act, check


@hooked
def case_report_save_quantitative_after_return(w):
    rep = report(w, submitted=True)
    realised(rep, w.indicator, "120")
    monitoring.report_return(report=rep, actor=w.office, comment="De cijfers kloppen niet.")
    rep.refresh_from_db()

    def act():
        monitoring.report_save_quantitative(
            report=rep,
            base_version=rep.quantitative_version,
            values={w.indicator.pk: RealisationInput(value=D("90"), not_applicable=False, explanation="Krimp")},
            user=w.leader,
        )

    def check(before, after):
        b, a = before[0][("twente", 2013)], after[0][("twente", 2013)]
        assert (b["report_status"], b["on_track"], b["behind"]) == ("returned", 1, 0)
        assert (a["report_status"], a["on_track"], a["behind"]) == ("returned", 0, 1)

    return act, check


@hooked
def case_report_save_self_assessment(w):
    published_placemat(w, score=1)
    rep = report(w)

    def act():
        monitoring.report_save_self_assessment(
            report=rep, base_version=rep.self_assessment_version, scores={w.area.pk: (3, "Goed")}, user=w.leader
        )

    def check(before, after):
        assert before[0][("twente", 2013)]["gap_count"] == 0
        assert after[0][("twente", 2013)]["gap_count"] == 1  # 3 is two above the committee's 1

    return act, check


@hooked
def case_report_submit(w):
    rep = fill_completely(w, report(w))

    def act():
        monitoring.report_submit(report=rep, actor=w.leader)

    def check(before, after):
        b, a = before[0][("twente", 2013)], after[0][("twente", 2013)]
        assert (b["report_status"], b["settled"], b["first_submitted_at"]) == ("draft", False, None)
        assert (a["report_status"], a["settled"]) == ("submitted", True)
        assert a["first_submitted_at"] is not None and a["report_is_late"]  # due 1 March 2014

    return act, check


@hooked
def case_report_endorse(w):
    rep = report(w, awaiting=True, submitted_by=w.leader)

    def act():
        monitoring.report_endorse(report=rep, actor=w.penvoerder)

    def check(before, after):
        assert before[0][("twente", 2013)]["report_status"] == "awaiting_endorsement"
        assert after[0][("twente", 2013)]["report_status"] == "submitted"
        assert after[0][("twente", 2013)]["settled"] and after[0][("twente", 2013)]["first_submitted_at"]

    return act, check


@hooked
def case_report_decline_endorsement(w):
    rep = report(w, awaiting=True, submitted_by=w.leader)

    def act():
        monitoring.report_decline_endorsement(report=rep, actor=w.penvoerder, comment="Graag aanvullen.")

    def check(before, after):
        assert before[0][("twente", 2013)]["report_status"] == "awaiting_endorsement"
        assert after[0][("twente", 2013)]["report_status"] == "draft"

    return act, check


@hooked
def case_report_return(w):
    rep = report(w, submitted=True)
    realised(rep, w.indicator, "120")

    def act():
        monitoring.report_return(report=rep, actor=w.office, comment="De cijfers kloppen niet.")

    def check(before, after):
        assert (before[0][("twente", 2013)]["report_status"], before[0][("twente", 2013)]["settled"]) == (
            "submitted",
            True,
        )
        assert (after[0][("twente", 2013)]["report_status"], after[0][("twente", 2013)]["settled"]) == (
            "returned",
            False,
        )
        assert after[1][("twente", 2013, "route", "vakmanschap")]["indicators"] == 1  # kept, not settled

    return act, check


@hooked
def case_report_accept(w):
    rep = report(w, submitted=True)

    def act():
        monitoring.report_accept(report=rep, actor=w.office)

    def check(before, after):
        assert before[0][("twente", 2013)]["report_status"] == "submitted"
        assert after[0][("twente", 2013)]["report_status"] == "accepted"

    return act, check


@hooked
def case_report_reopen(w):
    rep = report(w, accepted=True)

    def act():
        monitoring.report_reopen(report=rep, actor=w.office, reason="Een fout in de cijfers.")

    def check(before, after):
        assert before[0][("twente", 2013)]["report_status"] == "accepted"
        assert (after[0][("twente", 2013)]["report_status"], after[0][("twente", 2013)]["settled"]) == (
            "returned",
            False,
        )

    return act, check


@hooked
def case_placemat_publish(w):
    placemat = ready_placemat(w)

    def act():
        placemat_publish(placemat=placemat, actor=w.office)

    def check(before, after):
        assert before[0][("twente", 2013)]["placemat_id"] is None
        a = after[0][("twente", 2013)]
        assert (a["placemat_id"], a["placemat_version"], a["placemat_mean"]) == (placemat.pk, 1, 3.0)

    return act, check


@hooked
def case_placemat_unpublish(w):
    placemat = published_placemat(w)

    def act():
        placemat_unpublish(placemat=placemat, actor=w.office)

    def check(before, after):
        assert before[0][("twente", 2013)]["placemat_id"] == placemat.pk
        assert after[0][("twente", 2013)]["placemat_id"] is None
        assert after[0][("twente", 2013)]["scores"] == {}

    return act, check


@hooked
def case_visit_report(w):
    visit = complete_visit_report(w, AuditVisitFactory(region=w.twente, programme_year=w.years[2013], held=True))
    FollowUpActionFactory(visit=visit, due_date=datetime.date(2014, 3, 1))

    def act():
        visit_report(visit=visit)

    def check(before, after):
        b, a = before[0][("twente", 2013)], after[0][("twente", 2013)]
        assert (b["judgement"], b["open_action_dues"]) == ("", [])
        assert (a["judgement"], a["open_action_dues"]) == ("attention", ["2014-03-01"])

    return act, check


@hooked
def case_action_add(w):
    visit = AuditVisitFactory(region=w.twente, programme_year=w.years[2013], reported=True)

    def act():
        action_add(
            visit=visit, description="Bedrijven bellen", owner="Projectleider", due_date=datetime.date(2014, 6, 1)
        )

    def check(before, after):
        assert before[0][("twente", 2013)]["earliest_open_action_due"] is None
        a = after[0][("twente", 2013)]
        assert (a["earliest_open_action_due"], a["open_action_dues"]) == (datetime.date(2014, 6, 1), ["2014-06-01"])
        assert after[0][("twente", 2014)]["earliest_open_action_due"] == datetime.date(2014, 6, 1)  # any year's

    return act, check


@hooked
def case_action_toggle_done(w):
    action = FollowUpActionFactory(
        visit=AuditVisitFactory(region=w.twente, programme_year=w.years[2013], reported=True),
        due_date=datetime.date(2014, 3, 1),
    )

    def act():
        action_toggle_done(action=action)

    def check(before, after):
        assert before[0][("twente", 2013)]["earliest_open_action_due"] == datetime.date(2014, 3, 1)
        assert after[0][("twente", 2013)]["earliest_open_action_due"] is None
        assert after[0][("twente", 2013)]["open_action_dues"] == []

    return act, check


@hooked
def case_grant_propose_year(w):
    GrantRuleFactory(programme_year=w.years[2013])

    def act():
        grant_propose_year(programme_year=w.years[2013], actor=w.office, today=datetime.date(2014, 6, 1))

    def check(before, after):
        for slug in ("twente", "zeeland"):  # every region of the year, in one refresh
            assert before[0][(slug, 2013)]["grant_status"] == ""
            assert after[0][(slug, 2013)]["grant_status"] == "proposed"
            assert after[0][(slug, 2013)]["grant_proposed"] > 0

    return act, check


def _grant(w):
    return StimulusGrantFactory(region=w.twente, programme_year=w.years[2013], proposed_amount=D("80000"))


@hooked
def case_grant_decide(w):
    grant = _grant(w)

    def act():
        grant_decide(grant=grant, amount=D("80000"), reason="", actor=w.office)

    def check(before, after):
        assert (before[0][("twente", 2013)]["grant_status"], before[0][("twente", 2013)]["grant_decided"]) == (
            "proposed",
            None,
        )
        assert (after[0][("twente", 2013)]["grant_status"], after[0][("twente", 2013)]["grant_decided"]) == (
            "decided",
            D("80000"),
        )

    return act, check


@hooked
def case_grant_withhold(w):
    grant = _grant(w)

    def act():
        grant_withhold(grant=grant, reason="Geen rapportage.", actor=w.office)

    def check(before, after):
        assert before[0][("twente", 2013)]["grant_status"] == "proposed"
        assert (after[0][("twente", 2013)]["grant_status"], after[0][("twente", 2013)]["grant_decided"]) == (
            "withheld",
            D("0"),
        )

    return act, check


@hooked
def case_meeting_decide_grant(w):
    _grant(w)
    m = meeting(w)

    def act():
        meeting_decide_grant(meeting=m, amount=D("70000"), reason="Minder inzet dan afgesproken.", actor=w.office)

    def check(before, after):
        assert before[0][("twente", 2013)]["grant_status"] == "proposed"
        assert (after[0][("twente", 2013)]["grant_status"], after[0][("twente", 2013)]["grant_decided"]) == (
            "decided",
            D("70000"),
        )

    return act, check


@hooked
def case_meeting_withhold_grant(w):
    _grant(w)
    m = meeting(w)

    def act():
        meeting_withhold_grant(meeting=m, reason="Geen voortgang.", actor=w.office)

    def check(before, after):
        assert before[0][("twente", 2013)]["grant_status"] == "proposed"
        assert after[0][("twente", 2013)]["grant_status"] == "withheld"

    return act, check


@hooked
def case_peerreview_propose(w):
    def act():
        peerreview_propose(
            host_region=w.twente,
            peer_region=w.zeeland,
            programme_year=w.years[2013],
            proposed_by=w.leader,
            motivation="Leren hoe Zeeland bedrijven betrekt.",
        )

    def check(before, after):
        for slug in ("twente", "zeeland"):  # host and peer, in one refresh
            assert (before[0][(slug, 2013)]["peer_review_status"], before[0][(slug, 2013)]["has_review"]) == (
                "",
                False,
            )
            assert after[0][(slug, 2013)]["peer_review_status"] == "proposed"
            assert after[0][(slug, 2014)]["has_review"]  # any review in the programme

    return act, check


@hooked
def case_peerreview_create_internal(w):
    def act():
        peerreview_create_internal(
            region=w.twente,
            programme_year=w.years[2013],
            host_subproject=SubProjectFactory(region=w.twente, name="Techniek in de klas"),
            peer_subproject=SubProjectFactory(region=w.twente, name="Doorstroom vmbo-mbo"),
            created_by=w.office,
        )

    def check(before, after):
        assert before[0][("twente", 2013)]["peer_review_status"] == ""
        assert after[0][("twente", 2013)]["peer_review_status"] == "proposed"
        assert after[0][("zeeland", 2013)] == before[0][("zeeland", 2013)]

    return act, check


def _transition_case(act, from_status, to_status):
    def check(before, after):
        for slug in ("twente", "zeeland"):
            assert before[0][(slug, 2013)]["peer_review_status"] == from_status
            assert after[0][(slug, 2013)]["peer_review_status"] == to_status

    return act, check


@hooked
def case_peerreview_confirm(w):
    rev = review(w, ready=True)
    return _transition_case(lambda: peerreview_confirm(review=rev, actor=w.office), "proposed", "preparing")


@hooked
def case_peerreview_mark_held(w):
    rev = review(w, preparing=True)
    learning_question(w, rev)
    return _transition_case(lambda: peerreview_mark_held(review=rev, actor=w.leader), "preparing", "held")


@hooked
def case_peerreview_report(w):
    rev = review(w, held=True, own_report="We leerden veel.")
    LearningOutcome.objects.create(
        question=learning_question(w, rev),
        insights="Klein beginnen",
        action="Bezoeken plannen",
        action_owner="Bert",
        action_due=datetime.date(2014, 6, 1),
    )
    return _transition_case(lambda: peerreview_report(review=rev, actor=w.leader), "held", "reported")


@hooked
def case_peerreview_close(w):
    rev = review(w, reported=True)
    for region in (w.twente, w.zeeland):
        FeedbackReport.objects.create(
            review=rev, region=region, text="Goed gesprek", status=FeedbackReport.Status.READY, ready_at=timezone.now()
        )
    return _transition_case(lambda: peerreview_close(review=rev, actor=w.office), "reported", "closed")


@hooked
def case_peerreview_cancel(w):
    rev = review(w)

    def act():
        peerreview_cancel(review=rev, actor=w.office, reason="Geen tijd dit jaar.")

    def check(before, after):
        for slug in ("twente", "zeeland"):
            assert (before[0][(slug, 2013)]["peer_review_status"], before[0][(slug, 2013)]["has_review"]) == (
                "proposed",
                True,
            )
            assert (after[0][(slug, 2013)]["peer_review_status"], after[0][(slug, 2013)]["has_review"]) == (
                "",
                False,
            )

    return act, check


@pytest.mark.parametrize("case", list(HOOKED), ids=list(HOOKED))
def test_service_keeps_facts_current(w, refreshes, case):
    act, check = HOOKED[case](w)
    facts_rebuild()
    assert facts_check() == []
    before = snapshot()
    refreshes.clear()
    outer = depth()

    act()

    assert [d.describe() for d in facts_check()] == []
    after = snapshot()
    check(before, after)
    assert len(refreshes) == 1, refreshes  # one refresh per service call, with every region it concerns
    assert refreshes[0]["depth"] > outer  # inside the service's own transaction


# --- The services that change no fact -----------------------------------------------------------------------

UNHOOKED = {}


def unhooked(fn):
    UNHOOKED[fn.__name__.removeprefix("case_")] = fn
    return fn


@unhooked
def case_indicator_create(w):
    """A new indicator has no realisations yet: no fact counts it."""
    realised(report(w), w.indicator, "120")  # a draft: the year's targets are not frozen
    return lambda: indicator_create(
        region=w.twente,
        proposed_by=w.office,
        targets={2013: D("100"), 2014: D("105")},
        code="IN9",
        name="Uitstroom",
        performance_area=w.area,
        route=w.programme.routes.get(code="vakmanschap"),
        unit="students",
        baseline_value=D("50"),
        baseline_year=2012,
    )


@unhooked
def case_indicator_update_proposed(w):
    """A proposed indicator counts nowhere, whatever its targets."""
    proposed = IndicatorFactory(region=w.twente, code="IN2", proposed=True)
    realised(report(w, submitted=True), proposed, "150")
    return lambda: indicator_update(
        indicator=proposed, targets={2014: D("140")}, code="IN2", name="Nieuw", performance_area=w.area
    )


@unhooked
def case_target_amendment_propose(w):
    realised(report(w, year=2014), w.indicator, "115")
    return lambda: target_amendment_propose(
        indicator=w.indicator, proposed_by=w.office, reason="Krimp in de regio", targets={2014: D("110")}
    )


@unhooked
def case_target_amendment_decide_refused(w):
    realised(report(w, year=2014), w.indicator, "115")
    amendment = target_amendment_propose(
        indicator=w.indicator, proposed_by=w.office, reason="Krimp in de regio", targets={2014: D("110")}
    )
    return lambda: target_amendment_decide(amendment=amendment, decided_by=w.office, approve=False, note="Nee.")


@unhooked
def case_programme_year_save_dates(w):
    return lambda: programme_year_save(
        programme=w.programme,
        instance=w.years[2014],
        year=2014,
        report_due_date=datetime.date(2015, 4, 1),
        today=datetime.date(2014, 1, 1),
    )


@unhooked
def case_report_save_qualitative(w):
    rep = report(w)
    question = GuidingQuestion.objects.filter(theme__programme=w.programme, theme__kind="process").first()
    return lambda: monitoring.report_save_qualitative(
        report=rep, base_version=0, answers={question.pk: "Antwoord"}, user=w.leader
    )


@unhooked
def case_report_save_reflection(w):
    rep = report(w)
    return lambda: monitoring.report_save_reflection(
        report=rep,
        base_version=0,
        works="Leerlijnen.",
        not_yet="Bedrijven.",
        progress="Op schema.",
        learning_themes=[(w.area.pk, "Bedrijven vasthouden")],
        user=w.leader,
    )


@unhooked
def case_placemat_consolidate(w):
    """Only an open placemat is consolidated, and only a published one's scores are facts."""
    placemat = ready_placemat(w)
    return lambda: placemat_consolidate(
        placemat=placemat, results={t.pk: (1, "Anders") for t in w.themes}, actor=w.office
    )


@unhooked
def case_visit_plan(w):
    assessor = AssignmentFactory(region=w.twente, programme_year=w.years[2013]).user
    return lambda: visit_plan(
        region=w.twente,
        programme_year=w.years[2013],
        date=datetime.date(2013, 10, 1),
        place="Hengelo",
        committee=[assessor],
    )


@unhooked
def case_visit_mark_held(w):
    visit = AuditVisitFactory(region=w.twente, programme_year=w.years[2013])
    return lambda: visit_mark_held(visit=visit, today=datetime.date(2013, 11, 1))


@unhooked
def case_visit_save_report(w):
    """A held visit's judgement is no fact until the visit is reported (and a reported one is not saved)."""
    visit = AuditVisitFactory(region=w.twente, programme_year=w.years[2013], held=True)
    return lambda: complete_visit_report(w, visit)


@unhooked
def case_grant_rule_save(w):
    return lambda: grant_rule_save(
        programme_year=w.years[2013],
        base_amount=D("100000"),
        late_reduction_pct=D("10"),
        not_accepted_reduction_pct=D("20"),
        progress_weight_pct=D("0"),
        placemat_weight_pct=D("50"),
        actor=w.office,
    )


@unhooked
def case_peerreview_update_plan(w):
    rev = review(w)
    return lambda: peerreview_update_plan(
        review=rev, date=datetime.date(2013, 10, 1), place="Middelburg", motivation="Andere motivatie."
    )


@unhooked
def case_peerreview_record_readiness(w):
    rev = review(w)
    return lambda: peerreview_record_readiness(
        review=rev, host=(True, True, True), peer=(True, True, True), notes="", actor=w.office
    )


@pytest.mark.parametrize("case", list(UNHOOKED), ids=list(UNHOOKED))
def test_service_without_fact_change_leaves_facts_alone(w, refreshes, case):
    act = UNHOOKED[case](w)
    facts_rebuild()
    before = snapshot()
    refreshes.clear()

    act()

    assert [d.describe() for d in facts_check()] == []
    assert snapshot() == before
    assert refreshes == []


# --- The check can fail -------------------------------------------------------------------------------------


def test_facts_check_reports_a_write_without_refresh(w):
    rep = report(w, submitted=True)
    facts_rebuild()
    assert facts_check() == []
    MonitorReport.objects.filter(pk=rep.pk).update(status=MonitorReport.Status.ACCEPTED)  # no refresh
    differences = facts_check()
    assert [(d.table, d.key) for d in differences] == [("region-year", (w.twente.pk, w.years[2013].pk))]
    assert "report_status stored 'submitted', fresh 'accepted'" in differences[0].describe()


def test_facts_check_reports_a_changed_total_without_refresh(w):
    rep = report(w, accepted=True)
    realised(rep, w.indicator, "120")
    facts_rebuild()
    rep.realisations.update(value=D("90"))  # no refresh
    tables = {d.table for d in facts_check()}
    assert tables == {"region-year", "total"}


# --- The admin ----------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(office=True, is_staff=True, is_superuser=True))
    return client


def _form_data(obj) -> dict:
    return {key: "" if value is None else value for key, value in model_to_dict(obj).items()}


def test_admin_region_change_refreshes_facts(w, admin_client):
    facts_rebuild()
    data = _form_data(w.twente) | {"join_year": 2014}
    response = admin_client.post(reverse("admin:regions_region_change", args=[w.twente.pk]), data)
    assert response.status_code == 302, response.content
    assert facts_check() == []
    assert ("twente", 2013) not in facts()


def test_admin_region_delete_refreshes_its_peer_review_partners(w, admin_client):
    review(w)
    facts_rebuild()
    assert facts()[("zeeland", 2013)]["has_review"]
    response = admin_client.post(reverse("admin:regions_region_delete", args=[w.twente.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Region.objects.filter(pk=w.twente.pk).exists()
    assert facts_check() == []
    assert not facts()[("zeeland", 2013)]["has_review"]


def test_admin_report_delete_refreshes_facts(w, admin_client):
    rep = report(w, accepted=True)
    facts_rebuild()
    response = admin_client.post(reverse("admin:monitoring_monitorreport_delete", args=[rep.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert facts_check() == []
    assert facts()[("twente", 2013)]["report_status"] == ""


def test_admin_report_bulk_delete_refreshes_facts(w, admin_client):
    reports = [report(w, accepted=True), report(w, region=w.zeeland, submitted=True)]
    facts_rebuild()
    response = admin_client.post(
        reverse("admin:monitoring_monitorreport_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in reports], "post": "yes"},
    )
    assert response.status_code == 302
    assert facts_check() == []
    assert {facts()[(slug, 2013)]["report_status"] for slug in ("twente", "zeeland")} == {""}


def test_admin_indicator_change_with_targets_refreshes_facts(w, admin_client):
    proposed = IndicatorFactory(region=w.twente, code="IN2", proposed=True)
    target = TargetFactory(indicator=proposed, year=2013, value=D("200"))
    realised(report(w, submitted=True), proposed, "150")
    facts_rebuild()
    data = _form_data(proposed) | {
        "status": Indicator.Status.AGREED,
        "targets-TOTAL_FORMS": 1,
        "targets-INITIAL_FORMS": 1,
        "targets-MIN_NUM_FORMS": 0,
        "targets-MAX_NUM_FORMS": 1000,
        "targets-0-id": target.pk,
        "targets-0-indicator": proposed.pk,
        "targets-0-year": 2013,
        "targets-0-value": "100",  # the inline saves after the indicator: the refresh sees it
        "targets-0-value_max": "",
    }
    data.pop("agreed_at", None)
    response = admin_client.post(reverse("admin:regions_indicator_change", args=[proposed.pk]), data)
    assert response.status_code == 302, response.content
    assert facts_check() == []
    assert facts()[("twente", 2013)]["on_track"] == 1  # 150 meets the new target of 100


def test_every_admin_that_changes_a_fact_input_refreshes(w):
    from toptechniek.common.admin import FactsRefreshAdminMixin

    inputs = {"region", "programmeyear", "indicator", "monitorreport", "placemattheme"}
    refreshing = {
        model._meta.model_name for model, ma in site._registry.items() if isinstance(ma, FactsRefreshAdminMixin)
    }
    assert refreshing == inputs

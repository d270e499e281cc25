"""The audit log of the audits app: assignments, scorings (the autosave logged once per field within the
window), consolidation and publication, stimulus grants and audit visits, each in words with the person who
acted; nothing for a refused, forbidden or invalid request, nor for a save that changed nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audits.models import Assignment, AuditVisit, FollowUpAction, GrantRule, Placemat, Scoring, StimulusGrant
from audits.services.scoring import scoring_open
from audits.tests.factories import (
    AssignmentFactory,
    AuditVisitFactory,
    ConditionRatingFactory,
    GrantRuleFactory,
    ScoringFactory,
    StimulusGrantFactory,
    ThemeScoreFactory,
)
from monitoring.tests.factories import MonitorReportFactory
from regions.tests.factories import UserFactory
from regions.tests.world import region_key, world_build
from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def w():
    """Twente 2015: its report is in, Anna assesses it; the office, a viewer and the project leader."""
    w = world_build(
        programme={"slug": "ttib", "name": "Toptechniek in Bedrijf"},
        years=(2015,),
        regions=("twente",),
        office={"email": "office@a.example", "full_name": "Olga Office"},
        viewer="viewer@a.example",
        roles={"leader": ("twente", "project_leader", "pl@a.example")},
    )
    w.region, w.year = w.regions["twente"], w.years[2015]
    w.themes = list(w.programme.placemat_themes.order_by("kind", "number"))
    w.conditions = list(w.programme.success_conditions.order_by("number"))
    MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    w.anna = UserFactory(email="anna@a.example", full_name="Anna Assessor")
    w.bert = UserFactory(email="bert@a.example", full_name="Bert Beoordelaar")
    w.assignment = AssignmentFactory(region=w.region, programme_year=w.year, user=w.anna)
    return w


def changes(prefix="audits."):
    """The change events of this app, oldest first (assignments also log the region role they give)."""
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, action__startswith=prefix).order_by("pk"))


def english(event) -> str:
    with translation.override("en"):
        return audit_text(event)


def english_fields(event) -> list[str]:
    with translation.override("en"):
        return audit_fields(event)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Assignments ---------------------------------------------------------------------------------


def test_the_office_assigns_a_critical_friend_logged_with_person_and_role(w):
    url = reverse("audits:assignments", args=["ttib", 2015])
    response = login(w.office).post(url, {"region": w.region.pk, "user": w.bert.pk, "role": "advisor"})
    assert response.status_code == 302
    [event] = changes()
    assert (event.kind, event.actor_id, event.actor_label) == ("change", w.office.pk, "office@a.example")
    assert event.action == "audits.assignment_create" and event.object_label == "Twente 2015"
    assert event.message == "%(region)s: %(person)s assigned as advisor for %(year)s"
    assert event.params == {"region": "Twente", "year": 2015, "person": "Bert Beoordelaar", "email": "bert@a.example"}
    assert english(event) == "Twente: Bert Beoordelaar assigned as advisor for 2015"
    assert event.path == url and event.method == "POST"


def test_a_refused_forbidden_or_invalid_assignment_logs_nothing(w):
    url = reverse("audits:assignments", args=["ttib", 2015])
    data = {"region": w.region.pk, "user": w.anna.pk, "role": "advisor"}  # Anna assesses Twente this year
    assert login(w.viewer).post(url, data).status_code == 404
    office = login(w.office)
    assert office.post(url, data).status_code == 200  # the conflict, on the form
    assert office.post(url, {"region": w.region.pk, "role": "assessor"}).status_code == 200  # nobody chosen
    assert changes("") == []


def test_removing_an_assignment_is_logged_a_refused_removal_is_not(w):
    office = login(w.office)
    url = reverse("audits:assignment_delete", args=[w.assignment.pk])
    assert office.post(url).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id) == ("audits.assignment_remove", w.office.pk)
    assert english(event) == "Twente: assignment of Anna Assessor as assessor for 2015 removed"
    # The critical friend role it gave ends with it, logged by regions.
    assert [e.action for e in changes("regions.")] == ["regions.region_role_end"]

    other = AssignmentFactory(region=w.region, programme_year=w.year, user=w.bert)
    ScoringFactory(assignment=other, submitted=True)
    assert office.post(reverse("audits:assignment_delete", args=[other.pk])).status_code == 409
    assert login(w.leader).post(reverse("audits:assignment_delete", args=[other.pk])).status_code == 404
    assert len(changes()) == 1 and Assignment.objects.filter(pk=other.pk).exists()


# --- Scoring -------------------------------------------------------------------------------------


def version_of(scoring) -> str:
    return Scoring.objects.get(pk=scoring.pk).save_version


def test_scoring_autosaves_are_logged_once_per_field_within_the_window(w):
    scoring = scoring_open(assignment=w.assignment)
    anna = login(w.anna)
    url = reverse("audits:scoring_autosave", args=[w.assignment.pk])
    first, second = w.themes[0], w.themes[1]

    def autosave(theme, score, why):
        data = {"version": version_of(scoring), f"t-{theme.pk}-score": score, f"t-{theme.pk}-rationale": why}
        response = anna.post(url, data, **FETCH)
        assert response.status_code == 200, response.content
        return response

    autosave(first, "3", "Goed")
    autosave(first, "3", "Goed op weg")  # the same theme again: the same event
    [event] = changes()
    assert (event.action, event.actor_id, event.object_label) == ("audits.scoring_save", w.anna.pk, "Twente 2015")
    assert event.message == "%(region)s: scoring %(year)s of %(person)s saved"
    assert event.params == {"region": "Twente", "year": 2015, "person": "Anna Assessor", "fields": [str(first)]}
    assert english(event) == "Twente: scoring 2015 of Anna Assessor saved"
    assert english_fields(event) == [str(first)]

    autosave(second, "2", "Nog niet")  # another theme: logged
    autosave(first, "3", "Goed op weg")  # nothing changed: not logged
    assert [e.params["fields"] for e in changes()] == [[str(first)], [str(second)]]


def test_a_stale_invalid_or_forbidden_scoring_save_logs_nothing(w):
    scoring = scoring_open(assignment=w.assignment)
    theme = w.themes[0]
    url = reverse("audits:scoring_autosave", args=[w.assignment.pk])
    anna = login(w.anna)
    stale = {"version": "1:old", f"t-{theme.pk}-score": "3"}
    assert anna.post(url, stale, **FETCH).status_code == 409
    invalid = {"version": version_of(scoring), f"t-{theme.pk}-score": "7"}
    assert anna.post(url, invalid, **FETCH).status_code == 400
    assert login(w.bert).post(url, {"version": version_of(scoring), f"t-{theme.pk}-score": "3"}).status_code == 404
    assert changes("") == []


def full_scoring(w, action, *, skip=None) -> dict:
    data = {"action": action}
    for theme in w.themes:
        data[f"t-{theme.pk}-score"] = "" if theme == skip else "3"
        data[f"t-{theme.pk}-rationale"] = "" if theme == skip else "Onderbouwd"
    for condition in w.conditions:
        data[f"c-{condition.pk}-rating"] = "3"
        data[f"c-{condition.pk}-note"] = ""
    return data


def test_submitting_a_scoring_logs_the_save_and_the_submission(w):
    anna = login(w.anna)
    url = reverse("audits:scoring", args=[w.assignment.pk])
    incomplete = anna.post(url, full_scoring(w, "submit", skip=w.themes[2]))
    assert incomplete.status_code == 400
    # The draft was saved (its own change); the refused submission logs nothing.
    assert [e.action for e in changes()] == ["audits.scoring_save"]
    assert len(changes()[0].params["fields"]) == len(w.themes) - 1 + len(w.conditions)

    assert anna.post(url, full_scoring(w, "submit")).status_code == 302
    save, submit = changes()[1:]
    assert save.params["fields"] == [str(w.themes[2])]
    assert (submit.action, submit.actor_id) == ("audits.scoring_submit", w.anna.pk)
    assert english(submit) == "Twente: scoring 2015 of Anna Assessor submitted"


def test_the_office_reopens_a_submitted_scoring_a_draft_is_refused(w):
    submitted = ScoringFactory(assignment=w.assignment, submitted=True)
    url = reverse("audits:scoring_reopen", args=[submitted.pk])
    assert login(w.leader).post(url).status_code == 404
    office = login(w.office)
    assert office.post(url).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id) == ("audits.scoring_reopen", w.office.pk)
    assert english(event) == "Twente: scoring 2015 of Anna Assessor reopened"
    assert office.post(url).status_code == 302  # a draft now: refused with a message
    assert len(changes()) == 1


# --- Consolidation and publication ---------------------------------------------------------------


def submitted_scoring(w) -> Placemat:
    scoring = ScoringFactory(assignment=w.assignment, submitted=True)
    for theme in w.themes:
        ThemeScoreFactory(scoring=scoring, theme=theme, score=3, rationale="Op koers")
    for condition in w.conditions:
        ConditionRatingFactory(scoring=scoring, condition=condition, rating=3)
    return scoring.placemat


def calibration(w, action, *, remark="Helder", score="3") -> dict:
    data = {"action": action}
    for theme in w.themes:
        data[f"r-{theme.pk}-score"] = score
        data[f"r-{theme.pk}-remark"] = remark
    return data


def test_consolidation_and_publication_are_logged_unchanged_saves_and_refusals_are_not(w):
    submitted_scoring(w)
    url = reverse("audits:calibration", args=[region_key("twente"), 2015])
    assert login(w.leader).post(url, calibration(w, "save")).status_code == 404
    office = login(w.office)
    assert office.post(url, calibration(w, "save", score="9")).status_code == 400
    assert changes() == []

    assert office.post(url, calibration(w, "save")).status_code == 302
    [consolidate] = changes()
    assert (consolidate.action, consolidate.actor_id) == ("audits.placemat_consolidate", w.office.pk)
    assert english(consolidate) == "Twente: consolidated scores of placemat 2015 saved"
    assert english_fields(consolidate) == sorted(str(theme) for theme in w.themes)

    data = calibration(w, "save")
    data[f"r-{w.themes[1].pk}-remark"] = "Scherper"
    assert office.post(url, data).status_code == 302
    assert changes()[-1].params["fields"] == [str(w.themes[1])]

    assert office.post(url, data | {"action": "publish"}).status_code == 302  # nothing new to consolidate
    publish = changes()[-1]
    assert len(changes()) == 3
    assert (publish.action, publish.params) == (
        "audits.placemat_publish",
        {"region": "Twente", "year": 2015, "version": 1},
    )
    assert english(publish) == "Twente: placemat 2015 published (version 1)"

    unpublish_url = reverse("audits:placemat_unpublish", args=[region_key("twente"), 2015])
    assert office.post(unpublish_url).status_code == 302
    assert english(changes()[-1]) == "Twente: placemat 2015 unpublished"
    assert office.post(unpublish_url).status_code == 302  # not published: refused with a message
    assert len(changes()) == 4


# --- Stimulus grants -----------------------------------------------------------------------------

RULE = {
    "action": "save_rule",
    "base_amount": "100000",
    "late_reduction_pct": "10",
    "not_accepted_reduction_pct": "20",
    "progress_weight_pct": "40",
    "placemat_weight_pct": "10",
}


def test_the_grant_rule_is_logged_with_the_fields_that_changed(w):
    url = reverse("audits:grants", args=["ttib", 2015])
    assert login(w.viewer).post(url, RULE).status_code == 404
    office = login(w.office)
    assert office.post(url, RULE | {"late_reduction_pct": "150"}).status_code == 200  # invalid: the form again
    assert changes() == []

    assert office.post(url, RULE).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id, event.object_label) == (
        "audits.grant_rule_save",
        w.office.pk,
        "Toptechniek in Bedrijf 2015",
    )
    assert english(event) == "Toptechniek in Bedrijf: grant rule 2015 saved"
    assert len(event.params["fields"]) == 5  # a new rule: every field
    assert office.post(url, RULE).status_code == 302  # the same rule again: no change
    assert office.post(url, RULE | {"base_amount": "120000"}).status_code == 302
    assert len(changes()) == 2
    with translation.override("en"):
        assert audit_fields(changes()[-1]) == [str(GrantRule._meta.get_field("base_amount").verbose_name)]


def test_computing_the_proposals_is_logged_with_their_number(w):
    url = reverse("audits:grants", args=["ttib", 2015])
    office = login(w.office)
    assert office.post(url, {"action": "propose"}).status_code == 302  # no rule yet: refused
    assert changes() == []
    GrantRuleFactory(programme_year=w.year)
    assert office.post(url, {"action": "propose"}).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id, event.params["count"]) == ("audits.grant_propose_year", w.office.pk, 1)
    assert english(event) == "Toptechniek in Bedrijf: grant proposals 2015 computed (1 new or changed)"
    assert office.post(url, {"action": "propose"}).status_code == 302  # nothing changed since
    assert len(changes()) == 1


def test_deciding_and_withholding_a_grant_are_logged_a_refusal_is_not(w):
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=80000)
    url = reverse("audits:grant_decide", args=[grant.pk])
    assert login(w.leader).post(url, {"action": "decide", "amount": "80000"}).status_code == 404
    office = login(w.office)
    assert office.post(url, {"action": "decide", "amount": "70000", "reason": ""}).status_code == 200  # no reason
    assert changes() == []

    assert office.post(url, {"action": "decide", "amount": "70000", "reason": "Laat"}).status_code == 302
    [decided] = changes()
    assert (decided.action, decided.actor_id, decided.object_label) == (
        "audits.grant_decide",
        w.office.pk,
        "Twente 2015",
    )
    assert decided.params == {"region": "Twente", "year": 2015, "amount": "70000.00", "reason": "Laat"}
    assert english(decided) == "Twente: grant 2015 decided at € 70,000"

    assert office.post(url, {"action": "withhold", "amount": "0", "reason": "Geen rapportage"}).status_code == 302
    assert english(changes()[-1]) == "Twente: grant 2015 withheld"
    assert StimulusGrant.objects.get(pk=grant.pk).status == "withheld"


# --- Audit visits --------------------------------------------------------------------------------


def visit_url(name):
    return reverse(f"audits:{name}", args=[region_key("twente"), 2015])


def test_planning_a_visit_is_logged_an_invalid_or_forbidden_plan_is_not(w):
    url = reverse("audits:visits", args=["ttib", 2015])
    data = {"region": w.region.pk, "date": "2015-10-01", "place": "Hengelo", "committee": [w.anna.pk]}
    assert login(w.leader).post(url, data).status_code == 404
    office = login(w.office)
    assert office.post(url, data | {"committee": [w.bert.pk]}).status_code == 200  # not an assessor: invalid
    assert office.post(url, data | {"date": ""}).status_code == 200
    assert changes() == []

    assert office.post(url, data).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id, event.object_label) == ("audits.visit_plan", w.office.pk, "Twente 2015")
    assert event.params == {"region": "Twente", "year": 2015, "date": "2015-10-01", "place": "Hengelo"}
    assert english(event) == "Twente: audit visit 2015 planned on Oct. 1, 2015"


def test_the_plan_edited_is_logged_with_the_fields_that_changed(w):
    AuditVisitFactory(region=w.region, programme_year=w.year, committee=[w.anna])
    office = login(w.office)
    same = {"date": "2015-10-01", "place": "Hengelo", "committee": [w.anna.pk], "attendees": ""}
    assert office.post(visit_url("visit_edit"), same).status_code == 302
    assert changes() == []  # nothing changed
    moved = same | {"place": "Enschede", "attendees": "Carla; Stork"}
    assert office.post(visit_url("visit_edit"), moved).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id) == ("audits.visit_update_plan", w.office.pk)
    assert english(event) == "Twente: plan of audit visit 2015 changed"
    assert english_fields(event) == ["Attendees", "Place"]
    assert office.post(visit_url("visit_edit"), moved | {"date": "x"}).status_code == 200
    assert len(changes()) == 1


def test_holding_reporting_and_following_up_a_visit_are_logged(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, date=datetime.date(2015, 10, 1))
    office = login(w.office)
    assert login(w.leader).post(visit_url("visit_transition")).status_code == 404
    assert office.post(visit_url("visit_transition")).status_code == 302
    [held] = changes()
    assert (held.action, held.actor_id) == ("audits.visit_mark_held", w.office.pk)
    assert english(held) == "Twente: audit visit 2015 marked as held"
    assert office.post(visit_url("visit_transition")).status_code == 302  # held already: refused
    assert len(changes()) == 1

    report = {f"finding_{t.pk}": f"Bevinding {t.name}" for t in w.themes[:2]}
    report |= {f"rating_{w.conditions[0].pk}": "3", "advice": "Meer werkgevers", "judgement": "", "action": "save"}
    assert office.post(visit_url("visit_report_edit"), report).status_code == 302
    saved = changes()[-1]
    assert english(saved) == "Twente: report of audit visit 2015 saved"
    assert english_fields(saved) == sorted([str(w.themes[0]), str(w.themes[1]), str(w.conditions[0]), "Advice"])
    assert office.post(visit_url("visit_report_edit"), report).status_code == 302  # unchanged: not logged
    incomplete = report | {"judgement": "on_track", "action": "report"}
    assert office.post(visit_url("visit_report_edit"), incomplete).status_code == 200  # findings missing
    assert [e.action for e in changes()][1:] == ["audits.visit_save_report", "audits.visit_save_report"]
    assert english_fields(changes()[-1]) == ["Judgement of progress"]

    complete = {f"finding_{t.pk}": f"Bevinding {t.name}" for t in w.themes}
    complete |= {f"rating_{c.pk}": "3" for c in w.conditions}
    complete |= {"advice": "Meer werkgevers", "judgement": "on_track", "action": "report"}
    assert office.post(visit_url("visit_report_edit"), complete).status_code == 302
    assert english(changes()[-1]) == "Twente: report of audit visit 2015 sent to the region"
    visit.refresh_from_db()
    assert visit.status == AuditVisit.Status.REPORTED

    action = FollowUpAction.objects.create(
        visit=visit, description="Werkgevers uitnodigen", owner="PL", due_date=datetime.date(2016, 3, 1)
    )
    leader = login(w.leader)
    toggle = reverse("audits:action_toggle", args=[action.pk])
    assert leader.post(toggle).status_code == 302
    assert leader.post(toggle).status_code == 302
    done, undone = changes()[-2:]
    assert (done.action, done.actor_id) == ("audits.action_toggle_done", w.leader.pk)
    assert english(done) == "Twente: follow-up action “Werkgevers uitnodigen” of audit visit 2015 marked as done"
    assert english(undone) == (
        "Twente: follow-up action “Werkgevers uitnodigen” of audit visit 2015 marked as not done"
    )
    assert login(w.viewer).post(toggle).status_code == 404


def test_a_follow_up_action_added_is_logged_an_invalid_one_is_not(w):
    AuditVisitFactory(region=w.region, programme_year=w.year, held=True, committee=[w.anna])
    anna = login(w.anna)
    data = {
        "action": "add_action",
        "action-description": "Werkgevers uitnodigen",
        "action-owner": "PL",
        "action-due_date": "2016-03-01",
    }
    assert anna.post(visit_url("visit_report_edit"), data | {"action-owner": ""}).status_code == 200
    assert changes() == []
    assert anna.post(visit_url("visit_report_edit"), data).status_code == 302
    [event] = changes()
    assert (event.action, event.actor_id) == ("audits.action_add", w.anna.pk)
    assert event.params == {
        "region": "Twente",
        "year": 2015,
        "action": "Werkgevers uitnodigen",
        "owner": "PL",
        "due_date": "2016-03-01",
    }
    assert english(event) == "Twente: follow-up action “Werkgevers uitnodigen” added to audit visit 2015"


# --- In Dutch ------------------------------------------------------------------------------------


def test_the_log_reads_in_dutch(w):
    url = reverse("audits:assignments", args=["ttib", 2015])
    assert login(w.office).post(url, {"region": w.region.pk, "user": w.bert.pk, "role": "advisor"}).status_code == 302
    [event] = changes()
    with translation.override("nl"):
        # nl
        assert audit_text(event) == "Twente: Bert Beoordelaar toegewezen als adviseur voor 2015"

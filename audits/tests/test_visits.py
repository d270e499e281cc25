"""Audit visits: planning with the region's assessors, planned → held → reported, the report's completeness,
follow-up actions, the pages and their permissions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import AuditVisit, FollowUpAction, VisitAttendee
from audits.services.visits import (
    action_add,
    action_toggle_done,
    visit_mark_held,
    visit_plan,
    visit_report,
    visit_save_report,
    visit_update_plan,
)
from audits.tests.factories import AssignmentFactory, AuditVisitFactory, FollowUpActionFactory
from regions.models import PlacematTheme, SuccessCondition
from regions.tests.factories import RegionFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_in, queries_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2015, 11, 1)


@pytest.fixture
def w():
    w = world_build(
        years=(2015,),
        regions=("twente", "zeeland"),
        office="office@v.example",
        viewer="viewer@v.example",
        roles={
            "leader": ("twente", "project_leader", "pl@v.example"),
            "other_leader": ("zeeland", "project_leader", "pl-other@v.example"),
            "penvoerder": ("twente", "penvoerder", "pv@v.example"),
            "partner": ("twente", "partner", "partner@v.example"),
        },
    )
    w.region, w.other_region = w.regions["twente"], w.regions["zeeland"]
    w.year = w.years[2015]
    w.critical_friend = AssignmentFactory(region=w.region, programme_year=w.year).user  # assessor
    w.advisor = AssignmentFactory(region=w.region, programme_year=w.year, advisor=True).user
    w.other_assessor = AssignmentFactory(region=w.other_region, programme_year=w.year).user
    w.themes = list(PlacematTheme.objects.filter(programme=w.programme))
    w.conditions = list(SuccessCondition.objects.filter(programme=w.programme))
    return w


def plan(w, **kwargs) -> AuditVisit:
    values = {
        "region": w.region,
        "programme_year": w.year,
        "date": datetime.date(2015, 10, 1),
        "place": "Hengelo",
        "committee": [w.critical_friend],
    }
    return visit_plan(**(values | kwargs))


def complete_report(w, visit: AuditVisit) -> AuditVisit:
    return visit_save_report(
        visit=visit,
        findings={t.pk: f"Finding on {t.name}" for t in w.themes},
        ratings={c.pk: 3 for c in w.conditions},
        advice="Involve more employers",
        judgement="attention",
    )


# --- Services ------------------------------------------------------------------------------


def test_framework_has_themes_and_nine_conditions(w):
    assert w.themes and len(w.conditions) == 9


def test_visit_plan_creates_planned_visit_with_committee_and_attendees(w):
    visit = plan(
        w,
        attendees=[
            {"name": "Anna", "organisation_name": "ROC Twente", "o_kind": "onderwijs"},
            {"name": "Bert", "organisation_name": "Gemeente Hengelo", "o_kind": "overheid"},
        ],
    )
    assert visit.status == "planned"
    assert list(visit.committee.all()) == [w.critical_friend]
    assert [(a.name, a.o_kind) for a in visit.attendees.all()] == [("Anna", "onderwijs"), ("Bert", "overheid")]


@pytest.mark.parametrize("who", ["advisor", "other_assessor", "leader"])
def test_visit_plan_refuses_committee_member_who_is_not_assessor_of_region(w, who):
    with pytest.raises(ValidationError) as exc:
        plan(w, committee=[w.critical_friend, getattr(w, who)])
    assert "Only assessors of Twente in 2015" in str(exc.value)
    assert not AuditVisit.objects.exists()


def test_visit_plan_refuses_second_visit_in_same_year(w):
    plan(w)
    with pytest.raises(ValidationError):
        plan(w)
    assert AuditVisit.objects.count() == 1


def test_visit_plan_refuses_unknown_o_kind(w):
    with pytest.raises(ValidationError):
        plan(w, attendees=[{"name": "Anna", "o_kind": "bank"}])
    assert not AuditVisit.objects.exists()


def test_visit_update_plan_changes_date_place_committee_and_attendees(w):
    visit = plan(w, attendees=[{"name": "Anna", "o_kind": "onderwijs"}])
    visit_update_plan(
        visit=visit,
        date=datetime.date(2015, 10, 8),
        place="Enschede",
        committee=[],
        attendees=[{"name": "Carla", "organisation_name": "Stork", "o_kind": "ondernemer"}],
    )
    visit.refresh_from_db()
    assert (visit.date, visit.place, visit.committee.count()) == (datetime.date(2015, 10, 8), "Enschede", 0)
    assert [a.name for a in visit.attendees.all()] == ["Carla"]


def test_visit_update_plan_refuses_non_assessor(w):
    visit = plan(w)
    with pytest.raises(ValidationError):
        visit_update_plan(visit=visit, date=visit.date, place="X", committee=[w.advisor])
    visit.refresh_from_db()
    assert visit.place == "Hengelo"


def test_visit_update_plan_refuses_reported_visit(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, reported=True)
    with pytest.raises(ValidationError):
        visit_update_plan(visit=visit, date=visit.date, place="Elsewhere", committee=[])


def test_visit_mark_held_moves_planned_to_held(w):
    visit = plan(w)
    visit_mark_held(visit=visit, today=TODAY)
    visit.refresh_from_db()
    assert visit.status == "held"


def test_visit_mark_held_refuses_future_date(w):
    visit = plan(w, date=datetime.date(2015, 12, 1))
    with pytest.raises(ValidationError) as exc:
        visit_mark_held(visit=visit, today=TODAY)
    assert "cannot be held before then" in str(exc.value)
    visit.refresh_from_db()
    assert visit.status == "planned"


@pytest.mark.parametrize("state", ["held", "reported"])
def test_visit_mark_held_refuses_visit_not_planned(w, state):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, **{state: True})
    with pytest.raises(ValidationError):
        visit_mark_held(visit=visit, today=TODAY)


def test_visit_save_report_refuses_planned_visit(w):
    visit = plan(w)
    with pytest.raises(ValidationError):
        complete_report(w, visit)
    assert not visit.findings.exists()


def test_visit_save_report_stores_findings_ratings_advice_judgement(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    complete_report(w, visit)
    visit.refresh_from_db()
    assert visit.findings.count() == len(w.themes)
    assert visit.ratings.count() == 9
    assert (visit.advice, visit.judgement, visit.status) == ("Involve more employers", "attention", "held")


def test_visit_save_report_empty_finding_removes_it(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    complete_report(w, visit)
    visit_save_report(visit=visit, findings={w.themes[0].pk: " "}, ratings={w.conditions[0].pk: None})
    assert visit.findings.count() == len(w.themes) - 1
    assert visit.ratings.count() == 8


def test_visit_save_report_refuses_rating_out_of_range(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    with pytest.raises(ValidationError):
        visit_save_report(visit=visit, ratings={w.conditions[0].pk: 5})


def test_visit_report_refuses_incomplete_report_and_lists_what_is_missing(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    visit_save_report(visit=visit, findings={w.themes[0].pk: "Good"}, ratings={w.conditions[0].pk: 2})
    with pytest.raises(ValidationError) as exc:
        visit_report(visit=visit)
    message = str(exc.value)
    assert "a judgement of progress" in message and "advice" in message
    assert f"findings on {w.themes[1]}" in message and f"findings on {w.themes[0]}" not in message
    assert f"a rating of {w.conditions[1]}" in message and f"a rating of {w.conditions[0]}" not in message
    visit.refresh_from_db()
    assert visit.status == "held" and visit.reported_at is None


def test_visit_report_moves_complete_held_visit_to_reported(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    complete_report(w, visit)
    visit = visit_report(visit=visit)
    assert visit.status == "reported" and visit.reported_at is not None


@pytest.mark.parametrize("state", [{}, {"reported": True}])
def test_visit_report_refuses_visit_not_held(w, state):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, **state)
    with pytest.raises(ValidationError):
        visit_report(visit=visit)


def test_visit_save_report_refuses_reported_visit(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, reported=True)
    with pytest.raises(ValidationError):
        visit_save_report(visit=visit, advice="Changed afterwards", judgement="worrying")
    visit.refresh_from_db()
    assert visit.advice == "Keep going"


def test_action_add_refuses_planned_visit(w):
    visit = plan(w)
    with pytest.raises(ValidationError):
        action_add(visit=visit, description="Do it", owner="PL", due_date=TODAY)


def test_action_add_refuses_missing_owner(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    with pytest.raises(ValidationError):
        action_add(visit=visit, description="Do it", owner=" ", due_date=TODAY)


def test_action_toggle_done_sets_and_clears_done_at(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    action = action_add(visit=visit, description="Invite employers", owner="Project leader", due_date=TODAY)
    assert not action.done
    action_toggle_done(action=action)
    assert action.done and action.done_at is not None
    action_toggle_done(action=action)
    assert not action.done and action.done_at is None


# --- Pages ---------------------------------------------------------------------------------


def visits_url(w):
    return reverse("audits:visits", args=[w.programme.slug, 2015])


def visit_url(w, name="visit_detail"):
    return reverse(f"audits:{name}", args=[w.region, 2015])


ROLES = ["leader", "other_leader", "penvoerder", "partner", "critical_friend", "office", "viewer"]


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        ("leader", 404, 404),
        ("other_leader", 404, 404),
        ("penvoerder", 404, 404),
        ("partner", 404, 404),
        ("critical_friend", 404, 404),
        ("office", 200, 200),  # an empty POST shows the form again with its errors
        ("viewer", 404, 404),
    ],
)
def test_visits_page_permissions(client, w, who, get_status, post_status):
    client.force_login(getattr(w, who))
    assert client.get(visits_url(w)).status_code == get_status
    assert client.post(visits_url(w)).status_code == post_status
    assert not AuditVisit.objects.exists()


def test_visits_page_office_plans_a_visit(client, w):
    client.force_login(w.office)
    data = {
        "region": w.region.pk,
        "date": "2015-10-01",
        "place": "Hengelo",
        "committee": [w.critical_friend.pk],
        "attendees": "Anna; ROC Twente; onderwijs\nBert; Gemeente; overheid",
    }
    response = client.post(visits_url(w), data)
    assert response.status_code == 302
    visit = AuditVisit.objects.get()
    assert [a.o_kind for a in visit.attendees.all()] == ["onderwijs", "overheid"]
    assert list(visit.committee.all()) == [w.critical_friend]


def test_visits_page_shows_refusal_for_committee_of_other_region(client, w):
    client.force_login(w.office)
    data = {"region": w.region.pk, "date": "2015-10-01", "place": "Hengelo", "committee": [w.other_assessor.pk]}
    response = client.post(visits_url(w), data)
    assert response.status_code == 200
    assert "Only assessors of Twente in 2015" in response.content.decode()
    assert not AuditVisit.objects.exists()


def test_visits_page_refuses_malformed_attendee_line(client, w):
    client.force_login(w.office)
    data = {"region": w.region.pk, "date": "2015-10-01", "place": "Hengelo", "attendees": "Anna; ROC; bank"}
    response = client.post(visits_url(w), data)
    assert response.status_code == 200 and "Line 1" in response.content.decode()
    assert not AuditVisit.objects.exists()


def test_visits_page_query_count_is_the_same_for_one_and_three_visits(client, w):
    client.force_login(w.office)
    AuditVisitFactory(region=w.region, programme_year=w.year, committee=[w.critical_friend])
    VisitAttendee.objects.create(visit=AuditVisit.objects.get(), name="Anna", o_kind="onderwijs")
    client.get(visits_url(w))  # warm caches
    one = queries_of(client, visits_url(w))
    for name in ("Drenthe", "Limburg"):
        region = RegionFactory(programme=w.programme, name=name)
        assessor = AssignmentFactory(region=region, programme_year=w.year).user
        visit = AuditVisitFactory(region=region, programme_year=w.year, committee=[assessor])
        VisitAttendee.objects.create(visit=visit, name="Bert", o_kind="overheid")
    with queries_in() as three:
        response = client.get(visits_url(w))
    assert response.content.decode().count("/visits/2015/") == 3
    assert len(three) == one


@pytest.mark.parametrize(
    ("who", "planned", "reported"),
    [
        ("leader", 200, 200),
        ("other_leader", 404, 404),
        ("penvoerder", 200, 200),
        ("partner", 200, 200),
        ("critical_friend", 200, 200),
        ("office", 200, 200),
        ("viewer", 404, 200),
    ],
)
def test_visit_detail_permissions(client, w, who, planned, reported):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, committee=[w.critical_friend])
    client.force_login(getattr(w, who))
    assert client.get(visit_url(w)).status_code == planned
    assert client.post(visit_url(w)).status_code == 405
    AuditVisit.objects.filter(pk=visit.pk).update(
        status="reported", judgement="on_track", advice="Keep going", reported_at=visit.updated_at
    )
    assert client.get(visit_url(w)).status_code == reported


@pytest.mark.parametrize("who", ["leader", "penvoerder", "partner"])
def test_visit_detail_region_sees_plan_but_not_unreported_report(client, w, who):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True, place="Hengelo")
    complete_report(w, visit)
    client.force_login(getattr(w, who))
    page = client.get(visit_url(w)).content.decode()
    assert "Hengelo" in page and "not yet available" in page
    assert "Involve more employers" not in page and "Finding on" not in page
    visit_report(visit=visit)
    page = client.get(visit_url(w)).content.decode()
    assert "Involve more employers" in page and "Finding on" in page and "not yet available" not in page


def test_visit_detail_committee_member_reads_unreported_report(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True, committee=[w.critical_friend])
    complete_report(w, visit)
    client.force_login(w.critical_friend)
    assert "Involve more employers" in client.get(visit_url(w)).content.decode()


def test_visit_detail_critical_friend_not_on_committee_does_not_read_unreported_report(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    complete_report(w, visit)
    client.force_login(w.critical_friend)
    page = client.get(visit_url(w)).content.decode()
    assert "not yet available" in page and "Involve more employers" not in page


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        ("leader", 404, 404),
        ("other_leader", 404, 404),
        ("penvoerder", 404, 404),
        ("partner", 404, 404),
        ("critical_friend", 404, 404),
        ("office", 200, 200),
        ("viewer", 404, 404),
    ],
)
def test_visit_edit_permissions(client, w, who, get_status, post_status):
    AuditVisitFactory(region=w.region, programme_year=w.year, committee=[w.critical_friend])
    client.force_login(getattr(w, who))
    assert client.get(visit_url(w, "visit_edit")).status_code == get_status
    assert client.post(visit_url(w, "visit_edit")).status_code == post_status


def test_visit_edit_saves_plan_with_attendee_lines(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year)
    client.force_login(w.office)
    data = {"date": "2015-10-08", "place": "Enschede", "committee": [w.critical_friend.pk], "attendees": "Carla; Stork"}
    assert client.post(visit_url(w, "visit_edit"), data).status_code == 302
    visit.refresh_from_db()
    assert visit.place == "Enschede" and list(visit.committee.all()) == [w.critical_friend]
    assert [(a.name, a.organisation_name, a.o_kind) for a in visit.attendees.all()] == [("Carla", "Stork", "overig")]
    assert "Carla; Stork; overig" in client.get(visit_url(w, "visit_edit")).content.decode()


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        ("leader", 404, 404),
        ("other_leader", 404, 404),
        ("penvoerder", 404, 404),
        ("partner", 404, 404),
        ("critical_friend", 200, 302),  # on the committee; an empty save is a valid (empty) report
        ("office", 200, 302),
        ("viewer", 404, 404),
    ],
)
def test_visit_report_edit_permissions_while_held(client, w, who, get_status, post_status):
    AuditVisitFactory(region=w.region, programme_year=w.year, held=True, committee=[w.critical_friend])
    client.force_login(getattr(w, who))
    assert client.get(visit_url(w, "visit_report_edit")).status_code == get_status
    assert client.post(visit_url(w, "visit_report_edit")).status_code == post_status


def test_visit_report_edit_committee_member_only_while_held(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, committee=[w.critical_friend])
    client.force_login(w.critical_friend)
    assert client.get(visit_url(w, "visit_report_edit")).status_code == 404
    AuditVisit.objects.filter(pk=visit.pk).update(status="held")
    assert client.get(visit_url(w, "visit_report_edit")).status_code == 200


def test_visit_report_edit_committee_member_cannot_send_report(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True, committee=[w.critical_friend])
    complete_report(w, visit)
    client.force_login(w.critical_friend)
    assert client.post(visit_url(w, "visit_report_edit"), {"action": "report"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == "held"


def report_data(w, **extra):
    data = {f"finding_{t.pk}": f"Finding on {t.name}" for t in w.themes}
    data |= {f"rating_{c.pk}": "3" for c in w.conditions}
    return data | {"advice": "Involve more employers", "judgement": "on_track"} | extra


def test_visit_report_edit_office_sends_complete_report(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    client.force_login(w.office)
    response = client.post(visit_url(w, "visit_report_edit"), report_data(w, action="report"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "reported" and visit.findings.count() == len(w.themes)


def test_visit_report_edit_refuses_incomplete_report_and_keeps_what_was_saved(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    client.force_login(w.office)
    response = client.post(visit_url(w, "visit_report_edit"), report_data(w, action="report", judgement=""))
    assert response.status_code == 200
    assert "a judgement of progress" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "held"


def test_visit_report_edit_committee_member_adds_follow_up_action(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True, committee=[w.critical_friend])
    client.force_login(w.critical_friend)
    data = {
        "action": "add_action",
        "action-description": "Invite employers",
        "action-owner": "PL",
        "action-due_date": "2016-03-01",
    }
    assert client.post(visit_url(w, "visit_report_edit"), data).status_code == 302
    assert visit.actions.get().owner == "PL"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 404),
        ("other_leader", 404),
        ("penvoerder", 404),
        ("partner", 404),
        ("critical_friend", 404),
        ("office", 302),
        ("viewer", 404),
    ],
)
def test_visit_transition_permissions(client, w, who, status):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, committee=[w.critical_friend])
    client.force_login(getattr(w, who))
    assert client.get(visit_url(w, "visit_transition")).status_code == 405
    assert client.post(visit_url(w, "visit_transition")).status_code == status
    visit.refresh_from_db()
    assert visit.status == ("held" if who == "office" else "planned")


def test_visit_transition_refusal_shows_message_and_changes_nothing(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, date=datetime.date(2999, 1, 1))
    client.force_login(w.office)
    response = client.post(visit_url(w, "visit_transition"), follow=True)
    assert "cannot be held before then" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "planned"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 302),
        ("other_leader", 404),
        ("penvoerder", 302),
        ("partner", 404),
        ("critical_friend", 404),
        ("office", 302),
        ("viewer", 404),
    ],
)
def test_action_toggle_permissions(client, w, who, status):
    action = FollowUpActionFactory(visit__region=w.region, visit__programme_year=w.year)
    url = reverse("audits:action_toggle", args=[action.pk])
    client.force_login(getattr(w, who))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == status
    action.refresh_from_db()
    assert action.done == (status == 302)


def test_action_toggle_region_lead_refused_before_report(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    action = FollowUpAction.objects.create(visit=visit, description="X", owner="PL", due_date=TODAY)
    client.force_login(w.leader)
    assert client.post(reverse("audits:action_toggle", args=[action.pk])).status_code == 404


def test_visit_pages_send_anonymous_to_login(client, w):
    action = FollowUpActionFactory(visit__region=w.region, visit__programme_year=w.year)
    urls = [
        visits_url(w),
        visit_url(w),
        visit_url(w, "visit_edit"),
        visit_url(w, "visit_report_edit"),
        visit_url(w, "visit_transition"),
        reverse("audits:action_toggle", args=[action.pk]),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405)
            if response.status_code == 302:
                assert "login" in response["Location"]
    action.refresh_from_db()
    assert not action.done


def test_visit_detail_unknown_year_is_404(client, w):
    client.force_login(w.office)
    assert client.get(reverse("audits:visit_detail", args=[w.region, 2014])).status_code == 404


def test_visit_save_report_keeps_success_factors_and_practices_unless_given(w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    visit_save_report(visit=visit, success_factors=" Strong steering group ", practices_to_share="Shared open day")
    visit.refresh_from_db()
    assert (visit.success_factors, visit.practices_to_share) == ("Strong steering group", "Shared open day")
    visit_save_report(visit=visit, advice="Keep going")  # not given: left as they are
    visit.refresh_from_db()
    assert (visit.success_factors, visit.practices_to_share) == ("Strong steering group", "Shared open day")
    visit_save_report(visit=visit, success_factors="", practices_to_share="")
    visit.refresh_from_db()
    assert (visit.success_factors, visit.practices_to_share) == ("", "")


def test_visit_report_edit_records_success_factors_shown_on_the_visit_page(client, w):
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    client.force_login(w.office)
    data = report_data(w, action="report", success_factors="Vaste duo's", practices_to_share="Open dag & co")
    assert client.post(visit_url(w, "visit_report_edit"), data).status_code == 302
    visit.refresh_from_db()
    assert (visit.success_factors, visit.practices_to_share) == ("Vaste duo's", "Open dag & co")
    page = client.get(visit_url(w)).content.decode()
    assert "Vaste duo&#x27;s" in page and "Open dag &amp; co" in page

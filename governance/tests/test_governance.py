"""Governance meetings: planning and its refusals, notes, held, the inputs on constructed data, the grant
decided from the meeting, the pages' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import GrantChange, StimulusGrant
from audits.tests.factories import (
    AuditVisitFactory,
    ConsolidatedScoreFactory,
    PlacematFactory,
    StimulusGrantFactory,
)
from governance import selectors, services
from governance.models import GovernanceMeeting
from monitoring.tests.factories import MonitorReportFactory
from peerreviews.models import FeedbackReport, LearningOutcome, LearningQuestion, PeerReview
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.factories import ProgrammeFactory, RegionFactory
from regions.tests.world import region_key, world_build
from toptechniek.common.testing import queries_in, queries_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2014, 6, 1)


@pytest.fixture
def w():
    w = world_build(
        regions=("twente", "zeeland"),
        office="office@g.example",
        viewer="viewer@g.example",
        roles={
            "leader": ("twente", "project_leader", "pl@g.example"),
            "partner": ("twente", "partner", "partner@g.example"),
        },
    )
    w.region, w.other_region = w.regions["twente"], w.regions["zeeland"]
    w.year = w.years[2013]
    return w


def plan(w, region=None, **kwargs) -> GovernanceMeeting:
    defaults = {"date": datetime.date(2014, 5, 1), "place": "Hengelo", "participants": "Bestuur, programmabureau"}
    return services.meeting_plan(
        region=region or w.region, programme_year=w.year, actor=w.office, **(defaults | kwargs)
    )


def meetings_state():
    return list(GovernanceMeeting.objects.order_by("pk").values_list("region_id", "status", "date", "notes"))


# --- Services ---------------------------------------------------------------------------------


def test_plan_creates_a_planned_meeting(w):
    meeting = plan(w)
    assert meeting.status == GovernanceMeeting.Status.PLANNED
    assert meeting.created_by == w.office and meeting.place == "Hengelo"


def test_a_second_meeting_for_the_same_region_and_year_is_refused(w):
    plan(w)
    before = meetings_state()
    with pytest.raises(ValidationError) as exc:
        plan(w, date=datetime.date(2014, 6, 1))
    assert "already has a governance meeting" in str(exc.value)
    assert meetings_state() == before


def test_a_region_of_another_programme_is_refused(w):
    stranger = RegionFactory(programme=ProgrammeFactory(), slug="elsewhere")
    with pytest.raises(ValidationError):
        plan(w, region=stranger)
    assert meetings_state() == []


def test_update_changes_the_plan_but_not_the_date_of_a_held_meeting(w):
    meeting = plan(w)
    services.meeting_update(meeting=meeting, date=datetime.date(2014, 5, 2), place="Enschede", participants="")
    assert (meeting.date, meeting.place) == (datetime.date(2014, 5, 2), "Enschede")
    services.meeting_mark_held(meeting=meeting, actor=w.office, today=TODAY)
    before = meetings_state()
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, date=datetime.date(2014, 5, 20), place="Almelo", participants="")
    assert meetings_state() == before
    services.meeting_update(meeting=meeting, date=meeting.date, place="Almelo", participants="")
    meeting.refresh_from_db()
    assert meeting.place == "Almelo"


def test_notes_are_saved_with_the_decisions(w):
    meeting = plan(w)
    services.meeting_save_notes(
        meeting=meeting, notes=" Good talk. ", decision_summary="Grant as proposed.", actor=w.office
    )
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.decision_summary) == ("Good talk.", "Grant as proposed.")


def test_held_not_before_its_date_and_only_once(w):
    meeting = plan(w, date=datetime.date(2014, 7, 1))
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=meeting, actor=w.office, today=TODAY)
    assert GovernanceMeeting.objects.get().status == GovernanceMeeting.Status.PLANNED
    services.meeting_mark_held(meeting=meeting, actor=w.office, today=datetime.date(2014, 7, 1))
    assert meeting.status == GovernanceMeeting.Status.HELD and meeting.held_at is not None
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=meeting, actor=w.office, today=datetime.date(2014, 7, 2))


# --- The grant, decided from the meeting --------------------------------------------------------


def test_grant_decided_as_proposed_needs_no_reason(w):
    meeting = plan(w)
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=Decimal("80000"))
    services.meeting_decide_grant(meeting=meeting, amount=Decimal("80000"), reason="", actor=w.office)
    grant.refresh_from_db()
    assert grant.status == StimulusGrant.Status.DECIDED and grant.decided_amount == Decimal("80000")
    assert GrantChange.objects.filter(grant=grant, kind=GrantChange.Kind.DECIDED).count() == 1


def test_grant_different_from_the_proposal_needs_a_reason_which_is_kept(w):
    meeting = plan(w)
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=Decimal("80000"))
    with pytest.raises(ValidationError) as exc:
        services.meeting_decide_grant(meeting=meeting, amount=Decimal("90000"), reason=" ", actor=w.office)
    assert "reason" in exc.value.message_dict
    grant.refresh_from_db()
    assert grant.status == StimulusGrant.Status.PROPOSED and not GrantChange.objects.exists()
    services.meeting_decide_grant(meeting=meeting, amount=Decimal("90000"), reason="Extra effort.", actor=w.office)
    grant.refresh_from_db()
    assert (grant.decided_amount, grant.decision_reason) == (Decimal("90000"), "Extra effort.")


def test_grant_decision_without_a_proposal_is_refused(w):
    meeting = plan(w)
    with pytest.raises(ValidationError) as exc:
        services.meeting_decide_grant(meeting=meeting, amount=Decimal("1"), reason="x", actor=w.office)
    assert "no grant proposal" in str(exc.value)


def test_grant_page_post_with_and_without_reason(w, client):
    plan(w)
    grant = StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=Decimal("80000"))
    client.force_login(w.office)
    url = reverse("governance:meeting_grant", args=[region_key("twente"), 2013])
    response = client.post(url, {"amount": "70000", "reason": "", "action": "decide"})
    assert response.status_code == 200
    assert "differs from the proposal" in response.content.decode()
    assert 'value="70000' in response.content.decode()  # the typed amount is kept
    grant.refresh_from_db()
    assert grant.status == StimulusGrant.Status.PROPOSED
    response = client.post(url, {"amount": "70000", "reason": "Late report.", "action": "decide"})
    assert response.status_code == 302 and response["Location"].endswith("#grant")
    grant.refresh_from_db()
    assert (grant.status, grant.decided_amount, grant.decision_reason) == ("decided", Decimal("70000"), "Late report.")
    html = client.get(reverse("governance:meeting_detail", args=[region_key("twente"), 2013])).content.decode()
    assert "70,000" in html and "Late report." in html  # the meeting shows the decision it took


def test_meeting_page_without_proposal_links_the_grants_page(w, client):
    plan(w)
    client.force_login(w.office)
    response = client.get(reverse("governance:meeting_detail", args=[region_key("twente"), 2013]))
    html = response.content.decode()
    assert "There is no grant proposal" in html
    assert reverse("audits:grants", args=[w.programme.slug, 2013]) in html


def test_notes_form_keeps_input_on_error(w, client):
    plan(w)
    client.force_login(w.office)
    response = client.post(
        reverse("governance:meeting_notes", args=[region_key("twente"), 2013]),
        {"notes": "", "decision_summary": "Kept text"},
    )
    assert response.status_code == 200 and "Kept text" in response.content.decode()


def test_region_leads_read_the_meeting_once_held_partners_never(w, client):
    meeting = plan(w, date=datetime.date(2014, 5, 1))
    url = meeting.get_absolute_url()
    client.force_login(w.leader)
    assert client.get(url).status_code == 404
    services.meeting_mark_held(meeting=meeting, actor=w.office, today=TODAY)
    response = client.get(url)
    assert response.status_code == 200 and "Save the notes" not in response.content.decode()
    client.force_login(w.partner)
    assert client.get(url).status_code == 404


# --- Inputs ------------------------------------------------------------------------------------


def _review_with_outcome(w, *, host, peer, due=datetime.date(2014, 9, 1)):
    review = PeerReviewFactory(host_region=host, peer_region=peer, programme_year=w.year, reported=True)
    report = MonitorReportFactory(region=w.region, programme_year=w.year) if not hasattr(w, "report") else w.report
    w.report = report
    question = LearningQuestion.objects.create(
        review=review,
        region=w.region,
        question=f"How do we involve companies? ({review.pk})",
        owner="An",
        theme=w.programme.placemat_themes.first(),
        report=report,
    )
    LearningOutcome.objects.create(
        question=question, insights="Start small.", action="Pilot with two firms", action_owner="Bert", action_due=due
    )
    return review


def test_inputs_on_constructed_data(w):
    meeting = plan(w)
    w.report = MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True, is_late=True)
    placemat = PlacematFactory(region=w.region, programme_year=w.year, published=True)
    ConsolidatedScoreFactory(placemat=placemat, score=3)
    hosted = _review_with_outcome(w, host=w.region, peer=w.other_region)
    visiting = _review_with_outcome(w, host=w.other_region, peer=w.region)
    PeerReviewFactory(host_region=w.region, peer_region=w.other_region, programme_year=w.year, status="cancelled")
    PeerReviewFactory(  # not ours
        host_region=w.other_region, peer_region=RegionFactory(programme=w.programme), programme_year=w.year
    )
    FeedbackReport.objects.create(
        review=hosted, region=w.region, text="Well done", status="ready", ready_at=timezone.now()
    )
    FeedbackReport.objects.create(review=visiting, region=w.region, text="Draft")  # not ready: not listed
    AuditVisitFactory(region=w.region, programme_year=w.year, reported=True, judgement="attention")
    StimulusGrantFactory(region=w.region, programme_year=w.year, proposed_amount=Decimal("80000"))

    inputs = selectors.meeting_inputs(meeting=meeting, today=TODAY)

    assert inputs.report == w.report and inputs.report_late
    assert inputs.placemat == placemat and [s.score for s in inputs.scores] == [3]
    assert {r.review for r in inputs.reviews} == {hosted, visiting}
    assert [len(r.questions) for r in inputs.reviews] == [1, 1]
    assert {r.questions[0].outcome.action for r in inputs.reviews} == {"Pilot with two firms"}
    assert [f.review for f in inputs.feedback_reports] == [hosted]
    lines = {line.key: line for line in inputs.lines}
    assert lines["report"].state == "Submitted, late" and lines["report"].warning
    assert lines["report"].url == w.report.get_absolute_url()
    assert lines["placemat"].state.startswith("Published (version 1)")
    assert "2 peer review(s); 2 of 2 learning question(s) with an outcome" == lines["reviews"].state
    assert lines["feedback"].state == "1 ready"
    assert lines["visit"].state == "Reported: needs attention"
    assert lines["grant"].state == "Proposed: € 80,000"
    hidden = selectors.meeting_inputs(meeting=meeting, show_proposal=False, today=TODAY)
    assert {line.key: line for line in hidden.lines}["grant"].state == "Not decided yet."


def test_inputs_when_nothing_is_there_yet(w):
    meeting = plan(w)
    inputs = selectors.meeting_inputs(meeting=meeting, today=TODAY)
    assert [line.state for line in inputs.lines] == [
        "No monitor report yet.",
        "Not published yet.",
        "No peer review this year.",
        "No feedback report ready yet.",
        "No audit visit planned.",
        "No proposal computed yet.",
    ]


def test_inputs_use_a_fixed_number_of_queries(w):
    meeting = plan(w)
    _review_with_outcome(w, host=w.region, peer=w.other_region)
    with queries_in() as one:
        selectors.meeting_inputs(meeting=meeting, today=TODAY)
    for _i in range(2):
        _review_with_outcome(w, host=w.region, peer=RegionFactory(programme=w.programme))
    with queries_in() as three:
        selectors.meeting_inputs(meeting=meeting, today=TODAY)
    assert len(one) == len(three) <= 9


def test_pages_cost_the_same_at_one_and_three_meetings(w, client):
    client.force_login(w.office)
    first = plan(w)
    list_url = reverse("governance:meetings", args=[w.programme.slug, 2013])
    client.get(list_url)  # warm caches (sessions, content types)
    one_list = queries_of(client, list_url)
    one_detail = queries_of(client, first.get_absolute_url())
    for name in ("Drenthe", "Limburg"):
        region = RegionFactory(programme=w.programme, name=name)
        plan(w, region=region)
        StimulusGrantFactory(region=region, programme_year=w.year)
    assert queries_of(client, list_url) == one_list
    assert queries_of(client, first.get_absolute_url()) == one_detail


def test_the_list_for_the_viewer_is_read_only(w, client):
    plan(w)
    client.force_login(w.viewer)
    response = client.get(reverse("governance:meetings", args=[w.programme.slug, 2013]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Twente" in html and "Plan the meeting" not in html
    assert client.post(reverse("governance:meetings", args=[w.programme.slug, 2013]), {}).status_code == 404


def test_office_plans_from_the_list_and_errors_keep_the_input(w, client):
    client.force_login(w.office)
    url = reverse("governance:meetings", args=[w.programme.slug, 2013])
    response = client.post(url, {"region": w.region.pk, "date": "", "place": "Kept place"})
    assert response.status_code == 200 and "Kept place" in response.content.decode()
    response = client.post(url, {"region": w.region.pk, "date": "2014-05-01", "place": "Hengelo"})
    assert response.status_code == 302
    assert GovernanceMeeting.objects.get().region == w.region
    assert PeerReview.objects.count() == 0


def test_region_page_lists_held_meetings_for_its_leads_and_all_for_the_office(w, client):
    meeting = plan(w)
    client.force_login(w.leader)
    assert "Governance meeting 2013" not in client.get(w.region.get_absolute_url()).content.decode()
    client.force_login(w.office)
    assert meeting.get_absolute_url() in client.get(w.region.get_absolute_url()).content.decode()
    services.meeting_mark_held(meeting=meeting, actor=w.office, today=TODAY)
    client.force_login(w.leader)
    assert meeting.get_absolute_url() in client.get(w.region.get_absolute_url()).content.decode()
    client.force_login(w.partner)
    assert meeting.get_absolute_url() not in client.get(w.region.get_absolute_url()).content.decode()

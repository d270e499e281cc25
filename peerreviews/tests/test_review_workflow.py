"""The peer-review workflow services: every transition, every refusal (with the data unchanged), the history rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from audits.tests.factories import AssignmentFactory
from monitoring.tests.factories import MonitorReportFactory
from peerreviews.models import FeedbackReport, LearningOutcome, LearningQuestion, PeerReview, PeerReviewTransition
from peerreviews.selectors.reviews import reviews_for_list, reviews_visible
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
from regions.models import Region, RegionRole
from regions.tests.factories import (
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    SubProjectFactory,
    UserFactory,
)
from regions.tests.world import world_build
from toptechniek.common.models import Notification

pytestmark = pytest.mark.django_db
Status = PeerReview.Status


@pytest.fixture
def w():
    w = world_build(
        years=(2012, 2013, 2014, 2015),
        regions=(
            {"slug": "twente", "landsdeel": "oost"},
            {"slug": "achterhoek", "landsdeel": "oost"},
            {"slug": "zeeland", "landsdeel": "zuid"},
        ),
        viewer=False,
        roles={
            "leader": ("twente", "project_leader", "pl@t.example"),
            "leader_b": ("achterhoek", "project_leader", "pl-b@t.example"),
        },
    )
    w.a, w.b, w.c = (w.regions[slug] for slug in ("twente", "achterhoek", "zeeland"))
    w.theme = w.programme.placemat_themes.order_by("kind", "number").first()
    return w


def review(w, year=2015, **kwargs):
    kwargs.setdefault("host_region", w.a)
    kwargs.setdefault("peer_region", w.b)
    return PeerReviewFactory(programme_year=w.years[year], **kwargs)


def state(obj: PeerReview):
    """Everything a refusal must leave alone, plus the history and mails."""
    obj = PeerReview.objects.get(pk=obj.pk)
    data = model_to_dict(obj)
    data.pop("updated_at", None)
    return (
        data,
        PeerReviewTransition.objects.filter(review=obj).count(),
        PeerReview.objects.count(),
        Notification.objects.count(),
    )


def refused(call, obj, match: str):
    before = state(obj) if obj is not None else (PeerReview.objects.count(), PeerReviewTransition.objects.count())
    with pytest.raises(ValidationError) as info:
        call()
    assert match in " ".join(info.value.messages)
    after = state(obj) if obj is not None else (PeerReview.objects.count(), PeerReviewTransition.objects.count())
    assert after == before
    return info.value


def question(w, obj, region=None, text="How can we keep companies involved after the first lesson?"):
    region = region or obj.host_region
    report = MonitorReportFactory(region=region, programme_year=obj.programme_year)
    return LearningQuestion.objects.create(
        review=obj, region=region, question=text, owner="Anna", theme=w.theme, report=report
    )


def outcome(q):
    return LearningOutcome.objects.create(
        question=q,
        insights="Keep it small",
        action="Plan visits",
        action_owner="Bert",
        action_due=datetime.date(2016, 1, 1),
    )


def propose(w, **kwargs):
    data = {
        "host_region": w.a,
        "peer_region": w.b,
        "programme_year": w.years[2015],
        "proposed_by": w.leader,
        "motivation": "They involve companies well.",
    }
    data.update(kwargs)
    return peerreview_propose(**data)


# --- Propose ---------------------------------------------------------------------------------------------------


def test_propose_creates_a_proposed_review_with_its_first_history_row(w):
    obj = propose(w, date=datetime.date(2015, 10, 1), place=" Enschede ")
    assert obj.status == Status.PROPOSED and obj.kind == PeerReview.Kind.EXTERNAL
    assert (obj.host_region, obj.peer_region, obj.place, obj.proposed_by) == (w.a, w.b, "Enschede", w.leader)
    t = obj.transitions.get()
    assert (t.from_status, t.to_status, t.actor) == ("", Status.PROPOSED, w.leader)


def test_propose_refuses_the_same_region(w):
    refused(lambda: propose(w, peer_region=w.a), None, "cannot review itself")


def test_propose_refuses_another_programme(w):
    other = RegionFactory(programme=ProgrammeFactory(slug="other"), name="Elsewhere")
    refused(lambda: propose(w, peer_region=other), None, "programme")


def test_propose_refuses_a_stopped_region(w):
    Region.objects.filter(pk=w.b.pk).update(status=Region.Status.STOPPED)
    w.b.refresh_from_db()
    refused(lambda: propose(w), None, "has stopped")


def test_propose_refuses_an_empty_motivation(w):
    refused(lambda: propose(w, motivation="  "), None, "why you chose")


@pytest.mark.parametrize("direction", ["same", "reverse"])
def test_propose_refuses_a_second_review_of_the_pair_in_the_year(w, direction):
    if direction == "same":
        review(w)
    else:
        review(w, host_region=w.b, peer_region=w.a)
    refused(lambda: propose(w), None, "already have a peer review in 2015")


def test_propose_allows_the_pair_again_when_the_earlier_one_was_cancelled(w):
    review(w, status=Status.CANCELLED)
    assert propose(w).status == Status.PROPOSED


def test_propose_refuses_last_years_pair(w):
    review(w, year=2014, closed=True)
    refused(lambda: propose(w), None, "had a peer review together in 2014")


def test_propose_allows_last_years_pair_as_a_follow_up_of_that_review(w):
    last = review(w, year=2014, closed=True)
    obj = propose(w, previous=last)
    assert obj.previous == last
    assert list(last.follow_ups.all()) == [obj]


def test_propose_follow_up_must_involve_the_host_region(w):
    other = review(w, year=2013, host_region=w.b, peer_region=w.c, closed=True)
    refused(lambda: propose(w, previous=other), None, "took part in")


def test_propose_follow_up_must_be_reported_or_closed(w):
    earlier = review(w, year=2013, preparing=True)
    refused(lambda: propose(w, previous=earlier), None, "reported or closed")


def test_propose_follow_up_must_not_be_later(w):
    later = review(w, year=2015, host_region=w.a, peer_region=w.c, closed=True)
    refused(lambda: propose(w, programme_year=w.years[2014], previous=later), None, "earlier peer review")


def test_propose_follow_up_of_another_pair_does_not_lift_last_years_rule(w):
    review(w, year=2014, reported=True)
    other = review(w, year=2013, host_region=w.a, peer_region=w.c, closed=True)
    refused(lambda: propose(w, previous=other), None, "had a peer review together in 2014")


# --- Internal --------------------------------------------------------------------------------------------------


def test_create_internal(w):
    host, peer = (
        SubProjectFactory(region=w.a, name="Techniek in de klas"),
        SubProjectFactory(region=w.a, name="Doorstroom"),
    )
    obj = peerreview_create_internal(
        region=w.a,
        programme_year=w.years[2015],
        host_subproject=host,
        peer_subproject=peer,
        created_by=w.office,
    )
    assert obj.is_internal and obj.peer_region is None and obj.status == Status.PROPOSED
    assert (obj.host_subproject, obj.peer_subproject) == ("Techniek in de klas", "Doorstroom")
    assert obj.transitions.get().actor == w.office


@pytest.mark.parametrize(
    ("case", "match"), [("missing", "Choose both"), ("same", "must differ"), ("other", "of Twente")]
)
def test_create_internal_refusals(w, case, match):
    own = SubProjectFactory(region=w.a, name="Doorstroom")
    peer = {"missing": None, "same": own, "other": SubProjectFactory(region=w.b, name="Elders")}[case]
    refused(
        lambda: peerreview_create_internal(
            region=w.a, programme_year=w.years[2015], host_subproject=own, peer_subproject=peer, created_by=w.office
        ),
        None,
        match,
    )


def test_create_internal_refuses_another_programme(w):
    other_year = ProgrammeYearFactory(programme=ProgrammeFactory(slug="other"), year=2015)
    x, y = SubProjectFactory(region=w.a, name="X"), SubProjectFactory(region=w.a, name="Y")
    refused(
        lambda: peerreview_create_internal(
            region=w.a, programme_year=other_year, host_subproject=x, peer_subproject=y, created_by=w.office
        ),
        None,
        "programme",
    )


# --- Readiness and confirm -------------------------------------------------------------------------------------


def test_record_readiness(w):
    obj = review(w)
    peerreview_record_readiness(
        review=obj, host=(True, False, None), peer=(True, True, False), notes=" Busy year ", actor=w.office
    )
    obj.refresh_from_db()
    assert (obj.host_ready_stable, obj.host_ready_learning, obj.host_ready_full_peer) == (True, False, None)
    assert (obj.peer_ready_stable, obj.peer_ready_learning, obj.peer_ready_full_peer) == (True, True, False)
    assert obj.readiness_notes == "Busy year" and obj.readiness_checked_by == w.office
    assert obj.readiness_checked_at is not None
    assert obj.transitions.count() == 0  # not a transition


def test_record_readiness_only_while_proposed(w):
    obj = review(w, preparing=True)
    refused(
        lambda: peerreview_record_readiness(
            review=obj, host=(True, True, True), peer=(True, True, True), notes="", actor=w.office
        ),
        obj,
        "while the review is proposed",
    )


def test_confirm_moves_to_preparing_writes_history_and_queues_mail(w):
    obj = review(w, ready=True)
    peerreview_confirm(review=obj, actor=w.office, comment="Go")
    assert obj.status == Status.PREPARING and obj.confirmed_at is not None
    t = obj.transitions.get()
    assert (t.from_status, t.to_status, t.actor, t.comment) == (Status.PROPOSED, Status.PREPARING, w.office, "Go")
    assert set(Notification.objects.filter(kind="review_confirmed").values_list("recipient", flat=True)) == {
        w.leader.pk,
        w.leader_b.pk,
    }


def test_confirm_refuses_without_a_complete_readiness_check(w):
    obj = review(w, host_ready_stable=True, host_ready_learning=True)
    refused(lambda: peerreview_confirm(review=obj, actor=w.office), obj, "Record the readiness check")


def test_confirm_refuses_when_readiness_is_not_all_yes(w):
    obj = review(w, ready=True, host_ready_learning=False)
    refused(lambda: peerreview_confirm(review=obj, actor=w.office), obj, f"{w.a.name}: the region has learning")


def test_confirm_refuses_when_the_peer_region_is_not_ready(w):
    obj = review(w, ready=True, peer_ready_full_peer=False)
    error = refused(lambda: peerreview_confirm(review=obj, actor=w.office), obj, f"{w.b.name}: the region can be")
    assert w.a.name not in " ".join(error.messages)


def test_confirm_refuses_while_the_peer_region_is_not_assessed(w):
    obj = review(w, ready=True, peer_ready_stable=None)
    refused(lambda: peerreview_confirm(review=obj, actor=w.office), obj, "answered for each region")


def test_internal_review_is_ready_on_the_host_alone(w):
    obj = review(w, kind=PeerReview.Kind.INTERNAL, peer_region=None, host_subproject="A", peer_subproject="B")
    peerreview_record_readiness(
        review=obj, host=(True, True, True), peer=(False, False, False), notes="", actor=w.office
    )
    obj.refresh_from_db()
    assert obj.peer_ready_stable is None and obj.readiness_complete and obj.is_ready


def test_confirm_refuses_with_the_assessor_conflicts(w):
    obj = review(w, ready=True)
    person = UserFactory(full_name="Dirk Dubbel")
    AssignmentFactory(programme_year=w.years[2015], region=w.a, user=person, role="assessor")
    RegionRoleFactory(user=person, region=w.b, role=RegionRole.Role.PARTNER)
    error = refused(lambda: peerreview_confirm(review=obj, actor=w.office), obj, "Dirk Dubbel")
    assert "peer partners do not score each other" in " ".join(error.messages)


def test_confirm_refuses_unless_proposed(w):
    obj = review(w, preparing=True)
    refused(lambda: peerreview_confirm(review=obj, actor=w.office), obj, "Only a proposed")


# --- Held ------------------------------------------------------------------------------------------------------


def test_mark_held(w):
    obj = review(w, preparing=True, date=datetime.date(2015, 10, 1))
    question(w, obj)
    peerreview_mark_held(review=obj, actor=w.leader, today=datetime.date(2015, 10, 1))
    assert obj.status == Status.HELD and obj.held_at is not None
    t = obj.transitions.get()
    assert (t.from_status, t.to_status, t.actor) == (Status.PREPARING, Status.HELD, w.leader)


def test_mark_held_refuses_before_its_date(w):
    obj = review(w, preparing=True, date=datetime.date(2015, 10, 1))
    question(w, obj)
    refused(
        lambda: peerreview_mark_held(review=obj, actor=w.leader, today=datetime.date(2015, 9, 30)),
        obj,
        "cannot be held before then",
    )


def test_mark_held_refuses_without_learning_questions(w):
    obj = review(w, preparing=True)
    refused(lambda: peerreview_mark_held(review=obj, actor=w.leader), obj, "at least one learning question")


def test_mark_held_refuses_unless_preparing(w):
    obj = review(w, ready=True)
    question(w, obj)
    refused(lambda: peerreview_mark_held(review=obj, actor=w.leader), obj, "in preparation")


# --- Report ----------------------------------------------------------------------------------------------------


def test_report(w):
    obj = review(w, held=True, own_report="We learnt a lot.")
    outcome(question(w, obj))
    peerreview_report(review=obj, actor=w.leader)
    assert obj.status == Status.REPORTED and obj.reported_at is not None
    assert obj.transitions.get().to_status == Status.REPORTED


def test_report_lists_what_is_missing(w):
    obj = review(w, held=True)
    answered = question(w, obj, text="How do we answer this first question?")
    outcome(answered)
    question(w, obj, region=w.b, text="How do we plan the open question?")
    error = refused(lambda: peerreview_report(review=obj, actor=w.leader), obj, "own report")
    text = " ".join(error.messages)
    assert "How do we plan the open question?" in text
    assert "first question" not in text


def test_report_refuses_unless_held(w):
    obj = review(w, preparing=True, own_report="Text")
    refused(lambda: peerreview_report(review=obj, actor=w.leader), obj, "Only a held")


# --- Close -----------------------------------------------------------------------------------------------------


def feedback(obj, region, status=FeedbackReport.Status.READY):
    from django.utils import timezone

    return FeedbackReport.objects.create(
        review=obj,
        region=region,
        text="Goed gesprek",
        status=status,
        ready_at=timezone.now() if status == FeedbackReport.Status.READY else None,
    )


def test_close(w):
    obj = review(w, reported=True)
    feedback(obj, w.a)
    feedback(obj, w.b)
    peerreview_close(review=obj, actor=w.office)
    assert obj.status == Status.CLOSED and obj.closed_at is not None
    assert obj.transitions.get().from_status == Status.REPORTED


def test_close_internal_needs_only_the_host_feedback(w):
    obj = review(w, reported=True, internal=True, peer_region=None)
    feedback(obj, w.a)
    peerreview_close(review=obj, actor=w.office)
    assert obj.status == Status.CLOSED


def test_close_refuses_while_a_feedback_report_is_missing_or_draft(w):
    obj = review(w, reported=True)
    feedback(obj, w.a)
    feedback(obj, w.b, status=FeedbackReport.Status.DRAFT)
    refused(lambda: peerreview_close(review=obj, actor=w.office), obj, "not ready for Achterhoek")


def test_close_refuses_unless_reported(w):
    obj = review(w, held=True)
    refused(lambda: peerreview_close(review=obj, actor=w.office), obj, "Only a reported")


# --- Cancel and plan -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("trait", ["ready", "preparing"])
def test_cancel(w, trait):
    obj = review(w, **{trait: True})
    before = obj.status
    peerreview_cancel(review=obj, actor=w.office, reason=" Region in crisis ")
    assert obj.status == Status.CANCELLED and obj.cancel_reason == "Region in crisis"
    t = obj.transitions.get()
    assert (t.from_status, t.to_status, t.comment) == (before, Status.CANCELLED, "Region in crisis")


def test_cancel_needs_a_reason(w):
    obj = review(w)
    refused(lambda: peerreview_cancel(review=obj, actor=w.office, reason=" "), obj, "reason")


@pytest.mark.parametrize("trait", ["held", "closed"])
def test_cancel_refuses_after_the_review_is_held(w, trait):
    obj = review(w, **{trait: True})
    refused(lambda: peerreview_cancel(review=obj, actor=w.office, reason="Late"), obj, "can be cancelled")


def test_update_plan(w):
    obj = review(w, preparing=True)
    peerreview_update_plan(review=obj, date=datetime.date(2015, 11, 2), place="Hengelo", motivation="New")
    assert (obj.date, obj.place, obj.motivation) == (datetime.date(2015, 11, 2), "Hengelo", "New")


def test_update_plan_refuses_once_held(w):
    obj = review(w, held=True)
    refused(
        lambda: peerreview_update_plan(review=obj, date=None, place="Hengelo", motivation="New"),
        obj,
        "plan can only change",
    )


# --- Selectors -------------------------------------------------------------------------------------------------


def test_reviews_visible_by_role(w):
    mine = review(w)
    theirs = review(w, host_region=w.b, peer_region=w.c)
    viewer = UserFactory(viewer=True)
    friend = UserFactory()
    RegionRoleFactory(user=friend, region=w.c, role=RegionRole.Role.CRITICAL_FRIEND)
    assert set(reviews_visible(user=w.office)) == {mine, theirs}
    assert set(reviews_visible(user=viewer)) == {mine, theirs}
    assert set(reviews_visible(user=w.leader)) == {mine}
    assert set(reviews_visible(user=w.leader_b)) == {mine, theirs}
    assert set(reviews_visible(user=friend)) == {theirs}
    assert set(reviews_visible(user=UserFactory())) == set()


def test_reviews_for_list_filters(w):
    a15 = review(w)
    a14 = review(w, year=2014, host_region=w.a, peer_region=w.c, held=True)
    bc = review(w, year=2014, host_region=w.b, peer_region=w.c)
    assert list(reviews_for_list(user=w.office, year=2014)) == [bc, a14]  # by host name
    assert list(reviews_for_list(user=w.office, status=Status.HELD)) == [a14]
    assert set(reviews_for_list(user=w.office, region=w.c)) == {a14, bc}
    assert list(reviews_for_list(user=w.leader, region=w.c)) == [a14]
    assert list(reviews_for_list(user=w.leader))[0] == a15  # newest year first


def test_a_review_date_lies_inside_the_years_peer_review_window(w):
    """The window of 2015 runs from 1 October 2015 to 15 February 2016: 10 November 2016 is refused, with the
    window named, and nothing is created; a date inside it, or no date yet, is fine."""
    year = w.years[2015]
    year.peer_review_window_start, year.peer_review_window_end = datetime.date(2015, 10, 1), datetime.date(2016, 2, 15)
    year.save()
    propose = {"host_region": w.a, "peer_region": w.b, "programme_year": year, "proposed_by": w.leader}
    with pytest.raises(ValidationError) as exc:
        peerreview_propose(**propose, motivation="Leren van elkaar", date=datetime.date(2016, 11, 10))
    assert "between 1 October 2015 and 15 February 2016" in exc.value.message_dict["date"][0]
    assert not PeerReview.objects.exists()
    planned = peerreview_propose(**propose, motivation="Leren van elkaar", date=datetime.date(2015, 11, 10))
    with pytest.raises(ValidationError):
        peerreview_update_plan(review=planned, date=datetime.date(2016, 3, 1), place="", motivation="x")
    planned.refresh_from_db()
    assert planned.date == datetime.date(2015, 11, 10)
    undated = peerreview_propose(
        host_region=w.a, peer_region=w.c, programme_year=year, proposed_by=w.leader, motivation="Later plannen"
    )
    assert undated.date is None


def test_peer_partners_read_each_others_settled_report_from_preparation_on(w):
    """Before the office confirms, Achterhoek's project leader cannot read Twente's report; while preparing
    they can (a settled report of the review's year or the year before), never a draft; Zeeland never."""
    settled = MonitorReportFactory(region=w.a, programme_year=w.years[2014], submitted=True)
    draft = MonitorReportFactory(region=w.a, programme_year=w.years[2015])
    older = MonitorReportFactory(region=w.a, programme_year=w.years[2012], accepted=True)
    item = review(w, year=2015)
    peer_leader = type(w.leader_b).objects.get(pk=w.leader_b.pk)
    assert not peer_leader.has_perm("monitoring.view_report", settled)
    PeerReview.objects.filter(pk=item.pk).update(status=Status.PREPARING)
    assert peer_leader.has_perm("monitoring.view_report", settled)
    assert not peer_leader.has_perm("monitoring.view_report", draft)
    assert not peer_leader.has_perm("monitoring.view_report", older)
    outsider = RegionRoleFactory(region=w.c, role=RegionRole.Role.PROJECT_LEADER).user
    assert not outsider.has_perm("monitoring.view_report", settled)


def test_the_office_names_a_procesbegeleider_who_is_mailed_once_and_reads_the_review(w):
    from peerreviews.services.reviews import peerreview_set_facilitator

    item = review(w, year=2015)
    friend = UserFactory(full_name="Carla Friedman")
    AssignmentFactory(programme_year=w.years[2015], region=w.c, user=friend, advisor=True)
    assert not type(friend).objects.get(pk=friend.pk).has_perm("peerreviews.view_peer_review", item)
    with pytest.raises(ValidationError) as exc:
        peerreview_set_facilitator(review=item, facilitator=w.leader_b, actor=w.office)  # works in the peer region
    assert "facilitator" in exc.value.message_dict
    with pytest.raises(ValidationError):
        peerreview_set_facilitator(review=item, facilitator=UserFactory(), actor=w.office)  # no critical friend
    peerreview_set_facilitator(review=item, facilitator=friend, actor=w.office)
    peerreview_set_facilitator(review=item, facilitator=friend, actor=w.office)  # unchanged: no second mail
    item.refresh_from_db()
    assert item.facilitator == friend
    assert list(Notification.objects.filter(kind="review_facilitator").values_list("recipient_id", flat=True)) == [
        friend.pk
    ]
    assert type(friend).objects.get(pk=friend.pk).has_perm("peerreviews.view_peer_review", item)

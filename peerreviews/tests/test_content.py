"""The content of a peer review: every service's rules and refusals (nothing changes on refusal), the rules of
who may do what, the monitor beside a learning question and the outcomes shown in the next monitor report."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audits.tests.factories import AssignmentFactory, ConsolidatedScoreFactory, PlacematFactory
from monitoring.tests.factories import (
    LearningThemeFactory,
    MonitorReportFactory,
    RealisationFactory,
    SelfAssessmentFactory,
    ThemeAnswerFactory,
)
from peerreviews.models import (
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    Participant,
    PeerReview,
    PreparationMeeting,
    Session,
)
from peerreviews.selectors.content import (
    default_report_for_question,
    outcomes_for_report_context,
    question_guidance,
    question_monitor_context,
    reports_for_question,
)
from peerreviews.services.content import (
    feedback_report_mark_ready,
    feedback_report_save,
    learning_question_delete,
    learning_question_save,
    meeting_add,
    meeting_delete,
    outcome_save,
    outcome_toggle_done,
    own_report_save,
    participants_set,
    session_delete,
    session_save,
)
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.factories import (
    GuidingQuestionFactory,
    IndicatorFactory,
    ProgrammeFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import world_build
from toptechniek.common.models import Notification
from toptechniek.common.testing import World, queries_in

pytestmark = pytest.mark.django_db
QUESTION = "How can we keep companies involved after the first guest lesson?"


@pytest.fixture
def w(db):
    return make_world()


def make_world() -> World:
    w = world_build(
        years=(2012, 2013, 2014, 2015),
        regions=(
            {"slug": "twente", "landsdeel": "oost"},
            {"slug": "zeeland", "landsdeel": "zuid"},
            {"slug": "drenthe", "landsdeel": "noord"},
        ),
        roles={
            "pl_a": ("twente", "project_leader", {"email": "pl-a@t.example", "full_name": "Petra Leider"}),
            "pv_a": ("twente", "penvoerder", "pv-a@t.example"),
            "partner_a": ("twente", "partner", "partner-a@t.example"),
            "pl_b": ("zeeland", "project_leader", "pl-b@t.example"),
            "pl_c": ("drenthe", "project_leader", "pl-c@t.example"),
        },
    )
    w.a, w.b, w.c = (w.regions[slug] for slug in ("twente", "zeeland", "drenthe"))
    w.theme = w.programme.placemat_themes.get(kind="performance", number=1)
    w.process_theme = w.programme.placemat_themes.get(kind="process", number=1)
    w.other_theme = ProgrammeFactory(slug="other").placemat_themes.get(kind="performance", number=1)
    w.advisor_a = UserFactory(email="adv-a@t.example", full_name="Anna Advisor")
    AssignmentFactory(programme_year=w.years[2014], region=w.a, user=w.advisor_a, advisor=True)
    w.advisor_b = UserFactory(email="adv-b@t.example")
    AssignmentFactory(programme_year=w.years[2014], region=w.b, user=w.advisor_b, advisor=True)
    w.assessor_a = UserFactory(email="ass-a@t.example")
    AssignmentFactory(programme_year=w.years[2014], region=w.a, user=w.assessor_a)
    w.report_a_2013 = MonitorReportFactory(region=w.a, programme_year=w.years[2013], accepted=True)
    w.report_a_2014 = MonitorReportFactory(region=w.a, programme_year=w.years[2014])
    w.report_a_2015 = MonitorReportFactory(region=w.a, programme_year=w.years[2015])
    w.report_b_2014 = MonitorReportFactory(region=w.b, programme_year=w.years[2014], submitted=True)
    w.review = PeerReviewFactory(host_region=w.a, peer_region=w.b, programme_year=w.years[2014], preparing=True)
    return w


def set_status(review: PeerReview, status: str) -> PeerReview:
    review.status = status
    review.save(update_fields=["status"])
    return review


def add_question(w, *, region=None, report=None, review=None) -> LearningQuestion:
    return learning_question_save(
        review=review or w.review,
        region=region or w.a,
        question=QUESTION,
        owner="Petra",
        theme=w.theme,
        report=report or (w.report_b_2014 if region == w.b else w.report_a_2013),
        actor=w.pl_a,
    )


def add_outcome(question, **overrides) -> LearningOutcome:
    values = {
        "insights": "Companies stay when pupils come back.",
        "action": "Plan a return visit for every guest lesson.",
        "action_owner": "Petra",
        "action_due": datetime.date(2015, 3, 1),
    }
    values.update(overrides)
    return outcome_save(question=question, actor=None, **values)


def refused(call, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value


# --- Learning questions -------------------------------------------------------------------------


def test_question_saved_with_region_theme_and_report(w):
    question = add_question(w)
    assert (question.review, question.region, question.theme, question.report) == (
        w.review,
        w.a,
        w.theme,
        w.report_a_2013,
    )
    assert question.question == QUESTION
    assert add_question(w, region=w.b, report=w.report_b_2014).region == w.b


def test_question_text_is_normalised_and_owner_trimmed(w):
    question = learning_question_save(
        review=w.review,
        region=w.a,
        question="  How can   we keep\ncompanies involved?  ",
        owner="  Petra ",
        theme=w.theme,
        report=w.report_a_2014,
        actor=w.pl_a,
    )
    assert question.question == "How can we keep companies involved?"
    assert question.owner == "Petra"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"question": "How so?"}, "question"),  # too short
        ({"question": "We want to involve more companies in schools."}, "question"),  # not a question
        ({"owner": "   "}, "owner"),
        ({"theme": "other"}, "theme"),
        ({"region": "c"}, "region"),
        ({"report": "b"}, "report"),  # another region's report
        ({"report": "later"}, "report"),  # a later year than the review
    ],
)
def test_question_refusals_change_nothing(w, overrides, field):
    values = {
        "review": w.review,
        "region": w.a,
        "question": QUESTION,
        "owner": "Petra",
        "theme": w.theme,
        "report": w.report_a_2013,
        "actor": w.pl_a,
    }
    lookup = {
        "other": w.other_theme,
        "c": w.c,
        "b": w.report_b_2014,
        "later": w.report_a_2015,
    }
    values.update({k: lookup.get(v, v) for k, v in overrides.items()})
    error = refused(learning_question_save, **values)
    assert field in error.message_dict
    assert LearningQuestion.objects.count() == 0


@pytest.mark.parametrize("status", ["held", "reported", "closed", "cancelled"])
def test_no_questions_once_the_review_is_held(w, status):
    question = add_question(w)
    set_status(w.review, status)
    error = refused(add_question, w=w)
    assert "proposed or being prepared" in error.messages[0]
    refused(
        learning_question_save,
        review=w.review,
        region=w.a,
        question="How can we change this question now?",
        owner="Petra",
        theme=w.theme,
        report=w.report_a_2013,
        actor=w.pl_a,
        instance=question,
    )
    refused(learning_question_delete, question=question, actor=w.pl_a)
    question.refresh_from_db()
    assert question.question == QUESTION
    assert LearningQuestion.objects.count() == 1


def test_question_allowed_while_proposed_and_edited_in_place(w):
    set_status(w.review, "proposed")
    question = add_question(w)
    edited = learning_question_save(
        review=w.review,
        region=w.a,
        question="What do teachers need to keep the lessons going?",
        owner="Karin",
        theme=w.process_theme,
        report=w.report_a_2014,
        actor=w.pl_a,
        instance=question,
    )
    assert edited.pk == question.pk
    question.refresh_from_db()
    assert (question.owner, question.theme, question.report) == ("Karin", w.process_theme, w.report_a_2014)


def test_question_stays_with_its_region_and_review(w):
    question = add_question(w)
    error = refused(
        learning_question_save,
        review=w.review,
        region=w.b,
        question=QUESTION,
        owner="Petra",
        theme=w.theme,
        report=w.report_b_2014,
        actor=w.pl_a,
        instance=question,
    )
    assert "region" in error.message_dict
    other = PeerReviewFactory(host_region=w.a, peer_region=w.c, programme_year=w.years[2014], preparing=True)
    refused(
        learning_question_save,
        review=other,
        region=w.a,
        question=QUESTION,
        owner="Petra",
        theme=w.theme,
        report=w.report_a_2013,
        actor=w.pl_a,
        instance=question,
    )
    question.refresh_from_db()
    assert question.review == w.review and question.region == w.a


def test_question_delete(w):
    question = add_question(w)
    learning_question_delete(question=question, actor=w.pl_a)
    assert not LearningQuestion.objects.exists()


def test_default_report_is_the_latest_submitted_or_accepted(w):
    assert default_report_for_question(review=w.review, region=w.a) == w.report_a_2013
    assert default_report_for_question(review=w.review, region=w.b) == w.report_b_2014
    assert default_report_for_question(review=w.review, region=w.c) is None
    assert list(reports_for_question(review=w.review, region=w.a)) == [w.report_a_2014, w.report_a_2013]


def test_question_guidance_explains_the_rule():
    assert "question mark" in question_guidance()


# --- Outcomes -----------------------------------------------------------------------------------


def test_outcome_only_once_held(w):
    question = add_question(w)
    error = refused(add_outcome, question=question)
    assert "held" in error.messages[0]
    assert not LearningOutcome.objects.exists()
    set_status(w.review, "held")
    question.review.refresh_from_db()
    outcome = add_outcome(question)
    assert outcome.action_owner == "Petra" and not outcome.done
    set_status(w.review, "reported")
    question.review.refresh_from_db()
    add_outcome(question, action="Plan two return visits.")
    assert LearningOutcome.objects.get().action == "Plan two return visits."
    set_status(w.review, "closed")
    question.review.refresh_from_db()
    refused(add_outcome, question=question, action="Too late.")
    assert LearningOutcome.objects.get().action == "Plan two return visits."


@pytest.mark.parametrize("field", ["insights", "action", "action_owner", "action_due"])
def test_outcome_needs_every_field(w, field):
    question = add_question(w)
    set_status(w.review, "held")
    question.review.refresh_from_db()
    error = refused(add_outcome, question=question, **{field: None if field == "action_due" else "  "})
    assert field in error.message_dict
    assert not LearningOutcome.objects.exists()


def test_outcome_toggle_done(w):
    question = add_question(w)
    set_status(w.review, "held")
    question.review.refresh_from_db()
    outcome = add_outcome(question)
    outcome = outcome_toggle_done(outcome=outcome, actor=w.pl_a)
    assert outcome.done and outcome.done_at is not None
    set_status(w.review, "closed")  # actions are done after the review is closed, too
    outcome.question.review.refresh_from_db()
    outcome = outcome_toggle_done(outcome=outcome, actor=w.pl_a)
    assert not outcome.done and outcome.done_at is None
    set_status(w.review, "cancelled")
    outcome.question.review.refresh_from_db()
    refused(outcome_toggle_done, outcome=outcome, actor=w.pl_a)
    outcome.refresh_from_db()
    assert not outcome.done


# --- Meetings, participants, sessions, own report ---------------------------------------------


def test_meetings_until_held(w):
    meeting = meeting_add(review=w.review, date=datetime.date(2014, 5, 1), notes=" Agenda ", actor=w.pl_a)
    assert (meeting.notes, meeting.created_by) == ("Agenda", w.pl_a)
    set_status(w.review, "held")
    meeting_add(review=w.review, date=datetime.date(2014, 6, 1), notes="", actor=w.pl_b)
    set_status(w.review, "reported")
    error = refused(meeting_add, review=w.review, date=datetime.date(2014, 7, 1), notes="", actor=w.pl_a)
    assert "until the peer review is held" in error.messages[0]
    meeting.review.refresh_from_db()
    refused(meeting_delete, meeting=meeting, actor=w.pl_a)
    assert PreparationMeeting.objects.count() == 2
    set_status(w.review, "preparing")
    meeting.review.refresh_from_db()
    meeting_delete(meeting=meeting, actor=w.pl_a)
    assert PreparationMeeting.objects.count() == 1


def rows(*lines):
    return [{"name": n, "organisation_name": o, "o_kind": k} for n, o, k in lines]


def test_participants_set_keeps_people_and_their_sessions(w):
    first = participants_set(
        review=w.review,
        region=w.a,
        rows=rows(("Anna", "ROC", "onderwijs"), ("Bert", "Bouw BV", "ondernemer"), ("Cees", "", "overig")),
    )
    anna = first[0]
    session = session_save(
        review=w.review,
        slot=1,
        starts_at=None,
        title="Walk",
        room="",
        learning_question=None,
        attendees=[anna],
    )
    participants_set(
        review=w.review,
        region=w.a,
        rows=rows(("Anna", "ROC Twente", "onderwijs"), ("Dirk", "Gemeente", "overheid")),
    )
    names = dict(Participant.objects.filter(region=w.a).values_list("name", "organisation_name"))
    assert names == {"Anna": "ROC Twente", "Dirk": "Gemeente"}
    assert Participant.objects.get(name="Anna").pk == anna.pk
    assert list(session.attendees.all()) == [anna]
    participants_set(review=w.review, region=w.b, rows=rows(("Els", "Provincie", "overheid")))
    assert Participant.objects.filter(review=w.review).count() == 3


@pytest.mark.parametrize(
    ("region_key", "lines"),
    [
        ("a", [("Anna", "ROC", "school")]),  # unknown O
        ("a", [("Anna", "ROC", "onderwijs"), ("anna", "", "overig")]),  # listed twice
        ("a", [("  ", "ROC", "onderwijs")]),  # no name
        ("c", [("Anna", "ROC", "onderwijs")]),  # region not in the review
    ],
)
def test_participants_refusals_change_nothing(w, region_key, lines):
    participants_set(review=w.review, region=w.a, rows=rows(("Bert", "Bouw BV", "ondernemer")))
    refused(participants_set, review=w.review, region=getattr(w, region_key), rows=rows(*lines))
    assert list(Participant.objects.values_list("name", flat=True)) == ["Bert"]


def test_participants_of_an_internal_review_are_the_host_regions(w):
    internal = PeerReviewFactory(host_region=w.a, programme_year=w.years[2014], internal=True, preparing=True)
    participants_set(review=internal, region=w.a, rows=rows(("Anna", "", "overig")))
    refused(participants_set, review=internal, region=w.b, rows=rows(("Bert", "", "overig")))
    set_status(internal, "reported")
    refused(participants_set, review=internal, region=w.a, rows=[])
    assert Participant.objects.filter(review=internal).count() == 1


def test_session_save_and_refusals(w):
    question = add_question(w)
    (anna,) = participants_set(review=w.review, region=w.a, rows=rows(("Anna", "", "overig")))
    session = session_save(
        review=w.review,
        slot=2,
        starts_at=datetime.time(10, 30),
        title="  Lessons ",
        room="A1",
        learning_question=question,
        attendees=[anna],
    )
    assert (session.slot, session.title, session.learning_question) == (2, "Lessons", question)
    other = PeerReviewFactory(host_region=w.a, peer_region=w.c, programme_year=w.years[2014], preparing=True)
    other_question = add_question(w, review=other)
    (stranger,) = participants_set(review=other, region=w.c, rows=rows(("Xander", "", "overig")))
    base = {"review": w.review, "slot": 1, "starts_at": None, "title": "Talk", "room": "", "instance": session}
    for changes, field in (
        ({"learning_question": other_question, "attendees": []}, "learning_question"),
        ({"learning_question": None, "attendees": [anna, stranger]}, "attendees"),
        ({"learning_question": None, "attendees": [], "title": " "}, "title"),
        ({"learning_question": None, "attendees": [], "slot": 0}, "slot"),
    ):
        error = refused(session_save, **{**base, **changes})
        assert field in error.message_dict
    refused(session_save, **{**base, "review": other, "learning_question": None, "attendees": []})
    session.refresh_from_db()
    assert (session.title, session.slot, list(session.attendees.all())) == ("Lessons", 2, [anna])
    set_status(w.review, "reported")
    session.review.refresh_from_db()
    refused(session_save, **{**base, "learning_question": None, "attendees": []})
    refused(session_delete, session=session)
    set_status(w.review, "held")
    session.review.refresh_from_db()
    session_delete(session=session)
    assert not Session.objects.exists()


def test_own_report_once_held_until_closed(w):
    error = refused(own_report_save, review=w.review, text="We learned.", actor=w.pl_a)
    assert "held" in error.messages[0]
    set_status(w.review, "held")
    assert own_report_save(review=w.review, text=" We learned. ", actor=w.pl_a).own_report == "We learned."
    set_status(w.review, "reported")
    own_report_save(review=w.review, text="We learned a lot.", actor=w.pl_b)
    set_status(w.review, "closed")
    refused(own_report_save, review=w.review, text="Changed.", actor=w.pl_a)
    w.review.refresh_from_db()
    assert w.review.own_report == "We learned a lot."


# --- Feedback reports -----------------------------------------------------------------------------


def test_feedback_report_only_by_the_regions_advisor_once_held(w):
    error = refused(feedback_report_save, review=w.review, region=w.a, author=w.advisor_a, text="Good.")
    assert "held" in error.messages[0]
    set_status(w.review, "held")
    for author, region in ((w.advisor_b, w.a), (w.assessor_a, w.a), (w.office, w.a), (w.pl_a, w.a)):
        error = refused(feedback_report_save, review=w.review, region=region, author=author, text="Good.")
        assert "advisor" in error.messages[0]
    refused(feedback_report_save, review=w.review, region=w.c, author=w.advisor_a, text="Good.")
    assert not FeedbackReport.objects.exists()
    report = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text=" Good start. ")
    again = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text="Good day.")
    assert again.pk == report.pk and again.text == "Good day." and again.status == "draft"
    feedback_report_save(review=w.review, region=w.b, author=w.advisor_b, text="Fine.")
    assert FeedbackReport.objects.count() == 2


def test_advisor_of_another_year_does_not_write(w):
    late = UserFactory(email="adv-2013@t.example")
    AssignmentFactory(programme_year=w.years[2013], region=w.a, user=late, advisor=True)
    set_status(w.review, "held")
    refused(feedback_report_save, review=w.review, region=w.a, author=late, text="Good.")


def test_mark_ready_needs_text_and_tells_the_region(w):
    set_status(w.review, "held")
    report = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text="")
    error = refused(feedback_report_mark_ready, report=report, actor=w.advisor_a)
    assert "Write the feedback report" in error.messages[0]
    report = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text="Good day.")
    refused(feedback_report_mark_ready, report=report, actor=w.advisor_b)
    refused(feedback_report_mark_ready, report=report, actor=w.office)
    report.refresh_from_db()
    assert report.status == "draft" and not Notification.objects.exists()
    report = feedback_report_mark_ready(report=report, actor=w.advisor_a)
    assert report.status == "ready" and report.ready_at is not None
    recipients = set(Notification.objects.filter(kind="feedback_ready").values_list("recipient__email", flat=True))
    assert recipients == {"pl-a@t.example", "pv-a@t.example"}
    # Ready is final: no second mail, no change of text.
    refused(feedback_report_mark_ready, report=report, actor=w.advisor_a)
    error = refused(feedback_report_save, review=w.review, region=w.a, author=w.advisor_a, text="Other.")
    assert "no longer change" in error.messages[0]
    report.refresh_from_db()
    assert report.text == "Good day." and Notification.objects.count() == 2


def test_mark_ready_refused_once_closed(w):
    set_status(w.review, "reported")
    report = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text="Good.")
    set_status(w.review, "closed")
    refused(feedback_report_mark_ready, report=report, actor=w.advisor_a)
    report.refresh_from_db()
    assert report.status == "draft"


# --- Rules -------------------------------------------------------------------------------------


def test_rules_for_learning_questions(w):
    probe_a = LearningQuestion(review=w.review, region=w.a)
    probe_b = LearningQuestion(review=w.review, region=w.b)
    probe_c = LearningQuestion(review=w.review, region=w.c)
    perm = "peerreviews.edit_learning_questions"
    assert w.pl_a.has_perm(perm, probe_a) and not w.pl_a.has_perm(perm, probe_b)
    assert w.pl_b.has_perm(perm, probe_b) and not w.pl_b.has_perm(perm, probe_a)
    assert w.office.has_perm(perm, probe_a) and not w.office.has_perm(perm, probe_c)
    for user in (w.pv_a, w.partner_a, w.viewer, w.advisor_a, w.pl_c):
        assert not user.has_perm(perm, probe_a)
    set_status(w.review, "held")
    assert not w.pl_a.has_perm(perm, probe_a)
    assert w.pl_a.has_perm("peerreviews.edit_outcome", probe_a)
    assert w.pv_a.has_perm("peerreviews.toggle_outcome", probe_a)
    assert not w.pv_a.has_perm("peerreviews.edit_outcome", probe_a)
    assert not w.pl_b.has_perm("peerreviews.edit_outcome", probe_a)


def test_rules_for_review_content_and_own_report(w):
    for user in (w.pl_a, w.pl_b, w.office):
        assert user.has_perm("peerreviews.edit_review_content", w.review)
        assert not user.has_perm("peerreviews.edit_own_report", w.review)
    for user in (w.pv_a, w.partner_a, w.viewer, w.advisor_a, w.pl_c):
        assert not user.has_perm("peerreviews.edit_review_content", w.review)
    set_status(w.review, "reported")
    assert not w.pl_a.has_perm("peerreviews.edit_review_content", w.review)
    assert w.pl_b.has_perm("peerreviews.edit_own_report", w.review)


def test_rules_for_feedback_reports(w):
    set_status(w.review, "held")
    probe = FeedbackReport(review=w.review, region=w.a)
    assert w.advisor_a.has_perm("peerreviews.write_feedback_report", probe)
    for user in (w.advisor_b, w.office, w.pl_a, w.assessor_a):
        assert not user.has_perm("peerreviews.write_feedback_report", probe)
    report = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text="Good.")
    readers = {u for u in (w.office, w.advisor_a, w.pl_a, w.pv_a, w.partner_a, w.pl_b, w.viewer, w.advisor_b)}
    visible = {u for u in readers if u.has_perm("peerreviews.view_feedback_report", report)}
    assert visible == {w.office, w.advisor_a}  # a draft
    feedback_report_mark_ready(report=report, actor=w.advisor_a)
    report.refresh_from_db()
    for user in readers:
        user.__dict__.pop("_tt_region_roles", None)
    visible = {u for u in readers if u.has_perm("peerreviews.view_feedback_report", report)}
    assert visible == {w.office, w.advisor_a, w.pl_a, w.pv_a, w.partner_a}
    assert not w.advisor_a.has_perm("peerreviews.write_feedback_report", report)


# --- The monitor beside a question, the outcomes beside the next report -----------------------------


def test_question_monitor_context_for_a_theme(w):
    indicator = IndicatorFactory(region=w.a, code="A1", name="Pupils in technology", performance_area=w.theme)
    IndicatorFactory(region=w.a, code="A2", performance_area=w.theme, proposed=True)  # not agreed: left out
    IndicatorFactory(region=w.b, code="B1", performance_area=w.theme)  # another region
    other_area = w.programme.placemat_themes.get(kind="performance", number=2)
    IndicatorFactory(region=w.a, code="A3", performance_area=other_area)  # another theme
    TargetFactory(indicator=indicator, year=2013, value=Decimal("120"))
    TargetFactory(indicator=indicator, year=2014, value=Decimal("130"))
    RealisationFactory(report=w.report_a_2013, indicator=indicator, value=Decimal("125"))
    guiding = GuidingQuestionFactory(theme=w.theme, text="How do companies take part?")
    empty = GuidingQuestionFactory(theme=w.theme, text="What else?")
    ThemeAnswerFactory(report=w.report_a_2013, question=guiding, answer="Through guest lessons.")
    ThemeAnswerFactory(report=w.report_a_2013, question=empty, answer="  ")
    ThemeAnswerFactory(
        report=w.report_a_2013, question=GuidingQuestionFactory(theme=other_area, text="Other?"), answer="No."
    )
    SelfAssessmentFactory(report=w.report_a_2013, theme=w.theme, score=2, rationale="Developing")
    LearningThemeFactory(report=w.report_a_2013, theme=w.theme, description="Keep companies involved")
    old = PlacematFactory(region=w.a, programme_year=w.years[2012], published=True)
    ConsolidatedScoreFactory(placemat=old, theme=w.theme, score=1, key_remark="Old remark")
    latest = PlacematFactory(region=w.a, programme_year=w.years[2013], published=True)
    ConsolidatedScoreFactory(placemat=latest, theme=w.theme, score=3, key_remark="Good progress")
    PlacematFactory(region=w.a, programme_year=w.years[2014])  # open: not shown

    with queries_in() as queries:
        monitor = question_monitor_context(region=w.a, report=w.report_a_2013, theme=w.theme)
    assert len(queries) <= 9
    assert [(r.indicator.code, r.target, r.value, r.on_track) for r in monitor.indicators] == [
        ("A1", Decimal("120"), Decimal("125"), True)
    ]
    assert [(q.text, a) for q, a in monitor.answers] == [("How do companies take part?", "Through guest lessons.")]
    assert monitor.self_assessment.score == 2
    assert [lt.description for lt in monitor.learning_themes] == ["Keep companies involved"]
    assert monitor.placemat == latest
    assert (monitor.consolidated.score, monitor.consolidated.key_remark) == (3, "Good progress")
    assert not monitor.is_empty

    # The 2014 report has no realisation yet: the target of 2014, no value.
    monitor = question_monitor_context(region=w.a, report=w.report_a_2014, theme=w.theme)
    assert [(r.target, r.value, r.on_track) for r in monitor.indicators] == [(Decimal("130"), None, None)]
    assert monitor.answers == [] and monitor.self_assessment is None


def test_question_monitor_context_without_theme_or_data(w):
    assert question_monitor_context(region=w.a, report=w.report_a_2013, theme=None).is_empty
    monitor = question_monitor_context(region=w.c, report=None, theme=w.process_theme)
    assert monitor.is_empty and monitor.placemat is None


def test_outcomes_for_report_context(w):
    report_b_2013 = MonitorReportFactory(region=w.b, programme_year=w.years[2013], accepted=True)

    def review_with_outcome(year, status, host, peer, region, action):
        review = PeerReviewFactory(host_region=host, peer_region=peer, programme_year=w.years[year], preparing=True)
        report = w.report_a_2013 if region == w.a else report_b_2013
        question = add_question(w, review=review, region=region, report=report)
        set_status(review, "held")
        question.review.refresh_from_db()
        add_outcome(question, action=action)
        set_status(review, status)
        return question

    review_with_outcome(2013, "closed", w.a, w.b, w.a, "Closed 2013")
    review_with_outcome(2013, "reported", w.c, w.a, w.a, "Reported 2013 as peer")
    review_with_outcome(2013, "held", w.a, w.c, w.a, "Held 2013")
    review_with_outcome(2013, "cancelled", w.a, w.b, w.a, "Cancelled 2013")
    review_with_outcome(2013, "closed", w.a, w.b, w.b, "Region B 2013")
    review_with_outcome(2014, "closed", w.a, w.c, w.a, "Closed 2014")
    add_question(w)  # 2014, no outcome

    with queries_in() as queries:
        outcomes = outcomes_for_report_context(region=w.a, year=2014)
    assert len(queries) == 1
    assert sorted(o.action for o in outcomes) == ["Closed 2013", "Held 2013", "Reported 2013 as peer"]
    assert outcomes[0].question.review.programme_year.year == 2013
    assert [o.action for o in outcomes_for_report_context(region=w.a, year=2015)] == ["Closed 2014"]
    assert outcomes_for_report_context(region=w.a, year=2013) == []

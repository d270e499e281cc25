"""Permission-matrix rows of a peer review's content (see regions/tests/matrix_base.py).

The world gets two reviews A→B of its own in 2014: one being prepared (a learning question, a meeting, a
session, a participant) and one held (a learning question with an outcome, a draft feedback report). The
critical friend is region A's advisor in 2014 (an assessor in 2015 only, so no conflict). Project leaders of both
regions prepare the programme; each writes the learning questions of their own region; only the advisor writes
the feedback report. An empty POST to a form re-renders it (200) and changes nothing.
"""

import datetime

from django.urls import reverse

from audits.tests.factories import AssignmentFactory
from peerreviews.models import (
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    Participant,
    PeerReview,
    PreparationMeeting,
    Session,
)
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.matrix_base import CF, OFFICE, PL, PL_OTHER, PV, everyone, expect

PREPARERS = {PL, PL_OTHER, OFFICE}


def build(world) -> None:
    a, b, year = world.region_a, world.region_b, world.years[2014]
    theme = world.programme.placemat_themes.get(kind="performance", number=1)
    report = world.reports["accepted"]
    preparing = PeerReviewFactory(programme_year=year, host_region=a, peer_region=b, preparing=True)
    held = PeerReviewFactory(programme_year=year, host_region=a, peer_region=b, held=True)
    AssignmentFactory(programme_year=year, region=a, user=world.users[CF], role="advisor")
    question = LearningQuestion.objects.create(
        review=preparing,
        region=a,
        question="How can we keep companies involved after the first guest lesson?",
        owner="Petra",
        theme=theme,
        report=report,
    )
    question_held = LearningQuestion.objects.create(
        review=held, region=a, question="How do we reach parents of pupils?", owner="Petra", theme=theme, report=report
    )
    LearningOutcome.objects.create(
        question=question_held,
        insights="Parents come to evening events.",
        action="Plan an evening event.",
        action_owner="Petra",
        action_due=datetime.date(2015, 3, 1),
    )
    participant = Participant.objects.create(review=preparing, region=a, name="Anna", o_kind="onderwijs")
    session = Session.objects.create(review=preparing, slot=1, title="Walk", learning_question=question)
    session.attendees.set([participant])
    world.extra.update(
        {
            "content_review_preparing": preparing,
            "content_review_held": held,
            "content_question": question,
            "content_question_held": question_held,
            "content_meeting": PreparationMeeting.objects.create(review=preparing, date=datetime.date(2014, 4, 1)),
            "content_session": session,
            "content_feedback": FeedbackReport.objects.create(
                review=held, region=a, author=world.users[CF], text="A good day."
            ),
        }
    )


def snapshot() -> tuple:
    return (
        tuple(LearningQuestion.objects.order_by("pk").values_list("pk", "question", "owner")),
        tuple(LearningOutcome.objects.order_by("pk").values_list("done", "action")),
        tuple(PreparationMeeting.objects.order_by("pk").values_list("pk", "notes")),
        tuple(Participant.objects.order_by("pk").values_list("pk", "name", "o_kind")),
        tuple(Session.objects.order_by("pk").values_list("pk", "title", "slot")),
        tuple(FeedbackReport.objects.order_by("pk").values_list("status", "text")),
        tuple(PeerReview.objects.order_by("pk").values_list("own_report", flat=True)),
    )


def _url(name, key, *extra):
    return lambda w: reverse(f"peerreviews:{name}", args=[w.extra[key].pk, *extra])


def _region_url(name, key, region):
    return lambda w: reverse(f"peerreviews:{name}", args=[w.extra[key].pk, getattr(w, region).slug])


NOBODY = expect(set(), 200)  # 404 for everyone logged in
POST_ONLY = everyone(405)

ROWS = {
    "peerreviews:question_create": (
        _region_url("question_create", "content_review_preparing", "region_a"),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),  # the form with its errors
    ),
    "peerreviews:question_create[peer]": (
        _region_url("question_create", "content_review_preparing", "region_b"),
        expect({PL_OTHER, OFFICE}, 200),
        expect({PL_OTHER, OFFICE}, 200),
    ),
    "peerreviews:question_create[held]": (
        _region_url("question_create", "content_review_held", "region_a"),
        NOBODY,  # no new questions once the review is held
        NOBODY,
    ),
    "peerreviews:question_edit": (
        _url("question_edit", "content_question"),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),
    ),
    "peerreviews:question_delete": (
        _url("question_delete", "content_question"),
        expect({PL, OFFICE}, 200),  # confirmation page
        expect({PL, OFFICE}, 302),
    ),
    "peerreviews:outcome_edit": (
        _url("outcome_edit", "content_question_held"),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),
    ),
    "peerreviews:outcome_edit[preparing]": (_url("outcome_edit", "content_question"), NOBODY, NOBODY),
    "peerreviews:outcome_toggle": (
        _url("outcome_toggle", "content_question_held"),
        POST_ONLY,
        expect({PL, PV, OFFICE}, 302),
    ),
    "peerreviews:meeting_create": (
        _url("meeting_create", "content_review_preparing"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 200),
    ),
    "peerreviews:meeting_delete": (
        _url("meeting_delete", "content_meeting"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 302),
    ),
    "peerreviews:participants_edit": (
        _region_url("participants_edit", "content_review_preparing", "region_a"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 200),  # a POST without the field re-renders the form
    ),
    "peerreviews:session_create": (
        _url("session_create", "content_review_preparing"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 200),
    ),
    "peerreviews:session_edit": (
        _url("session_edit", "content_session"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 200),
    ),
    "peerreviews:session_delete": (
        _url("session_delete", "content_session"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 302),
    ),
    "peerreviews:own_report_edit": (
        _url("own_report_edit", "content_review_held"),
        expect(PREPARERS, 200),
        expect(PREPARERS, 200),  # a POST without the field re-renders the form
    ),
    "peerreviews:own_report_edit[preparing]": (_url("own_report_edit", "content_review_preparing"), NOBODY, NOBODY),
    "peerreviews:feedback_edit": (
        _region_url("feedback_edit", "content_review_held", "region_a"),
        expect({CF}, 200),  # the advisor of region A in 2014
        expect({CF}, 200),  # a POST without the field re-renders the form
    ),
    "peerreviews:feedback_edit[peer]": (
        _region_url("feedback_edit", "content_review_held", "region_b"),
        NOBODY,  # region B has no advisor in this world
        NOBODY,
    ),
    "peerreviews:feedback_ready": (
        _region_url("feedback_ready", "content_review_held", "region_a"),
        POST_ONLY,
        expect({CF}, 302),
    ),
}

"""The pages of a peer review's content: what they show to whom, forms that keep their input on error, redirects
back to the review's page at the right section, and the fixed query count of the content on the review's page."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from monitoring.tests.factories import RealisationFactory, SelfAssessmentFactory, ThemeAnswerFactory
from peerreviews.models import (
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    Participant,
    PreparationMeeting,
    Session,
)
from peerreviews.selectors.content import review_content_context
from peerreviews.services.content import (
    feedback_report_mark_ready,
    feedback_report_save,
    meeting_add,
    own_report_save,
    participants_set,
    session_save,
)
from peerreviews.tests.test_content import QUESTION, add_outcome, add_question, make_world, rows, set_status
from regions.tests.factories import GuidingQuestionFactory, IndicatorFactory, TargetFactory
from toptechniek.common.models import Notification
from toptechniek.common.testing import queries_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def detail(review, anchor):
    return f"{reverse('peerreviews:review_detail', args=[review.pk])}#{anchor}"


def render_content(review, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = review_content_context(review=review, user=user)
    return render_to_string("peerreviews/content/_on_detail.html", context, request=request)


def fill(w, *, questions: int, sessions: int):
    """A held review with questions (each with an outcome), sessions with attendees, meetings, participants."""
    made = [add_question(w, region=w.a if i % 2 == 0 else w.b) for i in range(questions)]
    people = participants_set(
        review=w.review, region=w.a, rows=rows(*[(f"Person {i}", "ROC", "onderwijs") for i in range(sessions)])
    )
    participants_set(review=w.review, region=w.b, rows=rows(("Els", "Provincie", "overheid")))
    for i in range(sessions):
        session_save(
            review=w.review,
            slot=1 + i // 2,
            starts_at=datetime.time(10 + i),
            title=f"Session {i}",
            room=f"Room {i}",
            learning_question=made[i % len(made)],
            attendees=people[: i + 1],
        )
        meeting_add(review=w.review, date=datetime.date(2014, 4, 1 + i), notes=f"Notes {i}", actor=w.pl_a)
    set_status(w.review, "held")
    for question in made:
        question.review.refresh_from_db()
        add_outcome(question)
    own_report_save(review=w.review, text="What we learned together.", actor=w.pl_a)
    report = feedback_report_save(review=w.review, region=w.a, author=w.advisor_a, text="A good day.")
    feedback_report_mark_ready(report=report, actor=w.advisor_a)
    feedback_report_save(review=w.review, region=w.b, author=w.advisor_b, text="Draft for Zeeland.")
    return made


# --- The content on the review's page -------------------------------------------------------------


def test_content_shows_every_section_with_the_project_leaders_buttons(w):
    questions = fill(w, questions=2, sessions=3)
    html = render_content(w.review, w.pl_a)
    for anchor in ("questions", "meetings", "programme", "participants", "own-report", "feedback"):
        assert f'id="{anchor}"' in html
    assert QUESTION in html and f'id="question-{questions[0].pk}"' in html
    assert "Plan a return visit for every guest lesson." in html
    assert reverse("peerreviews:outcome_edit", args=[questions[0].pk]) in html  # own region
    assert reverse("peerreviews:outcome_edit", args=[questions[1].pk]) not in html  # Zeeland's question
    assert "Mark the action as done" in html
    assert reverse("peerreviews:question_create", args=[w.review.pk, w.a.slug]) not in html  # held: no new ones
    assert "Slot 1" in html and "2 parallel sessions" in html and "Session 2" in html
    assert "Person 0, Person 1" in html  # attendees of session 1
    assert "education 3" in html and "government 1" in html
    assert "What we learned together." in html
    assert reverse("peerreviews:own_report_edit", args=[w.review.pk]) in html
    assert reverse("peerreviews:session_create", args=[w.review.pk]) in html  # held: the programme may change
    assert "A good day." in html  # Twente's ready feedback report
    assert "Draft for Zeeland." not in html


def test_content_for_the_viewer_has_no_buttons_and_no_feedback(w):
    fill(w, questions=1, sessions=1)
    html = render_content(w.review, w.viewer)
    assert QUESTION in html
    for name in ("own_report_edit", "session_create", "meeting_create"):
        assert reverse(f"peerreviews:{name}", args=[w.review.pk]) not in html
    assert "Mark the action as done" not in html
    assert "A good day." not in html and "No feedback report to show yet" in html


def test_content_for_the_advisor_shows_the_write_button(w):
    set_status(w.review, "held")
    html = render_content(w.review, w.advisor_a)
    assert reverse("peerreviews:feedback_edit", args=[w.review.pk, w.a.slug]) in html
    assert reverse("peerreviews:feedback_edit", args=[w.review.pk, w.b.slug]) not in html


def test_content_while_preparing_offers_questions_per_own_region(w):
    html = render_content(w.review, w.pl_a)
    assert reverse("peerreviews:question_create", args=[w.review.pk, w.a.slug]) in html
    assert reverse("peerreviews:question_create", args=[w.review.pk, w.b.slug]) not in html
    assert "question mark" in html  # the guidance
    assert reverse("peerreviews:own_report_edit", args=[w.review.pk]) not in html


def _count(w, user) -> int:
    user = type(user).objects.get(pk=user.pk)  # nothing cached on the user object
    with queries_in() as queries:
        render_content(w.review, user)
    return len(queries)


def test_content_query_count_is_fixed(w):
    fill(w, questions=1, sessions=1)
    small = {u.email: _count(w, u) for u in (w.pl_a, w.advisor_a, w.office)}
    Session.objects.all().delete()
    LearningQuestion.objects.all().delete()
    PreparationMeeting.objects.all().delete()
    FeedbackReport.objects.all().delete()
    set_status(w.review, "preparing")
    fill(w, questions=3, sessions=3)
    large = {u.email: _count(w, u) for u in (w.pl_a, w.advisor_a, w.office)}
    assert small == large
    assert max(large.values()) <= 10  # incl. the closed-programme lookup of the content rules (once per request)


# --- Learning questions -----------------------------------------------------------------------------


def test_question_form_shows_the_monitor_for_the_chosen_theme(client, w):
    indicator = IndicatorFactory(region=w.a, code="A1", name="Pupils in technology", performance_area=w.theme)
    TargetFactory(indicator=indicator, year=2013, value=Decimal("120"))
    RealisationFactory(report=w.report_a_2013, indicator=indicator, value=Decimal("100"))
    guiding = GuidingQuestionFactory(theme=w.theme, text="How do companies take part?")
    ThemeAnswerFactory(report=w.report_a_2013, question=guiding, answer="Through guest lessons.")
    SelfAssessmentFactory(report=w.report_a_2013, theme=w.theme, score=2, rationale="Still developing")
    client.force_login(w.pl_a)
    url = reverse("peerreviews:question_create", args=[w.review.pk, w.a.slug])
    page = client.get(url).content.decode()
    assert "Choose a placemat theme" in page and "Pupils in technology" not in page
    assert f'<option value="{w.report_a_2013.pk}" selected>' in page  # the latest accepted report
    assert "question mark" in page  # guidance
    assert "js/learning-question.js" in page
    assert 'aria-current="page">New learning question<' in page  # breadcrumbs back to the review
    page = client.get(url, {"theme": w.theme.pk}).content.decode()
    assert "Pupils in technology" in page and "behind target" in page
    assert "Through guest lessons." in page and "Still developing" in page
    assert "no published placemat yet" in page
    # The JavaScript reload keeps what was typed.
    page = client.get(url, {"theme": w.theme.pk, "question": "How can we start?", "owner": "Petra"}).content.decode()
    assert "How can we start?" in page and 'value="Petra"' in page


def test_question_create_keeps_input_on_error_and_saves(client, w):
    client.force_login(w.pl_a)
    url = reverse("peerreviews:question_create", args=[w.review.pk, w.a.slug])
    data = {"question": "We want more companies", "owner": "Petra", "theme": w.theme.pk, "report": w.report_a_2013.pk}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We want more companies" in page and "ends with a question mark" in page
    assert "Pupils" not in page and "What the monitor says about" in page  # the monitor of the posted theme
    assert not LearningQuestion.objects.exists()
    response = client.post(url, {**data, "question": QUESTION})
    assert response.status_code == 302 and response["Location"] == detail(w.review, "questions")
    assert LearningQuestion.objects.get().question == QUESTION


def test_question_pages_are_404_for_others(client, w):
    client.force_login(w.pl_b)
    assert client.get(reverse("peerreviews:question_create", args=[w.review.pk, w.a.slug])).status_code == 404
    assert client.get(reverse("peerreviews:question_create", args=[w.review.pk, w.c.slug])).status_code == 404
    assert client.get(reverse("peerreviews:question_create", args=[w.review.pk, w.b.slug])).status_code == 200
    question = add_question(w)
    assert client.get(reverse("peerreviews:question_edit", args=[question.pk])).status_code == 404
    client.force_login(w.viewer)
    assert client.post(reverse("peerreviews:question_delete", args=[question.pk])).status_code == 404
    assert LearningQuestion.objects.exists()


def test_question_edit_and_delete(client, w):
    question = add_question(w)
    client.force_login(w.pl_a)
    url = reverse("peerreviews:question_edit", args=[question.pk])
    page = client.get(url).content.decode()
    assert QUESTION in page and "What the monitor says about" in page
    data = {"question": "How do we reach parents?", "owner": "Karin", "theme": w.theme.pk}
    response = client.post(url, {**data, "report": w.report_a_2014.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.question, question.report) == ("How do we reach parents?", w.report_a_2014)
    delete_url = reverse("peerreviews:question_delete", args=[question.pk])
    page = client.get(delete_url).content.decode()
    assert "How do we reach parents?" in page and "Remove" in page
    response = client.post(delete_url)
    assert response["Location"] == detail(w.review, "questions")
    assert not LearningQuestion.objects.exists()


# --- Outcomes -----------------------------------------------------------------------------------


def test_outcome_edit_keeps_input_and_saves(client, w):
    question = add_question(w)
    set_status(w.review, "held")
    client.force_login(w.pl_a)
    url = reverse("peerreviews:outcome_edit", args=[question.pk])
    page = client.get(url).content.decode()
    assert QUESTION in page
    response = client.post(url, {"insights": "Pupils like it.", "action": "", "action_owner": "Petra"})
    assert response.status_code == 200
    assert "Pupils like it." in response.content.decode() and not LearningOutcome.objects.exists()
    data = {"insights": "Pupils like it.", "action": "Do it again.", "action_owner": "Petra"}
    data["action_due"] = "2015-02-01"
    response = client.post(url, data)
    assert response["Location"] == detail(w.review, f"question-{question.pk}")
    assert LearningOutcome.objects.get().action_due == datetime.date(2015, 2, 1)


def test_outcome_toggle_is_post_only(client, w):
    question = add_question(w)
    set_status(w.review, "held")
    question.review.refresh_from_db()
    add_outcome(question)
    client.force_login(w.pv_a)
    url = reverse("peerreviews:outcome_toggle", args=[question.pk])
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == detail(w.review, f"question-{question.pk}")
    assert LearningOutcome.objects.get().done
    client.force_login(w.pl_b)
    assert client.post(url).status_code == 404
    assert LearningOutcome.objects.get().done


# --- Meetings, participants, sessions, own report -------------------------------------------------


def test_meeting_create_and_delete(client, w):
    client.force_login(w.pl_b)  # the peer region's project leader helps prepare
    url = reverse("peerreviews:meeting_create", args=[w.review.pk])
    response = client.post(url, {"date": "", "notes": "Agenda"})
    assert response.status_code == 200 and "Agenda" in response.content.decode()
    response = client.post(url, {"date": "2014-05-01", "notes": "Agenda"})
    assert response["Location"] == detail(w.review, "meetings")
    meeting = PreparationMeeting.objects.get()
    assert meeting.created_by == w.pl_b
    delete_url = reverse("peerreviews:meeting_delete", args=[meeting.pk])
    assert "Remove preparation meeting" in client.get(delete_url).content.decode()
    client.force_login(w.pv_a)
    assert client.post(delete_url).status_code == 404
    client.force_login(w.office)
    response = client.post(delete_url)
    assert response.status_code == 302, response
    assert not PreparationMeeting.objects.exists(), [str(m) for m in response.wsgi_request._messages]


def test_participants_edit(client, w):
    participants_set(review=w.review, region=w.a, rows=rows(("Anna", "ROC", "onderwijs")))
    client.force_login(w.pl_a)
    url = reverse("peerreviews:participants_edit", args=[w.review.pk, w.a.slug])
    assert "Anna; ROC; onderwijs" in client.get(url).content.decode()
    text = "Anna; ROC; onderwijs\nBert; Bouw BV; vakbond"
    response = client.post(url, {"rows": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2" in page and "Bert; Bouw BV; vakbond" in page
    response = client.post(url, {"rows": "Anna; ROC; education\nBert; Bouw BV; Business\nCees"})
    assert response["Location"] == detail(w.review, "participants")
    assert dict(Participant.objects.values_list("name", "o_kind")) == {
        "Anna": "onderwijs",
        "Bert": "ondernemer",
        "Cees": "overig",
    }
    assert client.get(reverse("peerreviews:participants_edit", args=[w.review.pk, w.c.slug])).status_code == 404


def test_session_form_offers_only_this_reviews_questions_and_people(client, w):
    question = add_question(w)
    (anna,) = participants_set(review=w.review, region=w.a, rows=rows(("Anna", "ROC", "onderwijs")))
    other = participants_set(
        review=type(w.review).objects.create(
            programme_year=w.years[2014], host_region=w.c, peer_region=w.b, status="preparing"
        ),
        region=w.c,
        rows=rows(("Xander", "", "overig")),
    )[0]
    client.force_login(w.pl_a)
    url = reverse("peerreviews:session_create", args=[w.review.pk])
    page = client.get(url).content.decode()
    assert "Anna" in page and "Xander" not in page and QUESTION in page
    response = client.post(url, {"slot": 1, "title": "", "attendees": [anna.pk]})
    assert response.status_code == 200 and not Session.objects.exists()
    response = client.post(url, {"slot": 1, "title": "Walk", "attendees": [anna.pk, other.pk]})
    assert response.status_code == 200 and not Session.objects.exists()  # Xander is not a choice
    data = {"slot": 2, "starts_at": "10:30", "title": "Walk", "room": "A1", "learning_question": question.pk}
    response = client.post(url, {**data, "attendees": [anna.pk]})
    assert response["Location"] == detail(w.review, "programme")
    session = Session.objects.get()
    assert list(session.attendees.all()) == [anna] and session.learning_question == question
    edit_url = reverse("peerreviews:session_edit", args=[session.pk])
    assert 'value="Walk"' in client.get(edit_url).content.decode()
    client.post(edit_url, {**data, "title": "Long walk", "attendees": []})
    session.refresh_from_db()
    assert session.title == "Long walk" and not session.attendees.exists()
    assert client.post(reverse("peerreviews:session_delete", args=[session.pk])).status_code == 302
    assert not Session.objects.exists()


def test_own_report_edit(client, w):
    client.force_login(w.pl_a)
    url = reverse("peerreviews:own_report_edit", args=[w.review.pk])
    assert client.get(url).status_code == 404  # not before the review is held
    set_status(w.review, "held")
    response = client.post(url, {"text": "We learned."})
    assert response["Location"] == detail(w.review, "own-report")
    w.review.refresh_from_db()
    assert w.review.own_report == "We learned."


# --- Feedback reports -----------------------------------------------------------------------------


def test_feedback_edit_save_and_mark_ready(client, w):
    set_status(w.review, "held")
    url = reverse("peerreviews:feedback_edit", args=[w.review.pk, w.a.slug])
    client.force_login(w.pl_a)
    assert client.get(url).status_code == 404
    client.force_login(w.advisor_a)
    assert client.get(reverse("peerreviews:feedback_edit", args=[w.review.pk, w.b.slug])).status_code == 404
    assert "not started" in client.get(url).content.decode()
    response = client.post(url, {"text": "", "action": "ready"})
    assert response.status_code == 200 and "Write the feedback report" in response.content.decode()
    assert not FeedbackReport.objects.exists()  # saved and marked ready together, or not at all
    response = client.post(url, {"text": "A good day.", "action": "save"})
    assert response["Location"] == detail(w.review, "feedback")
    assert FeedbackReport.objects.get().status == "draft"
    response = client.post(reverse("peerreviews:feedback_ready", args=[w.review.pk, w.a.slug]))
    assert response["Location"] == detail(w.review, "feedback")
    assert FeedbackReport.objects.get().status == "ready"
    assert Notification.objects.filter(kind="feedback_ready").count() == 2
    assert client.get(url).status_code == 404  # ready is final


def test_feedback_ready_from_the_form(client, w):
    set_status(w.review, "reported")
    client.force_login(w.advisor_a)
    url = reverse("peerreviews:feedback_edit", args=[w.review.pk, w.a.slug])
    response = client.post(url, {"text": "Good.", "action": "ready"})
    assert response.status_code == 302
    assert FeedbackReport.objects.get().status == "ready"


def test_review_page_shows_the_content(client, w):
    fill(w, questions=2, sessions=2)
    client.force_login(w.pl_a)
    page = client.get(reverse("peerreviews:review_detail", args=[w.review.pk])).content.decode()
    for anchor in ("questions", "meetings", "programme", "participants", "own-report", "feedback"):
        assert f'id="{anchor}"' in page
    assert QUESTION in page and "Session 1" in page and "A good day." in page
    client.force_login(w.advisor_b)  # region B's advisor reads the review through its critical-friend role
    page = client.get(reverse("peerreviews:review_detail", args=[w.review.pk])).content.decode()
    assert "Draft for Zeeland." in page and "A good day." not in page

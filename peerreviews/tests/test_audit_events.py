"""The audit log of the peerreviews app: each change a person makes through a service is one event in words, with
the actor, the review (or good practice) and the changed fields; a refused step, a page the person may not use
(404) and an invalid form log nothing, and an edit saved unchanged logs nothing either."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from peerreviews.models import FeedbackReport, LearningQuestion, PeerReviewAttachment, PreparationMeeting, Session
from peerreviews.services.attachments import review_attachment_add, review_attachment_delete
from peerreviews.services.content import feedback_report_mark_ready, participants_set, session_save
from peerreviews.services.good_practices import good_practice_create, good_practice_update
from peerreviews.services.reviews import peerreview_record_readiness
from peerreviews.tests.factories import PeerReviewFactory
from peerreviews.tests.test_attachments import upload
from peerreviews.tests.test_content import QUESTION, add_question, make_world, rows, set_status
from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db
LABEL = "Twente – Zeeland 2014"  # w.review


@pytest.fixture
def w(db):
    return make_world()


def mark() -> int:
    """The last event so far: `since(mark())` are the events after it."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def since(pk: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=pk, kind=AuditEvent.Kind.CHANGE).order_by("pk"))


def english(event: AuditEvent) -> str:
    with translation.override("en"):
        return audit_text(event)


def fields(event: AuditEvent) -> set[str]:
    with translation.override("en"):
        return set(audit_fields(event))


def review_2015(w, **kwargs):
    """Twente hosts Drenthe in 2015 (no conflicts, no earlier pair)."""
    kwargs = {"host_region": w.a, "peer_region": w.c, **kwargs}
    return PeerReviewFactory(programme_year=w.years[2015], **kwargs)


# --- The workflow ------------------------------------------------------------------------------------------


def test_a_proposal_is_logged_with_the_project_leader_and_an_invalid_one_is_not(client, w):
    client.force_login(w.pl_a)
    url = reverse("peerreviews:review_propose", args=[w.a])
    data = {"peer_region": w.c.pk, "host": "us", "programme_year": w.years[2015].pk, "motivation": ""}
    before = mark()
    assert client.post(url, data).status_code == 200  # no motivation: the form again
    assert since(before) == []
    assert client.post(url, {**data, "motivation": "They involve companies well."}).status_code == 302
    (event,) = since(before)
    assert (event.kind, event.actor, event.actor_label) == ("change", w.pl_a, "pl-a@t.example")
    assert event.action == "peerreviews.peerreview_propose"
    assert event.message == "Peer review %(review)s: proposed"
    assert event.params == {"review": "Twente – Drenthe 2015", "year": 2015, "status": "proposed"}
    assert event.object_label == "Twente – Drenthe 2015"
    assert english(event) == "Peer review Twente – Drenthe 2015: proposed"


def test_each_transition_is_logged_in_its_own_words_with_the_actor(client, w):
    proposed = review_2015(w, ready=True)
    client.force_login(w.office)
    before = mark()
    url = reverse("peerreviews:review_transition", args=[proposed.pk, "confirm"])
    assert client.post(url, {"comment": ""}).status_code == 302
    (event,) = since(before)
    assert (event.actor, event.action) == (w.office, "peerreviews.peerreview_confirm")
    assert english(event) == "Peer review Twente – Drenthe 2015: confirmed, in preparation"
    assert event.params["status"] == "preparing" and "comment" not in event.params

    add_question(w)
    client.force_login(w.pl_a)  # the host region's project leader
    before = mark()
    url = reverse("peerreviews:review_transition", args=[w.review.pk, "held"])
    assert client.post(url, {"comment": "A good day."}).status_code == 302
    (event,) = since(before)
    assert (event.actor, event.action, event.object_label) == (w.pl_a, "peerreviews.peerreview_mark_held", LABEL)
    assert english(event) == f"Peer review {LABEL}: marked as held"
    assert event.params["comment"] == "A good day."

    client.force_login(w.office)
    other = review_2015(w, host_region=w.b, peer_region=w.c, preparing=True)
    before = mark()
    url = reverse("peerreviews:review_transition", args=[other.pk, "cancel"])
    assert client.post(url, {"comment": "The region has no time."}).status_code == 302
    (event,) = since(before)
    assert english(event) == "Peer review Zeeland – Drenthe 2015: cancelled"
    assert event.params["comment"] == "The region has no time."


def test_a_refused_transition_a_404_and_an_invalid_form_log_nothing(client, w):
    before = mark()
    client.force_login(w.office)
    confirm = reverse("peerreviews:review_transition", args=[w.review.pk, "confirm"])
    response = client.post(confirm, {"comment": ""})  # preparing, not proposed: refused by the service
    assert response.status_code == 200 and "Only a proposed peer review can be confirmed." in response.content.decode()
    cancel = reverse("peerreviews:review_transition", args=[w.review.pk, "cancel"])
    assert client.post(cancel, {"comment": ""}).status_code == 200  # a reason is required: the form again
    client.force_login(w.pl_b)  # not the host region's: may not mark it held
    assert client.post(reverse("peerreviews:review_transition", args=[w.review.pk, "held"])).status_code == 404
    client.force_login(w.pl_c)  # not in the review at all
    assert client.post(reverse("peerreviews:review_edit", args=[w.review.pk]), {"motivation": "x"}).status_code == 404
    assert since(before) == []
    w.review.refresh_from_db()
    assert w.review.status == "preparing"


def test_the_plan_logs_the_fields_that_changed_and_nothing_when_saved_unchanged(client, w):
    client.force_login(w.pl_a)
    url = reverse("peerreviews:review_edit", args=[w.review.pk])
    data = {"date": "2014-06-12", "place": "", "motivation": w.review.motivation}
    before = mark()
    assert client.post(url, data).status_code == 302
    (event,) = since(before)
    assert (event.actor, event.action) == (w.pl_a, "peerreviews.peerreview_update_plan")  # the request's user
    assert english(event) == f"Peer review {LABEL}: plan changed"
    assert event.params["fields"] == ["date"] and fields(event) == {"date"}
    assert client.post(url, data).status_code == 302
    assert len(since(before)) == 1
    assert client.post(url, {**data, "place": "Enschede", "motivation": "Other reasons."}).status_code == 302
    assert fields(since(before)[-1]) == {"place", "why this peer"}


def test_the_readiness_check_is_logged_with_what_it_changed(w):
    proposed = review_2015(w)
    before = mark()
    peerreview_record_readiness(
        review=proposed, host=(True, True, None), peer=(None, None, None), notes="", actor=w.office
    )
    (event,) = since(before)
    assert (event.actor, event.action) == (w.office, "peerreviews.peerreview_record_readiness")
    assert english(event) == "Peer review Twente – Drenthe 2015: readiness check recorded"
    assert fields(event) == {"the host region is stable", "the host region has learning capacity"}


# --- The content ---------------------------------------------------------------------------------------------


def test_learning_questions_added_changed_and_removed(client, w):
    client.force_login(w.pl_a)
    url = reverse("peerreviews:question_create", args=[w.review.pk, w.a.slug])
    data = {"question": "We want more companies", "owner": "Petra", "theme": w.theme.pk, "report": w.report_a_2013.pk}
    before = mark()
    assert client.post(url, data).status_code == 200  # not a question: the form again
    assert since(before) == []
    assert client.post(url, {**data, "question": QUESTION}).status_code == 302
    (added,) = since(before)
    assert (added.actor, added.action) == (w.pl_a, "peerreviews.learning_question_save")
    assert english(added) == f"Peer review {LABEL}: learning question of Twente added"
    assert added.params["question"] == QUESTION and "fields" not in added.params

    question = LearningQuestion.objects.get()
    edit = reverse("peerreviews:question_edit", args=[question.pk])
    before = mark()
    edited = {**data, "question": QUESTION, "owner": "Karin", "report": w.report_a_2014.pk}
    assert client.post(edit, edited).status_code == 302
    assert client.post(edit, edited).status_code == 302  # unchanged: nothing more
    (changed,) = since(before)
    assert english(changed) == f"Peer review {LABEL}: learning question of Twente changed"
    assert fields(changed) == {"owner", "monitor report"}

    before = mark()
    client.force_login(w.pl_b)  # the other region's leader may not remove it
    assert client.post(reverse("peerreviews:question_delete", args=[question.pk])).status_code == 404
    assert since(before) == []
    client.force_login(w.pl_a)
    assert client.post(reverse("peerreviews:question_delete", args=[question.pk])).status_code == 302
    (removed,) = since(before)
    assert (removed.actor, removed.action) == (w.pl_a, "peerreviews.learning_question_delete")
    assert english(removed) == f"Peer review {LABEL}: learning question of Twente removed"


def test_outcomes_and_their_action_marked_done(client, w):
    question = add_question(w)
    set_status(w.review, "held")
    client.force_login(w.pl_a)
    url = reverse("peerreviews:outcome_edit", args=[question.pk])
    data = {"insights": "Pupils like it.", "action": "Do it again.", "action_owner": "Petra", "action_due": ""}
    before = mark()
    assert client.post(url, data).status_code == 200  # no due date: the form again
    assert since(before) == []
    assert client.post(url, {**data, "action_due": "2015-02-01"}).status_code == 302
    assert client.post(url, {**data, "action_due": "2015-03-01"}).status_code == 302
    recorded, changed = since(before)
    assert english(recorded) == f"Peer review {LABEL}: outcome of a learning question of Twente recorded"
    assert english(changed) == f"Peer review {LABEL}: outcome of a learning question of Twente changed"
    assert fields(changed) == {"action due"}

    toggle = reverse("peerreviews:outcome_toggle", args=[question.pk])
    before = mark()
    client.force_login(w.pv_a)
    client.post(toggle)
    client.post(toggle)
    done, undone = since(before)
    assert (done.actor, done.action) == (w.pv_a, "peerreviews.outcome_toggle_done")
    assert english(done) == f"Peer review {LABEL}: action of Twente marked done"
    assert english(undone) == f"Peer review {LABEL}: action of Twente marked not done"
    assert done.params["action_text"] == "Do it again."


def test_meetings_participants_and_sessions(client, w):
    client.force_login(w.pl_b)  # the peer region's leader helps prepare
    before = mark()
    meeting_url = reverse("peerreviews:meeting_create", args=[w.review.pk])
    assert client.post(meeting_url, {"date": "", "notes": "Agenda"}).status_code == 200
    assert since(before) == []
    assert client.post(meeting_url, {"date": "2014-05-01", "notes": "Agenda"}).status_code == 302
    (added,) = since(before)
    assert (added.actor, english(added)) == (w.pl_b, f"Peer review {LABEL}: preparation meeting of May 1, 2014 added")
    meeting = PreparationMeeting.objects.get()
    client.force_login(w.office)
    assert client.post(reverse("peerreviews:meeting_delete", args=[meeting.pk])).status_code == 302
    removed = since(before)[-1]
    assert (removed.actor, english(removed)) == (
        w.office,
        f"Peer review {LABEL}: preparation meeting of May 1, 2014 removed",
    )

    client.force_login(w.pl_a)
    url = reverse("peerreviews:participants_edit", args=[w.review.pk, w.a.slug])
    before = mark()
    assert client.post(url, {"rows": "Anna; ROC; onderwijs\nBert; Bouw BV; Business"}).status_code == 302
    assert client.post(url, {"rows": "Anna; ROC; onderwijs\nBert; Bouw BV; Business"}).status_code == 302
    assert client.post(url, {"rows": "Anna; ROC Twente; onderwijs\nCees"}).status_code == 302
    first, second = since(before)
    assert first.actor == w.pl_a  # the request's user: participants_set names no actor
    assert english(first) == f"Peer review {LABEL}: participants of Twente changed (2 added, 0 changed, 0 removed)"
    assert english(second) == f"Peer review {LABEL}: participants of Twente changed (1 added, 1 changed, 1 removed)"

    anna = w.review.participants.get(name="Anna")
    session_url = reverse("peerreviews:session_create", args=[w.review.pk])
    before = mark()
    assert client.post(session_url, {"slot": 1, "title": ""}).status_code == 200
    assert since(before) == []
    data = {"slot": 1, "starts_at": "10:30", "title": "Walk", "room": "A1", "attendees": [anna.pk]}
    assert client.post(session_url, data).status_code == 302
    session = Session.objects.get()
    edit = reverse("peerreviews:session_edit", args=[session.pk])
    assert client.post(edit, {**data, "title": "Long walk", "attendees": []}).status_code == 302
    assert client.post(edit, {**data, "title": "Long walk", "attendees": []}).status_code == 302
    assert client.post(reverse("peerreviews:session_delete", args=[session.pk])).status_code == 302
    added, changed, removed = since(before)
    assert english(added) == f"Peer review {LABEL}: session “Walk” added"
    assert english(changed) == f"Peer review {LABEL}: session “Long walk” changed"
    assert fields(changed) == {"title", "who attends"}
    assert (removed.actor, english(removed)) == (w.pl_a, f"Peer review {LABEL}: session “Long walk” removed")


def test_the_own_report_and_the_feedback_report(client, w):
    set_status(w.review, "held")
    client.force_login(w.pl_a)
    url = reverse("peerreviews:own_report_edit", args=[w.review.pk])
    before = mark()
    assert client.post(url, {"text": "We talked about companies."}).status_code == 302
    assert client.post(url, {"text": "We talked about companies."}).status_code == 302  # unchanged
    (event,) = since(before)
    assert (event.actor, event.action) == (w.pl_a, "peerreviews.own_report_save")
    assert english(event) == f"Peer review {LABEL}: the regions' own report saved"
    assert fields(event) == {"the regions' own report"}

    feedback = reverse("peerreviews:feedback_edit", args=[w.review.pk, w.a.slug])
    before = mark()
    client.force_login(w.advisor_b)  # the other region's advisor: not theirs to write
    assert client.post(feedback, {"text": "Fine."}).status_code == 404
    client.force_login(w.advisor_a)
    assert client.post(feedback, {"text": "", "action": "ready"}).status_code == 200  # empty: the form again
    assert since(before) == []
    assert client.post(feedback, {"text": "You did well.", "action": "ready"}).status_code == 302
    saved, ready = since(before)
    assert (saved.actor, saved.action, ready.action) == (
        w.advisor_a,
        "peerreviews.feedback_report_save",
        "peerreviews.feedback_report_mark_ready",
    )
    assert english(saved) == f"Peer review {LABEL}: feedback report for Twente saved"
    assert fields(saved) == {"feedback report"}
    assert english(ready) == f"Peer review {LABEL}: feedback report for Twente ready and sent to the region"
    before = mark()
    with pytest.raises(ValidationError, match="already ready"):
        feedback_report_mark_ready(report=FeedbackReport.objects.get(), actor=w.advisor_a)
    assert since(before) == []


def test_attachments_added_and_removed_and_a_refused_upload(w):
    before = mark()
    attachment = review_attachment_add(review=w.review, upload=upload(), description="Programma", actor=w.pl_a)
    review_attachment_delete(attachment=attachment, actor=w.office)
    added, removed = since(before)
    assert (added.actor, added.action) == (w.pl_a, "peerreviews.review_attachment_add")
    assert english(added) == f"Peer review {LABEL}: attachment “programma.pdf” added"
    assert (removed.actor, english(removed)) == (w.office, f"Peer review {LABEL}: attachment “programma.pdf” removed")
    set_status(w.review, "closed")
    before = mark()
    with pytest.raises(ValidationError):
        review_attachment_add(review=w.review, upload=upload(), description="Late", actor=w.pl_a)
    assert since(before) == [] and not PeerReviewAttachment.objects.exists()


# --- Good practices ------------------------------------------------------------------------------------------


def test_good_practices_written_changed_published_and_taken_back(client, w):
    texts = {
        "title": "Techniekweek",
        "summary": "Technici geven een week les.",
        "description": "Twintig bedrijven leveren een technicus.",
        "result": "Meer leerlingen kiezen techniek.",
    }
    before = mark()
    practice = good_practice_create(region=w.a, created_by=w.office, themes=[w.theme], **texts)
    (created,) = since(before)
    assert (created.actor, created.action, created.object_label) == (
        w.office,
        "peerreviews.good_practice_create",
        "Twente Techniekweek",
    )
    assert english(created) == "Twente: good practice “Techniekweek” added as a draft"
    assert created.params == {"region": "Twente", "title": "Techniekweek"}

    before = mark()
    good_practice_update(good_practice=practice, themes=[w.theme], **texts)  # unchanged
    assert since(before) == []
    good_practice_update(good_practice=practice, themes=[w.theme, w.process_theme], **{**texts, "summary": "Anders."})
    (changed,) = since(before)
    assert english(changed) == "Twente: good practice “Techniekweek” changed"
    assert fields(changed) == {"summary", "placemat themes"}

    client.force_login(w.office)
    before = mark()
    publish = reverse("peerreviews:good_practice_publish", args=[practice.pk])
    assert client.post(publish).status_code == 302
    assert client.post(publish).status_code == 302  # already published: refused
    assert client.post(reverse("peerreviews:good_practice_unpublish", args=[practice.pk])).status_code == 302
    published, unpublished = since(before)
    assert (published.actor, english(published)) == (w.office, "Twente: good practice “Techniekweek” published")
    assert english(unpublished) == "Twente: good practice “Techniekweek” taken back to draft"


def test_services_called_outside_a_request_without_an_actor_log_no_one(w):
    before = mark()
    participants_set(review=w.review, region=w.a, rows=rows(("Anna", "ROC", "onderwijs")))
    session_save(review=w.review, slot=1, starts_at=None, title="Walk", room="", learning_question=None, attendees=[])
    assert [(e.actor, e.actor_label) for e in since(before)] == [(None, ""), (None, "")]


# nl
def test_the_log_reads_in_dutch(client, w):
    client.force_login(w.pl_a)
    url = reverse("peerreviews:review_edit", args=[w.review.pk])
    before = mark()
    client.post(url, {"date": "2014-06-12", "place": "", "motivation": w.review.motivation})
    client.post(reverse("peerreviews:meeting_create", args=[w.review.pk]), {"date": "2014-05-01", "notes": ""})
    plan, meeting = since(before)
    with translation.override("nl"):
        assert audit_text(plan) == f"Peer review {LABEL}: planning gewijzigd"
        assert audit_fields(plan) == ["datum"]
        assert audit_text(meeting) == f"Peer review {LABEL}: voorbereidingsbijeenkomst van 1 mei 2014 toegevoegd"

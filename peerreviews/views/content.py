"""Thin views for a peer review's content: check the permission (404 when denied), call a service, redirect back
to the review's page at the section that changed. The content itself is shown on the review's page through
templates/peerreviews/content/_on_detail.html (see review_content_context).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regions.forms import people_to_text
from regions.models import PlacematTheme, Region
from toptechniek.common.views import form_submit, get_object_with_perm, require_perm

from ..forms.content import (
    FeedbackReportForm,
    LearningQuestionForm,
    MeetingForm,
    OutcomeForm,
    OwnReportForm,
    ParticipantsForm,
    SessionForm,
)
from ..models import (
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    Participant,
    PeerReview,
    PreparationMeeting,
    Session,
)
from ..selectors.content import (
    default_report_for_question,
    question_guidance,
    question_monitor_context,
    reports_for_question,
)
from ..services.content import (
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

FORM_METHODS = ["GET", "POST"]


def _reviews():
    return PeerReview.objects.select_related("programme_year__programme", "host_region", "peer_region")


def _review(pk) -> PeerReview:
    return get_object_or_404(_reviews(), pk=pk)


def _region_of(review: PeerReview, slug: str) -> Region:
    """One of the review's regions, by its short name (unique within the review's programme)."""
    region = next((r for r in (review.host_region, review.peer_region) if r is not None and r.slug == slug), None)
    if region is None:
        raise Http404
    return region


def _back(review: PeerReview, anchor: str):
    return redirect(f"{review.get_absolute_url()}#{anchor}")


def _confirm_delete(request, review, *, delete, success: str, title: str, what: str, anchor: str):
    """GET: the confirmation page. POST: call `delete()` (a service), report how it went, go back."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
        return _back(review, anchor)
    return _render(request, "confirm_delete.html", review, title=title, what=what, cancel_anchor=anchor)


def _render(request, template: str, review: PeerReview, **context):
    return render(request, f"peerreviews/content/{template}", {"review": review, **context})


# --- Learning questions ------------------------------------------------------------------------


def _question_form(request, review: PeerReview, region: Region, initial: dict):
    """The form, bound on POST; a GET with the form's fields (the 'show the monitor' button) fills it in again."""
    kwargs = {
        "themes": PlacematTheme.objects.filter(programme_id=review.programme_year.programme_id).order_by(
            "kind", "number"
        ),
        "reports": reports_for_question(review=review, region=region),
        "guidance": question_guidance(),
    }
    if request.method == "POST":
        return LearningQuestionForm(request.POST, **kwargs)
    fields = ("question", "owner", "theme", "report")
    initial = {**initial, **{f: request.GET[f] for f in fields if request.GET.get(f)}}
    return LearningQuestionForm(initial=initial, **kwargs)


def _chosen(form, name: str):
    """The theme or report the page shows the monitor for: what was posted or asked for, else the initial."""
    field = form.fields[name]
    raw = form.data.get(name) if form.is_bound else form.initial.get(name)
    if raw is None or raw == "":
        return None
    if isinstance(raw, field.queryset.model):
        return raw
    try:
        return field.queryset.filter(pk=int(raw)).first()
    except (TypeError, ValueError):
        return None


def _question_page(request, review, region, form, question=None):
    theme, report = _chosen(form, "theme"), _chosen(form, "report")
    return _render(
        request,
        "question_form.html",
        review,
        region=region,
        form=form,
        question=question,
        monitor=question_monitor_context(region=region, report=report, theme=theme),
    )


@require_http_methods(FORM_METHODS)
def question_create(request, pk, slug):
    review = _review(pk)
    region = _region_of(review, slug)
    require_perm(request, "peerreviews.edit_learning_questions", LearningQuestion(review=review, region=region))
    default_report = default_report_for_question(review=review, region=region)
    form = _question_form(request, review, region, {"report": default_report.pk if default_report else None})

    def save(data):
        return learning_question_save(review=review, region=region, actor=request.user, **data)

    if form_submit(request, form, save, success=_("Learning question added.")):
        return _back(review, "questions")
    return _question_page(request, review, region, form)


def _question(request, perm: str, pk) -> LearningQuestion:
    return get_object_with_perm(
        request,
        perm,
        LearningQuestion.objects.select_related(
            "review__programme_year__programme", "review__host_region", "review__peer_region", "region", "theme"
        ),
        pk=pk,
    )


@require_http_methods(FORM_METHODS)
def question_edit(request, pk):
    question = _question(request, "peerreviews.edit_learning_questions", pk)
    review, region = question.review, question.region
    initial = {"question": question.question, "owner": question.owner, "theme": question.theme_id}
    initial["report"] = question.report_id
    form = _question_form(request, review, region, initial)

    def save(data):
        return learning_question_save(review=review, region=region, actor=request.user, instance=question, **data)

    if form_submit(request, form, save, success=_("Learning question saved.")):
        return _back(review, "questions")
    return _question_page(request, review, region, form, question)


@require_http_methods(FORM_METHODS)
def question_delete(request, pk):
    question = _question(request, "peerreviews.edit_learning_questions", pk)
    return _confirm_delete(
        request,
        question.review,
        delete=lambda: learning_question_delete(question=question, actor=request.user),
        success=_("Learning question removed."),
        title=_("Remove learning question"),
        what=question.question,
        anchor="questions",
    )


# --- Outcomes ------------------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
def outcome_edit(request, pk):
    question = _question(request, "peerreviews.edit_outcome", pk)
    outcome = LearningOutcome.objects.filter(question=question).first()
    initial = {}
    if outcome is not None:
        initial = {f: getattr(outcome, f) for f in ("insights", "action", "action_owner", "action_due")}
    form = OutcomeForm(request.POST or None, initial=initial)

    def save(data):
        return outcome_save(question=question, actor=request.user, **data)

    if form_submit(request, form, save, success=_("Outcome saved.")):
        return _back(question.review, f"question-{question.pk}")
    return _render(request, "outcome_form.html", question.review, question=question, form=form, outcome=outcome)


@require_POST
def outcome_toggle(request, pk):
    question = _question(request, "peerreviews.toggle_outcome", pk)
    outcome = get_object_or_404(LearningOutcome, question=question)
    outcome.question = question
    try:
        outcome = outcome_toggle_done(outcome=outcome, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Action marked done.") if outcome.done else _("Action marked not done."))
    return _back(question.review, f"question-{question.pk}")


# --- Meetings ------------------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
def meeting_create(request, pk):
    review = _review(pk)
    require_perm(request, "peerreviews.edit_review_content", review)
    form = MeetingForm(request.POST or None)

    def save(data):
        return meeting_add(review=review, actor=request.user, **data)

    if form_submit(request, form, save, success=_("Preparation meeting added.")):
        return _back(review, "meetings")
    return _render(request, "meeting_form.html", review, form=form)


@require_http_methods(FORM_METHODS)
def meeting_delete_view(request, pk):
    meeting = get_object_or_404(PreparationMeeting.objects.select_related("review"), pk=pk)
    review = _review(meeting.review_id)
    require_perm(request, "peerreviews.edit_review_content", review)
    return _confirm_delete(
        request,
        review,
        delete=lambda: meeting_delete(meeting=meeting, actor=request.user),
        success=_("Preparation meeting removed."),
        title=_("Remove preparation meeting"),
        what=_("Preparation meeting of %(date)s") % {"date": date_format(meeting.date)},
        anchor="meetings",
    )


# --- Participants -------------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
def participants_edit(request, pk, slug):
    review = _review(pk)
    region = _region_of(review, slug)
    require_perm(request, "peerreviews.edit_review_content", review)
    current = Participant.objects.filter(review=review, region=region).order_by("o_kind", "name")
    form = ParticipantsForm(request.POST or None, initial={"rows": people_to_text(current)})

    def save(data):
        return participants_set(review=review, region=region, rows=data["rows"])

    if form_submit(request, form, save, success=_("Participants of %(region)s saved.") % {"region": region.name}):
        return _back(review, "participants")
    return _render(request, "participants_form.html", review, region=region, form=form)


# --- Sessions ------------------------------------------------------------------------------------


def _session_form(request, review: PeerReview, initial=None):
    return SessionForm(
        request.POST or None,
        initial=initial,
        questions=LearningQuestion.objects.filter(review=review).select_related("region").order_by("region_id", "pk"),
        participants=Participant.objects.filter(review=review).order_by("region_id", "name"),
    )


@require_http_methods(FORM_METHODS)
def session_create(request, pk):
    review = _review(pk)
    require_perm(request, "peerreviews.edit_review_content", review)
    form = _session_form(request, review)

    def save(data):
        return session_save(review=review, **data)

    if form_submit(request, form, save, success=_("Session added to the programme.")):
        return _back(review, "programme")
    return _render(request, "session_form.html", review, form=form, session=None)


def _session(request, pk) -> Session:
    session = get_object_or_404(Session, pk=pk)
    session.review = _review(session.review_id)
    require_perm(request, "peerreviews.edit_review_content", session.review)
    return session


@require_http_methods(FORM_METHODS)
def session_edit(request, pk):
    session = _session(request, pk)
    review = session.review
    initial = {
        "slot": session.slot,
        "starts_at": session.starts_at,
        "title": session.title,
        "room": session.room,
        "learning_question": session.learning_question_id,
        "attendees": [p.pk for p in session.attendees.all()],
    }
    form = _session_form(request, review, initial)

    def save(data):
        return session_save(review=review, instance=session, **data)

    if form_submit(request, form, save, success=_("Session saved.")):
        return _back(review, "programme")
    return _render(request, "session_form.html", review, form=form, session=session)


@require_http_methods(FORM_METHODS)
def session_delete_view(request, pk):
    session = _session(request, pk)
    return _confirm_delete(
        request,
        session.review,
        delete=lambda: session_delete(session=session, actor=request.user),
        success=_("Session removed from the programme."),
        title=_("Remove session"),
        what=session.title,
        anchor="programme",
    )


# --- Own report ----------------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
def own_report_edit(request, pk):
    review = _review(pk)
    require_perm(request, "peerreviews.edit_own_report", review)
    form = OwnReportForm(request.POST or None, initial={"text": review.own_report})

    def save(data):
        return own_report_save(review=review, actor=request.user, **data)

    if form_submit(request, form, save, success=_("The regions' own report is saved.")):
        return _back(review, "own-report")
    return _render(request, "own_report_form.html", review, form=form)


# --- Feedback reports ----------------------------------------------------------------------------


def _feedback(request, pk, slug) -> tuple[PeerReview, Region, FeedbackReport]:
    review = _review(pk)
    region = _region_of(review, slug)
    report = FeedbackReport.objects.filter(review=review, region=region).first() or FeedbackReport(
        review=review, region=region
    )
    report.review = review
    require_perm(request, "peerreviews.write_feedback_report", report)
    return review, region, report


@require_http_methods(FORM_METHODS)
def feedback_edit(request, pk, slug):
    review, region, report = _feedback(request, pk, slug)
    form = FeedbackReportForm(request.POST or None, initial={"text": report.text})
    ready = request.POST.get("action") == "ready"

    @transaction.atomic  # saved and marked ready together, or not at all
    def save(data):
        saved = feedback_report_save(review=review, region=region, author=request.user, text=data["text"])
        if ready:
            feedback_report_mark_ready(report=saved, actor=request.user)
        return saved

    success = _("The feedback report is ready; the region has been told.") if ready else _("Feedback report saved.")
    if form_submit(request, form, save, success=success):
        return _back(review, "feedback")
    return _render(request, "feedback_form.html", review, region=region, form=form, report=report)


@require_POST
def feedback_ready(request, pk, slug):
    review, region, report = _feedback(request, pk, slug)
    if report.pk is None:
        messages.error(request, _("Write the feedback report before marking it ready."))
        return _back(review, "feedback")
    try:
        feedback_report_mark_ready(report=report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The feedback report is ready; the region has been told."))
    return _back(review, "feedback")


# --- Attachments -------------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
def attachment_add(request, pk):
    from toptechniek.common.views import attachment_upload_page

    from ..services.attachments import review_attachment_add

    review = get_object_with_perm(request, "peerreviews.add_review_attachment", _reviews(), pk=pk)
    return attachment_upload_page(
        request,
        create=lambda upload, description: review_attachment_add(
            review=review, upload=upload, description=description, actor=request.user
        ),
        back_urls=[review.get_absolute_url()],
        title=_("Attach a file to the peer review %(review)s") % {"review": review},
        attachments=review.attachments.all(),
    )


@require_safe
def attachment_download(request, pk, attachment):
    from toptechniek.common.uploads import attachment_response

    review = get_object_with_perm(request, "peerreviews.view_peer_review", _reviews(), pk=pk)
    return attachment_response(attachment=get_object_or_404(review.attachments, pk=attachment))


@require_http_methods(FORM_METHODS)
def attachment_delete(request, pk, attachment):
    from toptechniek.common.views import attachment_delete_page

    from ..services.attachments import review_attachment_delete

    review = get_object_with_perm(request, "peerreviews.view_peer_review", _reviews(), pk=pk)
    item = get_object_or_404(review.attachments, pk=attachment)
    item.review = review
    require_perm(request, "peerreviews.delete_review_attachment", item)
    return attachment_delete_page(
        request,
        attachment=item,
        delete=lambda: review_attachment_delete(attachment=item, actor=request.user),
        back_url=review.get_absolute_url(),
    )

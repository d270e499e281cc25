"""The content of a peer review: learning questions and their outcomes, preparation meetings, participants,
the programme of sessions, the regions' own report and the advisors' feedback reports.

Services are keyword-only, run in one transaction, raise ValidationError with a message for the reader and
change nothing when they refuse. The reads are in peerreviews.selectors.content.
Who may call which service is decided by the rules in rules.py; the services check the business rules.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from monitoring.models import MonitorReport
from regions.models import PlacematTheme, Region
from regions.services import programme_check_open
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change

from ..audit import changed_labels, review_label, review_params, values_of
from ..models import (
    FEEDBACK_STATES,
    OUTCOME_DONE_STATES,
    OUTCOME_STATES,
    OWN_REPORT_STATES,
    PREPARATION_STATES,
    QUESTION_MIN_LENGTH,
    QUESTION_STATES,
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    OKind,
    Participant,
    PeerReview,
    PreparationMeeting,
    Session,
)
from ..selectors.content import is_advisor, reports_for_question

Status = PeerReview.Status
O_KINDS = set(OKind.values)
QUESTION_FIELDS = ("question", "owner", "theme", "report")
OUTCOME_FIELDS = ("insights", "action", "action_owner", "action_due")
SESSION_FIELDS = ("slot", "starts_at", "title", "room", "learning_question")


def _log(review: PeerReview, *, action: str, message: str, actor: User | None = None, fields=(), **params) -> None:
    """One audit event about the review (`message`: an English text marked with gettext_noop)."""
    audit_change(
        action=f"peerreviews.{action}",
        message=message,
        params=review_params(review, **params),
        actor=actor,
        object_label=review_label(review),
        fields=fields,
    )


def _refuse_unless_status(review: PeerReview, allowed, message: str) -> None:
    programme_check_open(programme=review.programme_year.programme)
    if review.status not in allowed:
        raise ValidationError(message)


def _check_region(review: PeerReview, region: Region, field_name: str = "region") -> None:
    if region is None or region.pk not in review.region_ids:
        raise ValidationError({field_name: _("This region does not take part in this peer review.")})


# --- Learning questions and outcomes ------------------------------------------------------------


def _clean_question(question: str) -> str:
    text = " ".join((question or "").split())
    if len(text) < QUESTION_MIN_LENGTH or not text.endswith("?"):
        raise ValidationError(
            {
                "question": _(
                    "Write a question of at least %(n)s characters that ends with a question mark, "
                    "so that its answer can lead to action."
                )
                % {"n": QUESTION_MIN_LENGTH}
            }
        )
    return text


@transaction.atomic
def learning_question_save(
    *,
    review: PeerReview,
    region: Region,
    question: str,
    owner: str,
    theme: PlacematTheme,
    report: MonitorReport,
    actor: User,
    instance: LearningQuestion | None = None,
) -> LearningQuestion:
    """Add a learning question (or change `instance`) while the review is proposed or preparing."""
    _refuse_unless_status(
        review,
        QUESTION_STATES,
        _("Learning questions can only be added or changed while the peer review is proposed or being prepared."),
    )
    if instance is not None and instance.review_id != review.pk:
        raise ValidationError(_("This learning question belongs to another peer review."))
    _check_region(review, region)
    if instance is not None and instance.region_id != region.pk:
        raise ValidationError({"region": _("A learning question stays with its region.")})
    text = _clean_question(question)
    owner = (owner or "").strip()
    if not owner:
        raise ValidationError({"owner": _("Name the person who brings in the question.")})
    if theme is None or theme.programme_id != review.programme_year.programme_id:
        raise ValidationError({"theme": _("Choose a placemat theme of this programme.")})
    if report is None or not reports_for_question(review=review, region=region).filter(pk=report.pk).exists():
        raise ValidationError(
            {"report": _("Choose a monitor report of this region from this programme year or an earlier one.")}
        )
    item = instance or LearningQuestion(review=review, region=region)
    before = values_of(item, QUESTION_FIELDS)
    item.question, item.owner, item.theme, item.report = text, owner, theme, report
    item.save()
    if instance is None:
        _log(
            review,
            action="learning_question_save",
            message=gettext_noop("Peer review %(review)s: learning question of %(region)s added"),
            actor=actor,
            region=region.name,
            question=text,
        )
    else:
        changed = changed_labels(LearningQuestion, before, values_of(item, QUESTION_FIELDS))
        if changed:
            _log(
                review,
                action="learning_question_save",
                message=gettext_noop("Peer review %(review)s: learning question of %(region)s changed"),
                actor=actor,
                fields=changed,
                region=region.name,
                question=text,
            )
    return item


@transaction.atomic
def learning_question_delete(*, question: LearningQuestion, actor: User) -> None:
    _refuse_unless_status(
        question.review,
        QUESTION_STATES,
        _("Learning questions can only be removed while the peer review is proposed or being prepared."),
    )
    review, region_name, text = question.review, question.region.name, question.question
    question.delete()
    _log(
        review,
        action="learning_question_delete",
        message=gettext_noop("Peer review %(review)s: learning question of %(region)s removed"),
        actor=actor,
        region=region_name,
        question=text,
    )


@transaction.atomic
def outcome_save(
    *,
    question: LearningQuestion,
    insights: str,
    action: str,
    action_owner: str,
    action_due: datetime.date,
    actor: User,
) -> LearningOutcome:
    """Record what the question yielded: insights and one concrete action with its owner and due date."""
    _refuse_unless_status(
        question.review,
        OUTCOME_STATES,
        _("The outcome of a learning question is recorded once the peer review is held, until it is closed."),
    )
    values = {
        "insights": (insights or "").strip(),
        "action": (action or "").strip(),
        "action_owner": (action_owner or "").strip(),
    }
    missing = {name: _("This field is required.") for name, value in values.items() if not value}
    if action_due is None:
        missing["action_due"] = _("This field is required.")
    if missing:
        raise ValidationError(missing)
    existing = LearningOutcome.objects.filter(question=question).first()
    before = values_of(existing, OUTCOME_FIELDS) if existing is not None else {}
    outcome, created = LearningOutcome.objects.update_or_create(
        question=question, defaults={**values, "action_due": action_due}
    )
    changed = changed_labels(LearningOutcome, before, values_of(outcome, OUTCOME_FIELDS))
    if created or changed:
        _log(
            question.review,
            action="outcome_save",
            message=gettext_noop("Peer review %(review)s: outcome of a learning question of %(region)s recorded")
            if created
            else gettext_noop("Peer review %(review)s: outcome of a learning question of %(region)s changed"),
            actor=actor,
            fields=() if created else changed,
            region=question.region.name,
            question=question.question,
        )
    return outcome


DONE_MESSAGES = {
    True: gettext_noop("Peer review %(review)s: action of %(region)s marked done"),
    False: gettext_noop("Peer review %(review)s: action of %(region)s marked not done"),
}


@transaction.atomic
def outcome_toggle_done(*, outcome: LearningOutcome, actor: User) -> LearningOutcome:
    _refuse_unless_status(
        outcome.question.review,
        OUTCOME_DONE_STATES,
        _("An action can only be marked done once the peer review is held."),
    )
    outcome.done = not outcome.done
    outcome.done_at = timezone.now() if outcome.done else None
    outcome.save(update_fields=["done", "done_at", "updated_at"])
    _log(
        outcome.question.review,
        action="outcome_toggle_done",
        message=DONE_MESSAGES[outcome.done],
        actor=actor,
        region=outcome.question.region.name,
        action_text=outcome.action,
    )
    return outcome


# --- Meetings, participants, sessions, own report ---------------------------------------------


def _refuse_unless_preparing(review: PeerReview) -> None:
    _refuse_unless_status(
        review,
        PREPARATION_STATES,
        _("This can only be changed until the peer review is held; it is %(status)s.")
        % {"status": review.get_status_display()},
    )


@transaction.atomic
def meeting_add(*, review: PeerReview, date: datetime.date, notes: str, actor: User) -> PreparationMeeting:
    _refuse_unless_preparing(review)
    if date is None:
        raise ValidationError({"date": _("This field is required.")})
    meeting = PreparationMeeting.objects.create(review=review, date=date, notes=(notes or "").strip(), created_by=actor)
    _log(
        review,
        action="meeting_add",
        message=gettext_noop("Peer review %(review)s: preparation meeting of %(date)s added"),
        actor=actor,
        date=date.isoformat(),
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: PreparationMeeting, actor: User) -> None:
    _refuse_unless_preparing(meeting.review)
    review, date = meeting.review, meeting.date
    meeting.delete()
    _log(
        review,
        action="meeting_delete",
        message=gettext_noop("Peer review %(review)s: preparation meeting of %(date)s removed"),
        actor=actor,
        date=date.isoformat(),
    )


@transaction.atomic
def participants_set(*, review: PeerReview, region: Region, rows: list[dict]) -> list[Participant]:
    """Make the region's participants exactly `rows` ({name, organisation_name, o_kind}).

    People already listed (same name) keep their row, so the sessions they attend stay as they were.
    """
    _refuse_unless_preparing(review)
    _check_region(review, region)
    wanted: dict[str, dict] = {}
    for row in rows or []:
        name = " ".join((row.get("name") or "").split())
        kind = row.get("o_kind") or OKind.OVERIG
        if not name:
            raise ValidationError({"rows": _("Every participant needs a name.")})
        if kind not in O_KINDS:
            raise ValidationError({"rows": _("Unknown O: %(kind)s.") % {"kind": kind}})
        if name.casefold() in wanted:
            raise ValidationError({"rows": _("%(name)s is listed twice.") % {"name": name}})
        wanted[name.casefold()] = {
            "name": name,
            "organisation_name": (row.get("organisation_name") or "").strip(),
            "o_kind": kind,
        }
    existing = {p.name.casefold(): p for p in Participant.objects.filter(review=review, region=region)}
    gone = [p.pk for key, p in existing.items() if key not in wanted]
    Participant.objects.filter(pk__in=gone).delete()
    result, added, changed = [], 0, 0
    for key, values in wanted.items():
        participant = existing.get(key)
        if participant is None:
            participant = Participant.objects.create(review=review, region=region, **values)
            added += 1
        elif any(getattr(participant, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(participant, k, v)
            participant.save()
            changed += 1
        result.append(participant)
    if added or changed or gone:  # the list saved unchanged changes nothing
        _log(
            review,
            action="participants_set",
            message=gettext_noop(
                "Peer review %(review)s: participants of %(region)s changed "
                "(%(added)s added, %(changed)s changed, %(removed)s removed)"
            ),
            region=region.name,
            added=added,
            changed=changed,
            removed=len(gone),
        )
    return result


@transaction.atomic
def session_save(
    *,
    review: PeerReview,
    slot: int,
    starts_at: datetime.time | None,
    title: str,
    room: str,
    learning_question: LearningQuestion | None,
    attendees,
    instance: Session | None = None,
) -> Session:
    _refuse_unless_preparing(review)
    if instance is not None and instance.review_id != review.pk:
        raise ValidationError(_("This session belongs to another peer review."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("This field is required.")})
    if slot is None or slot < 1:
        raise ValidationError({"slot": _("A slot is a number from 1.")})
    if learning_question is not None and learning_question.review_id != review.pk:
        raise ValidationError({"learning_question": _("Choose a learning question of this peer review.")})
    people = list(attendees or [])
    strangers = [p for p in people if p.review_id != review.pk]
    if strangers:
        raise ValidationError(
            {
                "attendees": _("Only participants of this peer review can attend; not: %(names)s.")
                % {"names": ", ".join(p.name for p in strangers)}
            }
        )
    session = instance or Session(review=review)
    before = values_of(session, SESSION_FIELDS)
    attended = set(session.attendees.values_list("pk", flat=True)) if instance is not None else set()
    session.slot, session.starts_at, session.title = slot, starts_at, title
    session.room, session.learning_question = (room or "").strip(), learning_question
    session.save()
    session.attendees.set(people)
    changed = changed_labels(Session, before, values_of(session, SESSION_FIELDS))
    if attended != {p.pk for p in people}:
        changed.append(Session._meta.get_field("attendees").verbose_name)
    if instance is None:
        _log(
            review,
            action="session_save",
            message=gettext_noop("Peer review %(review)s: session “%(title)s” added"),
            title=title,
        )
    elif changed:
        _log(
            review,
            action="session_save",
            message=gettext_noop("Peer review %(review)s: session “%(title)s” changed"),
            fields=changed,
            title=title,
        )
    return session


@transaction.atomic
def session_delete(*, session: Session, actor: User | None = None) -> None:
    _refuse_unless_preparing(session.review)
    review, title = session.review, session.title
    session.delete()
    _log(
        review,
        action="session_delete",
        message=gettext_noop("Peer review %(review)s: session “%(title)s” removed"),
        actor=actor,
        title=title,
    )


@transaction.atomic
def own_report_save(*, review: PeerReview, text: str, actor: User) -> PeerReview:
    """The regions' own report of the day: written once the review is held, until it is closed."""
    review = PeerReview.objects.select_for_update().get(pk=review.pk)
    _refuse_unless_status(
        review,
        OWN_REPORT_STATES,
        _("The regions' own report is written once the peer review is held, until it is closed."),
    )
    before = review.own_report
    review.own_report = (text or "").strip()
    review.save(update_fields=["own_report", "updated_at"])
    if review.own_report != before:
        _log(
            review,
            action="own_report_save",
            message=gettext_noop("Peer review %(review)s: the regions' own report saved"),
            actor=actor,
            fields=[PeerReview._meta.get_field("own_report").verbose_name],
        )
    return review


# --- Feedback reports (the advisors') -----------------------------------------------------------


@transaction.atomic
def feedback_report_save(*, review: PeerReview, region: Region, author: User, text: str) -> FeedbackReport:
    _check_region(review, region)
    if not is_advisor(user=author, region_id=region.pk, programme_year_id=review.programme_year_id):
        raise ValidationError(
            _("Only the advisor of %(region)s in %(year)s writes its feedback report.")
            % {"region": region.name, "year": review.programme_year.year}
        )
    _refuse_unless_status(
        review, FEEDBACK_STATES, _("The feedback report is written once the peer review is held, until it is closed.")
    )
    report = FeedbackReport.objects.select_for_update().filter(review=review, region=region).first()
    if report is not None and report.status == FeedbackReport.Status.READY:
        raise ValidationError(_("The feedback report is ready and sent to the region; it can no longer change."))
    created = report is None
    report = report or FeedbackReport(review=review, region=region)
    before = report.text
    report.author, report.text = author, (text or "").strip()
    report.save()
    if created or report.text != before:
        _log(
            review,
            action="feedback_report_save",
            message=gettext_noop("Peer review %(review)s: feedback report for %(region)s saved"),
            actor=author,
            fields=[FeedbackReport._meta.get_field("text").verbose_name] if report.text != before else (),
            region=region.name,
        )
    return report


@transaction.atomic
def feedback_report_mark_ready(*, report: FeedbackReport, actor: User) -> FeedbackReport:
    from ..mails import feedback_ready_queue

    report = FeedbackReport.objects.select_for_update().select_related("review", "region").get(pk=report.pk)
    review = report.review
    if not is_advisor(user=actor, region_id=report.region_id, programme_year_id=review.programme_year_id):
        raise ValidationError(_("Only the region's advisor can mark the feedback report ready."))
    _refuse_unless_status(
        review, FEEDBACK_STATES, _("The feedback report is sent once the peer review is held, until it is closed.")
    )
    if report.status == FeedbackReport.Status.READY:
        raise ValidationError(_("The feedback report is already ready."))
    if not report.text.strip():
        raise ValidationError(_("Write the feedback report before marking it ready."))
    report.status, report.ready_at = FeedbackReport.Status.READY, timezone.now()
    report.save(update_fields=["status", "ready_at", "updated_at"])
    _log(
        review,
        action="feedback_report_mark_ready",
        message=gettext_noop("Peer review %(review)s: feedback report for %(region)s ready and sent to the region"),
        actor=actor,
        region=report.region.name,
    )
    feedback_ready_queue(report=report)
    return report

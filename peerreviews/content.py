"""The content of a peer review: learning questions and their outcomes, preparation meetings, participants,
the programme of sessions, the regions' own report and the advisors' feedback reports.

Services are keyword-only, run in one transaction, raise ValidationError with a message for the reader and
change nothing when they refuse. Selectors use a fixed number of queries whatever the amount of content.
Who may call which service is decided by the rules in rules_content.py; the services check the business rules.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import LearningTheme, MonitorReport, Realisation, SelfAssessment, ThemeAnswer
from regions.models import GuidingQuestion, Indicator, PlacematTheme, Region, Target, target_met
from toptechniek.accounts.models import User

from .models import (
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    OKind,
    Participant,
    PeerReview,
    PreparationMeeting,
    Session,
)

Status = PeerReview.Status
QUESTION_STATES = (Status.PROPOSED, Status.PREPARING)
OUTCOME_STATES = (Status.HELD, Status.REPORTED)
OUTCOME_DONE_STATES = (Status.HELD, Status.REPORTED, Status.CLOSED)
PREPARATION_STATES = (Status.PROPOSED, Status.PREPARING, Status.HELD)  # meetings, participants, sessions
OWN_REPORT_STATES = (Status.HELD, Status.REPORTED)
FEEDBACK_STATES = (Status.HELD, Status.REPORTED)
REPORT_CONTEXT_STATES = (Status.HELD, Status.REPORTED, Status.CLOSED)
QUESTION_MIN_LENGTH = 15
O_KINDS = set(OKind.values)


def question_guidance() -> str:
    return _(
        "Phrase the question so that its answer leads to action: an open question of at least %(n)s characters "
        "ending with a question mark, about something your region wants to do differently. For example: "
        "'How can we keep companies involved after the first guest lesson?' rather than 'Are companies involved?'"
    ) % {"n": QUESTION_MIN_LENGTH}


def _refuse_unless_status(review: PeerReview, allowed, message: str) -> None:
    if review.status not in allowed:
        raise ValidationError(message)


def _check_region(review: PeerReview, region: Region, field_name: str = "region") -> None:
    if region is None or region.pk not in review.region_ids:
        raise ValidationError({field_name: _("This region does not take part in this peer review.")})


# --- Learning questions and outcomes ------------------------------------------------------------


def reports_for_question(*, review: PeerReview, region: Region) -> QuerySet[MonitorReport]:
    """The region's monitor reports a learning question may refer to: this programme year or an earlier one."""
    return (
        MonitorReport.objects.filter(
            region=region,
            programme_year__programme_id=review.programme_year.programme_id,
            programme_year__year__lte=review.programme_year.year,
        )
        .select_related("programme_year", "region")
        .order_by("-programme_year__year")
    )


def default_report_for_question(*, review: PeerReview, region: Region) -> MonitorReport | None:
    """The latest submitted or accepted report, else the latest report at all."""
    reports = list(reports_for_question(review=review, region=region))
    settled = [r for r in reports if r.status in (MonitorReport.Status.SUBMITTED, MonitorReport.Status.ACCEPTED)]
    return (settled or reports or [None])[0]


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
    item.question, item.owner, item.theme, item.report = text, owner, theme, report
    item.save()
    return item


@transaction.atomic
def learning_question_delete(*, question: LearningQuestion, actor: User) -> None:
    _refuse_unless_status(
        question.review,
        QUESTION_STATES,
        _("Learning questions can only be removed while the peer review is proposed or being prepared."),
    )
    question.delete()


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
    outcome, _created = LearningOutcome.objects.update_or_create(
        question=question, defaults={**values, "action_due": action_due}
    )
    return outcome


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
    return PreparationMeeting.objects.create(review=review, date=date, notes=(notes or "").strip(), created_by=actor)


@transaction.atomic
def meeting_delete(*, meeting: PreparationMeeting, actor: User) -> None:
    _refuse_unless_preparing(meeting.review)
    meeting.delete()


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
    Participant.objects.filter(pk__in=[p.pk for key, p in existing.items() if key not in wanted]).delete()
    result = []
    for key, values in wanted.items():
        participant = existing.get(key)
        if participant is None:
            participant = Participant.objects.create(review=review, region=region, **values)
        elif any(getattr(participant, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(participant, k, v)
            participant.save()
        result.append(participant)
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
    session.slot, session.starts_at, session.title = slot, starts_at, title
    session.room, session.learning_question = (room or "").strip(), learning_question
    session.save()
    session.attendees.set(people)
    return session


@transaction.atomic
def session_delete(*, session: Session, actor: User | None = None) -> None:
    _refuse_unless_preparing(session.review)
    session.delete()


@transaction.atomic
def own_report_save(*, review: PeerReview, text: str, actor: User) -> PeerReview:
    """The regions' own report of the day: written once the review is held, until it is closed."""
    review = PeerReview.objects.select_for_update().get(pk=review.pk)
    _refuse_unless_status(
        review,
        OWN_REPORT_STATES,
        _("The regions' own report is written once the peer review is held, until it is closed."),
    )
    review.own_report = (text or "").strip()
    review.save(update_fields=["own_report", "updated_at"])
    return review


# --- Feedback reports (the advisors') -----------------------------------------------------------


def is_advisor(*, user: User, region_id: int, programme_year_id: int) -> bool:
    """Advisor of the region in that programme year; answered from a per-user cache (one query per year)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from audits.models import Assignment

    cache = user.__dict__.setdefault("_tt_advisor_regions", {})
    if programme_year_id not in cache:
        cache[programme_year_id] = set(
            Assignment.objects.filter(
                user=user, programme_year_id=programme_year_id, role=Assignment.Role.ADVISOR
            ).values_list("region_id", flat=True)
        )
    return region_id in cache[programme_year_id]


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
    report = report or FeedbackReport(review=review, region=region)
    report.author, report.text = author, (text or "").strip()
    report.save()
    return report


@transaction.atomic
def feedback_report_mark_ready(*, report: FeedbackReport, actor: User) -> FeedbackReport:
    from .mails import feedback_ready_queue

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
    feedback_ready_queue(report=report)
    return report


# --- Selectors ---------------------------------------------------------------------------------


@dataclass
class OGroup:
    kind: str
    label: str
    participants: list[Participant]

    @property
    def count(self) -> int:
        return len(self.participants)


@dataclass
class RegionParticipants:
    region: Region
    groups: list[OGroup]
    can_edit: bool = False

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)


@dataclass
class RegionQuestions:
    region: Region
    questions: list[LearningQuestion]
    can_add: bool = False


@dataclass
class Slot:
    number: int
    sessions: list[Session]


@dataclass
class RegionFeedback:
    region: Region
    report: FeedbackReport | None
    can_view: bool = False
    can_write: bool = False
    can_mark_ready: bool = False


@dataclass
class QuestionRow:
    """One learning question with what this user may do with it."""

    question: LearningQuestion
    outcome: LearningOutcome | None
    can_edit: bool = False
    can_edit_outcome: bool = False
    can_toggle: bool = False


def _regions_of(review: PeerReview) -> list[Region]:
    return [review.host_region] + ([review.peer_region] if review.peer_region_id else [])


def review_content_context(*, review: PeerReview, user: User) -> dict:
    """Everything templates/peerreviews/content/_on_detail.html needs, in a fixed number of queries."""
    review = PeerReview.objects.select_related("programme_year__programme", "host_region", "peer_region").get(
        pk=review.pk
    )
    regions = _regions_of(review)
    questions = list(
        LearningQuestion.objects.filter(review=review)
        .select_related("theme", "report__programme_year", "outcome")
        .order_by("region_id", "pk")
    )
    for q in questions:
        q.review = review  # rules read the review's state without a query per question
    meetings = list(PreparationMeeting.objects.filter(review=review).select_related("created_by"))
    sessions = list(
        Session.objects.filter(review=review)
        .select_related("learning_question")
        .prefetch_related(Prefetch("attendees", queryset=Participant.objects.order_by("name")))
    )
    participants = list(Participant.objects.filter(review=review).order_by("name"))
    reports = {r.region_id: r for r in FeedbackReport.objects.filter(review=review).select_related("author")}
    for report in reports.values():
        report.review = review

    question_rows: dict[int, list[QuestionRow]] = {}
    for q in questions:
        outcome = getattr(q, "outcome", None) if _has_outcome(q) else None
        question_rows.setdefault(q.region_id, []).append(
            QuestionRow(
                question=q,
                outcome=outcome,
                can_edit=user.has_perm("peerreviews.edit_learning_questions", q),
                can_edit_outcome=user.has_perm("peerreviews.edit_outcome", q),
                can_toggle=outcome is not None and user.has_perm("peerreviews.toggle_outcome", q),
            )
        )
    questions_by_region = [
        RegionQuestions(
            region=region,
            questions=question_rows.get(region.pk, []),
            can_add=user.has_perm(
                "peerreviews.edit_learning_questions", LearningQuestion(review=review, region=region)
            ),
        )
        for region in regions
    ]

    slots: dict[int, list[Session]] = {}
    for session in sessions:
        slots.setdefault(session.slot, []).append(session)

    can_edit_content = user.has_perm("peerreviews.edit_review_content", review)
    labels = dict(OKind.choices)
    participants_by_region = []
    for region in regions:
        mine = [p for p in participants if p.region_id == region.pk]
        groups = [
            OGroup(kind=kind, label=str(labels[kind]), participants=[p for p in mine if p.o_kind == kind])
            for kind in OKind.values
        ]
        participants_by_region.append(RegionParticipants(region=region, groups=groups, can_edit=can_edit_content))
    o_totals = [
        OGroup(kind=kind, label=str(labels[kind]), participants=[p for p in participants if p.o_kind == kind])
        for kind in OKind.values
    ]

    feedback = []
    for region in regions:
        report = reports.get(region.pk)
        probe = report or FeedbackReport(review=review, region=region)
        entry = RegionFeedback(
            region=region,
            report=report,
            can_view=report is not None and user.has_perm("peerreviews.view_feedback_report", report),
            can_write=user.has_perm("peerreviews.write_feedback_report", probe),
        )
        entry.can_mark_ready = entry.can_write and report is not None and bool(report.text.strip())
        if entry.can_view or entry.can_write:
            feedback.append(entry)

    return {
        "review": review,
        "questions_by_region": questions_by_region,
        "question_count": len(questions),
        "question_guidance": question_guidance(),
        "meetings": meetings,
        "slots": [Slot(number=n, sessions=slots[n]) for n in sorted(slots)],
        "session_count": len(sessions),
        "participants_by_region": participants_by_region,
        "participant_count": len(participants),
        "o_totals": o_totals,
        "own_report": review.own_report,
        "feedback": feedback,
        "can_edit_content": can_edit_content,
        "can_edit_own_report": user.has_perm("peerreviews.edit_own_report", review),
        "is_internal": review.is_internal,
    }


def _has_outcome(question: LearningQuestion) -> bool:
    try:
        question.outcome  # noqa: B018 - select_related filled it, or raised
    except LearningOutcome.DoesNotExist:
        return False
    return True


@dataclass
class IndicatorRow:
    indicator: Indicator
    target: Decimal | None
    value: Decimal | None
    not_applicable: bool = False
    explanation: str = ""
    target_max: Decimal | None = None  # upper bound of a target range

    @property
    def on_track(self) -> bool | None:
        """Against the target valid for the report's year, respecting the indicator's direction."""
        return target_met(
            direction=self.indicator.direction, value=self.value, target=self.target, target_max=self.target_max
        )


@dataclass
class MonitorContext:
    region: Region
    report: MonitorReport | None
    theme: PlacematTheme | None
    indicators: list[IndicatorRow] = field(default_factory=list)
    answers: list[tuple[GuidingQuestion, str]] = field(default_factory=list)
    self_assessment: SelfAssessment | None = None
    learning_themes: list[LearningTheme] = field(default_factory=list)
    placemat: object | None = None
    consolidated: object | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.indicators or self.answers or self.self_assessment or self.learning_themes or self.consolidated
        )


def question_monitor_context(
    *, region: Region, report: MonitorReport | None, theme: PlacematTheme | None
) -> MonitorContext:
    """What the monitor says about a theme, shown beside a learning question so the question grows out of it:
    the theme's indicators with target and realisation in the report's year, the report's answers to the theme's
    guiding questions, the region's self-assessment, and the latest published placemat's score and key remark.
    At most nine queries."""
    from audits.models import ConsolidatedScore, Placemat

    context = MonitorContext(region=region, report=report, theme=theme)
    if theme is None:
        return context
    year = report.programme_year.year if report is not None else None
    indicators = list(
        Indicator.objects.filter(region=region, performance_area=theme, status=Indicator.Status.AGREED)
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(year=year) if year else Target.objects.none())
        )
        .order_by("code")
    )
    realisations = (
        {r.indicator_id: r for r in Realisation.objects.filter(report=report, indicator__in=indicators)}
        if report is not None and indicators
        else {}
    )
    for indicator in indicators:
        targets = list(indicator.targets.all())
        realisation = realisations.get(indicator.pk)
        context.indicators.append(
            IndicatorRow(
                indicator=indicator,
                target=targets[0].value if targets else None,
                target_max=targets[0].value_max if targets else None,
                value=realisation.value if realisation else None,
                not_applicable=bool(realisation and realisation.not_applicable),
                explanation=realisation.explanation if realisation else "",
            )
        )
    if report is not None:
        context.answers = [
            (a.question, a.answer)
            for a in ThemeAnswer.objects.filter(report=report, question__theme=theme)
            .select_related("question")
            .order_by("question__order", "question__pk")
            if a.answer.strip()
        ]
        context.self_assessment = SelfAssessment.objects.filter(report=report, theme=theme).first()
        context.learning_themes = list(LearningTheme.objects.filter(report=report, theme=theme))
    placemat = (
        Placemat.objects.filter(region=region, status=Placemat.Status.PUBLISHED)
        .select_related("programme_year")
        .order_by("-programme_year__year")
        .first()
    )
    if placemat is not None:
        context.placemat = placemat
        context.consolidated = ConsolidatedScore.objects.filter(placemat=placemat, theme=theme).first()
    return context


def outcomes_for_report_context(*, region: Region, year: int) -> list[LearningOutcome]:
    """The outcomes and actions of the region's learning questions in the peer reviews of the year before `year`
    (held, reported or closed), for the next monitor report. One query."""
    return list(
        LearningOutcome.objects.filter(
            question__region=region,
            question__review__programme_year__programme_id=region.programme_id,
            question__review__programme_year__year=year - 1,
            question__review__status__in=REPORT_CONTEXT_STATES,
        )
        .select_related(
            "question__theme",
            "question__review__programme_year",
            "question__review__host_region",
            "question__review__peer_region",
        )
        .order_by("question__review_id", "question__pk")
    )

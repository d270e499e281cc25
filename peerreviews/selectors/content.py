"""The content of a peer review, read side: the review page's content block, the monitor reports a learning
question may refer to, the advisor check, and the outcomes shown on the next monitor report.

Each costs a fixed number of queries whatever the amount of content.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from monitoring.models import LearningTheme, MonitorReport, Realisation, SelfAssessment, ThemeAnswer
from monitoring.selectors import SETTLED_STATUSES
from regions.models import GuidingQuestion, Indicator, PlacematTheme, Region, Target, target_met
from toptechniek.accounts.models import User

from ..models import (
    QUESTION_MIN_LENGTH,
    REPORT_CONTEXT_STATES,
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


def question_guidance() -> str:
    return _(
        "Phrase the question so that its answer leads to action: an open question of at least %(n)s characters "
        "ending with a question mark, about something your region wants to do differently. For example: "
        "'How can we keep companies involved after the first guest lesson?' rather than 'Are companies involved?'"
    ) % {"n": QUESTION_MIN_LENGTH}


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
    settled = [r for r in reports if r.status in SETTLED_STATUSES]
    return (settled or reports or [None])[0]


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


def after_talks_for_report_context(*, region: Region, year: int) -> list:
    """The recorded nagesprekken of the region's peer reviews of the year before `year`, for the next monitor
    report. One query."""
    from ..models import AfterTalk

    return list(
        AfterTalk.objects.filter(
            Q(review__host_region=region) | Q(review__peer_region=region),
            status=AfterTalk.Status.RECORDED,
            review__programme_year__programme_id=region.programme_id,
            review__programme_year__year=year - 1,
        )
        .select_related("review__programme_year", "review__host_region", "review__peer_region")
        .order_by("date", "pk")
    )

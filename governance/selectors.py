"""Reads of the governance app, each in a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import AuditVisit, ConsolidatedScore, Placemat, StimulusGrant
from monitoring.models import MonitorReport
from peerreviews.models import FeedbackReport, LearningQuestion, PeerReview
from regions.converters import region_lookup
from regions.models import ProgrammeYear, Region
from regions.selectors import RegionSection

from .models import GovernanceMeeting


def _url(obj, suffix: str = "") -> str:
    """The object's page, or "" while that page does not exist yet (e.g. a URL still being built)."""
    try:
        return obj.get_absolute_url() + suffix
    except NoReverseMatch:
        return ""


def _euro(amount) -> str:
    return "€ " + number_format(amount, 0, force_grouping=True)


@dataclass
class InputLine:
    key: str
    title: str
    state: str
    url: str = ""
    warning: bool = False


@dataclass
class ReviewInput:
    review: PeerReview
    url: str
    questions: list[LearningQuestion]  # the meeting region's own, each with its outcome (or none yet)


@dataclass
class MeetingInputs:
    report: MonitorReport | None
    report_late: bool
    placemat: Placemat | None  # published only
    scores: list[ConsolidatedScore]
    reviews: list[ReviewInput]
    feedback_reports: list[FeedbackReport]
    visit: AuditVisit | None
    grant: StimulusGrant | None
    lines: list[InputLine] = field(default_factory=list)


def _report_line(report, late) -> InputLine:
    if report is None:
        return InputLine("report", _("Monitor report"), _("No monitor report yet."), warning=True)
    state = report.get_status_display().capitalize()
    if late:
        state = _("%(state)s, late") % {"state": state}
    return InputLine("report", _("Monitor report"), state, _url(report), warning=late)


def _placemat_line(placemat, scores) -> InputLine:
    if placemat is None:
        return InputLine("placemat", _("Placemat"), _("Not published yet."), warning=True)
    scored = [s.score for s in scores if s.score is not None]
    state = _("Published (version %(version)s)") % {"version": placemat.version}
    if scored:
        state += "; " + _("mean score %(mean)s") % {"mean": number_format(sum(scored) / len(scored), 1)}
    return InputLine("placemat", _("Placemat"), state, _url(placemat))


def _reviews_line(reviews: list[ReviewInput]) -> InputLine:
    if not reviews:
        return InputLine("reviews", _("Peer reviews"), _("No peer review this year."))
    questions = [q for r in reviews for q in r.questions]
    outcomes = [q for q in questions if getattr(q, "outcome", None) is not None]
    state = _("%(reviews)s peer review(s); %(outcomes)s of %(questions)s learning question(s) with an outcome") % {
        "reviews": len(reviews),
        "outcomes": len(outcomes),
        "questions": len(questions),
    }
    return InputLine("reviews", _("Peer reviews"), state, reviews[0].url if len(reviews) == 1 else "")


def _feedback_line(reports) -> InputLine:
    if not reports:
        return InputLine("feedback", _("Feedback report"), _("No feedback report ready yet."))
    state = _("%(n)s ready") % {"n": len(reports)}
    return InputLine("feedback", _("Feedback report"), state, _url(reports[0].review, "#feedback"))


def _visit_line(visit) -> InputLine:
    if visit is None:
        return InputLine("visit", _("Audit report"), _("No audit visit planned."), warning=True)
    if visit.status == AuditVisit.Status.REPORTED:
        state = _("Reported: %(judgement)s") % {"judgement": visit.get_judgement_display()}
        return InputLine("visit", _("Audit report"), state, _url(visit))
    if visit.status == AuditVisit.Status.HELD:
        state = _("Held on %(date)s; the report is not sent yet.") % {"date": date_format(visit.date)}
    else:
        state = _("Planned for %(date)s.") % {"date": date_format(visit.date)}
    return InputLine("visit", _("Audit report"), state, _url(visit), warning=True)


def _grant_line(grant, show_proposal: bool) -> InputLine:
    if grant is None:
        return InputLine("grant", _("Stimulus grant"), _("No proposal computed yet."), warning=True)
    if grant.status == StimulusGrant.Status.PROPOSED:
        if not show_proposal:
            return InputLine("grant", _("Stimulus grant"), _("Not decided yet."))
        return InputLine(
            "grant", _("Stimulus grant"), _("Proposed: %(amount)s") % {"amount": _euro(grant.proposed_amount)}
        )
    if grant.status == StimulusGrant.Status.WITHHELD:
        return InputLine("grant", _("Stimulus grant"), _("Withheld"))
    state = _("Decided: %(amount)s") % {"amount": _euro(grant.decided_amount)}
    if show_proposal and grant.decided_amount != grant.proposed_amount:
        state += " " + _("(proposal %(amount)s)") % {"amount": _euro(grant.proposed_amount)}
    return InputLine("grant", _("Stimulus grant"), state)


def meeting_inputs(
    *, meeting: GovernanceMeeting, show_proposal: bool = True, today: datetime.date | None = None
) -> MeetingInputs:
    """The year's inputs of the meeting's region with a link and a one-line state each (9 queries)."""
    today = today or timezone.localdate()
    region_id, year_id = meeting.region_id, meeting.programme_year_id
    report = (
        MonitorReport.objects.filter(region_id=region_id, programme_year_id=year_id)
        .select_related("region", "programme_year")
        .first()
    )
    placemat = (
        Placemat.objects.filter(region_id=region_id, programme_year_id=year_id, status=Placemat.Status.PUBLISHED)
        .select_related("region", "programme_year")
        .prefetch_related(
            Prefetch(
                "consolidated",
                queryset=ConsolidatedScore.objects.select_related("theme").order_by("theme__kind", "theme__number"),
            )
        )
        .first()
    )
    reviews = list(
        PeerReview.objects.filter(Q(host_region_id=region_id) | Q(peer_region_id=region_id), programme_year_id=year_id)
        .exclude(status=PeerReview.Status.CANCELLED)
        .select_related("host_region", "peer_region", "programme_year")
        .prefetch_related(
            Prefetch(
                "learning_questions",
                queryset=LearningQuestion.objects.filter(region_id=region_id)
                .select_related("theme", "outcome")
                .order_by("pk"),
                to_attr="region_questions",
            )
        )
        .order_by("date", "pk")
    )
    feedback = list(
        FeedbackReport.objects.filter(
            region_id=region_id, review__programme_year_id=year_id, status=FeedbackReport.Status.READY
        )
        .select_related("review__host_region", "review__peer_region", "review__programme_year", "author")
        .order_by("ready_at", "pk")
    )
    visit = (
        AuditVisit.objects.filter(region_id=region_id, programme_year_id=year_id)
        .select_related("region", "programme_year")
        .first()
    )
    grant = StimulusGrant.objects.filter(region_id=region_id, programme_year_id=year_id).first()
    review_inputs = [ReviewInput(r, _url(r), r.region_questions) for r in reviews]
    scores = list(placemat.consolidated.all()) if placemat else []
    late = report.lateness(today) if report is not None else False
    inputs = MeetingInputs(
        report=report,
        report_late=late,
        placemat=placemat,
        scores=scores,
        reviews=review_inputs,
        feedback_reports=feedback,
        visit=visit,
        grant=grant,
    )
    inputs.lines = [
        _report_line(report, late),
        _placemat_line(placemat, scores),
        _reviews_line(review_inputs),
        _feedback_line(feedback),
        _visit_line(visit),
        _grant_line(grant, show_proposal),
    ]
    return inputs


@dataclass
class MeetingRow:
    meeting: GovernanceMeeting
    grant: StimulusGrant | None


def meetings_for_year(*, programme_year: ProgrammeYear) -> list[MeetingRow]:
    """The year's meetings with their region and grant (2 queries)."""
    meetings = list(
        GovernanceMeeting.objects.filter(programme_year=programme_year)
        .select_related("region", "programme_year__programme")
        .order_by("date", "region__name")
    )
    grants = {g.region_id: g for g in StimulusGrant.objects.filter(programme_year=programme_year)}
    return [MeetingRow(m, grants.get(m.region_id)) for m in meetings]


def region_meetings(*, region, held_only: bool) -> list[GovernanceMeeting]:
    qs = GovernanceMeeting.objects.filter(region=region).select_related("programme_year", "region")
    if held_only:
        qs = qs.filter(status=GovernanceMeeting.Status.HELD)
    return list(qs.order_by("programme_year__year"))


def meeting_for_page(*, region_key: str, year: int) -> GovernanceMeeting:
    """The meeting of the region of a URL key (`regions.converters`). Raises GovernanceMeeting.DoesNotExist."""
    return GovernanceMeeting.objects.select_related(
        "region__programme", "programme_year__programme", "created_by", "updated_by"
    ).get(**region_lookup(region_key, prefix="region__"), programme_year__year=year)


def region_meetings_section(*, region: Region, user) -> dict | None:
    """The region page's governance meetings this user may read (all for the office, held ones for the others
    allowed), or None to leave the section out."""
    if user.has_perm("governance.manage_meetings"):
        meetings = region_meetings(region=region, held_only=False)
    else:
        meetings = [
            m for m in region_meetings(region=region, held_only=True) if user.has_perm("governance.view_meeting", m)
        ]
    return {"meetings": meetings} if meetings else None


GOVERNANCE_SECTION = RegionSection(
    slot="bottom",
    order=20,
    anchor="governance",
    title=gettext_lazy("Governance meetings"),
    template="governance/region/_meetings.html",
    context=region_meetings_section,
)

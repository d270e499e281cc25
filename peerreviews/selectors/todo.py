"""What waits in the peer-review app (Mijn taken): proposals to confirm, feedback reports to write, learning
outcomes whose action is due. A fixed number of queries, whatever the number of reviews."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from audits.models import Assignment
from regions.models import RegionRole
from regions.selectors import LIVE_AFTER_DUE, programme_years_live
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles
from toptechniek.common.todo import Todo

from ..models import FEEDBACK_STATES, FeedbackReport, LearningOutcome, PeerReview

OUTCOME_HORIZON = datetime.timedelta(days=30)  # an outcome's action shows from a month before it is due


def _office_todos(*, today: datetime.date) -> list[Todo]:
    """Proposed peer reviews of the years at work wait for the office's confirmation (1 query)."""
    return [
        Todo(
            kind="review_confirm",
            what=_("Confirm the proposed peer review"),
            subject=str(review),
            programme_id=review.programme_year.programme_id,
            url=review.get_absolute_url(),
            due=review.date,
            state=_("proposed"),
            role=_("programme office"),
        )
        for review in PeerReview.objects.filter(
            status=PeerReview.Status.PROPOSED, programme_year__in=programme_years_live(today=today)
        )
        .select_related("host_region", "peer_region", "programme_year")
        .order_by("created_at")
    ]


def _advisor_todos(*, user: User, today: datetime.date) -> list[Todo]:
    """Feedback reports the advisor writes: a held review of a year at work, of a region they advise that year
    (2 queries)."""
    advised = set(
        Assignment.objects.filter(user=user, role=Assignment.Role.ADVISOR).values_list("region_id", "programme_year_id")
    )
    if not advised:
        return []
    region_ids = {region_id for region_id, _year in advised}
    reviews = list(
        PeerReview.objects.filter(status__in=FEEDBACK_STATES, programme_year__in=programme_years_live(today=today))
        .filter(Q(host_region_id__in=region_ids) | Q(peer_region_id__in=region_ids))
        .select_related("host_region", "peer_region", "programme_year")
        .prefetch_related("feedback_reports")
        .order_by("date", "pk")
    )
    todos = []
    for review in reviews:
        reports = {report.region_id: report for report in review.feedback_reports.all()}
        for region in (review.host_region, review.peer_region):
            if region is None or (region.pk, review.programme_year_id) not in advised:
                continue
            report = reports.get(region.pk)
            if report is not None and report.status == FeedbackReport.Status.READY:
                continue
            todos.append(
                Todo(
                    kind="feedback_write",
                    what=_("Write the feedback report for %(region)s") % {"region": region.name},
                    subject=str(review),
                    programme_id=review.programme_year.programme_id,
                    url=reverse("peerreviews:feedback_edit", args=[review.pk, region.slug]),
                    state=_("draft") if report is not None else _("not started"),
                    role=_("advisor"),
                )
            )
    return todos


def _lead_todos(*, user: User, today: datetime.date) -> list[Todo]:
    """Open learning-outcome actions of the project leader's or penvoerder's regions, due within a month
    (1 query)."""
    leads = [
        rid
        for rid, held in region_roles(user).items()
        if held & {RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER}
    ]
    if not leads:
        return []
    return [
        Todo(
            kind="outcome_action",
            what=_("Learning action: %(action)s") % {"action": outcome.action},
            subject=outcome.question.region.name,
            programme_id=outcome.question.region.programme_id,
            url=outcome.question.review.get_absolute_url() + f"#question-{outcome.question_id}",
            due=outcome.action_due,
            note=_("Owner: %(owner)s") % {"owner": outcome.action_owner},
            role=_("project leader"),
        )
        for outcome in LearningOutcome.objects.filter(
            question__region_id__in=leads,
            question__review__programme_year__programme__closed_at__isnull=True,  # a closed programme is history
            done=False,
            action_due__lte=today + OUTCOME_HORIZON,
            action_due__gte=today - LIVE_AFTER_DUE,  # an action open for more than a year is history
        )
        .select_related("question__region", "question__review")
        .order_by("action_due", "pk")
    ]


def _after_talk_todos(*, user: User, today: datetime.date) -> list[Todo]:
    """A nagesprek whose date has come and that is not recorded yet waits for the review's procesbegeleider or,
    when it has none, for the host's project leader (1 query)."""
    from ..models import AfterTalk

    hosts = [rid for rid, held in region_roles(user).items() if RegionRole.Role.PROJECT_LEADER in held]
    whose = Q(review__facilitator=user) | Q(review__facilitator__isnull=True, review__host_region_id__in=hosts)
    return [
        Todo(
            kind="after_talk_record",
            what=_("Record the nagesprek"),
            subject=str(talk.review),
            programme_id=talk.review.programme_year.programme_id,
            url=reverse("peerreviews:after_talk_record", args=[talk.review_id]),
            due=talk.date,
            state=_("held, not recorded"),
            role=_("procesbegeleider") if talk.review.facilitator_id == user.pk else _("project leader"),
        )
        for talk in AfterTalk.objects.filter(
            whose,
            status=AfterTalk.Status.PLANNED,
            date__lte=today,
            date__gte=today - LIVE_AFTER_DUE,
            review__programme_year__programme__closed_at__isnull=True,
        )
        .select_related("review__host_region", "review__peer_region", "review__programme_year")
        .order_by("date", "pk")
    ]


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    todos = (
        _advisor_todos(user=user, today=today)
        + _lead_todos(user=user, today=today)
        + _after_talk_todos(user=user, today=today)
    )
    if user.is_programme_office:
        todos += _office_todos(today=today)
    return todos

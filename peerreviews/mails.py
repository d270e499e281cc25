"""Mails of the peer-review flow, queued through the notification outbox (one per key, sent by the worker).

Call these inside the transaction of the transition that causes them; the send happens after commit.
"""

from django.db.models import Q

from regions.models import RegionRole
from toptechniek.common.notifications import notification_queue, site_link

from .models import FeedbackReport, PeerReview

LEADS = (RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER)


def _region_leads(region_ids):
    """Active project leaders and penvoerders of the regions, each person once."""
    from toptechniek.accounts.models import User

    return User.objects.filter(
        is_active=True, region_roles__region_id__in=list(region_ids), region_roles__role__in=LEADS
    ).distinct()


def review_confirmed_queue(*, review: PeerReview) -> int:
    """The office confirmed the review (readiness checked, now preparing): tell both regions and their advisors."""
    from audits.models import Assignment
    from toptechniek.accounts.models import User

    advisors = User.objects.filter(
        is_active=True,
        assignments__programme_year_id=review.programme_year_id,
        assignments__region_id__in=review.region_ids,
        assignments__role=Assignment.Role.ADVISOR,
    )
    recipients = User.objects.filter(Q(pk__in=_region_leads(review.region_ids)) | Q(pk__in=advisors)).distinct()
    context = {
        "review_title": str(review),
        "date": review.date.isoformat() if review.date else "",
        "place": review.place,
        "link": site_link(review.get_absolute_url()),
    }
    sent = 0
    for user in recipients.order_by("pk"):
        if notification_queue(
            key=f"review-confirmed:{review.pk}:user={user.pk}",
            kind="review_confirmed",
            recipient=user,
            template="mail/review_confirmed",
            context=context,
        ):
            sent += 1
    return sent


def feedback_ready_queue(*, report: FeedbackReport) -> int:
    """The advisor marked the feedback report ready: tell the region's project leaders and penvoerders."""
    review = report.review
    context = {
        "review_title": str(review),
        "region_name": report.region.name,
        "author_name": report.author.full_name if report.author else "",
        "link": site_link(review.get_absolute_url() + "#feedback"),
    }
    sent = 0
    for user in _region_leads([report.region_id]).order_by("pk"):
        if notification_queue(
            key=f"feedback-ready:{report.pk}:user={user.pk}",
            kind="feedback_ready",
            recipient=user,
            template="mail/feedback_ready",
            context=context,
        ):
            sent += 1
    return sent

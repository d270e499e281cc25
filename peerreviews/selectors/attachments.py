"""Attachments of a peer review, read side: the attachments block of the review's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from toptechniek.accounts.models import User
from toptechniek.common.uploads import attachment_context

from ..models import PeerReview, PeerReviewAttachment


def review_attachments_context(*, review: PeerReview, user: User) -> dict:
    """The attachments block of the review's page (one query)."""
    attachments = list(PeerReviewAttachment.objects.filter(review=review).select_related("uploaded_by"))
    for attachment in attachments:
        attachment.review = review  # the rules read the review's state and regions without a query

    def delete_url(attachment):
        if not user.has_perm("peerreviews.delete_review_attachment", attachment):
            return None
        return reverse("peerreviews:review_attachment_delete", args=[review.pk, attachment.pk])

    can_add = user.has_perm("peerreviews.add_review_attachment", review)
    return attachment_context(
        attachments=attachments,
        download_url=lambda a: reverse("peerreviews:review_attachment_download", args=[review.pk, a.pk]),
        delete_url=delete_url,
        upload_url=reverse("peerreviews:review_attachment_add", args=[review.pk]) if can_add else None,
        empty_text=_(
            "No attachments. The regions' project leaders, their advisors and the programme office can add "
            "the programme, presentations or minutes here."
        ),
    )

"""Attachments of a peer review (programme, presentations, photos, minutes): services and the page block.

Added by the office, the project leaders of the regions and their advisors until the review is closed or
cancelled; removed by the office, or by whoever added them while they may still add. Checked by content
and size before anything is stored (toptechniek.common.uploads).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from toptechniek.accounts.models import User
from toptechniek.common.uploads import attachment_context, attachment_create, attachment_delete

from .models import PeerReview, PeerReviewAttachment

Status = PeerReview.Status
ATTACHMENT_STATES = (Status.PROPOSED, Status.PREPARING, Status.HELD, Status.REPORTED)


def _attachments_open(review: PeerReview) -> None:
    if review.status not in ATTACHMENT_STATES:
        raise ValidationError(
            _("Attachments can no longer be added or removed: the peer review is %(status)s.")
            % {"status": review.get_status_display()},
            code="state",
        )


def review_attachment_add(*, review: PeerReview, upload, description: str, actor: User) -> PeerReviewAttachment:
    return attachment_create(
        model=PeerReviewAttachment,
        owner_field="review",
        owner=review,
        upload=upload,
        description=description,
        actor=actor,
        check=_attachments_open,
    )


@transaction.atomic
def review_attachment_delete(*, attachment: PeerReviewAttachment, actor: User) -> None:
    review = PeerReview.objects.select_for_update().get(pk=attachment.review_id)
    _attachments_open(review)
    attachment_delete(attachment=attachment)


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

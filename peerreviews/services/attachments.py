"""Attachments of a peer review (programme, presentations, photos, minutes): adding and removing them.

Added by the office, the project leaders of the regions and their advisors until the review is closed or
cancelled; removed by the office, or by whoever added them while they may still add. Checked by content
and size before anything is stored (toptechniek.common.uploads).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from toptechniek.accounts.models import User
from toptechniek.common.uploads import attachment_create, attachment_delete

from ..models import ATTACHMENT_STATES, PeerReview, PeerReviewAttachment


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

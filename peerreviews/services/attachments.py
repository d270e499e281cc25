"""Attachments of a peer review (programme, presentations, photos, minutes): adding and removing them.

Added by the office, the project leaders of the regions and their advisors until the review is closed or
cancelled; removed by the office, or by whoever added them while they may still add. Checked by content
and size before anything is stored (toptechniek.common.uploads).
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.services import programme_check_open
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.uploads import attachment_create, attachment_delete

from ..audit import review_label, review_params
from ..models import ATTACHMENT_STATES, PeerReview, PeerReviewAttachment


def _attachments_open(review: PeerReview) -> None:
    programme_check_open(programme=review.programme_year.programme)
    if review.status not in ATTACHMENT_STATES:
        raise ValidationError(
            _("Attachments can no longer be added or removed: the peer review is %(status)s.")
            % {"status": review.get_status_display()},
            code="state",
        )


def _log(review: PeerReview, *, action: str, message: str, actor: User, name: str) -> None:
    audit_change(
        action=f"peerreviews.{action}",
        message=message,
        params=review_params(review, name=name),
        actor=actor,
        object_label=review_label(review),
    )


def review_attachment_add(*, review: PeerReview, upload, description: str, actor: User) -> PeerReviewAttachment:
    # The attachment's row and its audit event commit together. `attachment_create` removes the stored file
    # when it fails itself; should the audit event fail after it, the file is removed here.
    attachment = None
    try:
        with transaction.atomic():
            attachment = attachment_create(
                model=PeerReviewAttachment,
                owner_field="review",
                owner=review,
                upload=upload,
                description=description,
                actor=actor,
                check=_attachments_open,
            )
            _log(
                review,
                action="review_attachment_add",
                message=gettext_noop("Peer review %(review)s: attachment “%(name)s” added"),
                actor=actor,
                name=attachment.name,
            )
    except BaseException:
        if attachment is not None:
            default_storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def review_attachment_delete(*, attachment: PeerReviewAttachment, actor: User) -> None:
    review = PeerReview.objects.select_for_update().get(pk=attachment.review_id)
    _attachments_open(review)
    name = attachment.name
    attachment_delete(attachment=attachment)
    _log(
        review,
        action="review_attachment_delete",
        message=gettext_noop("Peer review %(review)s: attachment “%(name)s” removed"),
        actor=actor,
        name=name,
    )

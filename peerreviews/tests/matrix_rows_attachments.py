"""Permission-matrix rows of a peer review's attachments (see regions/tests/matrix_base.py).

Built after matrix_rows and matrix_rows_content: the proposed review A→B (2015) has an attachment added by
region A's project leader, B's review with C one of its own, and a closed review A→B (2012) one. The office,
both project leaders and (in 2014, the content world's held review) region A's advisor add attachments until a
review is closed or cancelled; the office and whoever added one remove it; every reader downloads.
"""

from django.urls import reverse

from peerreviews.models import PeerReviewAttachment
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.matrix_base import CF, LOGGED_IN, OFFICE, PL, PL_OTHER, READ_ONLY_POST, VIEWER, expect
from toptechniek.common.samples import store_sample_attachment

NOBODY = expect(set(), 200)
ADDERS = {OFFICE, PL, PL_OTHER}


def build(world) -> None:
    closed = PeerReviewFactory(
        programme_year=world.years[2012], host_region=world.region_a, peer_region=world.region_b, closed=True
    )
    world.extra["review_closed"] = closed
    for key in ("review_proposed", "review_other", "review_closed"):
        world.extra[f"attachment_{key}"] = store_sample_attachment(
            PeerReviewAttachment, review=world.extra[key], user=world.users[PL], name=f"{key}.pdf"
        )


def snapshot():
    return tuple(PeerReviewAttachment.objects.order_by("pk").values_list("pk", "name", "description"))


def _add_url(key):
    return lambda w: reverse("peerreviews:review_attachment_add", args=[w.extra[key].pk])


def _url(name, key):
    def build_url(w):
        attachment = w.extra[f"attachment_{key}"]
        return reverse(f"peerreviews:{name}", args=[attachment.review_id, attachment.pk])

    return build_url


ROWS = {
    "peerreviews:review_attachment_add": (
        _add_url("review_proposed"),
        expect(ADDERS, 200),
        expect(ADDERS, 200),  # a POST without a file re-renders the form
    ),
    "peerreviews:review_attachment_add[advisor]": (
        _add_url("content_review_held"),
        expect(ADDERS | {CF}, 200),  # the critical friend advises region A in 2014
        expect(ADDERS | {CF}, 200),
    ),
    "peerreviews:review_attachment_add[closed]": (_add_url("review_closed"), NOBODY, NOBODY),
    "peerreviews:review_attachment_download": (
        _url("review_attachment_download", "review_proposed"),
        expect(LOGGED_IN, 200),
        READ_ONLY_POST,
    ),
    "peerreviews:review_attachment_download[other]": (
        _url("review_attachment_download", "review_other"),
        expect({OFFICE, VIEWER, PL_OTHER}, 200),
        READ_ONLY_POST,
    ),
    "peerreviews:review_attachment_delete": (
        _url("review_attachment_delete", "review_proposed"),
        expect({OFFICE, PL}, 200),  # the office and who added it; B's project leader may add but not remove it
        expect({OFFICE, PL}, 302),
    ),
    "peerreviews:review_attachment_delete[closed]": (
        _url("review_attachment_delete", "review_closed"),
        NOBODY,
        NOBODY,
    ),
}

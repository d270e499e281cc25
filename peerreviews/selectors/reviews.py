"""Peer reviews, read side: the list a person may see, a review for its page, a region's reviews, the
candidates for a follow-up review. Each a fixed number of queries whatever the number of reviews."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from regions.models import Programme, Region
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles

from ..models import (
    FOLLOW_UP_STATES,
    PeerReview,
    PeerReviewTransition,
)

Status = PeerReview.Status


def reviews_visible(*, user: User) -> QuerySet[PeerReview]:
    """Office and viewer: all; a region's people (incl. critical friends): the reviews of their regions."""
    if not getattr(user, "is_authenticated", False):
        return PeerReview.objects.none()
    if user.is_programme_office or user.is_viewer:
        return PeerReview.objects.all()
    region_ids = list(region_roles(user))
    return PeerReview.objects.filter(Q(host_region_id__in=region_ids) | Q(peer_region_id__in=region_ids))


def reviews_for_list(
    *,
    user: User,
    programme: Programme | None = None,
    year: int | None = None,
    status: str = "",
    region: Region | None = None,
) -> QuerySet[PeerReview]:
    """The visible reviews matching the filters with their regions and year: one query (plus a page count)."""
    qs = reviews_visible(user=user)
    if programme is not None:
        qs = qs.filter(programme_year__programme=programme)
    if year:
        qs = qs.filter(programme_year__year=year)
    if status:
        qs = qs.filter(status=status)
    if region is not None:
        qs = qs.filter(Q(host_region=region) | Q(peer_region=region))
    return qs.select_related("host_region", "peer_region", "programme_year").order_by(
        "-programme_year__year", "host_region__name", "pk"
    )


def review_detail_queryset() -> QuerySet[PeerReview]:
    return PeerReview.objects.select_related(
        "host_region__programme",
        "peer_region",
        "programme_year__programme",
        "previous__host_region",
        "previous__peer_region",
        "previous__programme_year",
        "readiness_checked_by",
        "proposed_by",
        "facilitator",
        "after_talk__recorded_by",
    ).prefetch_related(
        Prefetch("transitions", queryset=PeerReviewTransition.objects.select_related("actor").order_by("at", "pk")),
        Prefetch(
            "follow_ups",
            queryset=PeerReview.objects.select_related("host_region", "peer_region", "programme_year").order_by(
                "programme_year__year", "pk"
            ),
        ),
    )


def review_for_detail(*, pk: int) -> PeerReview:
    """One review with its regions, year, previous review, history and follow-ups: three queries."""
    return review_detail_queryset().get(pk=pk)


def reviews_of_region(*, region: Region) -> list[PeerReview]:
    """The region's peer reviews (hosted, visiting, internal) for its page: one query."""
    return list(
        PeerReview.objects.filter(Q(host_region=region) | Q(peer_region=region))
        .select_related("host_region", "peer_region", "programme_year")
        .order_by("-programme_year__year", "pk")
    )


def follow_up_candidates(*, region: Region) -> QuerySet[PeerReview]:
    """Reviews the region took part in that a follow-up may build on (reported or closed, external)."""
    return (
        PeerReview.objects.filter(Q(host_region=region) | Q(peer_region=region))
        .filter(kind=PeerReview.Kind.EXTERNAL, status__in=FOLLOW_UP_STATES)
        .select_related("host_region", "peer_region", "programme_year")
        .order_by("-programme_year__year", "pk")
    )


def readiness_table(review: PeerReview) -> dict:
    """The readiness check as rows (one per question) by column (one per region whose readiness counts)."""
    sides = review.readiness_sides()
    labels = (_("The region is stable"), _("The region has learning capacity"), _("The region can be a full peer"))
    rows = [(label, [answers[index] for _region, answers in sides]) for index, label in enumerate(labels)]
    return {"readiness_sides": sides, "readiness_rows": rows}

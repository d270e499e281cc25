"""The peer-review part of the conflict-of-interest rule: peer partners do not score each other in that year.

The partners of a peer review are the people of the two regions (project leader, penvoerder, partner)
and each region's advisor, who guides the review and writes its feedback report. None of them may
assess the other region in that year; an assessor of one region may therefore not advise the other.
An assessor of both regions is no partner and stays allowed. The audits app asks `assignment_peer_conflict`
through its hook list (registered in apps.py); the office's confirmation of a review asks
`peer_assessor_conflicts`.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from audits.models import Assignment
from regions.models import ProgrammeYear, Region, RegionRole

from ..models import PeerReview

MEMBER_ROLES = (RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER, RegionRole.Role.PARTNER)


def _peer_region_ids(*, region_id: int, programme_year_id: int) -> set[int]:
    """Regions this region has a (not cancelled, external) peer review with in that programme year."""
    pairs = (
        PeerReview.objects.filter(programme_year_id=programme_year_id, kind=PeerReview.Kind.EXTERNAL)
        .exclude(status=PeerReview.Status.CANCELLED)
        .filter(Q(host_region_id=region_id) | Q(peer_region_id=region_id))
        .values_list("host_region_id", "peer_region_id")
    )
    return {other for pair in pairs for other in pair if other != region_id}


def assignment_peer_conflict(*, programme_year: ProgrammeYear, region: Region, user, role: str) -> str | None:
    """Why `user` may not take `role` for `region` in that year because of a peer review, or None."""
    peers = _peer_region_ids(region_id=region.pk, programme_year_id=programme_year.pk)
    if not peers:
        return None
    values = {"person": user, "region": region.name, "year": programme_year.year}
    if role == Assignment.Role.ASSESSOR:
        other = (
            Assignment.objects.filter(
                programme_year=programme_year, region_id__in=peers, user=user, role=Assignment.Role.ADVISOR
            )
            .select_related("region")
            .order_by("region__name")
            .first()
        )
        if other is not None:
            return _(
                "%(person)s is %(role)s of %(peer)s, the peer-review partner of %(region)s in %(year)s, and so may "
                "not score the placemat of %(region)s."
            ) % {**values, "role": other.get_role_display(), "peer": other.region.name}
        member = (
            RegionRole.objects.filter(user=user, region_id__in=peers, role__in=MEMBER_ROLES)
            .select_related("region")
            .order_by("region__name")
            .first()
        )
        if member is not None:
            return _(
                "%(person)s works in %(peer)s, the peer-review partner of %(region)s in %(year)s, and so may not "
                "score the placemat of %(region)s."
            ) % {**values, "peer": member.region.name}
        return None
    assesses = (
        Assignment.objects.filter(
            programme_year=programme_year, region_id__in=peers, user=user, role=Assignment.Role.ASSESSOR
        )
        .select_related("region")
        .order_by("region__name")
        .first()
    )
    if assesses is not None:
        return _(
            "%(person)s assesses %(peer)s, the peer-review partner of %(region)s in %(year)s, and so may not work "
            "for %(region)s that year."
        ) % {**values, "peer": assesses.region.name}
    return None


def peer_assessor_conflicts(*, review: PeerReview) -> list[str]:
    """Assessors that would score their peer partner if this review went ahead (empty for internal reviews)."""
    if review.is_internal or review.peer_region_id is None:
        return []
    year = review.programme_year
    pairs = ((review.host_region, review.peer_region), (review.peer_region, review.host_region))
    region_ids = review.region_ids
    assignments = list(
        Assignment.objects.filter(programme_year=year, region_id__in=region_ids).select_related("user", "region")
    )
    members = set(
        RegionRole.objects.filter(region_id__in=region_ids, role__in=MEMBER_ROLES).values_list("user_id", "region_id")
    )
    conflicts = []
    for assessed, partner in pairs:
        partner_people = {
            a.user_id for a in assignments if a.region_id == partner.pk and a.role == Assignment.Role.ADVISOR
        } | {user_id for user_id, region_id in members if region_id == partner.pk}
        for assignment in assignments:
            if (
                assignment.region_id == assessed.pk
                and assignment.role == Assignment.Role.ASSESSOR
                and assignment.user_id in partner_people
            ):
                conflicts.append(
                    _(
                        "%(person)s assesses %(assessed)s in %(year)s and is a partner in its peer review with "
                        "%(partner)s; peer partners do not score each other. Assign another assessor first."
                    )
                    % {
                        "person": assignment.user,
                        "assessed": assessed.name,
                        "partner": partner.name,
                        "year": year.year,
                    }
                )
    return conflicts

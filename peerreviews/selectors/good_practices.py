"""Reads shaped for the good-practice pages: a fixed number of queries per page."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from regions.models import Landsdeel, PlacematTheme, Programme, Region, SuccessCondition
from regions.rules import CRITICAL_FRIEND
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles

from ..models import GoodPractice


def _critical_friend_region_ids(user: User) -> list[int]:
    return [region_id for region_id, roles in region_roles(user).items() if CRITICAL_FRIEND in roles]


def good_practices_visible(*, user: User) -> QuerySet[GoodPractice]:
    """Published practices, plus the drafts this user may see (office: all; else own and critical-friend regions)."""
    qs = GoodPractice.objects.all()
    if not user.is_programme_office:
        qs = qs.filter(
            Q(status=GoodPractice.Status.PUBLISHED)
            | Q(created_by=user)
            | Q(region_id__in=_critical_friend_region_ids(user))
        )
    return qs


@dataclass
class GoodPracticeFilters:
    theme: PlacematTheme | None = None
    success_condition: SuccessCondition | None = None
    landsdeel: Landsdeel | None = None  # one of the programme's
    region: Region | None = None
    q: str = ""


def _with_tags(qs: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    return qs.select_related("region__landsdeel", "created_by").prefetch_related(
        Prefetch("themes", queryset=PlacematTheme.objects.order_by("kind", "number")),
        Prefetch("success_conditions", queryset=SuccessCondition.objects.order_by("number")),
    )


def good_practice_list(
    *, user: User, filters: GoodPracticeFilters, programme: Programme | None = None
) -> QuerySet[GoodPractice]:
    """The visible practices matching the filters (of `programme`'s regions when given), newest first; a page
    of it costs three queries (the rows, their themes, their success conditions) plus the paginator's count."""
    qs = good_practices_visible(user=user)
    if programme is not None:
        qs = qs.filter(region__programme=programme)
    if filters.theme is not None:
        qs = qs.filter(themes=filters.theme)
    if filters.success_condition is not None:
        qs = qs.filter(success_conditions=filters.success_condition)
    if filters.landsdeel is not None:
        qs = qs.filter(region__landsdeel=filters.landsdeel)
    if filters.region is not None:
        qs = qs.filter(region=filters.region)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    # Filtering on two many-to-many tags never duplicates a row: each filter matches one tag per practice.
    return _with_tags(qs).order_by("-published_at", "-created_at", "-pk")


def good_practice_detail_queryset() -> QuerySet[GoodPractice]:
    return _with_tags(GoodPractice.objects.select_related("region__programme"))


def regions_writable(*, user: User) -> QuerySet[Region]:
    """The regions this user may write good practices for: all for the office, else their critical-friend regions."""
    qs = Region.objects.select_related("programme")
    if not user.is_programme_office:
        qs = qs.filter(pk__in=_critical_friend_region_ids(user))
    return qs.order_by("name")


def good_practices_of_region(*, region: Region) -> list[GoodPractice]:
    """The region's published practices for its page (one query)."""
    return list(region.good_practices.filter(status=GoodPractice.Status.PUBLISHED).order_by("-published_at", "-pk"))

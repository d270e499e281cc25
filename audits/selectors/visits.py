"""Audit visits, read side: the year's visits, the assessors to choose a committee from, a visit to read.

Each a fixed number of queries.
"""

from django.db.models import Prefetch

from regions.models import ProgrammeYear, Region
from toptechniek.accounts.models import User

from ..models import Assignment, AuditVisit, VisitConditionRating, VisitFinding


def visits_for_year(*, programme_year: ProgrammeYear) -> list[AuditVisit]:
    """All visits of a programme year with region, committee and attendees: three queries."""
    return list(
        AuditVisit.objects.filter(programme_year=programme_year)
        .select_related("region")
        .prefetch_related("committee", "attendees")
        .order_by("date", "region__name")
    )


def assessors_for_year(*, programme_year: ProgrammeYear, region: Region | None = None):
    qs = User.objects.filter(assignments__programme_year=programme_year, assignments__role=Assignment.Role.ASSESSOR)
    if region is not None:
        qs = qs.filter(assignments__region=region)
    return qs.distinct().order_by("full_name")


def visit_for_reading(*, region: Region, year: int) -> AuditVisit:
    return (
        AuditVisit.objects.select_related("region__programme", "programme_year__programme")
        .prefetch_related(
            "committee",
            "attendees",
            Prefetch(
                "findings",
                queryset=VisitFinding.objects.select_related("theme").order_by("theme__kind", "theme__number"),
            ),
            Prefetch(
                "ratings",
                queryset=VisitConditionRating.objects.select_related("condition").order_by("condition__number"),
            ),
            "actions",
        )
        .get(region=region, programme_year__year=year)
    )

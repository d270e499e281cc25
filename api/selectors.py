"""What the API returns to a person: the same objects their pages show, asked of the same rules.

For the programme office and the ministry (global roles) each resource is one queryset whose filter says what
their rules say; for people with region roles the candidates are their own regions' objects, and each candidate
is asked of the page's rule (`user.has_perm`), so a region's token sees exactly what its pages show and nothing
of another region (the peer region's monitor report, readable on the page during a peer review, is not in the
API). The API matrix (api/tests/test_api_matrix.py) checks every resource for every role against the rules.

Only settled data: realisations of submitted and accepted reports, published placemats, reported audit visits,
agreed indicators with their approved amendments. Every queryset costs a fixed number of queries per page.
"""

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import AuditVisit, ConsolidatedCondition, ConsolidatedScore, Placemat, StimulusGrant
from monitoring.models import MonitorReport, Realisation
from monitoring.selectors import SETTLED_STATUSES
from regions.models import Indicator, Programme, ProgrammeYear, Region, Target, TargetAmendment
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles
from toptechniek.common.todo import Todo

from .models import ApiToken


def tokens_of_user(*, user: User) -> list[ApiToken]:
    """The person's tokens, newest first (one query)."""
    return list(ApiToken.objects.filter(user=user))


# A token that stops working within this many days is on its owner's Mijn taken (a dashboard would fall silent).
TOKEN_EXPIRY_NOTICE_DAYS = 14


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """Tokens of this person that expire within TOKEN_EXPIRY_NOTICE_DAYS: make a new one in time (1 query)."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    soon = start + datetime.timedelta(days=TOKEN_EXPIRY_NOTICE_DAYS + 1)
    tokens = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now(), expires_at__lt=soon
    )
    return [
        Todo(
            kind="api_token_expiring",
            what=_("Make a new API token: “%(name)s” stops working") % {"name": token.name},
            subject=_("API tokens"),
            url=reverse("api:tokens"),
            due=timezone.localtime(token.expires_at).date(),
        )
        for token in tokens.order_by("expires_at")
    ]


def _is_global(user: User) -> bool:
    return bool(user.is_programme_office or user.is_viewer)


def _own_region_ids(user: User) -> list[int]:
    return list(region_roles(user))


def _rule_checked(user: User, perm: str, candidates, target=lambda obj: obj) -> list[int]:
    """The pks of the candidates the page's rule lets the user read (candidates: their own regions' objects)."""
    return [obj.pk for obj in candidates if user.has_perm(perm, target(obj))]


def programmes_for_api(*, user: User) -> QuerySet[Programme]:
    """Office and ministry: every programme; others: the programmes of their regions."""
    programmes = Programme.objects.all()
    if not _is_global(user):
        programmes = programmes.filter(
            pk__in=Region.objects.filter(pk__in=_own_region_ids(user)).values("programme_id")
        )
    return programmes.order_by("-start_year", "name")


def programme_years_for_api(*, user: User) -> QuerySet[ProgrammeYear]:
    return (
        ProgrammeYear.objects.filter(programme__in=programmes_for_api(user=user))
        .select_related("programme")
        .order_by("programme__slug", "year")
    )


def regions_for_api(*, user: User) -> QuerySet[Region]:
    """`regions.view_region`: office and ministry every region, members their own."""
    regions = Region.objects.select_related("programme", "landsdeel")
    if not _is_global(user):
        regions = regions.filter(pk__in=_own_region_ids(user))
    return regions.order_by("programme__slug", "name", "pk")


def indicators_for_api(*, user: User) -> QuerySet[Indicator]:
    """The agreed indicators of the regions the user may see, with their targets and approved amendments
    (three queries per page: the page, its targets, its amendments with their lines)."""
    approved = TargetAmendment.objects.filter(status=TargetAmendment.Status.APPROVED)
    return (
        Indicator.objects.filter(status=Indicator.Status.AGREED, region__in=regions_for_api(user=user))
        .select_related("region__programme", "performance_area", "route")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch(
                "amendments",
                queryset=approved.order_by("decided_at", "pk").prefetch_related("lines"),
                to_attr="approved_amendments",
            ),
        )
        .order_by("region__programme__slug", "region__name", "code", "pk")
    )


def _readable_reports_q(user: User) -> Q:
    """`monitoring.view_report`, as a filter on monitor reports."""
    if user.is_programme_office:
        return Q()
    readable = Q(pk__in=[])
    if user.is_viewer:
        readable |= Q(status=MonitorReport.Status.ACCEPTED)
    own = _own_region_ids(user)
    if own:
        candidates = MonitorReport.objects.filter(region_id__in=own).select_related("programme_year")
        readable |= Q(pk__in=_rule_checked(user, "monitoring.view_report", candidates))
    return readable


def realisations_for_api(*, user: User) -> QuerySet:
    """The settled realisations (submitted and accepted reports) of the reports the user may read, ordered by id,
    as rows of the values the API gives (no model instances: a BI client reads hundreds of thousands). The
    year's target and the agreement's version come per page from `realisations_complete`, so counting and
    paging past earlier rows join nothing."""
    reports = MonitorReport.objects.filter(_readable_reports_q(user), status__in=SETTLED_STATUSES)
    return (
        Realisation.objects.filter(report__in=reports)
        .order_by("pk")  # by id: a BI client pages through hundreds of thousands without a sort per page
        .values(
            "id",
            "value",
            "not_applicable",
            "explanation",
            "indicator_id",
            programme=F("report__programme_year__programme__slug"),
            year=F("report__programme_year__year"),
            region=F("report__region_id"),
            region_name=F("report__region__name"),
            indicator_code=F("indicator__code"),
            unit=F("indicator__unit"),
            direction=F("indicator__direction"),
            report_status=F("report__status"),
        )
    )


def realisations_complete(rows: list[dict]) -> list[dict]:
    """Each row's target for its year (`target_value`, `target_max`) and its agreement's version (1 + the
    indicator's approved amendments, `agreement_version`): two queries for a whole page."""
    if not rows:
        return rows
    indicators = {r["indicator_id"] for r in rows}
    years = {r["year"] for r in rows}
    targets = {
        (indicator, year): (value, value_max)
        for indicator, year, value, value_max in Target.objects.filter(indicator_id__in=indicators, year__in=years)
        .order_by()
        .values_list("indicator_id", "year", "value", "value_max")
    }
    amended = dict(
        TargetAmendment.objects.filter(indicator_id__in=indicators, status=TargetAmendment.Status.APPROVED)
        .order_by()
        .values("indicator_id")
        .annotate(n=Count("pk"))
        .values_list("indicator_id", "n")
    )
    for row in rows:
        row["target_value"], row["target_max"] = targets.get((row["indicator_id"], row["year"]), (None, None))
        row["agreement_version"] = 1 + amended.get(row["indicator_id"], 0)
    return rows


def report_statuses_for_api(*, user: User) -> QuerySet[MonitorReport]:
    """Every report's state, as the region page and the office's year pages show it (`regions.view_region`)."""
    return (
        MonitorReport.objects.filter(region__in=regions_for_api(user=user))
        .select_related("programme_year__programme", "region")
        .order_by("programme_year__programme__slug", "programme_year__year", "region__name", "pk")
    )


def placemats_for_api(*, user: User) -> QuerySet[Placemat]:
    """Published placemats the user may read (`audits.view_placemat`), with their consolidated scores."""
    placemats = Placemat.objects.filter(status=Placemat.Status.PUBLISHED)
    if not _is_global(user):
        candidates = placemats.filter(region_id__in=_own_region_ids(user))
        placemats = placemats.filter(pk__in=_rule_checked(user, "audits.view_placemat", candidates))
    return (
        placemats.select_related("programme_year__programme", "region")
        .prefetch_related(
            Prefetch(
                "consolidated",
                queryset=ConsolidatedScore.objects.select_related("theme").order_by("theme__kind", "theme__number"),
            ),
            Prefetch(
                "conditions",
                queryset=ConsolidatedCondition.objects.select_related("condition").order_by("condition__number"),
            ),
        )
        .order_by("programme_year__programme__slug", "programme_year__year", "region__name", "pk")
    )


def audit_judgements_for_api(*, user: User) -> QuerySet[AuditVisit]:
    """Reported audit visits whose report the user may read (`audits.view_visit_report`)."""
    visits = AuditVisit.objects.filter(status=AuditVisit.Status.REPORTED)
    if not _is_global(user):
        candidates = visits.filter(Q(region_id__in=_own_region_ids(user)) | Q(committee=user)).distinct()
        visits = visits.filter(pk__in=_rule_checked(user, "audits.view_visit_report", candidates))
    return visits.select_related("programme_year__programme", "region").order_by(
        "programme_year__programme__slug", "programme_year__year", "region__name", "pk"
    )


def grants_for_api(*, user: User) -> QuerySet[StimulusGrant]:
    """Office and ministry: every grant with its proposal (`audits.view_grants`); a region's project leader and
    penvoerder: their region's decisions (`audits.view_region_grants`, decided only, as on its page)."""
    grants = StimulusGrant.objects.all()
    if not _is_global(user):
        regions = Region.objects.filter(pk__in=_own_region_ids(user))
        allowed = _rule_checked(user, "audits.view_region_grants", regions)
        grants = grants.filter(region_id__in=allowed).exclude(status=StimulusGrant.Status.PROPOSED)
    return grants.select_related("programme_year__programme", "region").order_by(
        "programme_year__programme__slug", "programme_year__year", "region__name", "pk"
    )


def grants_show_proposals(*, user: User) -> bool:
    return user.has_perm("audits.view_grants")

"""The read API's resources (`/api/v1/…`): thin read-only viewsets over api/selectors.py, filtered by query
parameters, paged, described in OpenAPI by drf-spectacular. The plumbing is in api/rest.py."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import viewsets

from audits.models import AuditVisit, StimulusGrant
from monitoring.models import MonitorReport
from regions.models import Indicator, Region

from . import selectors, serializers
from .rest import AuditedApiMixin, Filter, apply_filters, choice_of, text, whole_number, year_number

PROGRAMME = Filter("programme", "programme_year__programme__slug", text, "The programme's slug, e.g. techniekagenda.")
YEAR = Filter("year", "programme_year__year", year_number, "The programme year, e.g. 2026.", OpenApiTypes.INT)
REGION = Filter("region", "region_id", whole_number, "The region's id.", OpenApiTypes.INT)


def _listed(filters: tuple[Filter, ...], description: str):
    """The list operation's description and its filters in the OpenAPI document."""
    return extend_schema_view(
        list=extend_schema(description=description, parameters=[f.parameter() for f in filters]),
        retrieve=extend_schema(description="One item of the list, by its key; 404 when it is not yours to see."),
    )


class ReadResource(AuditedApiMixin, viewsets.ReadOnlyModelViewSet):
    """A list (paged, filtered) and its items; the queryset is the user's own, from api/selectors.py."""

    filters: tuple[Filter, ...] = ()
    selector = None
    complete = None  # what a page's (or an item's) rows need besides the list's query: a few queries per page

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model, not a person's rows
            return self.serializer_class.Meta.model.objects.none()
        queryset = type(self).selector(user=self.request.user)
        if self.action == "list":
            queryset = apply_filters(queryset, self.request, self.filters)
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and type(self).complete is not None:
            type(self).complete(page)
        return page

    def get_object(self):
        obj = super().get_object()
        if type(self).complete is not None:
            type(self).complete([obj])
        return obj


@_listed(
    (),
    "The programmes you may see: every programme for the programme office and the ministry, your regions' "
    "programmes otherwise.",
)
class ProgrammeResource(ReadResource):
    serializer_class = serializers.ProgrammeSerializer
    selector = selectors.programmes_for_api
    lookup_field = "slug"


_YEAR_FILTERS = (
    Filter("programme", "programme__slug", text, "The programme's slug."),
    Filter("year", "year", year_number, "The year, e.g. 2026.", OpenApiTypes.INT),
)


@_listed(_YEAR_FILTERS, "The programme years (the yearly monitoring cycle) with their due dates and windows.")
class ProgrammeYearResource(ReadResource):
    serializer_class = serializers.ProgrammeYearSerializer
    selector = selectors.programme_years_for_api
    filters = _YEAR_FILTERS


_REGION_FILTERS = (
    Filter("programme", "programme__slug", text, "The programme's slug."),
    Filter("landsdeel", "landsdeel__code", text, "The landsdeel's code, e.g. noord."),
    Filter("status", "status", choice_of(*Region.Status.values), "active, suspended or stopped."),
)


@_listed(_REGION_FILTERS, "The regions you may see: all for the programme office and the ministry, your own otherwise.")
class RegionResource(ReadResource):
    serializer_class = serializers.RegionSerializer
    selector = selectors.regions_for_api
    filters = _REGION_FILTERS


_INDICATOR_FILTERS = (
    Filter("programme", "region__programme__slug", text, "The programme's slug."),
    REGION,
    Filter("code", "code", text, "The indicator's code within its region, e.g. I1."),
    Filter("kind", "kind", choice_of(*Indicator.Kind.values), "prestatie or proces."),
)


@_listed(
    _INDICATOR_FILTERS,
    "The agreed performance agreements (prestatieafspraken) with their targets per year and their approved "
    "amendments; `version` is 1 + the number of approved amendments.",
)
class IndicatorResource(ReadResource):
    serializer_class = serializers.IndicatorSerializer
    selector = selectors.indicators_for_api
    filters = _INDICATOR_FILTERS


_REALISATION_FILTERS = (
    Filter("programme", "report__programme_year__programme__slug", text, "The programme's slug."),
    Filter("year", "report__programme_year__year", year_number, "The programme year, e.g. 2026.", OpenApiTypes.INT),
    Filter("region", "report__region_id", whole_number, "The region's id.", OpenApiTypes.INT),
    Filter("indicator", "indicator_id", whole_number, "The indicator's id.", OpenApiTypes.INT),
    Filter(
        "report_status",
        "report__status",
        choice_of(MonitorReport.Status.SUBMITTED, MonitorReport.Status.ACCEPTED),
        "submitted or accepted.",
    ),
)


@_listed(
    _REALISATION_FILTERS,
    "Settled realisations only: the figures of monitor reports submitted to the programme office or accepted "
    "by it, never a draft. With the year's target and whether it was met.",
)
class RealisationResource(ReadResource):
    serializer_class = serializers.RealisationSerializer
    selector = selectors.realisations_for_api
    complete = selectors.realisations_complete
    filters = _REALISATION_FILTERS


_REPORT_FILTERS = (
    PROGRAMME,
    YEAR,
    REGION,
    Filter("status", "status", choice_of(*MonitorReport.Status.values), "The report's state."),
)


@_listed(_REPORT_FILTERS, "Each monitor report's state and dates (not its contents).")
class ReportStatusResource(ReadResource):
    serializer_class = serializers.ReportStatusSerializer
    selector = selectors.report_statuses_for_api
    filters = _REPORT_FILTERS


_YEARLY_FILTERS = (PROGRAMME, YEAR, REGION)


@_listed(
    _YEARLY_FILTERS,
    "Published placemats: the committee's consolidated score per theme (1–4) and rating per success condition.",
)
class PlacematScoreResource(ReadResource):
    serializer_class = serializers.PlacematSerializer
    selector = selectors.placemats_for_api
    filters = _YEARLY_FILTERS


_JUDGEMENT_FILTERS = (
    *_YEARLY_FILTERS,
    Filter("judgement", "judgement", choice_of(*AuditVisit.Judgement.values), "on_track, attention or worrying."),
)


@_listed(_JUDGEMENT_FILTERS, "Reported audit visits: the committee's judgement of progress and its advice.")
class AuditJudgementResource(ReadResource):
    serializer_class = serializers.AuditJudgementSerializer
    selector = selectors.audit_judgements_for_api
    filters = _JUDGEMENT_FILTERS


_GRANT_FILTERS = (
    *_YEARLY_FILTERS,
    Filter("status", "status", choice_of(*StimulusGrant.Status.values), "proposed, decided or withheld."),
)


@_listed(
    _GRANT_FILTERS,
    "Stimulus grants: all, with their proposals, for the programme office and the ministry; a region's project "
    "leader and penvoerder see their region's decisions.",
)
class GrantResource(ReadResource):
    serializer_class = serializers.GrantSerializer
    selector = selectors.grants_for_api
    filters = _GRANT_FILTERS

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "sees_proposals": selectors.grants_show_proposals(user=self.request.user),
        }


class SchemaView(AuditedApiMixin, SpectacularJSONAPIView):
    """The OpenAPI 3 description as JSON, at the standard place (API-51): public, like the guide."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    basename = "openapi"

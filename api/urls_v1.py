"""The read API itself under /api/v1/ (namespace `apiv1`), without trailing slashes as the Dutch API design rules ask
(API-48). Its pages (guide, tokens) are in api/urls.py."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import resources

app_name = "apiv1"
router = SimpleRouter(trailing_slash=False)
router.register("programmes", resources.ProgrammeResource, basename="programme")
router.register("programme-years", resources.ProgrammeYearResource, basename="programme-year")
router.register("regions", resources.RegionResource, basename="region")
router.register("indicators", resources.IndicatorResource, basename="indicator")
router.register("realisations", resources.RealisationResource, basename="realisation")
router.register("report-statuses", resources.ReportStatusResource, basename="report-status")
router.register("placemat-scores", resources.PlacematScoreResource, basename="placemat-score")
router.register("audit-judgements", resources.AuditJudgementResource, basename="audit-judgement")
router.register("grants", resources.GrantResource, basename="grant")

urlpatterns = [
    path("openapi.json", resources.SchemaView.as_view(), name="schema"),
    path(
        "docs",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="apiv1:schema")),
        name="swagger",
    ),
    path(
        "redoc",
        # ReDoc searches in a web worker it makes from a blob; nothing is loaded from elsewhere.
        login_not_required(
            csp_update({"worker-src": ["'self'", "blob:"]})(SpectacularRedocView.as_view(url_name="apiv1:schema"))
        ),
        name="redoc",
    ),
    *router.urls,
]

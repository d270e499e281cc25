"""A test-only URLconf: the site's URLs plus views that fail, for the error pages' tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from toptechniek.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the site's handlers
from toptechniek.urls import urlpatterns as site_urlpatterns


@login_not_required
def fails(request):
    raise RuntimeError("secret detail 4711 that no page may show")


@login_not_required
def forbidden(request):
    raise PermissionDenied("secret detail 4712 that no page may show")


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("secret detail 4713 that no page may show")


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    *site_urlpatterns,
]

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from toptechniek.common import errors

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("toptechniek.accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("favicon.ico", errors.favicon, name="favicon"),  # browsers ask for it without reading the page
    path("admin/", admin.site.urls),
    path("", include("regions.urls")),
    path("", include("selection.urls")),
    path("", include("knowledge.urls")),
    path("", include("monitoring.urls")),
    path("", include("audits.urls")),
    path("", include("peerreviews.urls")),
    path("", include("governance.urls")),
    path("", include("analysis.urls")),
    path("", include("dashboard.urls")),
    path("", include("api.urls")),
    path("api/v1/", include("api.urls_v1")),
]

# The error pages, in the user's language with the navigation (toptechniek/common/errors.py).
handler400 = "toptechniek.common.errors.bad_request"
handler403 = "toptechniek.common.errors.permission_denied"
handler404 = "toptechniek.common.errors.page_not_found"
handler500 = "toptechniek.common.errors.server_error"

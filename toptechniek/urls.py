from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("toptechniek.accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("regions.urls")),
    path("", include("monitoring.urls")),
    path("", include("audits.urls")),
    path("", include("peerreviews.urls")),
    path("", include("governance.urls")),
    path("", include("dashboard.urls")),
]

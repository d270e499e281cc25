from django.urls import path

from regions import converters  # noqa: F401 - registers <region:…>

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/totals/", views.totals, name="totals"),
    path("dashboard/export.csv", views.export_csv, name="export_csv"),
    path("dashboard/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("regions/<region:slug>/overview/", views.region_overview, name="region_overview"),
]

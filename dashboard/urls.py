from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/totals/", views.totals, name="totals"),
    path("dashboard/export.csv", views.export_csv, name="export_csv"),
    path("dashboard/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("regions/<slug:slug>/overview/", views.region_overview, name="region_overview"),
]

"""Stimulus grants: the office's rule, proposals and decisions per year, and a region's grants."""

from django.urls import path

from . import views_grants as views

urlpatterns = [
    path("programmes/<slug:slug>/years/<int:year>/grants/", views.grants, name="grants"),
    path("grants/<int:pk>/decide/", views.grant_decide, name="grant_decide"),
    path("regions/<slug:slug>/grants/", views.region_grants, name="region_grants"),
]

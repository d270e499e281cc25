"""Audit visits: the office's list per programme year, a region's visit, its plan, report and follow-up."""

from django.urls import path

from . import views_visits as views

urlpatterns = [
    path("programmes/<slug:slug>/years/<int:year>/visits/", views.visits, name="visits"),
    path("regions/<slug:slug>/visits/<int:year>/", views.visit_detail, name="visit_detail"),
    path("regions/<slug:slug>/visits/<int:year>/edit/", views.visit_edit, name="visit_edit"),
    path("regions/<slug:slug>/visits/<int:year>/report/", views.visit_report_edit, name="visit_report_edit"),
    path("regions/<slug:slug>/visits/<int:year>/held/", views.visit_transition, name="visit_transition"),
    path("visit-actions/<int:pk>/toggle/", views.action_toggle, name="action_toggle"),
]

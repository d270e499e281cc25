"""Assignments, the critical friend's scoring, the office's calibration and the placemat on screen."""

from django.urls import path

from . import views_scoring as views

urlpatterns = [
    path("programmes/<slug:slug>/years/<int:year>/assignments/", views.assignments, name="assignments"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("critical-friend/", views.my_regions, name="my_regions"),
    path("critical-friend/assignments/<int:pk>/scoring/", views.scoring, name="scoring"),
    path("regions/<slug:slug>/placemats/<int:year>/", views.placemat_detail, name="placemat_detail"),
    path("regions/<slug:slug>/placemats/<int:year>/calibrate/", views.calibration, name="calibration"),
    path("regions/<slug:slug>/placemats/<int:year>/unpublish/", views.placemat_unpublish, name="placemat_unpublish"),
    path("scorings/<int:pk>/reopen/", views.scoring_reopen, name="scoring_reopen"),
]

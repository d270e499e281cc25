from django.urls import path, re_path

from . import (
    converters,  # noqa: F401 - registers <region:…>
    views,
)

app_name = "regions"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/edit/", views.programme_update, name="programme_update"),
    path("programmes/<slug:slug>/years/new/", views.programme_year_create, name="programme_year_create"),
    path("programmes/<slug:slug>/years/<int:year>/edit/", views.programme_year_update, name="programme_year_update"),
    path("programmes/<slug:slug>/framework/", views.framework, name="framework"),
    path("programmes/<slug:slug>/framework/themes/new/", views.theme_create, name="theme_create"),
    path("programmes/<slug:slug>/framework/conditions/new/", views.condition_create, name="condition_create"),
    path("framework/themes/<int:pk>/edit/", views.theme_update, name="theme_update"),
    path("framework/themes/<int:pk>/delete/", views.theme_delete, name="theme_delete"),
    path("framework/themes/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("framework/questions/<int:pk>/edit/", views.question_update, name="question_update"),
    path("framework/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("framework/conditions/<int:pk>/edit/", views.condition_update, name="condition_update"),
    path("framework/conditions/<int:pk>/delete/", views.condition_delete, name="condition_delete"),
    path("programmes/<slug:slug>/framework/landsdelen/new/", views.landsdeel_create, name="landsdeel_create"),
    path("framework/landsdelen/<int:pk>/edit/", views.landsdeel_update, name="landsdeel_update"),
    path("framework/landsdelen/<int:pk>/delete/", views.landsdeel_delete, name="landsdeel_delete"),
    path("programmes/<slug:slug>/framework/routes/new/", views.route_create, name="route_create"),
    path("framework/routes/<int:pk>/edit/", views.route_update, name="route_update"),
    path("framework/routes/<int:pk>/delete/", views.route_delete, name="route_delete"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/new/", views.region_create, name="region_create"),
    path("regions/<region:slug>/", views.region_detail, name="region_detail"),
    path("regions/<region:slug>/edit/", views.region_update, name="region_update"),
    path("regions/<region:slug>/partners/new/", views.partner_create, name="partner_create"),
    path("regions/<region:slug>/roles/new/", views.role_create, name="role_create"),
    path("regions/<region:slug>/visions/new/", views.vision_create, name="vision_create"),
    path("regions/<region:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("regions/<region:slug>/cofinancing/<int:year>/", views.cofinancing_edit, name="cofinancing_edit"),
    # An address from before region URLs carried the region's number (`regions.converters`): "/regions/twente/…".
    re_path(r"^regions/(?P<slug>(?![0-9]+-)[-a-z0-9_]+)/(?P<rest>.*)$", views.region_legacy, name="region_legacy"),
    path("partners/<int:pk>/edit/", views.partner_update, name="partner_update"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("roles/<int:pk>/delete/", views.role_delete, name="role_delete"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_update, name="organisation_update"),
    path("visions/<int:pk>/", views.vision_detail, name="vision_detail"),
    path("visions/<int:pk>/edit/", views.vision_update, name="vision_update"),
    path("visions/<int:pk>/approve/", views.vision_approve, name="vision_approve"),
    path("indicators/<int:pk>/edit/", views.indicator_update, name="indicator_update"),
    path("indicators/<int:pk>/approve/", views.indicator_approve, name="indicator_approve"),
    path("indicators/<int:pk>/amendments/new/", views.amendment_propose, name="amendment_propose"),
    path("amendments/<int:pk>/decide/", views.amendment_decide, name="amendment_decide"),
    path("amendments/<int:pk>/withdraw/", views.amendment_withdraw, name="amendment_withdraw"),
]

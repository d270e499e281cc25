from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/edit/", views.programme_update, name="programme_update"),
    path("programmes/<slug:slug>/years/new/", views.programme_year_create, name="programme_year_create"),
    path("programmes/<slug:slug>/years/<int:year>/edit/", views.programme_year_update, name="programme_year_update"),
    path("programmes/<slug:slug>/framework/", views.framework, name="framework"),
    path("framework/themes/<int:pk>/edit/", views.theme_update, name="theme_update"),
    path("framework/conditions/<int:pk>/edit/", views.condition_update, name="condition_update"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/new/", views.region_create, name="region_create"),
    path("regions/<slug:slug>/", views.region_detail, name="region_detail"),
    path("regions/<slug:slug>/edit/", views.region_update, name="region_update"),
    path("regions/<slug:slug>/partners/new/", views.partner_create, name="partner_create"),
    path("regions/<slug:slug>/roles/new/", views.role_create, name="role_create"),
    path("regions/<slug:slug>/visions/new/", views.vision_create, name="vision_create"),
    path("regions/<slug:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
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

from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_update, name="call_update"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/committee/", views.committee_add, name="committee_add"),
    path("calls/<int:pk>/committee/<int:member_pk>/remove/", views.committee_remove, name="committee_remove"),
    path("calls/<int:pk>/applicants/new/", views.applicant_invite, name="applicant_invite"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/score/", views.application_score, name="application_score"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/beschikking/", views.application_beschikking, name="application_beschikking"),
]

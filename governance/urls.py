from django.urls import path

from regions import converters  # noqa: F401 - registers <region:…>

from . import views

app_name = "governance"

urlpatterns = [
    path("programmes/<slug:slug>/years/<int:year>/governance/", views.meetings, name="meetings"),
    path("regions/<region:slug>/governance/<int:year>/", views.meeting_detail, name="meeting_detail"),
    path("regions/<region:slug>/governance/<int:year>/edit/", views.meeting_edit, name="meeting_edit"),
    path("regions/<region:slug>/governance/<int:year>/notes/", views.meeting_notes, name="meeting_notes"),
    path("regions/<region:slug>/governance/<int:year>/held/", views.meeting_held, name="meeting_held"),
    path("regions/<region:slug>/governance/<int:year>/grant/", views.meeting_grant, name="meeting_grant"),
]

from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_update, name="event_update"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/<int:pk>/unregister/", views.event_unregister, name="event_unregister"),
    path("events/<int:pk>/decline/", views.event_decline, name="event_decline"),
    path("events/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<int:pk>/links/new/", views.link_add, name="link_add"),
    path("events/<int:pk>/links/<int:link>/delete/", views.link_delete, name="link_delete"),
    path("events/<int:pk>/material/new/", views.attachment_add, name="attachment_add"),
    path("events/<int:pk>/material/<int:attachment>/", views.attachment_download, name="attachment_download"),
    path("events/<int:pk>/material/<int:attachment>/delete/", views.attachment_delete, name="attachment_delete"),
]

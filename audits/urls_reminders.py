from django.urls import path

from . import views_reminders

urlpatterns = [
    path("programmes/<slug:slug>/years/<int:year>/reminders/", views_reminders.reminders, name="reminders"),
]

"""The portal's URLs, without a namespace: the landing page is `home` everywhere."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/count/", views.task_count, name="task_count"),
]

from django.urls import path

from . import views

app_name = "peerreviews"

urlpatterns = [
    path("good-practices/", views.good_practice_list, name="good_practice_list"),
    path("good-practices/new/", views.good_practice_create, name="good_practice_create"),
    path("good-practices/<int:pk>/", views.good_practice_detail, name="good_practice_detail"),
    path("good-practices/<int:pk>/edit/", views.good_practice_update, name="good_practice_update"),
    path("good-practices/<int:pk>/publish/", views.good_practice_publish, name="good_practice_publish"),
    path("good-practices/<int:pk>/unpublish/", views.good_practice_unpublish, name="good_practice_unpublish"),
]

# Workflow pages (propose, readiness, transitions) and the content of a review (learning questions and the rest).
from .urls_content import urlpatterns as content_urlpatterns  # noqa: E402

urlpatterns += content_urlpatterns

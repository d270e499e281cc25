"""The API's pages (namespace `api`): the guide and one's own tokens. The API itself: api/urls_v1.py."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("api/", views.guide, name="guide"),
    path("api-tokens/", views.token_list, name="tokens"),
    path("api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]

from django.urls import path, re_path

from . import views, views_reviews

app_name = "peerreviews"

urlpatterns = [
    path("good-practices/", views.good_practice_list, name="good_practice_list"),
    path("good-practices/new/", views.good_practice_create, name="good_practice_create"),
    path("good-practices/<int:pk>/", views.good_practice_detail, name="good_practice_detail"),
    path("good-practices/<int:pk>/edit/", views.good_practice_update, name="good_practice_update"),
    path("good-practices/<int:pk>/publish/", views.good_practice_publish, name="good_practice_publish"),
    path("good-practices/<int:pk>/unpublish/", views.good_practice_unpublish, name="good_practice_unpublish"),
    # The peer-review workflow: propose (with suggestions), readiness, transitions, plan.
    path("peer-reviews/", views_reviews.review_list, name="review_list"),
    path("peer-reviews/internal/new/", views_reviews.review_create_internal, name="review_create_internal"),
    path("peer-reviews/propose/<slug:slug>/", views_reviews.review_propose, name="review_propose"),
    path("peer-reviews/<int:pk>/", views_reviews.review_detail, name="review_detail"),
    path("peer-reviews/<int:pk>/readiness/", views_reviews.review_readiness, name="review_readiness"),
    path("peer-reviews/<int:pk>/plan/", views_reviews.review_edit, name="review_edit"),
    # Only the named actions, so the content's URLs under peer-reviews/<pk>/ stay reachable.
    re_path(
        r"^peer-reviews/(?P<pk>[0-9]+)/(?P<action>confirm|held|report|close|cancel)/$",
        views_reviews.review_transition,
        name="review_transition",
    ),
]

# Workflow pages (propose, readiness, transitions) and the content of a review (learning questions and the rest).
from .urls_content import urlpatterns as content_urlpatterns  # noqa: E402

urlpatterns += content_urlpatterns

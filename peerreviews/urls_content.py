"""URLs of a peer review's content: learning questions, outcomes, meetings, sessions, participants, reports,
attachments.

Included by peerreviews/urls.py in the same namespace.
"""

from django.urls import path

from . import views_content as views

urlpatterns = [
    path("peer-reviews/<int:pk>/questions/<slug:slug>/new/", views.question_create, name="question_create"),
    path("peer-reviews/questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("peer-reviews/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("peer-reviews/questions/<int:pk>/outcome/", views.outcome_edit, name="outcome_edit"),
    path("peer-reviews/questions/<int:pk>/outcome/toggle/", views.outcome_toggle, name="outcome_toggle"),
    path("peer-reviews/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("peer-reviews/meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("peer-reviews/<int:pk>/participants/<slug:slug>/", views.participants_edit, name="participants_edit"),
    path("peer-reviews/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("peer-reviews/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("peer-reviews/sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("peer-reviews/<int:pk>/own-report/", views.own_report_edit, name="own_report_edit"),
    path("peer-reviews/<int:pk>/feedback/<slug:slug>/", views.feedback_edit, name="feedback_edit"),
    path("peer-reviews/<int:pk>/feedback/<slug:slug>/ready/", views.feedback_ready, name="feedback_ready"),
    path("peer-reviews/<int:pk>/attachments/new/", views.attachment_add, name="review_attachment_add"),
    path(
        "peer-reviews/<int:pk>/attachments/<int:attachment>/",
        views.attachment_download,
        name="review_attachment_download",
    ),
    path(
        "peer-reviews/<int:pk>/attachments/<int:attachment>/delete/",
        views.attachment_delete,
        name="review_attachment_delete",
    ),
]

"""The peerreviews app's URLs: good practices, the peer-review workflow and a review's content."""

from django.urls import path, re_path

from regions import converters  # noqa: F401 - registers <region:…>

from .views import content, good_practices, reviews

app_name = "peerreviews"

urlpatterns = [
    path("good-practices/", good_practices.good_practice_list_view, name="good_practice_list"),
    path("good-practices/new/", good_practices.good_practice_create_view, name="good_practice_create"),
    path("good-practices/<int:pk>/", good_practices.good_practice_detail, name="good_practice_detail"),
    path("good-practices/<int:pk>/edit/", good_practices.good_practice_update_view, name="good_practice_update"),
    path("good-practices/<int:pk>/publish/", good_practices.good_practice_publish_view, name="good_practice_publish"),
    path(
        "good-practices/<int:pk>/unpublish/",
        good_practices.good_practice_unpublish_view,
        name="good_practice_unpublish",
    ),
    # The peer-review workflow: propose (with suggestions), readiness, transitions, plan.
    path("peer-reviews/", reviews.review_list, name="review_list"),
    path("peer-reviews/internal/new/", reviews.review_create_internal, name="review_create_internal"),
    path("peer-reviews/propose/<region:slug>/", reviews.review_propose, name="review_propose"),
    path("peer-reviews/explore/<region:slug>/", reviews.review_explore, name="review_explore"),
    path("peer-reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("peer-reviews/<int:pk>/readiness/", reviews.review_readiness, name="review_readiness"),
    path("peer-reviews/<int:pk>/facilitator/", reviews.review_facilitator, name="review_facilitator"),
    path("peer-reviews/<int:pk>/plan/", reviews.review_edit, name="review_edit"),
    path("peer-reviews/<int:pk>/after-talk/", reviews.after_talk_plan, name="after_talk_plan"),
    path("peer-reviews/<int:pk>/after-talk/record/", reviews.after_talk_record, name="after_talk_record"),
    # Only the named actions, so the content's URLs under peer-reviews/<pk>/ stay reachable.
    re_path(
        r"^peer-reviews/(?P<pk>[0-9]+)/(?P<action>confirm|held|report|close|cancel)/$",
        reviews.review_transition,
        name="review_transition",
    ),
    # The content of a review: learning questions, outcomes, meetings, sessions, participants, reports,
    # attachments.
    path("peer-reviews/<int:pk>/questions/<slug:slug>/new/", content.question_create, name="question_create"),
    path("peer-reviews/questions/<int:pk>/edit/", content.question_edit, name="question_edit"),
    path("peer-reviews/questions/<int:pk>/delete/", content.question_delete, name="question_delete"),
    path("peer-reviews/questions/<int:pk>/outcome/", content.outcome_edit, name="outcome_edit"),
    path("peer-reviews/questions/<int:pk>/outcome/toggle/", content.outcome_toggle, name="outcome_toggle"),
    path("peer-reviews/<int:pk>/meetings/new/", content.meeting_create, name="meeting_create"),
    path("peer-reviews/meetings/<int:pk>/delete/", content.meeting_delete_view, name="meeting_delete"),
    path("peer-reviews/<int:pk>/participants/<slug:slug>/", content.participants_edit, name="participants_edit"),
    path("peer-reviews/<int:pk>/sessions/new/", content.session_create, name="session_create"),
    path("peer-reviews/sessions/<int:pk>/edit/", content.session_edit, name="session_edit"),
    path("peer-reviews/sessions/<int:pk>/delete/", content.session_delete_view, name="session_delete"),
    path("peer-reviews/<int:pk>/own-report/", content.own_report_edit, name="own_report_edit"),
    path("peer-reviews/<int:pk>/feedback/<slug:slug>/", content.feedback_edit, name="feedback_edit"),
    path("peer-reviews/<int:pk>/feedback/<slug:slug>/ready/", content.feedback_ready, name="feedback_ready"),
    path("peer-reviews/<int:pk>/attachments/new/", content.attachment_add, name="review_attachment_add"),
    path(
        "peer-reviews/<int:pk>/attachments/<int:attachment>/",
        content.attachment_download,
        name="review_attachment_download",
    ),
    path(
        "peer-reviews/<int:pk>/attachments/<int:attachment>/delete/",
        content.attachment_delete,
        name="review_attachment_delete",
    ),
]

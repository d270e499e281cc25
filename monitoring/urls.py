from django.urls import path, re_path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("regions/<slug:slug>/reports/<int:year>/", views.report_detail, name="report_detail"),
    path("regions/<slug:slug>/reports/<int:year>/open/", views.report_open, name="report_open"),
    path("regions/<slug:slug>/reports/<int:year>/edit/", views.report_edit, name="report_edit"),
    path("regions/<slug:slug>/reports/<int:year>/save/<str:section>/", views.report_save, name="report_save"),
    path("regions/<slug:slug>/reports/<int:year>/submit/", views.report_submit, name="report_submit"),
    path("regions/<slug:slug>/reports/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("programmes/<slug:slug>/years/<int:year>/reports/", views.report_list, name="report_list"),
    path("programmes/<slug:slug>/years/<int:year>/realisations.csv", views.realisations_csv, name="realisations_csv"),
    path(
        "programmes/<slug:slug>/years/<int:year>/realisations.xlsx", views.realisations_xlsx, name="realisations_xlsx"
    ),
    re_path(
        r"^regions/(?P<slug>[-\w]+)/reports/(?P<year>[0-9]{4})/(?P<action>endorse|decline|return|accept|reopen)/$",
        views.report_transition,
        name="report_transition",
    ),
]

# Attachments of a report: listed on the report page and in the editor; downloaded, never shown inline.
urlpatterns += [
    path(
        "regions/<slug:slug>/reports/<int:year>/attachments/new/",
        views.report_attachment_add,
        name="report_attachment_add",
    ),
    path(
        "regions/<slug:slug>/reports/<int:year>/attachments/<int:pk>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    path(
        "regions/<slug:slug>/reports/<int:year>/attachments/<int:pk>/delete/",
        views.report_attachment_delete,
        name="report_attachment_delete",
    ),
]

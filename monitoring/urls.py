from django.urls import path, register_converter

from regions import converters  # noqa: F401 - registers <region:…>

from . import views

app_name = "monitoring"


class ReportActionConverter:
    """The transitions a report page offers by URL; anything else matches no URL."""

    regex = "endorse|decline|return|accept|reopen"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportActionConverter, "report_action")

urlpatterns = [
    path("regions/<region:slug>/reports/<int:year>/", views.report_detail, name="report_detail"),
    path("regions/<region:slug>/reports/<int:year>/open/", views.report_open, name="report_open"),
    path("regions/<region:slug>/reports/<int:year>/edit/", views.report_edit, name="report_edit"),
    path("regions/<region:slug>/reports/<int:year>/save/<str:section>/", views.report_save, name="report_save"),
    path("regions/<region:slug>/reports/<int:year>/submit/", views.report_submit, name="report_submit"),
    path("regions/<region:slug>/reports/<int:year>/import/", views.report_import, name="report_import"),
    path(
        "regions/<region:slug>/reports/<int:year>/import/template.xlsx",
        views.report_import_template,
        name="report_import_template",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/proposals/accept/",
        views.report_proposals,
        {"action": "accept"},
        name="report_proposals_accept",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/proposals/discard/",
        views.report_proposals,
        {"action": "discard"},
        name="report_proposals_discard",
    ),
    path("programmes/<slug:slug>/years/<int:year>/import/", views.office_import, name="office_import"),
    path("programmes/<slug:slug>/years/<int:year>/open-data/", views.opendata_publish, name="opendata_publish"),
    path("open-data/", views.opendata_list, name="opendata_list"),
    path("open-data/data-dictionary.csv", views.opendata_dictionary, name="opendata_dictionary"),
    path("open-data/<slug:slug>/<int:year>.csv", views.opendata_download, name="opendata_download"),
    path(
        "programmes/<slug:slug>/years/<int:year>/import/template.xlsx",
        views.office_import_template,
        name="office_import_template",
    ),
    path(
        "programmes/<slug:slug>/years/<int:year>/import/confirm/",
        views.office_import_confirm,
        name="office_import_confirm",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/import/confirm/",
        views.report_import_confirm,
        name="report_import_confirm",
    ),
    path("regions/<region:slug>/reports/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("programmes/<slug:slug>/years/<int:year>/reports/", views.report_list, name="report_list"),
    path("programmes/<slug:slug>/years/<int:year>/realisations.csv", views.realisations_csv, name="realisations_csv"),
    path(
        "programmes/<slug:slug>/years/<int:year>/realisations.xlsx", views.realisations_xlsx, name="realisations_xlsx"
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/<report_action:action>/",
        views.report_transition,
        name="report_transition",
    ),
]

# Attachments of a report: listed on the report page and in the editor; downloaded, never shown inline.
urlpatterns += [
    path(
        "regions/<region:slug>/reports/<int:year>/attachments/new/",
        views.report_attachment_add,
        name="report_attachment_add",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/attachments/<int:pk>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/attachments/<int:pk>/delete/",
        views.report_attachment_delete,
        name="report_attachment_delete",
    ),
]

# Contributions (bijdragen): the project leader assigns a process theme or a sub-project paragraph; the writer
# saves (sub-project paragraphs here; themes through report_save) and delivers; the leader withdraws or reopens.
urlpatterns += [
    path(
        "regions/<region:slug>/reports/<int:year>/contributions/new/",
        views.contribution_assign,
        name="contribution_assign",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/contributions/<int:pk>/save/",
        views.contribution_save,
        name="contribution_save",
    ),
    path(
        "regions/<region:slug>/reports/<int:year>/contributions/<int:pk>/<str:action>/",
        views.contribution_action,
        name="contribution_action",
    ),
]

"""The audits app's URLs: assignments and scoring, placemat PDFs, reminders, grants and audit visits."""

from django.urls import path

from regions import converters  # noqa: F401 - registers <region:…>

from .views import advice, grants, pdf, reminders, scoring, visits

app_name = "audits"

urlpatterns = [
    # Advice (klankbord en vraagbaak)
    path("regions/<region:slug>/advice/", advice.advice, name="advice"),
    path("regions/<region:slug>/advice/ask/", advice.advice_ask, name="advice_ask"),
    path("regions/<region:slug>/advice/plan/", advice.advice_plan, name="advice_plan"),
    path("advice/questions/<int:pk>/answer/", advice.advice_answer, name="advice_answer"),
    path("advice/conversations/<int:pk>/record/", advice.advice_record, name="advice_record"),
    # Assignments, scoring, calibration and publication
    path("programmes/<slug:slug>/years/<int:year>/assignments/", scoring.assignments, name="assignments"),
    path("assignments/<int:pk>/delete/", scoring.assignment_delete, name="assignment_delete"),
    path("critical-friend/", scoring.my_regions, name="my_regions"),
    path("critical-friend/assignments/<int:pk>/scoring/", scoring.scoring, name="scoring"),
    path("critical-friend/assignments/<int:pk>/scoring/autosave/", scoring.scoring_autosave, name="scoring_autosave"),
    path("regions/<region:slug>/placemats/<int:year>/", scoring.placemat_detail, name="placemat_detail"),
    path("regions/<region:slug>/placemats/<int:year>/calibrate/", scoring.calibration, name="calibration"),
    path(
        "regions/<region:slug>/placemats/<int:year>/unpublish/",
        scoring.placemat_unpublish_view,
        name="placemat_unpublish",
    ),
    path("scorings/<int:pk>/reopen/", scoring.scoring_reopen_view, name="scoring_reopen"),
    # Placemat PDFs
    path("regions/<region:slug>/placemats/<int:year>/pdf/", pdf.placemat_pdf_download, name="placemat_pdf"),
    path(
        "programmes/<slug:slug>/years/<int:year>/placemats/render/",
        pdf.placemats_render_year_view,
        name="placemats_render_year",
    ),
    path("programmes/<slug:slug>/years/<int:year>/placemats/", pdf.placemats_progress, name="placemats_progress"),
    path("programmes/<slug:slug>/years/<int:year>/placemats.zip", pdf.placemats_zip, name="placemats_zip"),
    # Reminders
    path("programmes/<slug:slug>/years/<int:year>/reminders/", reminders.reminders, name="reminders"),
    # Stimulus grants
    path("programmes/<slug:slug>/years/<int:year>/grants/", grants.grants, name="grants"),
    path("grants/<int:pk>/decide/", grants.grant_decide_view, name="grant_decide"),
    path("regions/<region:slug>/grants/", grants.region_grants_view, name="region_grants"),
    # Audit visits
    path("programmes/<slug:slug>/years/<int:year>/visits/", visits.visits, name="visits"),
    path("regions/<region:slug>/visits/<int:year>/", visits.visit_detail, name="visit_detail"),
    path("regions/<region:slug>/visits/<int:year>/edit/", visits.visit_edit, name="visit_edit"),
    path("regions/<region:slug>/visits/<int:year>/report/", visits.visit_report_edit, name="visit_report_edit"),
    path("regions/<region:slug>/visits/<int:year>/held/", visits.visit_transition, name="visit_transition"),
    path("visit-actions/<int:pk>/toggle/", visits.action_toggle, name="action_toggle"),
]

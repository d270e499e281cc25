"""Placemat PDFs: the readers' download and the office's year batch (render all, progress, ZIP)."""

from django.urls import path

from . import views_pdf

urlpatterns = [
    path("regions/<slug:slug>/placemats/<int:year>/pdf/", views_pdf.placemat_pdf_download, name="placemat_pdf"),
    path(
        "programmes/<slug:slug>/years/<int:year>/placemats/render/",
        views_pdf.placemats_render_year,
        name="placemats_render_year",
    ),
    path("programmes/<slug:slug>/years/<int:year>/placemats/", views_pdf.placemats_progress, name="placemats_progress"),
    path("programmes/<slug:slug>/years/<int:year>/placemats.zip", views_pdf.placemats_zip, name="placemats_zip"),
]

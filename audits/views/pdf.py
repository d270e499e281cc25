"""Placemat PDFs in the browser: a download for readers, and the office's year batch (render, progress, ZIP)."""

import zipfile
from tempfile import SpooledTemporaryFile

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from regions.converters import region_lookup
from regions.models import ProgrammeYear
from toptechniek.common.stored_pdf import stored_pdf_response
from toptechniek.common.views import get_object_with_perm, require_perm

from ..models import Placemat
from ..services.placemat_pdf import (
    placemat_pdf_failure,
    placemat_pdf_is_fresh,
    placemat_pdf_request,
    placemat_pdfs_for_year,
    placemats_render_year,
)

ZIP_SPOOL_BYTES = 16 * 1024 * 1024  # a year's ZIP stays in memory up to this size, then goes to a temporary file


def _download_name(placemat: Placemat) -> str:
    return f"placemat-{placemat.region.slug}-{placemat.programme_year.year}-v{placemat.version}.pdf"


@require_safe
def placemat_pdf_download(request, slug, year):
    """The published placemat as a PDF download; while it is being rendered, a page that checks again; when it
    could not be made, that page says why."""
    placemat = get_object_with_perm(
        request,
        "audits.view_placemat",
        Placemat.objects.select_related("region__programme", "programme_year__programme"),
        **region_lookup(slug, prefix="region__"),
        programme_year__year=year,
    )
    if placemat.status != Placemat.Status.PUBLISHED:  # an open placemat has no PDF (the office sees it online)
        raise Http404
    pdf = placemat_pdf_request(placemat=placemat)  # eager mode: rendered by now
    pdf.refresh_from_db()
    if not placemat_pdf_is_fresh(pdf=pdf, placemat=placemat):
        reason = placemat_pdf_failure(pdf=pdf, placemat=placemat)  # could not be made: says why, polls no more
        response = render(request, "audits/pdf/placemat_pending.html", {"placemat": placemat, "reason": reason})
        patch_cache_control(response, no_store=True)
        return response
    return stored_pdf_response(pdf=pdf, download_name=_download_name(placemat))


def _office_year(request, slug: str, year: int) -> ProgrammeYear:
    require_perm(request, "audits.render_placemats")  # first: nobody else learns which programmes exist
    return get_object_or_404(ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year)


@require_POST
def placemats_render_year_view(request, slug, year):
    """Ask the worker for every published placemat PDF of the year that is not ready, then show progress."""
    programme_year = _office_year(request, slug, year)
    rows = placemats_render_year(programme_year=programme_year, sync=False)
    waiting = sum(1 for row in rows if not row.ready)
    if not rows:
        messages.warning(request, _no_placemats_message(programme_year))
    elif waiting:
        messages.info(
            request,
            ngettext("%(n)s placemat PDF is being made.", "%(n)s placemat PDFs are being made.", waiting)
            % {"n": waiting},
        )
    else:
        done = ngettext("The placemat PDF is ready.", "All %(n)s placemat PDFs are ready.", len(rows))
        messages.success(request, done % {"n": len(rows)})
    return redirect("audits:placemats_progress", slug=programme_year.programme.slug, year=programme_year.year)


def _no_placemats_message(programme_year) -> str:
    return _("No placemat of %(year)s has been published yet.") % {"year": programme_year.year}


@require_safe
def placemats_progress(request, slug, year):
    """The year's published placemats, each ready or on its way; reloads itself until every PDF is ready."""
    programme_year = _office_year(request, slug, year)
    rows = placemat_pdfs_for_year(programme_year=programme_year)
    ready = sum(1 for row in rows if row.ready)
    total = len(rows)
    context = {
        "programme_year": programme_year,
        "rows": rows,
        "ready": ready,
        "total": total,
        "percent": round(ready * 100 / total) if total else 0,
        "all_ready": ready == total,
        "working": any(row.on_its_way for row in rows),
        "no_placemats_message": _no_placemats_message(programme_year),
    }
    response = render(request, "audits/pdf/placemats_progress.html", context)
    patch_cache_control(response, no_store=True)
    return response


@require_safe
def placemats_zip(request, slug, year):
    """Every ready placemat PDF of the year in one ZIP; 409 when none is ready yet."""
    programme_year = _office_year(request, slug, year)
    rows = [row for row in placemat_pdfs_for_year(programme_year=programme_year) if row.ready]
    if not rows:
        response = render(
            request,
            "audits/pdf/placemats_zip_empty.html",
            {"programme_year": programme_year},
            status=409,
        )
        patch_cache_control(response, no_store=True)
        return response
    spool = SpooledTemporaryFile(max_size=ZIP_SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            with (
                default_storage.open(row.pdf.file.name, "rb") as source,
                archive.open(_download_name(row.placemat), "w") as target,
            ):
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"placemats-{programme_year.programme.slug}-{programme_year.year}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response

"""Pages of the programme analysis: the list per programme, an analysis (page and PDF), the office's editor and
its publish confirmation.

Thin: check the permission (404 when denied), call a selector or a service, render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regions.models import Programme, ProgrammeYear
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import require_perm

from .forms import AnalysisForm
from .models import ProgrammeAnalysis
from .selectors import analyses_for_programme, analysis_evidence, analysis_for_year, analysis_sections
from .services import analysis_missing, analysis_pdf_make, analysis_publish, analysis_save


def _year(slug, year) -> ProgrammeYear:
    return get_object_or_404(ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year)


def _readable(request, slug, year) -> tuple[ProgrammeYear, ProgrammeAnalysis | None]:
    """The year and its analysis as this person may read it: the office always (None when not started),
    everyone else a published analysis, else 404."""
    programme_year = _year(slug, year)
    analysis = analysis_for_year(programme_year=programme_year)
    if analysis is None:
        require_perm(request, "analysis.write_analyses")
    else:
        require_perm(request, "analysis.view_analysis", analysis)
    return programme_year, analysis


@require_safe
def analysis_list(request, slug):
    require_perm(request, "analysis.list_analyses")
    programme = get_object_or_404(Programme, slug=slug)
    return render(
        request,
        "analysis/list.html",
        {
            "programme": programme,
            "rows": analyses_for_programme(programme=programme, user=request.user),
        },
    )


@require_safe
def analysis_detail(request, slug, year):
    programme_year, analysis = _readable(request, slug, year)
    sections = analysis_sections(programme_year=programme_year, analysis=analysis) if analysis else None
    return render(
        request,
        "analysis/detail.html",
        {
            "programme_year": programme_year,
            "analysis": analysis,
            "sections": sections,
            "evidence": analysis_evidence(programme_year=programme_year) if analysis else None,
        },
    )


@require_http_methods(["GET", "POST"])
def analysis_edit(request, slug, year):
    require_perm(request, "analysis.write_analyses")  # first: nobody else learns which years exist
    programme_year = _year(slug, year)
    analysis = analysis_for_year(programme_year=programme_year)
    require_perm(request, "analysis.change_analysis", analysis)  # a published analysis is final
    sections = analysis_sections(programme_year=programme_year, analysis=analysis)
    initial = {"introduction": "", "version": 0}
    if analysis is not None:
        initial = {"introduction": analysis.introduction, "version": analysis.version}
    form = AnalysisForm(request.POST if request.method == "POST" else None, initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            analysis = analysis_save(programme_year=programme_year, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_validation_error(form, exc)  # the form keeps everything typed
        else:
            messages.success(request, _("The analysis is saved as a draft."))
            return redirect(request.path)
    return render(
        request,
        "analysis/edit.html",
        {
            "programme_year": programme_year,
            "analysis": analysis,
            "form": form,
            "theme_rows": [(row, form.fields_of(row)) for row in sections.themes],
            "condition_rows": [(row, form.fields_of(row)) for row in sections.conditions],
            "evidence": analysis_evidence(programme_year=programme_year),
        },
    )


@require_http_methods(["GET", "POST"])
def analysis_publish_view(request, slug, year):
    require_perm(request, "analysis.write_analyses")
    programme_year = _year(slug, year)
    analysis = analysis_for_year(programme_year=programme_year)
    if analysis is None:
        raise Http404
    require_perm(request, "analysis.change_analysis", analysis)
    error = ""
    if request.method == "POST":
        try:
            analysis_publish(analysis=analysis, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The analysis is published; project leaders and critical friends are mailed."))
            return redirect(analysis.get_absolute_url())
    return render(
        request,
        "analysis/publish.html",
        {"programme_year": programme_year, "analysis": analysis, "missing": analysis_missing(analysis), "error": error},
    )


@require_safe
def analysis_pdf(request, slug, year):
    """The published analysis as a PDF, rendered on request (toptechniek/common/pdf.py)."""
    programme_year, analysis = _readable(request, slug, year)
    if analysis is None or not analysis.is_published:
        raise Http404
    rendered = analysis_pdf_make(analysis=analysis)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    name = f"analyse-{programme_year.programme.slug}-{programme_year.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Critical-friend pages: the office's assignments, a critical friend's regions and scoring, the office's
calibration and publication, and the placemat on screen.

Thin: check the permission (404 when denied), call a service or a selector, render. An assessor never
sees another assessor's scores, nor any aggregate, before submitting their own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from monitoring import selectors as monitoring_selectors
from monitoring.models import MonitorReport, PlacematScore
from regions.converters import region_lookup
from regions.models import PlacematTheme, ProgrammeYear, Region, SuccessCondition
from regions.selectors import programme_picker, programmes_by_preference
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import get_object_with_perm, require_perm

from ..forms import AssignmentForm, CalibrationForm, ScoringForm
from ..models import Assignment, Placemat, Scoring
from ..selectors.scoring import (
    CalibrationView,
    assignment_rows,
    calibration_view,
    my_assignments,
)
from ..services.scoring import (
    StaleScoringError,
    assignment_create,
    assignment_remove,
    placemat_consolidate,
    placemat_get_or_create,
    placemat_publish,
    placemat_unpublish,
    scoring_open,
    scoring_reopen,
    scoring_save,
    scoring_submit,
)

SAVE, SUBMIT, PUBLISH = "save", "submit", "publish"


# --- Assignments (office) ----------------------------------------------------------------------


def _assignments_url(programme_year: ProgrammeYear, region: Region | None = None) -> str:
    url = reverse("audits:assignments", args=[programme_year.programme.slug, programme_year.year])
    return f"{url}#region-{region.slug}" if region is not None else url


@require_http_methods(["GET", "POST"])
def assignments(request, slug, year):
    require_perm(request, "audits.manage_assignments")
    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year
    )
    can_manage = request.user.has_perm("audits.manage_assignments", programme_year)  # not once it is closed
    if request.method == "POST" and not can_manage:
        raise Http404
    form = AssignmentForm(request.POST or None, programme_year=programme_year)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = assignment_create(programme_year=programme_year, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s of %(region)s in %(year)s.")
                % {
                    "person": assignment.user,
                    "role": assignment.get_role_display(),
                    "region": assignment.region.name,
                    "year": programme_year.year,
                },
            )
            return redirect(_assignments_url(programme_year, assignment.region))
    rows = assignment_rows(programme_year=programme_year, regions=list(form.fields["region"].queryset))
    return render(
        request,
        "audits/scoring/assignments.html",
        {"programme_year": programme_year, "form": form, "rows": rows, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
def assignment_delete(request, pk):
    assignment = get_object_with_perm(
        request,
        "audits.manage_assignments",
        Assignment.objects.select_related("region", "user", "programme_year__programme"),
        pk=pk,
    )
    back_url = _assignments_url(assignment.programme_year, assignment.region)
    error = None
    if request.method == "POST":
        try:
            assignment_remove(assignment=assignment, removed_by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Assignment removed."))
            return redirect(back_url)
    return render(
        request,
        "audits/scoring/assignment_delete.html",
        {"assignment": assignment, "back_url": back_url, "error": error},
        status=409 if error else 200,
    )


# --- The critical friend's regions and scoring -------------------------------------------------


@require_safe
def my_regions(request):
    require_perm(request, "audits.view_my_assignments")
    # One programme at a time, the one in progress first: a critical friend who continued into a new
    # programme picks the earlier one to look back.
    picker = programme_picker(
        slug=request.GET.get("programme", ""),
        programmes=programmes_by_preference().filter(
            pk__in=Assignment.objects.filter(user=request.user).values("programme_year__programme_id")
        ),
    )
    if picker.programme is None and request.GET.get("programme"):
        raise Http404
    rows = my_assignments(user=request.user, programme=picker.programme)
    return render(request, "audits/scoring/my_regions.html", {"rows": rows, "picker": picker})


def _side_by_side(view: CalibrationView) -> tuple[list, list]:
    """Every theme's scores and every condition's ratings paired with their scoring, in column order."""
    themes = [(row, list(zip(view.scorings, row.scores, strict=True))) for row in view.rows]
    conditions = [
        (condition, list(zip(view.scorings, ratings, strict=True)), median)
        for condition, ratings, median in view.condition_rows
    ]
    return themes, conditions


def _report_summary(assignment: Assignment):
    report = (
        MonitorReport.objects.select_related("region", "programme_year__programme")
        .filter(region=assignment.region, programme_year=assignment.programme_year)
        .first()
    )
    return monitoring_selectors.report_view(report=report) if report else None


def _scoring_assignment(request, pk) -> Assignment:
    return get_object_with_perm(
        request,
        "audits.score",
        Assignment.objects.select_related("region__programme", "programme_year__programme", "user"),
        pk=pk,
    )


def _scoring_with_rows(scoring: Scoring) -> Scoring:
    return (
        Scoring.objects.select_related("placemat__programme_year", "assignment")
        .prefetch_related("theme_scores", "condition_ratings")
        .get(pk=scoring.pk)
    )


def _scoring_form(request, assignment: Assignment, scoring: Scoring, themes, *, editable: bool) -> ScoringForm:
    return ScoringForm(
        request.POST if request.method == "POST" else None,
        themes=themes,
        conditions=SuccessCondition.objects.filter(programme_id=assignment.programme_year.programme_id).order_by(
            "number"
        ),
        scoring=scoring,
        readonly=not editable,  # a POST on a read-only scoring still reaches the service, which refuses it
    )


@require_POST
def scoring_autosave(request, pk):
    """The scoring page's background save of the draft (static/js/autosave.js): JSON, never a submission.

    Sends the page's `version` (Scoring.save_version): 200 with the new version and the time; 409 "conflict"
    when the scoring was saved elsewhere since, 409 "refused" once it is submitted or the placemat published;
    400 with the field errors. Without JavaScript the page's own buttons post to `scoring`."""
    assignment = _scoring_assignment(request, pk)
    try:
        scoring = _scoring_with_rows(scoring_open(assignment=assignment))
    except ValidationError as exc:
        return JsonResponse({"status": "refused", "message": " ".join(exc.messages)}, status=409)
    base_version = request.POST.get("version")
    if not base_version:
        return JsonResponse({"status": "invalid", "errors": {"version": _("The page sent no version.")}}, status=400)
    themes = PlacematTheme.objects.filter(programme_id=assignment.programme_year.programme_id).order_by(
        "kind", "number"
    )
    form = _scoring_form(request, assignment, scoring, themes, editable=True)
    if not form.is_valid():
        errors = {name: " ".join(messages_) for name, messages_ in form.errors.items()}
        return JsonResponse({"status": "invalid", "errors": errors}, status=400)
    try:
        scoring = scoring_save(
            scoring=scoring,
            themes=form.themes_data(),
            conditions=form.conditions_data(),
            actor=request.user,
            base_version=base_version,
        )
    except StaleScoringError as exc:
        return JsonResponse(
            {"status": "conflict", "version": exc.scoring.save_version, "message": exc.messages[0]}, status=409
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {name: " ".join(texts) for name, texts in exc.message_dict.items()}
            return JsonResponse({"status": "invalid", "errors": errors}, status=400)
        return JsonResponse({"status": "refused", "message": " ".join(exc.messages)}, status=409)
    return JsonResponse(
        {
            "status": "saved",
            "version": scoring.save_version,
            "saved_at": formats.time_format(timezone.localtime(scoring.updated_at), "H:i"),
        }
    )


@require_http_methods(["GET", "POST"])
def scoring(request, pk):
    assignment = _scoring_assignment(request, pk)
    try:
        scoring = scoring_open(assignment=assignment)
    except ValidationError as exc:
        return render(
            request,
            "audits/scoring/scoring_closed.html",
            {"assignment": assignment, "reasons": exc.messages},
            status=409,
        )
    scoring = _scoring_with_rows(scoring)
    report_view = _report_summary(assignment)
    editable = scoring.status == Scoring.Status.DRAFT and scoring.placemat.status == Placemat.Status.OPEN
    form = _scoring_form(request, assignment, scoring, report_view.themes, editable=editable)
    status, missing = 200, None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in (SAVE, SUBMIT):
            form.add_error(None, _("Choose Save draft or Submit."))
            status = 400
        elif not form.is_valid():
            status = 400
        else:
            try:
                scoring_save(
                    scoring=scoring,
                    themes=form.themes_data(),
                    conditions=form.conditions_data(),
                    actor=request.user,
                    base_version=request.POST.get("version") or None,  # a page from before versions: no check
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
                status = 400 if hasattr(exc, "error_dict") else 409
            else:
                if action == SAVE:
                    messages.success(request, _("Draft saved."))
                    return redirect("audits:scoring", pk=assignment.pk)
                try:
                    scoring_submit(scoring=scoring, actor=request.user)
                except ValidationError as exc:
                    missing, status = exc.messages, 400
                    form.flag_missing()
                else:
                    messages.success(
                        request, _("Scoring submitted. You can now see the other assessors' submitted scores.")
                    )
                    return redirect("audits:scoring", pk=assignment.pk)
        scoring.refresh_from_db(fields=["status", "submitted_at", "updated_at"])
    # Others' scores only once this assessor has submitted their own (rule audits.view_other_scorings).
    comparison, compare_themes, compare_conditions = None, [], []
    if request.user.has_perm("audits.view_other_scorings", scoring):
        comparison = calibration_view(placemat=scoring.placemat, only_submitted=True)
        compare_themes, compare_conditions = _side_by_side(comparison)
    context = {
        "assignment": assignment,
        "scoring": scoring,
        "report_view": report_view,
        "report": report_view.report,
        "form": form,
        "editable": editable and scoring.status == Scoring.Status.DRAFT,
        "missing": missing,
        "comparison": comparison,
        "compare_themes": compare_themes,
        "compare_conditions": compare_conditions,
        "theme_rows": [(*row, report_view.self_assessment.get(row[0].pk)) for row in form.theme_rows()],
        "condition_rows": form.condition_rows(),
    }
    return render(request, "audits/scoring/scoring.html", context, status=status)


# --- Calibration and publication (office) ------------------------------------------------------


def _placemat(request, slug: str, year: int, perm: str, *, create: bool = False) -> Placemat:
    """The region's placemat for the year, with the permission checked before anything is created."""
    region = get_object_or_404(Region.objects.select_related("programme"), **region_lookup(slug))
    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme_id=region.programme_id, year=year
    )
    placemat = (
        Placemat.objects.select_related("region__programme", "programme_year__programme", "published_by")
        .filter(region=region, programme_year=programme_year)
        .first()
    )
    require_perm(request, perm, placemat or Placemat(region=region, programme_year=programme_year))
    if placemat is None:
        if not create:
            raise Http404
        placemat_get_or_create(region=region, programme_year=programme_year)
        placemat = Placemat.objects.select_related(
            "region__programme", "programme_year__programme", "published_by"
        ).get(region=region, programme_year=programme_year)
    return placemat


def _calibration_url(placemat: Placemat) -> str:
    return reverse("audits:calibration", args=[placemat.region, placemat.programme_year.year])


@require_http_methods(["GET", "POST"])
def calibration(request, slug, year):
    placemat = _placemat(request, slug, year, "audits.calibrate", create=request.method == "GET")
    view = calibration_view(placemat=placemat)
    published = placemat.status == Placemat.Status.PUBLISHED
    form = CalibrationForm(request.POST if request.method == "POST" else None, rows=view.rows)
    if published:
        for field in form.fields.values():
            field.disabled = True
    status, missing = 200, None
    if request.method == "POST":
        action = request.POST.get("action")
        if published:
            form.add_error(None, _("This placemat has been published. Unpublish it first to change it."))
            status = 409
        elif action not in (SAVE, PUBLISH):
            form.add_error(None, _("Choose Save or Publish."))
            status = 400
        elif not form.is_valid():
            status = 400
        else:
            try:
                placemat_consolidate(placemat=placemat, results=form.results(), actor=request.user)
            except ValidationError as exc:
                apply_validation_error(form, exc)
                status = 400
            else:
                if action == SAVE:
                    messages.success(request, _("Consolidated scores saved."))
                    return redirect(_calibration_url(placemat))
                try:
                    placemat = placemat_publish(placemat=placemat, actor=request.user)
                except ValidationError as exc:
                    missing, status = exc.messages, 400
                    view = calibration_view(placemat=placemat)  # the history now holds the save
                else:
                    messages.success(
                        request,
                        _("Placemat published (version %(version)s). The region can now see it.")
                        % {"version": placemat.version},
                    )
                    return redirect(_calibration_url(placemat))
    themes, conditions = _side_by_side(view)
    context = {
        "placemat": placemat,
        "view": view,
        "form": form,
        "published": published,
        "missing": missing,
        "theme_rows": [
            (row, pairs, score, remark)
            for (row, pairs), (_r, score, remark) in zip(themes, form.bound_rows(), strict=True)
        ],
        "condition_rows": conditions,
    }
    return render(request, "audits/scoring/calibration.html", context, status=status)


@require_POST
def scoring_reopen_view(request, pk):
    scoring = get_object_or_404(
        Scoring.objects.select_related("placemat__region", "placemat__programme_year", "assignment__user"), pk=pk
    )
    require_perm(request, "audits.calibrate", scoring.placemat)
    try:
        scoring_reopen(scoring=scoring, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The scoring of %(person)s is open again; they can change it and submit it anew.")
            % {"person": scoring.assignment.user},
        )
    return redirect(_calibration_url(scoring.placemat) + "#scorings")


@require_POST
def placemat_unpublish_view(request, slug, year):
    placemat = _placemat(request, slug, year, "audits.calibrate")
    try:
        placemat_unpublish(placemat=placemat, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Placemat unpublished. The region no longer sees it until you publish again."))
    return redirect(_calibration_url(placemat))


# --- The placemat on screen ----------------------------------------------------------------------


@require_safe
def placemat_detail(request, slug, year):
    placemat = _placemat(request, slug, year, "audits.view_placemat")
    view = calibration_view(placemat=placemat, only_submitted=True)
    published = placemat.status == Placemat.Status.PUBLISHED
    # Published: the ratings fixed at publication; open (office only): the provisional median.
    fixed = {c.condition_id: c.rating for c in placemat.conditions.all()} if published else {}
    condition_rows = []
    for condition, _ratings, median in view.condition_rows:
        value = fixed.get(condition.pk) if published else median
        condition_rows.append((condition, value, PlacematScore(value).label if value else ""))
    context = {
        "placemat": placemat,
        "published": published,
        "sections": [
            (_("What: performance areas"), [r for r in view.rows if r.theme.kind == "performance"], "h-what"),
            (_("How: process themes"), [r for r in view.rows if r.theme.kind == "process"], "h-how"),
        ],
        "condition_rows": condition_rows,
        "score_choices": PlacematScore.choices,
    }
    return render(request, "audits/scoring/placemat_detail.html", context)

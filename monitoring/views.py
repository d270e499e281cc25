from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regions.converters import region_lookup
from regions.models import PlacematTheme, ProgrammeYear, Region, RegionPartner, SubProject
from regions.selectors import cofinancing_of_year
from toptechniek.accounts.models import User
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import get_object_with_perm, require_perm, safe_next

from . import selectors, services
from .forms import PARSERS, ContributionAssignForm, TransitionCommentForm, editor_sections, editor_values
from .models import MonitorReport, PlacematScore, ReportContribution
from .services import StaleSaveError


def _report(request, slug: str, year: int, perm: str) -> MonitorReport:
    return get_object_with_perm(
        request,
        perm,
        MonitorReport.objects.select_related("region__programme", "programme_year__programme", "submitted_by"),
        **region_lookup(slug, prefix="region__"),
        programme_year__year=year,
    )


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@require_safe
def report_detail(request, slug, year):
    report = _report(request, slug, year, "monitoring.view_report")
    view = selectors.report_view(report=report)
    cofinancing = cofinancing_of_year(region=report.region, programme_year=report.programme_year)
    # The year's co-financing is fixed for the region once the report is settled; the office still corrects it
    # (regions.selectors.cofinancing_fixed_years, read here from the report at hand).
    settled = report.status in selectors.SETTLED_STATUSES
    can_edit_cofinancing = request.user.has_perm("regions.change_cofinancing", report.region) and (
        request.user.is_programme_office or not settled
    )
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "view": view,
            "cofinancing": cofinancing,
            "can_edit_cofinancing": can_edit_cofinancing,
            "paragraphs": selectors.report_subproject_paragraphs(report=report),
            **attachment_context(request, report, view.attachments),
        },
    )


@require_POST
def report_open(request, slug, year):
    region = get_object_with_perm(
        request, "monitoring.open_report", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    try:
        report = services.report_get_or_create(region=region, year=year, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(region.get_absolute_url() + "#reports")
    return redirect("monitoring:report_edit", slug=slug, year=report.year)


def _editor_report(request, slug, year) -> tuple[MonitorReport, bool]:
    """The report for its editor, and whether this person is its project leader (True) or a contributor
    writing an assigned part of it (False); anyone else gets a 404."""
    report = _report(request, slug, year, "monitoring.view_report")
    if request.user.has_perm("monitoring.edit_report", report):
        return report, True
    require_perm(request, "monitoring.contribute_report", report)
    return report, False


def _editor(
    request,
    report,
    *,
    status=200,
    overlay_section=None,
    posted=None,
    errors=None,
    conflict=None,
    missing=None,
    leader=True,
):
    view = selectors.report_view(report=report)
    can_assign = request.user.has_perm("monitoring.assign_contribution", report)
    contributions = selectors.report_contributions(
        report=report, for_leader=can_assign, themes=[block.theme for block in view.process_themes]
    )
    checklist = selectors.report_checklist(view)
    if missing is not None:  # the submit was refused: each item linked to its field (same rule as the service)
        missing = checklist.missing or [selectors.ChecklistItem(section="", anchor="", text=m) for m in missing]
    values = editor_values(view)
    if posted is not None:
        values.update({k: v for k, v in posted.items() if not k.startswith(("csrf", "version"))})
        if overlay_section == "quantitative":  # unchecked boxes are absent from a POST
            for line in view.lines:
                values[f"r-{line.indicator.pk}-na"] = posted.get(f"r-{line.indicator.pk}-na", "")
    context = {
        "report": report,
        "view": view,
        "score_choices": PlacematScore.choices,
        "has_penvoerder": RegionPartner.objects.filter(region_id=report.region_id, is_penvoerder=True).exists(),
        "conflict_view": selectors.report_view(report=conflict["report"]) if conflict else None,
        "sections": editor_sections(view, values, errors or {}),
        "conflict": conflict,
        "missing": missing,
        "checklist": checklist,
        "overlay_section": overlay_section,
        "leader": leader,
        "proposals": selectors.report_proposals(report=report) if leader else [],
        "contributions": contributions,
        "assign_form": (
            ContributionAssignForm(sections=contributions.sections, people=contributions.people) if can_assign else None
        ),
        **attachment_context(request, report, view.attachments),
    }
    # Each process theme: who writes it, and whether this person may write it here (the project leader: all;
    # a contributor: only the themes assigned to them and not yet delivered).
    for block in context["sections"]["qualitative"]:
        c = contributions.by_theme.get(block["theme"].pk)
        block["contribution"] = c
        block["writable"] = leader or (
            c is not None and c.assignee_id == request.user.pk and c.status == ReportContribution.Status.ASSIGNED
        )
    return render(request, "monitoring/report_edit.html", context, status=status)


@require_safe
def report_edit(request, slug, year):
    report, leader = _editor_report(request, slug, year)
    return _editor(request, report, leader=leader)


SECTION_SAVERS = {
    "quantitative": lambda report, base, parsed, user: services.report_save_quantitative(
        report=report, base_version=base, values=parsed, user=user
    ),
    "qualitative": lambda report, base, parsed, user: services.report_save_qualitative(
        report=report, base_version=base, answers=parsed, user=user
    ),
    "self_assessment": lambda report, base, parsed, user: services.report_save_self_assessment(
        report=report, base_version=base, scores=parsed, user=user
    ),
    "reflection": lambda report, base, parsed, user: services.report_save_reflection(
        report=report,
        base_version=base,
        works=parsed["works"],
        not_yet=parsed["not_yet"],
        progress=parsed["progress"],
        learning_themes=parsed["learning_themes"],
        user=user,
    ),
}

SECTION_TITLES = {
    "quantitative": gettext_lazy("Figures"),
    "qualitative": gettext_lazy("Process"),
    "self_assessment": gettext_lazy("Self-assessment"),
    "reflection": gettext_lazy("Reflection"),
}


@require_POST
def report_save(request, slug, year, section):
    if section not in SECTION_SAVERS:
        raise Http404
    report, leader = _editor_report(request, slug, year)
    if not leader and section != "qualitative":  # a contributor writes process themes only (the service checks which)
        raise Http404
    try:
        base = int(request.POST.get("version", ""))
    except ValueError:
        base = -1
    parsed = PARSERS[section](request.POST)
    errors = dict(parsed.errors)
    version = None
    conflict = None
    refused = ""  # the report can no longer be changed (submitted meanwhile)
    if not errors:
        try:
            version = SECTION_SAVERS[section](report, base, parsed.values, request.user)
        except StaleSaveError as exc:
            conflict = exc.report
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                refused = " ".join(exc.messages)
                errors = {"__all__": refused}
    if _wants_json(request):
        if conflict is not None:
            theirs = selectors.report_view(report=conflict)
            return JsonResponse(
                {
                    "status": "conflict",
                    "version": getattr(conflict, f"{section}_version"),
                    "message": _(
                        "%(person)s saved this section at %(time)s, after you opened it. Your text is still in the "
                        "form and has not been saved. Compare it with theirs below, then keep yours (overwrite) or "
                        "take theirs."
                    )
                    % {
                        "person": conflict.updated_by or _("Someone else"),
                        "time": formats.time_format(timezone.localtime(conflict.updated_at), "H:i"),
                    },
                    "theirs_html": render_to_string(
                        "monitoring/_section_theirs.html", {"view": theirs, "section": section}, request=request
                    ),
                },
                status=409,
            )
        if refused:
            return JsonResponse({"status": "refused", "message": refused}, status=409)
        if errors:
            return JsonResponse({"status": "invalid", "errors": errors}, status=400)
        report.refresh_from_db()
        return JsonResponse(
            {
                "status": "saved",
                "version": version,
                "saved_at": formats.time_format(timezone.localtime(report.updated_at), "H:i"),
                "completeness": _completeness(request, report),
            }
        )
    if conflict is not None:
        return _editor(
            request,
            report,
            status=409,
            overlay_section=section,
            posted=request.POST,
            conflict={"section": section, "report": conflict, "title": SECTION_TITLES[section]},
            leader=leader,
        )
    if errors:
        return _editor(
            request, report, status=400, overlay_section=section, posted=request.POST, errors=errors, leader=leader
        )
    messages.success(request, _("%(section)s saved.") % {"section": SECTION_TITLES[section]})
    return redirect(f"{report.get_absolute_url()}edit/#section-{section}")


def _completeness(request, report: MonitorReport) -> dict[str, str]:
    """Each section's completeness as the editor's bar shows it ("8/10", "✓"), after a save."""
    checklist = selectors.report_checklist(selectors.report_view(report=report))
    return {
        name: render_to_string("monitoring/_completeness.html", {"progress": progress}, request=request)
        for name, progress in checklist.sections.items()
    }


@require_POST
def report_submit(request, slug, year):
    report = _report(request, slug, year, "monitoring.submit_report")
    try:
        report = services.report_submit(report=report, actor=request.user)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "incomplete" or len(exc.messages) > 1:
            return _editor(request, report, status=400, missing=exc.messages)
        for message in exc.messages:
            messages.error(request, message)
        return redirect("monitoring:report_edit", slug=slug, year=year)
    if report.status == MonitorReport.Status.AWAITING_ENDORSEMENT:
        messages.success(request, _("Report submitted. The penvoerder has been asked to endorse it."))
    else:
        messages.success(request, _("Report submitted to the programme office."))
    return redirect(report)


TRANSITIONS = {
    "endorse": {
        "perm": "monitoring.endorse_report",
        "service": lambda report, user, comment: services.report_endorse(report=report, actor=user, comment=comment),
        "title": gettext_lazy("Endorse the report"),
        "text": gettext_lazy("As penvoerder you endorse this report; it then goes to the programme office."),
        "button": gettext_lazy("Endorse and send to the programme office"),
        "done": gettext_lazy("Report endorsed and sent to the programme office."),
        "comment_required": False,
    },
    "decline": {
        "perm": "monitoring.endorse_report",
        "service": lambda report, user, comment: services.report_decline_endorsement(
            report=report, actor=user, comment=comment
        ),
        "title": gettext_lazy("Send back to the project leader"),
        "text": gettext_lazy("The report goes back to the project leader as a draft, with your comment."),
        "button": gettext_lazy("Send back"),
        "done": gettext_lazy("Report sent back to the project leader."),
        "comment_required": True,
    },
    "return": {
        "perm": "monitoring.return_report",
        "service": lambda report, user, comment: services.report_return(report=report, actor=user, comment=comment),
        "title": gettext_lazy("Return the report"),
        "text": gettext_lazy("The region can edit the report again and must submit it anew. Say what must change."),
        "button": gettext_lazy("Return to the region"),
        "done": gettext_lazy("Report returned to the region."),
        "comment_required": True,
    },
    "accept": {
        "perm": "monitoring.accept_report",
        "service": lambda report, user, comment: services.report_accept(report=report, actor=user, comment=comment),
        "title": gettext_lazy("Accept the report"),
        "text": gettext_lazy("An accepted report is final; it can only be reopened with a reason."),
        "button": gettext_lazy("Accept"),
        "done": gettext_lazy("Report accepted."),
        "comment_required": False,
    },
    "reopen": {
        "perm": "monitoring.reopen_report",
        "service": lambda report, user, comment: services.report_reopen(report=report, actor=user, reason=comment),
        "title": gettext_lazy("Reopen the accepted report"),
        "text": gettext_lazy("The report goes back to the region as returned. A reason is required."),
        "button": gettext_lazy("Reopen"),
        "done": gettext_lazy("Report reopened."),
        "comment_required": True,
    },
}


@require_http_methods(["GET", "POST"])
def report_transition(request, slug, year, action):
    year = int(year)
    config = TRANSITIONS.get(action)
    if config is None:
        raise Http404
    report = _report(request, slug, year, config["perm"])
    form = TransitionCommentForm(request.POST if request.method == "POST" else None)
    if config["comment_required"]:
        form.fields["comment"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            config["service"](report, request.user, form.cleaned_data["comment"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, config["done"])
            return redirect(report)
    return render(request, "monitoring/report_transition.html", {"report": report, "form": form, "config": config})


# --- PDF and office exports ------------------------------------------------------------------


@require_safe
def report_pdf(request, slug, year):
    """The report as a PDF download; while it is being rendered, a page that polls for it; when it could not
    be made, that page says why (and polls no more)."""
    from django.utils.cache import patch_cache_control

    from toptechniek.common.stored_pdf import failure_message, stored_pdf_failure, stored_pdf_response

    report = _report(request, slug, year, "monitoring.view_report")
    pdf = services.report_pdf_request(report=report)  # eager mode: rendered by now
    pdf.refresh_from_db()
    if not services.report_pdf_is_fresh(pdf=pdf, report=report):
        failure = stored_pdf_failure(pdf=pdf, stamp=services.report_pdf_stamp(report))
        context = {"report": report, "failure": failure, "reason": failure_message(failure) if failure else ""}
        response = render(request, "monitoring/report_pdf_pending.html", context)
        patch_cache_control(response, no_store=True)
        return response
    return stored_pdf_response(pdf=pdf, download_name=f"monitor-report-{report.region.slug}-{report.year}.pdf")


def _export_rows(request, slug, year):
    from django.shortcuts import get_object_or_404

    from regions.models import Programme, ProgrammeYear
    from toptechniek.common.views import require_perm

    from .exports import realisation_table

    require_perm(request, "monitoring.export_realisations")
    programme = get_object_or_404(Programme, slug=slug)
    if not ProgrammeYear.objects.filter(programme=programme, year=year).exists():
        raise Http404
    # Settled figures only, unless the office asks for the provisional file (drafts' figures included; only
    # the office may export at all).
    provisional = request.GET.get("provisional") == "1"
    table = realisation_table(programme_id=programme.pk, year=year, include_drafts=provisional)
    return programme, table, provisional


def _export_name(programme, year, provisional: bool, extension: str) -> str:
    from django.utils.translation import pgettext

    suffix = "-" + pgettext("file name", "provisional") if provisional else ""
    return f"realisations-{programme.slug}-{year}{suffix}.{extension}"


@require_safe
def realisations_csv(request, slug, year):
    from toptechniek.common.exports import csv_response

    programme, table, provisional = _export_rows(request, slug, year)
    return csv_response(table, file_name=_export_name(programme, year, provisional, "csv"))


@require_safe
def realisations_xlsx(request, slug, year):
    from toptechniek.common.exports import xlsx_response

    programme, table, provisional = _export_rows(request, slug, year)
    return xlsx_response(
        table, file_name=_export_name(programme, year, provisional, "xlsx"), title=f"{programme.name} {year}"
    )


@require_safe
def report_list(request, slug, year):
    """The office's (and viewer's) list of every region's report of one programme year."""
    require_perm(request, "monitoring.list_reports")
    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year
    )
    status = request.GET.get("status", "")
    rows = selectors.reports_for_year(programme_year=programme_year, status=status)
    return render(
        request,
        "monitoring/report_list.html",
        {
            "programme_year": programme_year,
            "rows": rows,
            "status": status,
            "status_choices": [("not_started", _("not started")), ("late", _("late")), *MonitorReport.Status.choices],
            "overdue": selectors.row_overdue(programme_year),
        },
    )


# --- Attachments -----------------------------------------------------------------------------


def attachment_context(request, report: MonitorReport, attachments) -> dict:
    """The attachments block of the report page and the editor."""
    from toptechniek.common.uploads import attachment_context as context

    args = [report.region, report.year]
    can_delete = request.user.has_perm("monitoring.delete_report_attachment", report)
    can_add = request.user.has_perm("monitoring.add_report_attachment", report)
    return context(
        attachments=attachments,
        download_url=lambda a: reverse("monitoring:report_attachment_download", args=[*args, a.pk]),
        delete_url=lambda a: reverse("monitoring:report_attachment_delete", args=[*args, a.pk]) if can_delete else None,
        upload_url=reverse("monitoring:report_attachment_add", args=args) if can_add else None,
        empty_text=_("No attachments. The project leader can attach files while the report is a draft."),
    )


def _report_pages(report: MonitorReport) -> list[str]:
    return [report.get_absolute_url(), reverse("monitoring:report_edit", args=[report.region, report.year])]


@require_http_methods(["GET", "POST"])
def report_attachment_add(request, slug, year):
    from toptechniek.common.views import attachment_upload_page

    report = _report(request, slug, year, "monitoring.add_report_attachment")
    return attachment_upload_page(
        request,
        create=lambda upload, description: services.report_attachment_add(
            report=report, upload=upload, description=description, actor=request.user
        ),
        back_urls=_report_pages(report),
        title=_("Attach a file to the monitor report %(region)s %(year)s")
        % {"region": report.region.name, "year": report.year},
        attachments=report.attachments.all(),
    )


@require_safe
def report_attachment_download(request, slug, year, pk):
    from toptechniek.common.uploads import attachment_response

    report = _report(request, slug, year, "monitoring.view_report")
    attachment = get_object_or_404(report.attachments, pk=pk)
    return attachment_response(attachment=attachment)


@require_http_methods(["GET", "POST"])
def report_attachment_delete(request, slug, year, pk):
    from toptechniek.common.views import attachment_delete_page

    report = _report(request, slug, year, "monitoring.delete_report_attachment")
    attachment = get_object_or_404(report.attachments, pk=pk)
    return attachment_delete_page(
        request,
        attachment=attachment,
        delete=lambda: services.report_attachment_delete(attachment=attachment, actor=request.user),
        back_url=safe_next(request, _report_pages(report)),
    )


# --- Contributions (bijdragen) ------------------------------------------------------------------------


def _contribution(request, slug, year, pk) -> ReportContribution:
    report = _report(request, slug, year, "monitoring.view_report")
    contribution = get_object_or_404(
        ReportContribution.objects.select_related("theme", "subproject", "assignee"), pk=pk, report=report
    )
    contribution.report = report
    return contribution


def _editor_url(report: MonitorReport, anchor: str = "contributions") -> str:
    return reverse("monitoring:report_edit", args=[report.region, report.year]) + f"#{anchor}"


@require_POST
def contribution_assign(request, slug, year):
    report = _report(request, slug, year, "monitoring.assign_contribution")
    contributions = selectors.report_contributions(report=report, for_leader=True)
    form = ContributionAssignForm(request.POST, sections=contributions.sections, people=contributions.people)
    if form.is_valid():
        kind, _sep, pk = form.cleaned_data["section"].partition("-")
        target = {"theme": None, "subproject": None}
        if kind == "theme":
            target["theme"] = get_object_or_404(PlacematTheme, pk=pk)
        else:
            target["subproject"] = get_object_or_404(SubProject, pk=pk)
        try:
            contribution = services.contribution_assign(
                report=report,
                assignee=get_object_or_404(User, pk=form.cleaned_data["assignee"]),
                actor=request.user,
                due_date=form.cleaned_data["due_date"],
                note=form.cleaned_data["note"],
                **target,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(section)s assigned to %(person)s.")
                % {
                    "section": contribution.section_label,
                    "person": contribution.assignee.full_name or contribution.assignee.email,
                },
            )
            return redirect(_editor_url(report))
    # Refused: the reasons as messages, back where the form is (the office, which has no editor: the report).
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)
    if request.user.has_perm("monitoring.edit_report", report):
        return redirect(_editor_url(report))
    return redirect(report)


CONTRIBUTION_ACTIONS = {
    "withdraw": (
        "monitoring.withdraw_contribution",
        lambda c, user: services.contribution_withdraw(contribution=c, actor=user),
        gettext_lazy("The contribution is withdrawn."),
    ),
    "reopen": (
        "monitoring.reopen_contribution",
        lambda c, user: services.contribution_reopen(contribution=c, actor=user),
        gettext_lazy("The contribution is open again for its writer."),
    ),
    "deliver": (
        "monitoring.write_contribution",
        lambda c, user: services.contribution_deliver(contribution=c, actor=user),
        gettext_lazy("Delivered. The project leader has been told."),
    ),
}


@require_POST
def contribution_action(request, slug, year, pk, action):
    if action not in CONTRIBUTION_ACTIONS:
        raise Http404
    perm, service, done = CONTRIBUTION_ACTIONS[action]
    contribution = _contribution(request, slug, year, pk)
    require_perm(request, perm, contribution)
    try:
        service(contribution, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    report = contribution.report
    if action == "deliver" and not request.user.has_perm("monitoring.contribute_report", report):
        return redirect(report)  # nothing left to write here: the report as it stands
    return redirect(_editor_url(report, f"contribution-{contribution.pk}"))


@require_POST
def contribution_save(request, slug, year, pk):
    """Save a sub-project paragraph (autosave or the section's button), with its own version check."""
    contribution = _contribution(request, slug, year, pk)
    report = contribution.report
    if not (
        request.user.has_perm("monitoring.write_contribution", contribution)
        or request.user.has_perm("monitoring.edit_report", report)
    ):
        raise Http404
    try:
        base = int(request.POST.get("version", ""))
    except ValueError:
        base = -1
    name = f"c-{contribution.pk}-text"
    try:
        version = services.contribution_save_text(
            contribution=contribution, base_version=base, text=request.POST.get(name, ""), user=request.user
        )
    except StaleSaveError as exc:
        contribution.refresh_from_db()
        return JsonResponse(
            {
                "status": "conflict",
                "version": contribution.version,
                "message": _(
                    "%(person)s saved this section at %(time)s, after you opened it. Your text is still in the "
                    "form and has not been saved. Compare it with theirs below, then keep yours (overwrite) or "
                    "take theirs."
                )
                % {
                    "person": exc.report.updated_by or _("Someone else"),
                    "time": formats.time_format(timezone.localtime(exc.report.updated_at), "H:i"),
                },
                "theirs_html": render_to_string(
                    "monitoring/_contribution_theirs.html", {"contribution": contribution}, request=request
                ),
            },
            status=409,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            if _wants_json(request):
                return JsonResponse({"status": "invalid", "errors": errors}, status=400)
            for message in errors.values():
                messages.error(request, message)
        else:
            if _wants_json(request):
                return JsonResponse({"status": "refused", "message": " ".join(exc.messages)}, status=409)
            for message in exc.messages:
                messages.error(request, message)
        return redirect(_editor_url(report, f"contribution-{contribution.pk}"))
    if _wants_json(request):
        report.refresh_from_db(fields=["updated_at"])
        return JsonResponse(
            {
                "status": "saved",
                "version": version,
                "saved_at": formats.time_format(timezone.localtime(report.updated_at), "H:i"),
            }
        )
    messages.success(request, _("%(section)s saved.") % {"section": contribution.section_label})
    return redirect(_editor_url(report, f"contribution-{contribution.pk}"))


# --- Figures from a spreadsheet -----------------------------------------------------------------------------

IMPORT_SESSION_KEY = "monitoring-import"


def _import_report(request, slug, year) -> MonitorReport:
    report = _report(request, slug, year, "monitoring.view_report")
    require_perm(request, "monitoring.edit_report", report)
    return report


@require_safe
def report_import_template(request, slug, year):
    """The template workbook of this report: one row per agreed indicator."""
    from toptechniek.common.exports import XLSX_CONTENT_TYPE

    from .imports import import_template

    report = _import_report(request, slug, year)
    data = import_template(view=selectors.report_view(report=report))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    name = f"monitor-{report.region.slug}-{report.programme_year.year}-import.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def report_import(request, slug, year):
    """Upload a filled-in template (XLSX, or CSV with ';' and decimal commas): the preview shows every row
    against the report and every problem; nothing is saved until the user confirms (report_import_confirm)."""
    from .forms import ImportUploadForm
    from .imports import import_preview, import_read

    report = _import_report(request, slug, year)
    if report.status not in MonitorReport.EDITABLE:
        messages.error(request, _("This report has been submitted and can no longer be changed."))
        return redirect("monitoring:report_detail", slug=report.region, year=report.programme_year.year)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        view = selectors.report_view(report=report)
        preview = import_preview(view=view, raw=import_read(data=upload.read(), filename=upload.name))
        request.session[IMPORT_SESSION_KEY] = {
            "report": report.pk,
            "version": report.quantitative_version,
            "file": upload.name[:200],
            "rows": [
                [p.line.indicator.pk, None if p.value is None else str(p.value), p.not_applicable, p.explanation]
                for p in preview.to_save
            ],
            "problems": preview.problem_count,
        }
    return render(
        request,
        "monitoring/report_import.html",
        {"report": report, "form": form, "preview": preview},
    )


@require_POST
def report_import_confirm(request, slug, year):
    """Save the previewed rows through the editor's service, against the version the preview was made on."""
    from decimal import Decimal

    report = _import_report(request, slug, year)
    stored = request.session.get(IMPORT_SESSION_KEY)
    back = reverse("monitoring:report_import", kwargs={"slug": report.region, "year": report.programme_year.year})
    if not stored or stored.get("report") != report.pk:
        messages.error(request, _("There is no previewed file to save: upload it again."))
        return redirect(back)
    if stored["problems"] and request.POST.get("valid_only") != "1":
        messages.error(
            request, _("The file has problems. Fix them and upload it again, or choose to save only the valid rows.")
        )
        return redirect(back)
    values = {
        indicator_id: services.RealisationInput(
            value=None if value is None else Decimal(value), not_applicable=nothing, explanation=explanation
        )
        for indicator_id, value, nothing, explanation in stored["rows"]
    }
    try:
        if values:
            services.report_save_quantitative(
                report=report, base_version=stored["version"], values=values, user=request.user
            )
    except StaleSaveError:
        messages.error(
            request,
            _("The figures of this report changed after your preview (someone saved them). Upload the file again."),
        )
        return redirect(back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        ngettext("%(n)s figure imported from %(file)s.", "%(n)s figures imported from %(file)s.", len(values))
        % {"n": len(values), "file": stored["file"]},
    )
    return redirect(
        reverse("monitoring:report_edit", kwargs={"slug": report.region, "year": report.programme_year.year})
        + "#section-quantitative"
    )


# --- The office proposes a year's figures for many regions ------------------------------------------------------

OFFICE_IMPORT_SESSION_KEY = "monitoring-office-import"


def _import_year(request, slug, year) -> ProgrammeYear:
    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year
    )
    require_perm(request, "monitoring.import_figures", programme_year)
    return programme_year


@require_safe
def office_import_template(request, slug, year):
    from toptechniek.common.exports import XLSX_CONTENT_TYPE

    from .imports import office_import_template as template

    programme_year = _import_year(request, slug, year)
    response = HttpResponse(template(programme_year=programme_year), content_type=XLSX_CONTENT_TYPE)
    name = f"figures-{programme_year.programme.slug}-{programme_year.year}-import.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def office_import(request, slug, year):
    """The office uploads one year's figures for many regions (e.g. a DUO extract prepared as a sheet): the
    preview checks every row; confirmed rows become proposals that each region takes over or sets aside."""
    from .forms import ImportUploadForm
    from .imports import import_read, office_import_preview

    programme_year = _import_year(request, slug, year)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = office_import_preview(
            programme_year=programme_year, raw=import_read(data=upload.read(), filename=upload.name)
        )
        request.session[OFFICE_IMPORT_SESSION_KEY] = {
            "year": programme_year.pk,
            "file": upload.name[:200],
            "rows": [
                [
                    p.region.pk,
                    p.indicator.pk,
                    None if p.value is None else str(p.value),
                    p.not_applicable,
                    p.explanation,
                ]
                for p in preview.to_save
            ],
            "problems": preview.problem_count,
        }
    return render(
        request, "monitoring/office_import.html", {"programme_year": programme_year, "form": form, "preview": preview}
    )


@require_POST
def office_import_confirm(request, slug, year):
    from decimal import Decimal

    programme_year = _import_year(request, slug, year)
    back = reverse("monitoring:office_import", kwargs={"slug": slug, "year": year})
    stored = request.session.get(OFFICE_IMPORT_SESSION_KEY)
    if not stored or stored.get("year") != programme_year.pk or not stored["rows"]:
        messages.error(request, _("There is no previewed file to save: upload it again."))
        return redirect(back)
    if stored["problems"] and request.POST.get("valid_only") != "1":
        messages.error(
            request, _("The file has problems. Fix them and upload it again, or choose to save only the valid rows.")
        )
        return redirect(back)
    regions = {r.pk: r for r in Region.objects.filter(pk__in={row[0] for row in stored["rows"]})}
    rows = [
        services.ProposalInput(
            region=regions[region_id],
            indicator_id=indicator_id,
            value=None if value is None else Decimal(value),
            not_applicable=nothing,
            explanation=explanation,
        )
        for region_id, indicator_id, value, nothing, explanation in stored["rows"]
        if region_id in regions
    ]
    try:
        count = services.proposals_import(
            programme_year=programme_year, rows=rows, source=stored["file"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    request.session.pop(OFFICE_IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        ngettext(
            "%(n)s figure proposed to the regions; they take it over in their report.",
            "%(n)s figures proposed to the regions; they take them over in their report.",
            count,
        )
        % {"n": count},
    )
    return redirect("monitoring:report_list", slug=slug, year=year)


@require_POST
def report_proposals(request, slug, year, action):
    """The project leader takes the office's proposed figures over (through the editor's save) or sets them
    aside."""
    report = _import_report(request, slug, year)
    edit = reverse("monitoring:report_edit", kwargs={"slug": report.region, "year": report.programme_year.year})
    try:
        if action == "accept":
            base = int(request.POST.get("version", "-1") or -1)
            count = services.proposals_accept(report=report, base_version=base, user=request.user)
            messages.success(
                request,
                ngettext("%(n)s proposed figure taken over.", "%(n)s proposed figures taken over.", count)
                % {"n": count},
            )
        else:
            services.proposals_discard(report=report, user=request.user)
            messages.success(request, _("The proposed figures were set aside; your own figures stay."))
    except StaleSaveError:
        messages.error(request, _("The figures changed since you loaded the page; look again and take them over."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(edit + "#section-quantitative")


# --- Open data ------------------------------------------------------------------------------------------------


@login_not_required
@require_safe
def opendata_list(request):
    """The public page: every published year's settled figures, with the data dictionary and the licence."""
    from .models import OpenDataRelease

    releases = OpenDataRelease.objects.select_related("programme_year__programme").order_by(
        "programme_year__programme__name", "-programme_year__year"
    )
    from .exports import OPEN_DATA_COLUMNS

    return render(
        request,
        "monitoring/opendata_list.html",
        {"releases": releases, "columns": OPEN_DATA_COLUMNS, "licence": OpenDataRelease.LICENCE},
    )


@login_not_required
@require_safe
def opendata_download(request, slug, year):
    from .exports import opendata_csv
    from .models import OpenDataRelease

    release = get_object_or_404(
        OpenDataRelease.objects.select_related("programme_year__programme"),
        programme_year__programme__slug=slug,
        programme_year__year=year,
    )
    response = HttpResponse(opendata_csv(programme_year=release.programme_year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toptechniek-{slug}-{year}.csv"'
    return response


@login_not_required
@require_safe
def opendata_dictionary(request):
    from .exports import opendata_dictionary_csv

    response = HttpResponse(opendata_dictionary_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toptechniek-data-dictionary.csv"'
    return response


@require_http_methods(["GET", "POST"])
def opendata_publish(request, slug, year):
    """The office publishes (or withdraws) a closed year's settled figures as open data, after a confirmation."""
    from .models import OpenDataRelease

    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year
    )
    require_perm(request, "monitoring.publish_open_data", programme_year)
    release = OpenDataRelease.objects.filter(programme_year=programme_year).first()
    refusal = None if release else services.opendata_refusal(programme_year=programme_year)
    if request.method == "POST":
        try:
            if release:
                services.opendata_withdraw(programme_year=programme_year, actor=request.user)
                messages.success(request, _("The open data of %(year)s was withdrawn.") % {"year": year})
            else:
                services.opendata_publish(programme_year=programme_year, actor=request.user)
                messages.success(request, _("The figures of %(year)s are published as open data.") % {"year": year})
            return redirect("monitoring:opendata_list")
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
    return render(
        request,
        "monitoring/opendata_publish.html",
        {"programme_year": programme_year, "release": release, "refusal": refusal},
    )

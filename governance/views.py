"""Governance meetings: the office's list and plan per programme year, a meeting's page with its inputs,
notes, the held transition and the grant decision.

Thin: check the permission (404 when denied), call a service or a selector, render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audits.selectors.grants import grant_explanation
from regions.models import ProgrammeYear, Region
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import require_perm

from . import selectors, services
from .forms import MeetingGrantForm, MeetingNotesForm, MeetingPlanForm
from .models import GovernanceMeeting

DECIDE, WITHHOLD = "decide", "withhold"


def _programme_year(slug, year) -> ProgrammeYear:
    return get_object_or_404(ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year)


def _meeting(request, perm, slug, year) -> GovernanceMeeting:
    try:
        meeting = selectors.meeting_for_page(region_key=slug, year=year)
    except GovernanceMeeting.DoesNotExist:
        raise Http404 from None
    require_perm(request, perm, meeting)
    return meeting


def _meetings_url(programme_year: ProgrammeYear) -> str:
    return reverse("governance:meetings", args=[programme_year.programme.slug, programme_year.year])


@require_http_methods(["GET", "POST"])
def meetings(request, slug, year):
    programme_year = _programme_year(slug, year)
    require_perm(request, "governance.view_meetings", programme_year)
    can_manage = request.user.has_perm("governance.manage_meetings", programme_year)
    form = None
    if can_manage:
        regions = (
            Region.objects.filter(programme=programme_year.programme)
            .exclude(governance_meetings__programme_year=programme_year)
            .order_by("name")
        )
        form = MeetingPlanForm(request.POST or None, regions=regions)
    if request.method == "POST":
        require_perm(request, "governance.manage_meetings", programme_year)
        if form.is_valid():
            try:
                meeting = services.meeting_plan(programme_year=programme_year, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Governance meeting with %(region)s planned.") % {"region": meeting.region})
                return redirect(_meetings_url(programme_year))
    return render(
        request,
        "governance/meetings.html",
        {
            "programme_year": programme_year,
            "rows": selectors.meetings_for_year(programme_year=programme_year),
            "form": form,
            "can_manage": can_manage,
            "sees_proposals": request.user.has_perm("audits.view_grants"),
        },
    )


def _render_meeting(request, meeting, *, notes_form=None, grant_form=None, status=200):
    user = request.user
    can_manage = user.has_perm("governance.manage_meetings", meeting)
    sees_proposals = user.has_perm("audits.view_grants")
    inputs = selectors.meeting_inputs(meeting=meeting, show_proposal=sees_proposals)
    grant = inputs.grant
    can_decide = can_manage and grant is not None and user.has_perm("audits.manage_grants", grant)
    if can_manage and notes_form is None:
        notes_form = MeetingNotesForm(initial={"notes": meeting.notes, "decision_summary": meeting.decision_summary})
    if can_decide and grant_form is None:
        amount = grant.decided_amount if grant.decided_amount is not None else grant.proposed_amount
        grant_form = MeetingGrantForm(initial={"amount": amount, "reason": grant.decision_reason})
    programme_year = meeting.programme_year
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "inputs": inputs,
            "can_manage": can_manage,
            "can_decide": can_decide,
            "sees_proposals": sees_proposals,
            "notes_form": notes_form if can_manage else None,
            "grant_form": grant_form if can_decide else None,
            "steps": grant_explanation(grant.proposal_inputs) if grant and sees_proposals else [],
            "grants_url": reverse("audits:grants", args=[programme_year.programme.slug, programme_year.year])
            if user.has_perm("audits.view_grants")
            else "",
            "back_url": _meetings_url(programme_year) if user.has_perm("governance.view_meetings") else "",
        },
        status=status,
    )


@require_safe
def meeting_detail(request, slug, year):
    meeting = _meeting(request, "governance.view_meeting", slug, year)
    return _render_meeting(request, meeting)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug, year):
    meeting = _meeting(request, "governance.manage_meetings", slug, year)
    initial = {"date": meeting.date, "place": meeting.place, "participants": meeting.participants}
    form = MeetingPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The plan of the meeting is saved."))
            return redirect(meeting.get_absolute_url())
    return render(request, "governance/meeting_edit.html", {"meeting": meeting, "form": form})


@require_POST
def meeting_notes(request, slug, year):
    meeting = _meeting(request, "governance.manage_meetings", slug, year)
    form = MeetingNotesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_save_notes(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The notes are saved."))
            return redirect(meeting.get_absolute_url() + "#notes")
    return _render_meeting(request, meeting, notes_form=form)


@require_POST
def meeting_held(request, slug, year):
    meeting = _meeting(request, "governance.manage_meetings", slug, year)
    try:
        services.meeting_mark_held(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The meeting is marked as held; the region can read it now."))
    return redirect(meeting.get_absolute_url())


@require_POST
def meeting_grant(request, slug, year):
    meeting = _meeting(request, "governance.manage_meetings", slug, year)
    grant = services.meeting_grant(meeting=meeting)
    if grant is not None:
        require_perm(request, "audits.manage_grants", grant)
    form = MeetingGrantForm(request.POST)
    if form.is_valid():
        action = request.POST.get("action", DECIDE)
        try:
            if action == WITHHOLD:
                services.meeting_withhold_grant(meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user)
                message = _("The grant of %(region)s for %(year)s is withheld.")
            else:
                services.meeting_decide_grant(meeting=meeting, actor=request.user, **form.cleaned_data)
                message = _("The grant of %(region)s for %(year)s is decided.")
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, message % {"region": meeting.region.name, "year": meeting.programme_year.year})
            return redirect(meeting.get_absolute_url() + "#grant")
    return _render_meeting(request, meeting, grant_form=form)

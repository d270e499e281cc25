"""Audit visits: the office's list and plan per programme year, a visit's page, its plan, its report.

Thin: check the permission (404 when denied), call a service or a selector, render.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from monitoring.models import PlacematScore
from regions.converters import region_lookup
from regions.forms import PeopleLinesField, people_to_text
from regions.models import PlacematTheme, ProgrammeYear, Region, SuccessCondition
from toptechniek.common.forms import StyledFormMixin, apply_validation_error
from toptechniek.common.text import TEXT_MAX_MEDIUM
from toptechniek.common.views import get_object_with_perm, require_perm

from ..models import AuditVisit, FollowUpAction
from ..selectors.visits import assessors_for_year, visit_for_reading, visits_for_year
from ..services.visits import (
    action_add,
    action_toggle_done,
    visit_mark_held,
    visit_plan,
    visit_report,
    visit_save_report,
    visit_update_plan,
)

SAVE, REPORT, ADD_ACTION = "save", "report", "add_action"


class VisitPlanForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    committee = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Committee"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Assessors of the region for this year."),
    )
    attendees = PeopleLinesField(label=gettext_lazy("Attendees"))

    def __init__(self, *args, assessors, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = assessors
        if regions is not None:
            self.fields = {
                "region": forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=regions),
                **self.fields,
            }
            self.fields["region"].widget.attrs["class"] = "form-select"


class FollowUpActionForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label=gettext_lazy("Action"), max_length=1000)
    owner = forms.CharField(label=gettext_lazy("Owner"), max_length=200)
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class VisitReportForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, themes, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes, self.conditions = themes, conditions
        for theme in themes:
            self.fields[f"finding_{theme.pk}"] = forms.CharField(
                label=str(theme), required=False, max_length=TEXT_MAX_MEDIUM, widget=forms.Textarea(attrs={"rows": 3})
            )
        for condition in conditions:
            self.fields[f"rating_{condition.pk}"] = forms.TypedChoiceField(
                label=str(condition),
                choices=[("", "–"), *PlacematScore.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
        self.fields["advice"] = forms.CharField(
            label=gettext_lazy("Advice"),
            required=False,
            max_length=TEXT_MAX_MEDIUM,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["success_factors"] = forms.CharField(
            label=gettext_lazy("Success factors"),
            help_text=gettext_lazy("What makes the region's approach work; read in the programme's yearly analysis."),
            required=False,
            max_length=TEXT_MAX_MEDIUM,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["practices_to_share"] = forms.CharField(
            label=gettext_lazy("Good practices to share nationally"),
            required=False,
            max_length=TEXT_MAX_MEDIUM,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["judgement"] = forms.ChoiceField(
            label=gettext_lazy("Judgement of progress"),
            choices=[("", "–"), *AuditVisit.Judgement.choices],
            required=False,
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def finding_fields(self):
        return [self[f"finding_{t.pk}"] for t in self.themes]

    def rating_fields(self):
        return [self[f"rating_{c.pk}"] for c in self.conditions]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "findings": {t.pk: data[f"finding_{t.pk}"] for t in self.themes},
            "ratings": {c.pk: data[f"rating_{c.pk}"] for c in self.conditions},
            "advice": data["advice"],
            "judgement": data["judgement"],
            "success_factors": data["success_factors"],
            "practices_to_share": data["practices_to_share"],
        }


def _programme_year(slug, year) -> ProgrammeYear:
    return get_object_or_404(ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year)


def _visit(request, perm, slug, year) -> AuditVisit:
    region = get_object_or_404(Region, **region_lookup(slug))
    try:
        visit = visit_for_reading(region=region, year=year)
    except AuditVisit.DoesNotExist:
        raise Http404 from None
    require_perm(request, perm, visit)
    return visit


def _visits_url(programme_year: ProgrammeYear) -> str:
    return reverse("audits:visits", args=[programme_year.programme.slug, programme_year.year])


@require_http_methods(["GET", "POST"])
def visits(request, slug, year):
    require_perm(request, "audits.manage_visits")  # the office; first, so nobody else learns which years exist
    programme_year = _programme_year(slug, year)
    can_plan = request.user.has_perm("audits.manage_visits", programme_year)  # not once the programme is closed
    if request.method == "POST" and not can_plan:
        raise Http404
    regions = Region.objects.filter(programme=programme_year.programme).exclude(visits__programme_year=programme_year)
    assessors = assessors_for_year(programme_year=programme_year)
    form = VisitPlanForm(request.POST or None, assessors=assessors, regions=regions.order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visit_plan(programme_year=programme_year, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Visit to %(region)s planned.") % {"region": visit.region.name})
            return redirect(_visits_url(programme_year))
    return render(
        request,
        "audits/visits/visits.html",
        {
            "programme_year": programme_year,
            "visits": visits_for_year(programme_year=programme_year),
            "form": form,
            "can_plan": can_plan,
        },
    )


@require_safe
def visit_detail(request, slug, year):
    visit = _visit(request, "audits.view_visit", slug, year)
    user = request.user
    return render(
        request,
        "audits/visits/visit_detail.html",
        {
            "visit": visit,
            "can_read_report": user.has_perm("audits.view_visit_report", visit),
            "can_manage": user.has_perm("audits.manage_visits", visit),
            "can_record": user.has_perm("audits.record_visit", visit) and visit.status == AuditVisit.Status.HELD,
            # Every action of a visit answers the same; the first one asks for all.
            "can_toggle": any(user.has_perm("audits.toggle_visit_action", a) for a in visit.actions.all()[:1]),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_edit(request, slug, year):
    visit = _visit(request, "audits.manage_visits", slug, year)
    assessors = assessors_for_year(programme_year=visit.programme_year, region=visit.region)
    initial = {
        "date": visit.date,
        "place": visit.place,
        "committee": list(visit.committee.all()),
        "attendees": people_to_text(visit.attendees.all()),
    }
    form = VisitPlanForm(request.POST or None, initial=initial, assessors=assessors)
    if request.method == "POST" and form.is_valid():
        try:
            visit_update_plan(visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The plan of the visit is saved."))
            return redirect(visit.get_absolute_url())
    return render(request, "audits/visits/visit_edit.html", {"visit": visit, "form": form})


@require_http_methods(["GET", "POST"])
def visit_report_edit(request, slug, year):
    visit = _visit(request, "audits.record_visit", slug, year)
    programme = visit.programme_year.programme
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    conditions = list(SuccessCondition.objects.filter(programme=programme).order_by("number"))
    initial = {f"finding_{f.theme_id}": f.text for f in visit.findings.all()}
    initial |= {f"rating_{r.condition_id}": r.rating for r in visit.ratings.all()}
    initial |= {
        "advice": visit.advice,
        "judgement": visit.judgement,
        "success_factors": visit.success_factors,
        "practices_to_share": visit.practices_to_share,
    }
    action = request.POST.get("action", SAVE)
    is_report_post = request.method == "POST" and action in (SAVE, REPORT)
    form = VisitReportForm(
        request.POST if is_report_post else None, initial=initial, themes=themes, conditions=conditions
    )
    action_form = FollowUpActionForm(request.POST if action == ADD_ACTION else None, prefix="action")
    if request.method == "POST" and action == REPORT:
        require_perm(request, "audits.manage_visits", visit)
    if request.method == "POST" and action == ADD_ACTION:
        if action_form.is_valid():
            try:
                action_add(visit=visit, **action_form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(action_form, exc)
            else:
                messages.success(request, _("Follow-up action added."))
                return redirect(request.path)
    elif is_report_post and form.is_valid():
        try:
            visit_save_report(visit=visit, **form.service_kwargs())
            if action == REPORT:
                visit_report(visit=visit)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if action == REPORT:
                messages.success(request, _("The report is sent; the region can read it now."))
                return redirect(visit.get_absolute_url())
            messages.success(request, _("The report is saved."))
            return redirect(request.path)
    return render(
        request,
        "audits/visits/visit_report_edit.html",
        {
            "visit": visit,
            "form": form,
            "action_form": action_form,
            "can_report": request.user.has_perm("audits.manage_visits", visit),
            "is_held": visit.status == AuditVisit.Status.HELD,
        },
    )


@require_POST
def visit_transition(request, slug, year):
    visit = _visit(request, "audits.manage_visits", slug, year)
    try:
        visit_mark_held(visit=visit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The visit is marked as held; the committee can write the report."))
    return redirect(visit.get_absolute_url())


@require_POST
def action_toggle(request, pk):
    action = get_object_with_perm(
        request,
        "audits.toggle_visit_action",
        FollowUpAction.objects.select_related("visit__region", "visit__programme_year"),
        pk=pk,
    )
    action_toggle_done(action=action)
    return redirect(action.visit.get_absolute_url())

"""Thin views of the selection: check the permission (404 when not allowed), call a selector or a service,
render. A refused save shows the page again with everything the user typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regions.models import Programme
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import form_submit, get_object_with_perm, require_perm

from . import selectors, services
from .forms import (
    ApplicantForm,
    ApplicationForm,
    BeschikkingForm,
    CallForm,
    CommitteeMemberForm,
    DecisionForm,
    IndicatorFormSet,
    PartnerFormSet,
    ScoreForm,
)
from .models import CRITERIA, Application, Call, CommitteeMember

CALLS = Call.objects.select_related("programme")


@require_safe
def call_list(request):
    require_perm(request, "selection.view_calls")
    return render(request, "selection/call_list.html", {"calls": selectors.calls_for(user=request.user)})


@require_http_methods(["GET", "POST"])
def call_create(request):
    require_perm(request, "selection.add_call")
    initial = {}
    if slug := request.GET.get("programme"):
        initial["programme"] = Programme.objects.filter(slug=slug, closed_at__isnull=True).first()
    form = CallForm(request.POST or None, initial=initial)
    call = form_submit(
        request,
        form,
        lambda d: services.call_save(actor=request.user, **d),
        success=_("Call saved as a concept; publish it when it is ready."),
    )
    if call:
        return redirect(call)
    return render(request, "selection/call_form.html", {"form": form, "title": _("New call for proposals")})


@require_http_methods(["GET", "POST"])
def call_update(request, pk):
    call = get_object_with_perm(request, "selection.manage_call", CALLS, pk=pk)
    form = CallForm(request.POST or None, instance=Call.objects.get(pk=call.pk), editing=True)
    saved = form_submit(
        request,
        form,
        lambda d: services.call_save(actor=request.user, programme=call.programme, instance=call, **d),
        success=_("Call saved."),
    )
    if saved:
        return redirect(call)
    return render(request, "selection/call_form.html", {"form": form, "title": _("Edit call"), "call": call})


@require_safe
def call_detail(request, pk):
    call = get_object_with_perm(request, "selection.view_call", CALLS, pk=pk)
    can_manage = request.user.has_perm("selection.manage_call", call)
    context = {
        "call": call,
        "phase": call.phase(),
        "rows": selectors.call_applications(call=call, user=request.user),
        "committee": selectors.call_committee(call=call),
        "can_manage": can_manage,
    }
    if can_manage:
        context["member_form"] = CommitteeMemberForm(candidates=selectors.committee_candidates(call=call))
        context["applicant_form"] = ApplicantForm()
    return render(request, "selection/call_detail.html", context)


@require_POST
def call_publish(request, pk):
    call = get_object_with_perm(request, "selection.publish_call", CALLS, pk=pk)
    try:
        services.call_publish(call=call, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The call is published."))
    return redirect(call)


@require_POST
def committee_add(request, pk):
    call = get_object_with_perm(request, "selection.manage_call", CALLS, pk=pk)
    form = CommitteeMemberForm(request.POST, candidates=selectors.committee_candidates(call=call))
    if form.is_valid():
        try:
            member = services.committee_member_add(call=call, user=form.cleaned_data["user"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s joined the committee.") % {"name": member.user.full_name})
    else:
        messages.error(request, _("Choose a person from the list."))
    return redirect(call.get_absolute_url() + "#committee")


@require_POST
def committee_remove(request, pk, member_pk):
    call = get_object_with_perm(request, "selection.manage_call", CALLS, pk=pk)
    member = get_object_or_404(
        CommitteeMember.objects.select_related("user", "call__programme"), pk=member_pk, call=call
    )
    try:
        services.committee_member_remove(member=member, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s left the committee.") % {"name": member.user.full_name})
    return redirect(call.get_absolute_url() + "#committee")


@require_http_methods(["GET", "POST"])
def applicant_invite(request, pk):
    call = get_object_with_perm(request, "selection.manage_call", CALLS, pk=pk)
    form = ApplicantForm(request.POST or None)
    application = form_submit(
        request,
        form,
        lambda d: services.application_start(call=call, actor=request.user, **d),
        success=_("Applicant invited; they can now write the application."),
    )
    if application:
        return redirect(call.get_absolute_url() + "#applications")
    return render(request, "selection/applicant_form.html", {"form": form, "call": call})


def _application(request, perm, pk):
    return get_object_with_perm(request, perm, selectors.application_detail(pk=pk), pk=pk)


@require_safe
def application_detail(request, pk):
    application = _application(request, "selection.view_application", pk)
    return render(
        request,
        "selection/application_detail.html",
        {
            "application": application,
            "call": application.call,
            "scoring": selectors.application_scoring(application=application),
            "missing": services.application_missing(application=application)
            if application.status == Application.Status.DRAFT
            else [],
        },
    )


def _partner_initial(application) -> list[dict]:
    return [
        {
            "name": p.name,
            "kind": p.kind,
            "subtype": p.subtype,
            "is_penvoerder": p.is_penvoerder,
            "commitment": p.commitment,
            "cofinancing": p.cofinancing,
        }
        for p in application.partners.all()
    ]


def _indicator_initial(application) -> list[dict]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "performance_area": i.performance_area,
            "route": i.route,
            "baseline_value": i.baseline_value,
            "baseline_year": i.baseline_year,
            "target_value": i.target_value,
        }
        for i in application.indicators.all()
    ]


@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    """The applicant's draft: texts, partners and proposed indicators on one page, saved together."""
    application = _application(request, "selection.change_application", pk)
    programme = application.call.programme
    data = request.POST or None
    form = ApplicationForm(data, instance=application, programme=programme)
    partners = PartnerFormSet(data, prefix="partners", initial=None if data else _partner_initial(application))
    indicators = IndicatorFormSet(
        data,
        prefix="indicators",
        initial=None if data else _indicator_initial(application),
        form_kwargs={"programme": programme},
    )
    if data and form.is_valid() and partners.is_valid() and indicators.is_valid():
        fields = {
            k: form.cleaned_data[k]
            for k in (
                "region_name",
                "landsdeel",
                "requested_amount",
                "penvoerder_name",
                "penvoerder_email",
                *Application.TEXT_FIELDS,
            )
        }
        try:
            services.application_save(
                application=application,
                actor=request.user,
                fields=fields,
                partners=partners.rows(),
                indicators=indicators.rows(),
            )
        except ValidationError as exc:
            general = []
            for key, msgs in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                if key in form.fields:
                    form.add_error(key, msgs)
                else:
                    general.extend(msgs)
            for msg in general:
                form.add_error(None, msg)
        else:
            messages.success(request, _("Application saved."))
            if "submit" in request.POST:
                return redirect("selection:application_submit", pk=application.pk)
            return redirect(application)
    return render(
        request,
        "selection/application_form.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "partners": partners,
            "indicators": indicators,
        },
    )


@require_http_methods(["GET", "POST"])
def application_submit(request, pk):
    application = _application(request, "selection.change_application", pk)
    missing = services.application_missing(application=application)
    if request.method == "POST":
        try:
            services.application_submit(application=application, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Application submitted. The assessment committee takes it from here."))
            return redirect(application)
    return render(request, "selection/application_submit.html", {"application": application, "missing": missing})


def _score_initial(score) -> dict:
    if score is None:
        return {}
    return {f: getattr(score, f) for c in CRITERIA for f in (f"{c}_score", f"{c}_rationale")} | {"advice": score.advice}


@require_http_methods(["GET", "POST"])
def application_score(request, pk):
    application = _application(request, "selection.score_application", pk)
    own = next((s for s in application.scores.all() if s.member_id == request.user.pk), None)
    form = ScoreForm(request.POST or None, initial=_score_initial(own))
    if request.method == "POST" and form.is_valid():
        scores, rationales = form.scores()
        try:
            services.application_score(
                application=application,
                member=request.user,
                scores=scores,
                rationales=rationales,
                advice=form.cleaned_data["advice"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your assessment is saved; you now see the other members' scores."))
            return redirect(application.get_absolute_url() + "#scores")
    return render(request, "selection/application_score.html", {"application": application, "form": form, "own": own})


@require_http_methods(["GET", "POST"])
def application_decide(request, pk):
    application = _application(request, "selection.decide_application", pk)
    scoring = selectors.application_scoring(application=application)
    initial = {f"{c}_score": round(scoring.averages[c]) if scoring.averages[c] is not None else None for c in CRITERIA}
    initial["awarded_amount"] = application.requested_amount
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(application=application, actor=request.user, **form.decision())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Application honoured; the ministry records the subsidy decision.")
                if application.status == Application.Status.HONOURED or form.cleaned_data["outcome"] == "honour"
                else _("Application rejected; the applicant has been told why."),
            )
            return redirect(application)
    return render(
        request, "selection/application_decide.html", {"application": application, "form": form, "scoring": scoring}
    )


@require_http_methods(["GET", "POST"])
def application_beschikking(request, pk):
    application = _application(request, "selection.record_beschikking", pk)
    form = BeschikkingForm(request.POST or None, initial={"amount": application.awarded_amount})
    done = form_submit(
        request,
        form,
        lambda d: services.application_record_beschikking(application=application, actor=request.user, **d),
        success=_("Subsidy decision recorded; the region is set up."),
    )
    if done:
        return redirect(done.region)
    return render(request, "selection/application_beschikking.html", {"application": application, "form": form})

"""Stimulus grants: the office's rule and proposals per programme year, the decision on one grant, and a
region's grants over the years.

Thin: check the permission (404 when denied), call a service or a selector, render.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from regions.converters import region_lookup
from regions.models import ProgrammeYear, Region
from toptechniek.common.forms import StyledFormMixin, apply_validation_error
from toptechniek.common.text import TEXT_MAX_SHORT
from toptechniek.common.views import get_object_with_perm, require_perm

from ..models import GrantRule, StimulusGrant
from ..selectors.grants import grant_explanation, grant_history, grants_overview, region_grants
from ..services.grants import grant_decide, grant_propose_year, grant_rule_save, grant_withhold

SAVE_RULE, PROPOSE, DECIDE, WITHHOLD = "save_rule", "propose", "decide", "withhold"


class GrantRuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GrantRule
        fields = [
            "base_amount",
            "late_reduction_pct",
            "not_accepted_reduction_pct",
            "progress_weight_pct",
            "placemat_weight_pct",
        ]
        help_texts = {
            "progress_weight_pct": gettext_lazy(
                "Progress on the agreements: the share of the region's agreed indicators on target for the year, "
                "in settled figures (submitted or accepted reports), respecting each indicator's direction."
            ),
            "placemat_weight_pct": gettext_lazy(
                "Optional second component: the mean committee score of the published placemat. The two shares "
                "together are at most 100%."
            ),
        }


class GrantDecisionForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("Amount (€)"), max_digits=12, decimal_places=2, min_value=0)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea,
        help_text=gettext_lazy("Required when the amount differs from the proposal, and when withholding."),
    )


def _grants_url(programme_year: ProgrammeYear) -> str:
    return reverse("audits:grants", args=[programme_year.programme.slug, programme_year.year])


@require_http_methods(["GET", "POST"])
def grants(request, slug, year):
    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year
    )
    require_perm(request, "audits.view_grants", programme_year)
    can_manage = request.user.has_perm("audits.manage_grants", programme_year)
    rule = GrantRule.objects.filter(programme_year=programme_year).first()
    form = GrantRuleForm(instance=rule) if can_manage else None
    if request.method == "POST":
        require_perm(request, "audits.manage_grants", programme_year)
        action = request.POST.get("action")
        if action == SAVE_RULE:
            form = GrantRuleForm(request.POST, instance=rule)
            if form.is_valid():
                try:
                    grant_rule_save(programme_year=programme_year, actor=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    messages.success(request, _("Grant rule saved. Compute the proposals to apply it."))
                    return redirect(_grants_url(programme_year))
        elif action == PROPOSE:
            try:
                changed = grant_propose_year(programme_year=programme_year, actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Proposals computed; %(n)s new or changed. Decided and withheld grants were left as they are.")
                    % {"n": len(changed)},
                )
            return redirect(_grants_url(programme_year))
    overview = grants_overview(programme_year=programme_year)
    return render(
        request,
        "audits/grants/grants.html",
        {
            "programme_year": programme_year,
            "overview": overview,
            "form": form,
            "can_manage": can_manage,
            "status_proposed": StimulusGrant.Status.PROPOSED,
        },
    )


@require_http_methods(["GET", "POST"])
def grant_decide_view(request, pk):
    grant = get_object_with_perm(
        request,
        "audits.manage_grants",
        StimulusGrant.objects.select_related("region", "programme_year__programme", "decided_by"),
        pk=pk,
    )
    initial = {
        "amount": grant.decided_amount if grant.decided_amount is not None else grant.proposed_amount,
        "reason": grant.decision_reason,
    }
    form = GrantDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", DECIDE)
        try:
            if action == WITHHOLD:
                grant_withhold(grant=grant, reason=form.cleaned_data["reason"], actor=request.user)
                message = _("The grant of %(region)s for %(year)s is withheld.")
            else:
                grant_decide(
                    grant=grant,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                message = _("The grant of %(region)s for %(year)s is decided.")
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, message % {"region": grant.region.name, "year": grant.programme_year.year})
            return redirect(_grants_url(grant.programme_year) + f"#grant-{grant.region.slug}")
    return render(
        request,
        "audits/grants/grant_decide.html",
        {
            "grant": grant,
            "form": form,
            "steps": grant_explanation(grant.proposal_inputs),
            "history": grant_history(grant=grant),
            "back_url": _grants_url(grant.programme_year),
        },
    )


@require_safe
def region_grants_view(request, slug):
    region = get_object_with_perm(
        request, "audits.view_region_grants", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    sees_proposals = request.user.has_perm("audits.view_grants")
    return render(
        request,
        "audits/grants/region_grants.html",
        {
            "region": region,
            "grants": region_grants(region=region, decided_only=not sees_proposals),
            "sees_proposals": sees_proposals,
            "can_manage": request.user.has_perm("audits.manage_grants", region),
        },
    )

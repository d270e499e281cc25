"""Stimulus grants: the office's rule per programme year, the computed proposals, the decisions.

The computation is a pure function (`grant_compute`) of the rule and the region's facts; it returns the
amount and the inputs, which are stored on the grant as JSON (audits.selectors.grants explains them).
Every proposal, decision and withholding is appended to GrantChange; a refusal changes nothing.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from monitoring.models import MonitorReport
from regions.models import ProgrammeYear
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.facts import facts_refresh

from ..models import ConsolidatedScore, GrantChange, GrantRule, Placemat, StimulusGrant
from ..selectors.grants import (
    EURO,
    HUNDRED,
    agreements_on_target,
    agreements_share,
    decimal_of,
    grant_factors,
    participating_regions,
    percent_text,
    progress_from_mean,
)

# --- The audit log ---------------------------------------------------------------------------
MESSAGES = {
    "grant_rule_save": gettext_noop("%(programme)s: grant rule %(year)s saved"),
    "grant_propose_year": gettext_noop("%(programme)s: grant proposals %(year)s computed (%(count)s new or changed)"),
    "grant_decide": gettext_noop("%(region)s: grant %(year)s decided at € %(amount)s"),
    "grant_withhold": gettext_noop("%(region)s: grant %(year)s withheld"),
}


def _audit_year(programme_year: ProgrammeYear, *, action: str, actor: User | None, fields=(), **params) -> None:
    """Log a change of the whole programme year ("Toptechniek: grant rule 2015 saved")."""
    programme = programme_year.programme.name
    audit_change(
        action=f"audits.{action}",
        message=MESSAGES[action],
        params={"programme": programme, "year": programme_year.year, **params},
        actor=actor,
        object_label=f"{programme} {programme_year.year}",
        fields=fields,
    )


def _audit_grant(grant: StimulusGrant, *, action: str, actor: User, **params) -> None:
    """Log a decision on one region's grant ("Twente: grant 2015 withheld")."""
    region, year = grant.region.name, grant.programme_year.year
    audit_change(
        action=f"audits.{action}",
        message=MESSAGES[action],
        params={"region": region, "year": year, **params},
        actor=actor,
        object_label=f"{region} {year}",
    )


@dataclass(frozen=True)
class Proposal:
    amount: Decimal
    inputs: dict


def grant_compute(
    *,
    rule: GrantRule,
    is_late: bool,
    report_status: str | None,
    mean_score: Decimal | None,
    on_target: int = 0,
    counted: int = 0,
) -> Proposal:
    """proposal = base × late factor × acceptance factor × progress factor, rounded to whole euros.

    progress factor = 1 − w_a − w_p + w_a × (agreed indicators on target ÷ agreed indicators with a target
    for the year, from settled figures and respecting each direction) + w_p × placemat progress.
    report_status None means there is no report (which counts as not accepted); mean_score None means
    there is no published placemat with scores.
    """
    inputs = {
        "base_amount": str(decimal_of(rule.base_amount)),
        "late": bool(is_late),
        "late_reduction_pct": str(decimal_of(rule.late_reduction_pct)),
        "report_status": report_status or "",
        "accepted": report_status == MonitorReport.Status.ACCEPTED,
        "not_accepted_reduction_pct": str(decimal_of(rule.not_accepted_reduction_pct)),
        "progress_weight_pct": str(decimal_of(rule.progress_weight_pct)),
        "agreements_on_target": int(on_target),
        "agreements_counted": int(counted),
        "agreements_share": str(agreements_share(on_target, counted)),
        "placemat_weight_pct": str(decimal_of(rule.placemat_weight_pct)),
        "mean_score": None if mean_score is None else str(decimal_of(mean_score).quantize(Decimal("0.01"))),
        "progress": str(progress_from_mean(mean_score)),
    }
    late, accepted, progress = grant_factors(inputs)
    amount = (decimal_of(rule.base_amount) * late * accepted * progress).quantize(EURO, rounding=ROUND_HALF_UP)
    return Proposal(amount=amount, inputs=inputs)


def _check_pct(errors: dict, field: str, value) -> None:
    if value is None or not (0 <= decimal_of(value) <= 100):
        errors[field] = _("Enter a percentage from 0 to 100.")


def grant_rule_save(
    *,
    programme_year: ProgrammeYear,
    base_amount: Decimal,
    late_reduction_pct: Decimal,
    not_accepted_reduction_pct: Decimal,
    progress_weight_pct: Decimal,
    placemat_weight_pct: Decimal = Decimal(0),
    actor: User | None = None,
) -> GrantRule:
    errors = {}
    if base_amount is None or decimal_of(base_amount) < 0:
        errors["base_amount"] = _("The base amount cannot be negative.")
    _check_pct(errors, "late_reduction_pct", late_reduction_pct)
    _check_pct(errors, "not_accepted_reduction_pct", not_accepted_reduction_pct)
    _check_pct(errors, "progress_weight_pct", progress_weight_pct)
    _check_pct(errors, "placemat_weight_pct", placemat_weight_pct)
    if not errors and decimal_of(progress_weight_pct) + decimal_of(placemat_weight_pct) > HUNDRED:
        errors["placemat_weight_pct"] = _("The two progress shares together cannot exceed 100%% (now %(sum)s%%).") % {
            "sum": percent_text(decimal_of(progress_weight_pct) + decimal_of(placemat_weight_pct))
        }
    if errors:
        raise ValidationError(errors)
    values = {
        "base_amount": base_amount,
        "late_reduction_pct": late_reduction_pct,
        "not_accepted_reduction_pct": not_accepted_reduction_pct,
        "progress_weight_pct": progress_weight_pct,
        "placemat_weight_pct": placemat_weight_pct,
    }
    with transaction.atomic():
        before = GrantRule.objects.select_for_update().filter(programme_year=programme_year).first()
        changed = [
            GrantRule._meta.get_field(name).verbose_name
            for name, value in values.items()
            if before is None or decimal_of(getattr(before, name)) != decimal_of(value)
        ]
        rule, _created = GrantRule.objects.update_or_create(
            programme_year=programme_year, defaults={**values, "updated_by": actor}
        )
        if changed:  # the office's new rule names what changed; saving the same rule again is no change
            _audit_year(programme_year, action="grant_rule_save", actor=actor, fields=changed)
    return rule


def _region_facts(*, programme_year: ProgrammeYear, today) -> tuple[dict, dict]:
    """(report by region id, mean consolidated score by region id) for the year, in two queries."""
    reports = {
        r.region_id: r
        for r in MonitorReport.objects.filter(programme_year=programme_year).select_related("programme_year")
    }
    means = {}
    for row in (
        ConsolidatedScore.objects.filter(
            placemat__programme_year=programme_year,
            placemat__status=Placemat.Status.PUBLISHED,
            score__isnull=False,
        )
        .values("placemat__region_id")
        .annotate(total=Sum("score"), n=Count("pk"))
    ):
        means[row["placemat__region_id"]] = Decimal(row["total"]) / Decimal(row["n"])
    return reports, means


def grant_propose_year(*, programme_year: ProgrammeYear, actor: User | None = None, today=None) -> list[StimulusGrant]:
    """Compute or refresh the proposal of every participating region; decided or withheld grants stay as they are.

    Returns the grants whose proposal was created or changed.
    """
    rule = GrantRule.objects.filter(programme_year=programme_year).first()
    if rule is None:
        raise ValidationError(_("Save the grant rule for this year before computing proposals."))
    today = today or timezone.localdate()
    now = timezone.now()
    changed = []
    with transaction.atomic():
        existing = {
            g.region_id: g for g in StimulusGrant.objects.select_for_update().filter(programme_year=programme_year)
        }
        reports, means = _region_facts(programme_year=programme_year, today=today)
        agreements = agreements_on_target(programme_year=programme_year)
        for region in participating_regions(programme_year=programme_year).order_by("name"):
            grant = existing.get(region.pk)
            if grant is not None and grant.status != StimulusGrant.Status.PROPOSED:
                continue
            report = reports.get(region.pk)
            is_late = report.lateness(today) if report is not None else today > programme_year.report_due_date
            proposal = grant_compute(
                rule=rule,
                is_late=is_late,
                report_status=report.status if report is not None else None,
                mean_score=means.get(region.pk),
                on_target=agreements.get(region.pk, (0, 0))[0],
                counted=agreements.get(region.pk, (0, 0))[1],
            )
            if grant is None:
                grant = StimulusGrant.objects.create(
                    region=region,
                    programme_year=programme_year,
                    proposed_amount=proposal.amount,
                    proposal_inputs=proposal.inputs,
                    proposed_at=now,
                )
                old_amount = None
            elif grant.proposed_amount != proposal.amount or grant.proposal_inputs != proposal.inputs:
                old_amount = grant.proposed_amount
                grant.proposed_amount = proposal.amount
                grant.proposal_inputs = proposal.inputs
                grant.proposed_at = now
                grant.save(update_fields=["proposed_amount", "proposal_inputs", "proposed_at"])
            else:
                continue
            GrantChange.objects.create(
                grant=grant,
                kind=GrantChange.Kind.PROPOSED,
                old_status=StimulusGrant.Status.PROPOSED if old_amount is not None else "",
                new_status=StimulusGrant.Status.PROPOSED,
                old_amount=old_amount,
                new_amount=proposal.amount,
                proposal_inputs=proposal.inputs,
                actor=actor,
                at=now,
            )
            changed.append(grant)
        facts_refresh(region_ids=[grant.region_id for grant in changed])  # one refresh for the whole year
        if changed:
            _audit_year(programme_year, action="grant_propose_year", actor=actor, count=len(changed))
    return changed


def _record_decision(*, grant: StimulusGrant, kind: str, status: str, amount: Decimal, reason: str, actor) -> None:
    old_status, old_amount = grant.status, grant.decided_amount
    now = timezone.now()
    grant.status = status
    grant.decided_amount = amount
    grant.decision_reason = reason
    grant.decided_by = actor
    grant.decided_at = now
    grant.save(update_fields=["status", "decided_amount", "decision_reason", "decided_by", "decided_at"])
    GrantChange.objects.create(
        grant=grant,
        kind=kind,
        old_status=old_status,
        new_status=status,
        old_amount=old_amount,
        new_amount=amount,
        reason=reason,
        actor=actor,
        at=now,
    )
    facts_refresh(region_ids=[grant.region_id])


def grant_decide(*, grant: StimulusGrant, amount: Decimal, reason: str, actor: User) -> StimulusGrant:
    """Decide the grant; an amount other than the proposal needs a reason, which is kept."""
    reason = (reason or "").strip()
    if amount is None or decimal_of(amount) < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    amount = decimal_of(amount).quantize(Decimal("0.01"))
    with transaction.atomic():
        locked = StimulusGrant.objects.select_for_update().get(pk=grant.pk)
        if amount != locked.proposed_amount and not reason:
            raise ValidationError(
                {
                    "reason": _("The amount differs from the proposal (€ %(proposal)s): give the reason.")
                    % {"proposal": number_format(locked.proposed_amount, 0, force_grouping=True)}
                }
            )
        _record_decision(
            grant=locked,
            kind=GrantChange.Kind.DECIDED,
            status=StimulusGrant.Status.DECIDED,
            amount=amount,
            reason=reason,
            actor=actor,
        )
        _audit_grant(locked, action="grant_decide", actor=actor, amount=str(amount), reason=reason[:500])
    grant.refresh_from_db()
    return grant


def grant_withhold(*, grant: StimulusGrant, reason: str, actor: User) -> StimulusGrant:
    """Withhold the grant (amount 0); always with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withholding the grant.")})
    with transaction.atomic():
        locked = StimulusGrant.objects.select_for_update().get(pk=grant.pk)
        _record_decision(
            grant=locked,
            kind=GrantChange.Kind.WITHHELD,
            status=StimulusGrant.Status.WITHHELD,
            amount=Decimal("0.00"),
            reason=reason,
            actor=actor,
        )
        _audit_grant(locked, action="grant_withhold", actor=actor, reason=reason[:500])
    grant.refresh_from_db()
    return grant

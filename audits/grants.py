"""Stimulus grants: the office's rule per programme year, the computed proposals, the decisions.

The computation is a pure function (`grant_compute`) of the rule and the region's facts; it returns the
amount and the inputs, which are stored on the grant as JSON. The step-by-step explanation is rendered
from those inputs (`grant_explanation`) at display time, so it appears in the reader's language.
Every proposal, decision and withholding is appended to GrantChange; a refusal changes nothing.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from monitoring.models import MonitorReport
from monitoring.selectors import settled_realisations
from regions.models import Indicator, ProgrammeYear, Region, Target, on_target_q
from toptechniek.accounts.models import User

from .models import ConsolidatedScore, GrantChange, GrantRule, Placemat, StimulusGrant

HUNDRED = Decimal(100)
NO_PLACEMAT_PROGRESS = Decimal("0.5")
EURO = Decimal(1)


# --- The computation (pure) ----------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    amount: Decimal
    inputs: dict


@dataclass(frozen=True)
class Step:
    text: str
    factor: Decimal | None  # None for the base amount and the rounding
    amount: Decimal  # the running amount after this step


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def progress_from_mean(mean_score: Decimal | None) -> Decimal:
    """A mean placemat score 1..4 mapped to 0..1; no published placemat counts as half-way."""
    if mean_score is None:
        return NO_PLACEMAT_PROGRESS
    return ((_dec(mean_score) - 1) / 3).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _factors(inputs: dict) -> tuple[Decimal, Decimal, Decimal]:
    late = 1 - _dec(inputs["late_reduction_pct"]) / HUNDRED if inputs["late"] else Decimal(1)
    accepted = Decimal(1) if inputs["accepted"] else 1 - _dec(inputs["not_accepted_reduction_pct"]) / HUNDRED
    weight = _dec(inputs["progress_weight_pct"]) / HUNDRED
    if "agreements_counted" not in inputs:  # a proposal from before the agreements component: placemat only
        progress = 1 - weight + weight * _dec(inputs["progress"])
        return late, accepted, progress
    placemat_weight = _dec(inputs["placemat_weight_pct"]) / HUNDRED
    progress = (
        1
        - weight
        - placemat_weight
        + weight * _dec(inputs["agreements_share"])
        + placemat_weight * _dec(inputs["progress"])
    )
    return late, accepted, progress


def agreements_share(on_target: int, counted: int) -> Decimal:
    """The share of the agreed indicators on target (0..1); with nothing to count, none is on target."""
    if not counted:
        return Decimal(0)
    return (Decimal(on_target) / Decimal(counted)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


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
        "base_amount": str(_dec(rule.base_amount)),
        "late": bool(is_late),
        "late_reduction_pct": str(_dec(rule.late_reduction_pct)),
        "report_status": report_status or "",
        "accepted": report_status == MonitorReport.Status.ACCEPTED,
        "not_accepted_reduction_pct": str(_dec(rule.not_accepted_reduction_pct)),
        "progress_weight_pct": str(_dec(rule.progress_weight_pct)),
        "agreements_on_target": int(on_target),
        "agreements_counted": int(counted),
        "agreements_share": str(agreements_share(on_target, counted)),
        "placemat_weight_pct": str(_dec(rule.placemat_weight_pct)),
        "mean_score": None if mean_score is None else str(_dec(mean_score).quantize(Decimal("0.01"))),
        "progress": str(progress_from_mean(mean_score)),
    }
    late, accepted, progress = _factors(inputs)
    amount = (_dec(rule.base_amount) * late * accepted * progress).quantize(EURO, rounding=ROUND_HALF_UP)
    return Proposal(amount=amount, inputs=inputs)


def _num(value, places: int | None = None) -> str:
    """A number in the reader's locale (nl: 0,8833; en: 0.8833), trailing zeros dropped unless places."""
    value = _dec(value)
    if places is None:
        value = value.normalize()
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    # Django's number_format cuts off digits; round first (0,7067 → 0,71).
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(value, places, use_l10n=True, force_grouping=True)


def _pct(value) -> str:
    return _num(value)


def grant_explanation(inputs: dict) -> list[Step]:
    """The computation step by step, in the active language and number format, from a grant's stored inputs."""
    if not inputs:
        return []
    late, accepted, progress = _factors(inputs)
    running = _dec(inputs["base_amount"])
    steps = [Step(_("Base amount"), None, running)]
    running *= late
    if inputs["late"]:
        text = _("The monitor report was late: minus %(pct)s%%.") % {"pct": _pct(inputs["late_reduction_pct"])}
    else:
        text = _("The monitor report was on time: no reduction.")
    steps.append(Step(text, late, running))
    running *= accepted
    status = inputs["report_status"]
    if inputs["accepted"]:
        text = _("The monitor report was accepted: no reduction.")
    elif not status:
        text = _("There is no monitor report, which counts as not accepted: minus %(pct)s%%.") % {
            "pct": _pct(inputs["not_accepted_reduction_pct"])
        }
    else:
        text = _("The monitor report was not accepted (status: %(status)s): minus %(pct)s%%.") % {
            "status": MonitorReport.Status(status).label,
            "pct": _pct(inputs["not_accepted_reduction_pct"]),
        }
    steps.append(Step(text, accepted, running))
    running *= progress
    weight = _pct(inputs["progress_weight_pct"])
    if "agreements_counted" in inputs:
        if inputs["agreements_counted"]:
            agreements = _(
                "Progress on the agreements: %(on)s of %(n)s agreed indicators on target in settled figures "
                "(%(share)s); %(weight)s%% of the base depends on it."
            ) % {
                "on": inputs["agreements_on_target"],
                "n": inputs["agreements_counted"],
                "share": _num(_dec(inputs["agreements_share"]), 2),
                "weight": weight,
            }
        else:
            agreements = _(
                "Progress on the agreements: no agreed indicator has a target for this year, so none counts as on "
                "target; %(weight)s%% of the base depends on it."
            ) % {"weight": weight}
        texts = [agreements]
        if _dec(inputs["placemat_weight_pct"]):
            placemat_weight = _pct(inputs["placemat_weight_pct"])
            if inputs["mean_score"] is None:
                texts.append(
                    _(
                        "There is no published placemat, so placemat progress counts as %(progress)s; %(weight)s%% "
                        "of the base depends on it."
                    )
                    % {"progress": _num(NO_PLACEMAT_PROGRESS, 2), "weight": placemat_weight}
                )
            else:
                texts.append(
                    _(
                        "Placemat: the mean committee score %(mean)s (on 1–4) is progress %(progress)s (on 0–1); "
                        "%(weight)s%% of the base depends on it."
                    )
                    % {
                        "mean": _num(_dec(inputs["mean_score"]), 2),
                        "progress": _num(_dec(inputs["progress"]), 2),
                        "weight": placemat_weight,
                    }
                )
        steps.append(Step(" ".join(texts), progress, running))
    else:  # stored before the agreements component existed: the placemat was the only progress measure
        if inputs["mean_score"] is None:
            text = _(
                "There is no published placemat, so progress counts as 0.5; %(weight)s%% of the base depends on "
                "progress."
            ) % {"weight": weight}
        else:
            text = _(
                "Placemat progress: the mean committee score %(mean)s (on 1–4) is progress %(progress)s (on 0–1); "
                "%(weight)s%% of the base depends on progress."
            ) % {
                "mean": _num(_dec(inputs["mean_score"]), 2),
                "progress": _num(_dec(inputs["progress"]), 2),
                "weight": weight,
            }
        steps.append(Step(text, progress, running))
    steps.append(Step(_("Rounded to whole euros"), None, running.quantize(EURO, rounding=ROUND_HALF_UP)))
    return steps


# --- Services ------------------------------------------------------------------------------


def _check_pct(errors: dict, field: str, value) -> None:
    if value is None or not (0 <= _dec(value) <= 100):
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
    if base_amount is None or _dec(base_amount) < 0:
        errors["base_amount"] = _("The base amount cannot be negative.")
    _check_pct(errors, "late_reduction_pct", late_reduction_pct)
    _check_pct(errors, "not_accepted_reduction_pct", not_accepted_reduction_pct)
    _check_pct(errors, "progress_weight_pct", progress_weight_pct)
    _check_pct(errors, "placemat_weight_pct", placemat_weight_pct)
    if not errors and _dec(progress_weight_pct) + _dec(placemat_weight_pct) > HUNDRED:
        errors["placemat_weight_pct"] = _("The two progress shares together cannot exceed 100%% (now %(sum)s%%).") % {
            "sum": _pct(_dec(progress_weight_pct) + _dec(placemat_weight_pct))
        }
    if errors:
        raise ValidationError(errors)
    rule, _created = GrantRule.objects.update_or_create(
        programme_year=programme_year,
        defaults={
            "base_amount": base_amount,
            "late_reduction_pct": late_reduction_pct,
            "not_accepted_reduction_pct": not_accepted_reduction_pct,
            "progress_weight_pct": progress_weight_pct,
            "placemat_weight_pct": placemat_weight_pct,
            "updated_by": actor,
        },
    )
    return rule


def participating_regions(*, programme_year: ProgrammeYear):
    """The programme's regions that had joined by the year and have not stopped."""
    return Region.objects.filter(programme_id=programme_year.programme_id, join_year__lte=programme_year.year).exclude(
        status=Region.Status.STOPPED
    )


def agreements_on_target(*, programme_year: ProgrammeYear) -> dict[int, tuple[int, int]]:
    """{region id: (agreed indicators on target, agreed indicators with a target)} for the year, in one
    query: settled figures only (monitoring.selectors.SETTLED_STATUSES), each judged in its direction
    against the target valid for that year. An indicator without a settled figure is not on target."""
    settled = settled_realisations().filter(
        report__programme_year=programme_year, indicator_id=OuterRef("indicator_id"), value__isnull=False
    )
    rows = (
        Target.objects.filter(
            year=programme_year.year,
            indicator__status=Indicator.Status.AGREED,
            indicator__region__programme_id=programme_year.programme_id,
        )
        .annotate(settled_value=Subquery(settled.values("value")[:1]))
        .values("indicator__region_id")
        .annotate(
            counted=Count("pk"),
            on_target=Count(
                "pk",
                filter=Q(settled_value__isnull=False)
                & on_target_q(
                    value="settled_value", direction="indicator__direction", target="value", target_max="value_max"
                ),
            ),
        )
    )
    return {row["indicator__region_id"]: (row["on_target"], row["counted"]) for row in rows}


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


def grant_decide(*, grant: StimulusGrant, amount: Decimal, reason: str, actor: User) -> StimulusGrant:
    """Decide the grant; an amount other than the proposal needs a reason, which is kept."""
    reason = (reason or "").strip()
    if amount is None or _dec(amount) < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    amount = _dec(amount).quantize(Decimal("0.01"))
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
    grant.refresh_from_db()
    return grant


# --- Selectors -----------------------------------------------------------------------------


@dataclass
class GrantRow:
    region: Region
    grant: StimulusGrant | None
    steps: list[Step]


@dataclass
class GrantOverview:
    rule: GrantRule | None
    rows: list[GrantRow]
    total_proposed: Decimal
    total_decided: Decimal
    open_count: int


def grants_overview(*, programme_year: ProgrammeYear) -> GrantOverview:
    """Every participating region (and any region with a grant) with its grant, and the totals (3 queries)."""
    rule = GrantRule.objects.filter(programme_year=programme_year).first()
    grants = {
        g.region_id: g for g in StimulusGrant.objects.filter(programme_year=programme_year).select_related("decided_by")
    }
    regions = Region.objects.filter(
        Q(pk__in=participating_regions(programme_year=programme_year).values("pk")) | Q(pk__in=list(grants))
    ).order_by("name")
    rows = [
        GrantRow(r, grants.get(r.pk), grant_explanation(getattr(grants.get(r.pk), "proposal_inputs", {})))
        for r in regions
    ]
    decided = [g for g in grants.values() if g.status != StimulusGrant.Status.PROPOSED]
    return GrantOverview(
        rule=rule,
        rows=rows,
        total_proposed=sum((g.proposed_amount for g in grants.values()), Decimal(0)),
        total_decided=sum((g.decided_amount for g in decided), Decimal(0)),
        open_count=len(grants) - len(decided),
    )


def grant_history(*, grant: StimulusGrant) -> list[GrantChange]:
    return list(grant.changes.select_related("actor").order_by("-at", "-pk"))


def region_grants(*, region: Region, decided_only: bool) -> list[StimulusGrant]:
    """A region's grants over the years (1 query); the region itself sees only decisions."""
    grants = StimulusGrant.objects.filter(region=region).select_related("programme_year")
    if decided_only:
        grants = grants.exclude(status=StimulusGrant.Status.PROPOSED)
    return list(grants.order_by("programme_year__year"))

"""Stimulus grants, read side: the formula's pure parts, the step-by-step explanation and the pages' reads.

The computation (audits.services.grants.grant_compute) stores its inputs on the grant as JSON; the explanation
is rendered from those inputs (`grant_explanation`) at display time, so it appears in the reader's language
and number format.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from monitoring.models import MonitorReport
from monitoring.selectors import settled_realisations
from regions.models import Indicator, ProgrammeYear, Region, Target, on_target_q

from ..models import GrantChange, GrantRule, StimulusGrant

HUNDRED = Decimal(100)
NO_PLACEMAT_PROGRESS = Decimal("0.5")
EURO = Decimal(1)


@dataclass(frozen=True)
class Step:
    text: str
    factor: Decimal | None  # None for the base amount and the rounding
    amount: Decimal  # the running amount after this step


def decimal_of(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def progress_from_mean(mean_score: Decimal | None) -> Decimal:
    """A mean placemat score 1..4 mapped to 0..1; no published placemat counts as half-way."""
    if mean_score is None:
        return NO_PLACEMAT_PROGRESS
    return ((decimal_of(mean_score) - 1) / 3).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def grant_factors(inputs: dict) -> tuple[Decimal, Decimal, Decimal]:
    late = 1 - decimal_of(inputs["late_reduction_pct"]) / HUNDRED if inputs["late"] else Decimal(1)
    accepted = Decimal(1) if inputs["accepted"] else 1 - decimal_of(inputs["not_accepted_reduction_pct"]) / HUNDRED
    weight = decimal_of(inputs["progress_weight_pct"]) / HUNDRED
    if "agreements_counted" not in inputs:  # a proposal from before the agreements component: placemat only
        progress = 1 - weight + weight * decimal_of(inputs["progress"])
        return late, accepted, progress
    placemat_weight = decimal_of(inputs["placemat_weight_pct"]) / HUNDRED
    progress = (
        1
        - weight
        - placemat_weight
        + weight * decimal_of(inputs["agreements_share"])
        + placemat_weight * decimal_of(inputs["progress"])
    )
    return late, accepted, progress


def agreements_share(on_target: int, counted: int) -> Decimal:
    """The share of the agreed indicators on target (0..1); with nothing to count, none is on target."""
    if not counted:
        return Decimal(0)
    return (Decimal(on_target) / Decimal(counted)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def number_text(value, places: int | None = None) -> str:
    """A number in the reader's locale (nl: 0,8833; en: 0.8833), trailing zeros dropped unless places."""
    value = decimal_of(value)
    if places is None:
        value = value.normalize()
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    # Django's number_format cuts off digits; round first (0,7067 → 0,71).
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(value, places, use_l10n=True, force_grouping=True)


def percent_text(value) -> str:
    return number_text(value)


def grant_explanation(inputs: dict) -> list[Step]:
    """The computation step by step, in the active language and number format, from a grant's stored inputs."""
    if not inputs:
        return []
    late, accepted, progress = grant_factors(inputs)
    running = decimal_of(inputs["base_amount"])
    steps = [Step(_("Base amount"), None, running)]
    running *= late
    if inputs["late"]:
        text = _("The monitor report was late: minus %(pct)s%%.") % {"pct": percent_text(inputs["late_reduction_pct"])}
    else:
        text = _("The monitor report was on time: no reduction.")
    steps.append(Step(text, late, running))
    running *= accepted
    status = inputs["report_status"]
    if inputs["accepted"]:
        text = _("The monitor report was accepted: no reduction.")
    elif not status:
        text = _("There is no monitor report, which counts as not accepted: minus %(pct)s%%.") % {
            "pct": percent_text(inputs["not_accepted_reduction_pct"])
        }
    else:
        text = _("The monitor report was not accepted (status: %(status)s): minus %(pct)s%%.") % {
            "status": MonitorReport.Status(status).label,
            "pct": percent_text(inputs["not_accepted_reduction_pct"]),
        }
    steps.append(Step(text, accepted, running))
    running *= progress
    weight = percent_text(inputs["progress_weight_pct"])
    if "agreements_counted" in inputs:
        if inputs["agreements_counted"]:
            agreements = _(
                "Progress on the agreements: %(on)s of %(n)s agreed indicators on target in settled figures "
                "(%(share)s); %(weight)s%% of the base depends on it."
            ) % {
                "on": inputs["agreements_on_target"],
                "n": inputs["agreements_counted"],
                "share": number_text(decimal_of(inputs["agreements_share"]), 2),
                "weight": weight,
            }
        else:
            agreements = _(
                "Progress on the agreements: no agreed indicator has a target for this year, so none counts as on "
                "target; %(weight)s%% of the base depends on it."
            ) % {"weight": weight}
        texts = [agreements]
        if decimal_of(inputs["placemat_weight_pct"]):
            placemat_weight = percent_text(inputs["placemat_weight_pct"])
            if inputs["mean_score"] is None:
                texts.append(
                    _(
                        "There is no published placemat, so placemat progress counts as %(progress)s; %(weight)s%% "
                        "of the base depends on it."
                    )
                    % {"progress": number_text(NO_PLACEMAT_PROGRESS, 2), "weight": placemat_weight}
                )
            else:
                texts.append(
                    _(
                        "Placemat: the mean committee score %(mean)s (on 1–4) is progress %(progress)s (on 0–1); "
                        "%(weight)s%% of the base depends on it."
                    )
                    % {
                        "mean": number_text(decimal_of(inputs["mean_score"]), 2),
                        "progress": number_text(decimal_of(inputs["progress"]), 2),
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
                "mean": number_text(decimal_of(inputs["mean_score"]), 2),
                "progress": number_text(decimal_of(inputs["progress"]), 2),
                "weight": weight,
            }
        steps.append(Step(text, progress, running))
    steps.append(Step(_("Rounded to whole euros"), None, running.quantize(EURO, rounding=ROUND_HALF_UP)))
    return steps


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

"""Facts: the national picture prepared per region and programme year, maintained by the services.

What the dashboard, the totals, the region overview, the exports and the office's task counts show is read
from these two tables, never aggregated from the raw tables per request (as DHIS2's analytics tables do).
Every service that changes an input calls `toptechniek.common.facts.facts_refresh` inside its transaction,
which recomputes the region's rows (`dashboard.services.facts_compute`), so a reader never sees a figure
older than the last commit. `manage.py rebuild_facts` rebuilds every row; `--check` compares them with a
fresh computation and changes nothing.

Facts hold what does not depend on the date; a reader derives the two date-dependent early warnings
(report overdue, follow-up actions overdue) from the stored dates and today's, so a fact never goes
stale overnight. Facts hold both the settled and the provisional figures: the region-year's `settled`
flag says whether its report's figures count (submitted to the office or accepted); the settled view
reads a figure only when it is set, the office's provisional view reads every figure.
"""

from django.db import models

from regions.models import ProgrammeYear, Region


class RegionYearFact(models.Model):
    """One region in one programme year it takes part in (joined in or before that year): one dashboard row."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="+")
    # The monitor report (none: not started) and whether its figures count.
    report_id = models.PositiveIntegerField(null=True)
    report_status = models.CharField(max_length=24, blank=True)
    first_submitted_at = models.DateTimeField(null=True)
    report_is_late = models.BooleanField(default=False)
    settled = models.BooleanField(default=False)
    # Agreed indicators on / behind that year's target (this report's realisations, settled or not).
    on_track = models.PositiveIntegerField(default=0)
    behind = models.PositiveIntegerField(default=0)
    # Agreed indicators behind their target this year and the year before: both reports settled / any.
    behind_twice_settled = models.PositiveIntegerField(default=0)
    behind_twice_all = models.PositiveIntegerField(default=0)
    # Themes whose self-assessment (this report's) is 2 or more above the published consolidated score.
    gap_count = models.PositiveIntegerField(default=0)
    # The published placemat: its scores per theme ({"theme id": score or null}), their mean, and whether a
    # theme dropped below the region's previous published placemat.
    placemat_id = models.PositiveIntegerField(null=True)
    placemat_version = models.PositiveIntegerField(null=True)
    scores = models.JSONField(default=dict)
    placemat_mean = models.FloatField(null=True)
    has_dropped = models.BooleanField(default=False)
    judgement = models.CharField(max_length=16, blank=True)  # the reported audit visit's
    # This year's latest peer review with the region as host or peer; any peer review in the programme.
    peer_review_id = models.PositiveIntegerField(null=True)
    peer_review_status = models.CharField(max_length=16, blank=True)
    has_review = models.BooleanField(default=False)
    # Open follow-up actions: the earliest due date of the region's (any year) and the due dates of this
    # year's reported visit (ISO dates), so "overdue" is judged against today when read.
    earliest_open_action_due = models.DateField(null=True)
    open_action_dues = models.JSONField(default=list)
    grant_status = models.CharField(max_length=16, blank=True)
    grant_proposed = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    grant_decided = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    # Co-financing of the year (`regions.models.Cofinancing`), money and in kind, summed over the region's
    # partners; empty when none is recorded. The dashboard shows realised as a share of committed.
    cofinancing_committed = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    cofinancing_realised = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "programme_year"], name="region_year_fact_unique")]
        indexes = [models.Index(fields=["programme_year", "region"], name="region_year_fact_year")]

    def __str__(self):
        return f"{self.region_id} {self.programme_year_id}"


class TotalFact(models.Model):
    """One region's contribution to a totals line in one year: its agreed indicators of one route or
    performance area, one unit and one direction, with a realisation and a target for that year.

    `indicators` counts them; `realised`, `target` and `target_max` are their sums, or for a percentage
    the region's mean over them (a line averages percentages over regions, never adds them). `target_max`
    is empty unless every indicator has an upper bound."""

    class Kind(models.TextChoices):
        ROUTE = "route"
        AREA = "area"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="+")
    settled = models.BooleanField(default=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=32)  # the route's code (unique in its programme), or the area's theme id
    unit_key = models.CharField(max_length=64)  # the unit, whitespace and case aside
    unit = models.CharField(max_length=64)  # the unit as typed (the first in alphabetical order)
    direction = models.CharField(max_length=8)
    indicators = models.PositiveIntegerField()
    realised = models.DecimalField(max_digits=24, decimal_places=6)
    target = models.DecimalField(max_digits=24, decimal_places=6)
    target_max = models.DecimalField(max_digits=24, decimal_places=6, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "programme_year", "kind", "key", "unit_key", "direction"], name="total_fact_unique"
            )
        ]
        indexes = [models.Index(fields=["programme_year", "kind"], name="total_fact_year")]

    def __str__(self):
        return f"{self.region_id} {self.programme_year_id} {self.kind} {self.key}"

"""The office's exports of a programme year's realisations: CSV for Dutch Excel and XLSX.

`realisation_table` reads everything in one query (realisations with their report, region, indicator
and performance area, plus the year's target as a subquery), so an export costs the same number of
queries for one region or twenty; toptechniek.common.exports writes it out (and neutralises formulas).

Settled figures only (`selectors.SETTLED_STATUSES`): every realisation row is listed with its report's
real status, but the realisation, "nothing to report" and the explanation of a report that has not been
submitted to the office (draft, awaiting endorsement, returned) stay empty, unless the office asks for
the provisional view (`include_drafts=True`).

"""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from regions.models import Target
from toptechniek.common.exports import Table

from .selectors import SETTLED_STATUSES, realisations_for_year


def realisation_table(
    *, programme_id: int, year: int, region_ids: list[int] | None = None, include_drafts: bool = False
) -> Table:
    """One row per realisation of the programme year, in region and indicator order (one query); the
    figures of unsettled reports left empty unless `include_drafts`."""
    target = Target.objects.filter(indicator=OuterRef("indicator_id"), year=year).values("value")[:1]
    realisations = realisations_for_year(programme_id=programme_id, year=year, region_ids=region_ids).annotate(
        target_value=Subquery(target)
    )
    yes, no = _("Yes"), _("No")
    headers = [
        _("Region"),
        _("Landsdeel"),
        _("Indicator code"),
        _("Indicator"),
        _("Performance area"),
        _("Route"),
        _("Unit"),
        _("Baseline"),
        _("Baseline year"),
        _("Target %(year)s") % {"year": year},
        _("Realisation %(year)s") % {"year": year},
        _("Nothing to report"),
        _("Explanation"),
        _("Report status"),
        _("Late"),
    ]
    rows = []
    for r in realisations:
        report, indicator = r.report, r.indicator
        counts = include_drafts or report.status in SETTLED_STATUSES
        rows.append(
            [
                report.region.name,
                report.region.landsdeel.name,
                indicator.code,
                indicator.name,
                indicator.performance_area.name,
                indicator.route.name,
                indicator.unit,
                indicator.baseline_value,
                indicator.baseline_year,
                r.target_value,
                r.value if counts else None,
                (yes if r.not_applicable else no) if counts else None,
                r.explanation if counts else None,
                report.get_status_display(),
                yes if report.lateness() else no,
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=rows, sheet_name=str(_("Realisations")))

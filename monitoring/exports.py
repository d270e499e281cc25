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
from django.utils.translation import gettext_lazy

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


# --- Open data ---------------------------------------------------------------------------------------------------

# The columns of the open-data file and what each holds (the data dictionary, published beside the file).
OPEN_DATA_COLUMNS = [
    ("programme", "text", gettext_lazy("The programme (Toptechniek in bedrijf, Regionale Techniekagenda, …).")),
    ("year", "integer", gettext_lazy("The programme year the figures are about.")),
    ("region", "text", gettext_lazy("The region's name.")),
    ("landsdeel", "text", gettext_lazy("The part of the country the region belongs to.")),
    ("indicator_code", "text", gettext_lazy("The indicator's code within its region.")),
    ("indicator", "text", gettext_lazy("What the indicator counts.")),
    ("performance_area", "text", gettext_lazy("The placemat's performance area the indicator belongs to.")),
    ("unit", "text", gettext_lazy("The unit of baseline, target and realisation.")),
    ("direction", "text", gettext_lazy("higher, lower (lower is better) or range.")),
    ("baseline", "decimal", gettext_lazy("The 0-meting (baseline value).")),
    ("baseline_year", "integer", gettext_lazy("The year of the baseline.")),
    ("target", "decimal", gettext_lazy("The agreed target for the year (the lower bound of a range).")),
    ("target_max", "decimal", gettext_lazy("The upper bound of a range target; empty otherwise.")),
    (
        "realisation",
        "decimal",
        gettext_lazy("The region's realisation in the year; empty when there was nothing to report."),
    ),
    ("nothing_to_report", "boolean", gettext_lazy("true when the region reported that there was nothing to report.")),
    (
        "agreement_version",
        "integer",
        gettext_lazy("1 for the agreement as first made, plus one for each approved amendment."),
    ),
]


def opendata_rows(*, programme_year) -> list[list]:
    """The settled figures of the programme year (accepted reports only), one row per region and indicator, with
    units, targets and the agreement's version; no explanations and no names of people (one query)."""
    from django.db.models import Count, Q

    from regions.models import TargetAmendment

    from .models import MonitorReport

    year = programme_year.year
    target = Target.objects.filter(indicator=OuterRef("indicator_id"), year=year)
    realisations = (
        realisations_for_year(programme_id=programme_year.programme_id, year=year)
        .filter(report__status=MonitorReport.Status.ACCEPTED)
        .annotate(
            target_value=Subquery(target.values("value")[:1]),
            target_max=Subquery(target.values("value_max")[:1]),
            amendments=Count(
                "indicator__amendments",
                filter=Q(indicator__amendments__status=TargetAmendment.Status.APPROVED),
                distinct=True,
            ),
        )
    )
    return [
        [
            programme_year.programme.name,
            year,
            r.report.region.name,
            r.report.region.landsdeel.name,
            r.indicator.code,
            r.indicator.name,
            r.indicator.performance_area.name,
            r.indicator.unit,
            r.indicator.direction,
            r.indicator.baseline_value,
            r.indicator.baseline_year,
            r.target_value,
            r.target_max,
            None if r.not_applicable else r.value,
            "true" if r.not_applicable else "false",
            1 + r.amendments,
        ]
        for r in realisations
    ]


def opendata_csv(*, programme_year) -> bytes:
    """The open-data file: plain CSV (comma, UTF-8, decimal point), the same in every language."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _kind, _text in OPEN_DATA_COLUMNS])
    for row in opendata_rows(programme_year=programme_year):
        writer.writerow(["" if cell is None else str(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def opendata_dictionary_csv() -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    from django.utils import translation

    writer.writerow(["column", "type", "description", "beschrijving"])
    for name, kind, text in OPEN_DATA_COLUMNS:
        with translation.override("en"):
            english = str(text)
        with translation.override("nl"):
            dutch = str(text)
        writer.writerow([name, kind, english, dutch])
    return buffer.getvalue().encode("utf-8")

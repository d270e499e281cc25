"""The region page's section of monitor reports and placemats per programme year.

Registered in regions.selectors.REGION_PAGE_SECTIONS by AuditsConfig.ready(): the audits app sits above
monitoring and regions, so it can put the two side by side without the regions app naming either.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import MonitorReport
from monitoring.services import report_start_refusal
from regions.models import ProgrammeYear, Region
from regions.selectors import RegionSection

from ..models import Placemat


def region_years(*, region: Region, user) -> dict:
    """(programme year, report or None, placemat or None, why it cannot be started or None) from the join
    year on (three queries)."""
    reports = {
        r.programme_year.year: r
        for r in MonitorReport.objects.filter(region=region).select_related("programme_year", "region")
    }
    placemats = {
        p.programme_year.year: p
        for p in Placemat.objects.filter(region=region).select_related("programme_year", "region")
    }
    years = [
        py
        for py in ProgrammeYear.objects.filter(programme_id=region.programme_id).order_by("year")
        if py.year >= region.join_year
    ]
    today = timezone.localdate()
    return {
        "rows": [
            (
                py,
                reports.get(py.year),
                placemats.get(py.year),
                None if py.year in reports else report_start_refusal(region=region, year=py.year, today=today),
            )
            for py in years
        ]
    }


REGION_YEARS_SECTION = RegionSection(
    slot="top",
    order=10,
    anchor="reports",
    title=_("Monitor reports"),
    template="audits/region/_years.html",
    context=region_years,
)

"""Other regions to explore before choosing a peer: their sub-projects, their learning themes (of their latest
settled monitor report) and their published good practices, filtered by placemat theme and by words.

A fixed number of queries whatever the number of regions: one page of regions, then each kind of item for
that page in one query.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from monitoring.models import LearningTheme, MonitorReport
from monitoring.selectors import SETTLED_STATUSES
from regions.models import PlacematTheme, Region, SubProject

from ..models import GoodPractice

PAGE_SIZE = 8


@dataclass
class RegionProfile:
    region: Region
    subprojects: list[SubProject] = field(default_factory=list)
    learning_themes: list[LearningTheme] = field(default_factory=list)
    learning_year: int | None = None
    good_practices: list[GoodPractice] = field(default_factory=list)


def _latest_settled_reports(*, region_ids) -> dict[int, MonitorReport]:
    """region id → its latest settled monitor report (one query)."""
    latest: dict[int, MonitorReport] = {}
    for report in (
        MonitorReport.objects.filter(region_id__in=region_ids, status__in=SETTLED_STATUSES)
        .select_related("programme_year")
        .order_by("region_id", "-programme_year__year")
    ):
        latest.setdefault(report.region_id, report)
    return latest


def peers_explore(*, region: Region, theme: PlacematTheme | None = None, words: str = "", page: int = 1) -> Page:
    """One page of the programme's other active regions as RegionProfiles. With a theme: regions with a learning
    theme or a published good practice on it. With words: regions whose name, sub-projects, learning themes or
    good practices contain them."""
    # The learning themes that count are those of the region's latest settled report, as shown.
    latest_report = Subquery(
        MonitorReport.objects.filter(region=OuterRef(OuterRef("pk")), status__in=SETTLED_STATUSES)
        .order_by("-programme_year__year")
        .values("pk")[:1]
    )
    learning = LearningTheme.objects.filter(report_id=latest_report)
    practices = GoodPractice.objects.filter(region=OuterRef("pk"), status=GoodPractice.Status.PUBLISHED)
    regions = (
        Region.objects.filter(programme_id=region.programme_id)
        .exclude(pk=region.pk)
        .exclude(status=Region.Status.STOPPED)
        .select_related("landsdeel")
        .order_by("name")
    )
    if theme is not None:
        regions = regions.filter(Q(Exists(learning.filter(theme=theme))) | Q(Exists(practices.filter(themes=theme))))
    words = " ".join(words.split())[:100]
    if words:
        subprojects = SubProject.objects.filter(region=OuterRef("pk"))
        regions = regions.filter(
            Q(name__icontains=words)
            | Q(Exists(subprojects.filter(Q(name__icontains=words) | Q(description__icontains=words))))
            | Q(Exists(learning.filter(description__icontains=words)))
            | Q(Exists(practices.filter(Q(title__icontains=words) | Q(summary__icontains=words))))
        )
    paginator = Paginator(regions, PAGE_SIZE)
    page_obj = paginator.get_page(page)
    page_regions = list(page_obj.object_list)
    ids = [r.pk for r in page_regions]
    profiles = {r.pk: RegionProfile(region=r) for r in page_regions}
    for sub in SubProject.objects.filter(region_id__in=ids).order_by("name"):
        profiles[sub.region_id].subprojects.append(sub)
    reports = _latest_settled_reports(region_ids=ids)
    for item in (
        LearningTheme.objects.filter(report__in=[r.pk for r in reports.values()])
        .select_related("theme", "report")
        .order_by("theme__kind", "theme__number", "pk")
    ):
        profile = profiles[item.report.region_id]
        profile.learning_themes.append(item)
        profile.learning_year = reports[item.report.region_id].programme_year.year
    for practice in (
        GoodPractice.objects.filter(region_id__in=ids, status=GoodPractice.Status.PUBLISHED)
        .prefetch_related(Prefetch("themes", queryset=PlacematTheme.objects.order_by("kind", "number")))
        .order_by("-published_at", "pk")
    ):
        profiles[practice.region_id].good_practices.append(practice)
    page_obj.object_list = [profiles[r.pk] for r in page_regions]
    return page_obj

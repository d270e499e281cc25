from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def submitted_report_years(*, region, lock: bool = False) -> set[int]:
    """The years whose monitor report of the region has been submitted (at least once): their targets are
    frozen (regions.services.FROZEN_YEARS_PROVIDERS). With lock=True the region's reports stay locked until
    the transaction ends, so a submission cannot slip in between the check and the write."""
    from .models import MonitorReport

    reports = MonitorReport.objects.filter(region=region)
    if lock:
        rows = list(reports.select_for_update(of=("self",)).values_list("programme_year__year", "first_submitted_at"))
        return {year for year, submitted in rows if submitted is not None}
    return set(reports.filter(first_submitted_at__isnull=False).values_list("programme_year__year", flat=True))


def settled_report_years(*, region) -> set[int]:
    """The years whose monitor report of the region is settled: submitted to the office or accepted (the
    national picture's rule; regions.selectors.SETTLED_YEARS_PROVIDERS)."""
    from .models import MonitorReport
    from .selectors import SETTLED_STATUSES

    return set(
        MonitorReport.objects.filter(region=region, status__in=SETTLED_STATUSES).values_list(
            "programme_year__year", flat=True
        )
    )


def programme_reported_years(*, programme) -> set[int]:
    """The years of the programme with a submitted monitor report: its framework can no longer lose
    items (regions.services.REPORTED_YEARS_PROVIDERS)."""
    from .models import MonitorReport

    return set(
        MonitorReport.objects.filter(programme_year__programme=programme, first_submitted_at__isnull=False)
        .values_list("programme_year__year", flat=True)
        .distinct()
    )


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors import todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)

        from regions import services as region_services

        from . import tasks  # noqa: F401 - registers the app's Celery tasks by name (services enqueue by name)

        if submitted_report_years not in region_services.FROZEN_YEARS_PROVIDERS:
            region_services.FROZEN_YEARS_PROVIDERS.append(submitted_report_years)
        if programme_reported_years not in region_services.REPORTED_YEARS_PROVIDERS:
            region_services.REPORTED_YEARS_PROVIDERS.append(programme_reported_years)

        from regions.selectors import PROGRAMME_YEAR_LINKS, SETTLED_YEARS_PROVIDERS, YearLink

        if settled_report_years not in SETTLED_YEARS_PROVIDERS:
            SETTLED_YEARS_PROVIDERS.append(settled_report_years)

        for link in (
            YearLink("pages", 10, _("Reports"), "monitoring:report_list", "monitoring.list_reports"),
            YearLink("exports", 10, "CSV", "monitoring:realisations_csv", "monitoring.export_realisations"),
            YearLink("exports", 20, "XLSX", "monitoring:realisations_xlsx", "monitoring.export_realisations"),
        ):
            if link not in PROGRAMME_YEAR_LINKS:
                PROGRAMME_YEAR_LINKS.append(link)

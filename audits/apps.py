from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self):
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors.advice import todos_for_user as advice_todos
        from .selectors.todo import todos_for_user

        for provider in (todos_for_user, advice_todos):
            if provider not in TODO_PROVIDERS:
                TODO_PROVIDERS.append(provider)

        from regions import services as region_services

        from . import tasks  # noqa: F401 - registers the app's Celery tasks by name (services enqueue by name)
        from .services.scoring import region_role_conflict

        if region_role_conflict not in region_services.ROLE_CONFLICT_CHECKS:
            region_services.ROLE_CONFLICT_CHECKS.append(region_role_conflict)

        from regions.selectors import REGION_PAGE_SECTIONS, RegionSection

        from .selectors.advice import region_advice_link
        from .selectors.region_page import REGION_YEARS_SECTION

        advice_link = RegionSection(
            slot="links",
            order=20,
            anchor="",
            title=None,
            template="audits/region/_advice_link.html",
            context=region_advice_link,
        )
        for section in (REGION_YEARS_SECTION, advice_link):
            if section not in REGION_PAGE_SECTIONS:
                REGION_PAGE_SECTIONS.append(section)

        from regions.selectors import PROGRAMME_YEAR_LINKS, YearLink

        for link in (
            YearLink("pages", 20, _("Reminders"), "audits:reminders", "audits.view_reminders"),
            YearLink("pages", 30, _("Critical friends"), "audits:assignments", "audits.manage_assignments"),
            YearLink("pages", 40, _("Placemats"), "audits:placemats_progress", "audits.manage_assignments"),
            YearLink("pages", 50, _("Grants"), "audits:grants", "audits.view_grants"),
            YearLink("pages", 60, _("Audit visits"), "audits:visits", "audits.manage_visits"),
        ):
            if link not in PROGRAMME_YEAR_LINKS:
                PROGRAMME_YEAR_LINKS.append(link)

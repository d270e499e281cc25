from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("National dashboard")

    def ready(self):
        from toptechniek.common.facts import FACT_REFRESHERS

        from .services import facts_refresh

        if facts_refresh not in FACT_REFRESHERS:
            FACT_REFRESHERS.append(facts_refresh)
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors import todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)
        # A database migrated to the facts for the first time gets them built at once.
        post_migrate.connect(_facts_bootstrap, sender=self, dispatch_uid="dashboard-facts-bootstrap")

        from regions.selectors import REGION_PAGE_SECTIONS, RegionSection

        from .overview import region_overview_link

        section = RegionSection(
            slot="links",
            order=10,
            anchor="",
            title=None,
            template="dashboard/region/_overview_link.html",
            context=region_overview_link,
        )
        if section not in REGION_PAGE_SECTIONS:
            REGION_PAGE_SECTIONS.append(section)


def _facts_bootstrap(*, using: str = "default", **kwargs) -> None:
    from .services import facts_bootstrap

    facts_bootstrap(using=using)

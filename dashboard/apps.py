from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("National dashboard")

    def ready(self):
        from .cache import connect

        connect()

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

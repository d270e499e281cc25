from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from regions.selectors import REGION_PAGE_SECTIONS

        from .selectors import GOVERNANCE_SECTION

        if GOVERNANCE_SECTION not in REGION_PAGE_SECTIONS:
            REGION_PAGE_SECTIONS.append(GOVERNANCE_SECTION)

        from regions.selectors import PROGRAMME_YEAR_LINKS, YearLink

        link = YearLink("pages", 70, _("Governance"), "governance:meetings", "governance.view_meetings")
        if link not in PROGRAMME_YEAR_LINKS:
            PROGRAMME_YEAR_LINKS.append(link)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from toptechniek.common.audit import SLUG_NAMERS
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors import (
            COFINANCING_SECTION,
            REGION_PAGE_SECTIONS,
            SUBPROJECTS_SECTION,
            region_name_of_key,
            todos_for_user,
        )

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)
        if region_name_of_key not in SLUG_NAMERS:
            SLUG_NAMERS.append(region_name_of_key)
        for section in (COFINANCING_SECTION, SUBPROJECTS_SECTION):
            if section not in REGION_PAGE_SECTIONS:
                REGION_PAGE_SECTIONS.append(section)

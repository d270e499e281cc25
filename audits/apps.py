from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self):
        from regions import services as region_services

        from .services.scoring import region_role_conflict

        if region_role_conflict not in region_services.ROLE_CONFLICT_CHECKS:
            region_services.ROLE_CONFLICT_CHECKS.append(region_role_conflict)

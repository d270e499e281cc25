from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: what composes the other apps (the landing page, the demo, the benchmark).

    Nothing below imports from here; every app below may be imported from here.
    """

    name = "portal"
    verbose_name = _("Portal")

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CommonConfig(AppConfig):
    name = "toptechniek.common"
    label = "common"

    def ready(self):
        from . import audit, site_url, tasks  # noqa: F401 - login signals, the SITE_URL check, the tasks

        # Every app's mails.py registers its kinds of mail (and its hooks into lower apps' mails) when it is
        # imported; importing them all here, like the admin's admin.py, makes every process know every kind.
        autodiscover_modules("mails")

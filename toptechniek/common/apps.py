from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "toptechniek.common"
    label = "common"

    def ready(self):
        from . import audit, tasks  # noqa: F401 - connects the login signals, registers the tasks

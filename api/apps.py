from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read API (`/api/v1/`) for the office's and the ministry's own analysis, and the personal tokens that
    open it. On the top floor beside the portal: it reads regions, monitoring and audits through its own
    selectors, which ask the same rules as the pages."""

    name = "api"
    verbose_name = _("API")

    def ready(self):
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors import todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)

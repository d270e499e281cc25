from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    """Aanvraag en selectie: the office's call for proposals, the applications of regions-to-be, the
    beoordelingscommissie's blind scores, the office's decision and the ministry's subsidiebeschikking.
    An honoured application becomes a region through the regions app's own services."""

    name = "selection"
    verbose_name = _("Applications and selection")

    def ready(self):
        from toptechniek.common.todo import TODO_PROVIDERS

        from . import mails  # noqa: F401  (registers the kinds of mail)
        from .selectors import todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)

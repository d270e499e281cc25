from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = _("Programme analysis")

    def ready(self):
        from regions.selectors import PROGRAMME_YEAR_LINKS, YearLink
        from toptechniek.common.todo import TODO_PROVIDERS

        from . import mails  # noqa: F401 - registers the mail kinds
        from .selectors import todos_for_user

        link = YearLink("pages", 80, _("Analysis"), "analysis:detail", "analysis.list_analyses")
        if link not in PROGRAMME_YEAR_LINKS:
            PROGRAMME_YEAR_LINKS.append(link)
        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "toptechniek.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors import todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)

        from . import checks, signals, tasks  # noqa: F401 - registers the deploy check, the security log, the tasks

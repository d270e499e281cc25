"""Hand work to a Celery task by its registered name.

Services name the task they hand work to instead of importing it: tasks call services, services never
import tasks, so the two never form an import circle. Every app's `AppConfig.ready()` imports its `tasks`
module, which registers the names in every process (web, worker, tests). A name that is not registered
raises `celery.exceptions.NotRegistered` at once, inside the service call, not later after the commit.
"""

from celery import current_app
from django.db import transaction


def task_delay(name: str, *args) -> None:
    """Send the task `name` with `args` now (eager mode, as in tests and `make run`: run it now)."""
    current_app.tasks[name].delay(*args)


def task_enqueue(name: str, *args, robust: bool = True) -> None:
    """Send the task `name` with `args` once the current transaction commits.

    robust (the default): a broker that is down is logged and does not turn a committed change into an
    error page; the outbox row stays unsent and its sweep enqueues it again.
    """
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.delay(*args), robust=robust)

"""Reads of the portal: the landing page composes what every app says waits for the person."""

import datetime
from dataclasses import dataclass

from regions.models import Region
from regions.selectors import programme_current, regions_of_user
from toptechniek.accounts.models import User
from toptechniek.common.todo import Todo, todos_for


@dataclass
class TaskPage:
    todos: list[Todo]
    overdue: int
    regions: list[Region]
    programme: object


def task_page(*, user: User, today: datetime.date) -> TaskPage:
    """Mijn taken: every task of every role of the person, most urgent first, with their regions."""
    todos = todos_for(user=user, today=today)
    programme = programme_current() if (user.is_programme_office or user.is_viewer) else None
    return TaskPage(
        todos=todos,
        overdue=sum(1 for todo in todos if todo.is_overdue(today)),
        regions=list(regions_of_user(user=user)),
        programme=programme,
    )


def task_count(*, user: User, today: datetime.date) -> int:
    return len(todos_for(user=user, today=today))

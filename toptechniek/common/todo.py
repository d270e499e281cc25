"""What waits for a person ("Mijn taken"): one list built from a task provider per app.

Each domain app offers a selector `todos_for_user(*, user, today) -> list[Todo]` that reads what waits for
this person in that app (a fixed number of queries, whatever the number of regions and tasks) and
registers it in `TODO_PROVIDERS` from its `AppConfig.ready()`, the way the region page's sections are
offered. A task is derived from the state of the data, never stored: it appears when the state asks for
work and disappears when the work is done. The portal's "Mijn taken" page and the navigation's count read
`todos_for`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    kind: str  # a stable name, e.g. "report_endorse" (tests and the page's icons read it)
    what: str  # what to do, in words: "Rapportage 2026 bekrachtigen"
    subject: str  # whose: the region or the object, "Twente"
    url: str  # the one place to do it
    due: datetime.date | None = None
    state: str = ""  # where it stands, in words: "concept", "1 van 2 ingediend"
    note: str = ""  # what the person needs to know: a return comment, an owner
    role: str = ""  # in which role this waits for the person: "projectleider"
    programme_id: int | None = None  # the programme it belongs to (None: not a programme's, e.g. security)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today

    def is_due_soon(self, today: datetime.date, days: int = 14) -> bool:
        return self.due is not None and today <= self.due <= today + datetime.timedelta(days=days)


TodoProvider = Callable[..., list[Todo]]
TODO_PROVIDERS: list[TodoProvider] = []


def todo_sort_key(todo: Todo) -> tuple:
    """Most urgent first: by due date (overdue first, then the nearest), undated last; then by subject."""
    return (todo.due is None, todo.due or datetime.date.max, todo.subject, todo.what)


def todos_for(*, user, today: datetime.date) -> list[Todo]:
    """Everything that waits for this person, across all their roles and regions, most urgent first."""
    if not user.is_authenticated:
        return []
    todos = [todo for provider in TODO_PROVIDERS for todo in provider(user=user, today=today)]
    return sorted(todos, key=todo_sort_key)

"""Reads of the portal: the landing page composes what every app says waits for the person."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from regions.models import Programme, Region
from regions.selectors import programme_current, programmes_by_preference, regions_of_user
from toptechniek.accounts.models import User
from toptechniek.common.todo import Todo, todos_for


@dataclass
class TaskProgramme:
    programme: Programme
    count: int  # the person's tasks in it
    chosen: bool


@dataclass
class TaskPage:
    todos: list[Todo]
    overdue: int
    regions: list[Region]
    programme: object
    # The programmes the person has tasks in, when more than one: the page shows one at a time, the one in
    # progress first (tasks of no programme, such as security, show with every one).
    programmes: list[TaskProgramme]
    # The closed programmes of the person's regions when all of them are closed: nothing can wait any more,
    # and the page says why.
    closed: list[Programme] = field(default_factory=list)

    @property
    def regions_in_several_programmes(self) -> bool:
        """Name each region's programme: Twente of 2012 and Twente of today are two regions."""
        return len({region.programme_id for region in self.regions}) > 1


def task_page(*, user: User, today: datetime.date, programme_slug: str = "") -> TaskPage | None:
    """Mijn taken: every task of every role of the person, most urgent first, with their regions; of one
    programme at a time when they have tasks in more than one. None when `programme_slug` names a programme
    the person has no tasks in."""
    todos = todos_for(user=user, today=today)
    ids = {todo.programme_id for todo in todos if todo.programme_id}
    programmes = []
    if len(ids) > 1:
        found = list(programmes_by_preference(today=today).filter(pk__in=ids))
        chosen = next((p for p in found if p.slug == programme_slug), None) if programme_slug else found[0]
        if chosen is None:
            return None
        counts = Counter(todo.programme_id for todo in todos)
        programmes = [TaskProgramme(p, counts[p.pk], p == chosen) for p in found]
        todos = [todo for todo in todos if todo.programme_id in (None, chosen.pk)]
    elif programme_slug and not Programme.objects.filter(slug=programme_slug, pk__in=ids).exists():
        return None
    programme = programme_current(today=today) if (user.is_programme_office or user.is_viewer) else None
    # The regions of open programmes first.
    regions = sorted(regions_of_user(user=user), key=lambda r: (r.programme.closed_at is not None, r.name))
    closed = []
    if regions and all(r.programme.closed_at for r in regions):
        closed = list({r.programme_id: r.programme for r in regions}.values())
    return TaskPage(
        todos=todos,
        overdue=sum(1 for todo in todos if todo.is_overdue(today)),
        regions=regions,
        programme=programme,
        programmes=programmes,
        closed=closed,
    )


def task_count(*, user: User, today: datetime.date) -> int:
    return len(todos_for(user=user, today=today))

"""The one due/overdue schedule every sweep uses (reminders, follow-up actions, learning outcomes).

`milestone` answers which mail of a schedule applies today for a due date: a reminder some days before it,
then "overdue" weekly after it, for a limited time. A sweep turns the answer into one outbox row with a
unique key (what, which object, due date, offset, recipient), so running it twice, or missing a day, still
sends each mail once.
"""

import datetime

OVERDUE_INTERVAL_DAYS = 7
OVERDUE_WINDOW_DAYS = 56  # no overdue mail more than 8 weeks after the due date


def milestone(*, today: datetime.date, due: datetime.date, offsets: tuple[int, ...]) -> tuple[bool, int] | None:
    """(overdue?, offset) of the mail that applies today for this due date, or None.

    Before the due date: the smallest offset whose day has come (``due - offset <= today``).
    After it: overdue week k with offset -7k, until OVERDUE_WINDOW_DAYS after the due date.
    """
    days_left = (due - today).days
    if days_left > 0:
        reached = [offset for offset in offsets if days_left <= offset]
        return (False, min(reached)) if reached else None
    days_over = -days_left
    if days_over == 0 or days_over > OVERDUE_WINDOW_DAYS:
        return None
    return True, -OVERDUE_INTERVAL_DAYS * ((days_over - 1) // OVERDUE_INTERVAL_DAYS)


def overdue_week(offset: int) -> int:
    """The overdue week (1, 2, …) of a negative offset from `milestone`."""
    return -offset // OVERDUE_INTERVAL_DAYS + 1

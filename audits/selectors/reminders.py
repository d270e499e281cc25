"""Reminders, read side: the office's reminder log."""

from django.db.models import QuerySet

from regions.models import ProgrammeYear
from toptechniek.common.schedule import overdue_week

from ..models import Reminder


def reminders_for_year(*, programme_year: ProgrammeYear, kind: str = "") -> QuerySet[Reminder]:
    """The reminder log of one programme year, newest first; one query per page (plus the count)."""
    qs = Reminder.objects.filter(programme_year=programme_year).select_related("region", "recipient")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def offset_label(reminder: Reminder) -> str:
    """'30 days before' / 'week 1 overdue' for the log."""
    from django.utils.translation import gettext, ngettext

    if reminder.offset >= 0 and reminder.kind in (Reminder.Kind.REPORT_DUE, Reminder.Kind.SCORING_DUE):
        return ngettext("%(n)d day before", "%(n)d days before", reminder.offset) % {"n": reminder.offset}
    return gettext("overdue, week %(n)d") % {"n": overdue_week(reminder.offset)}

"""The office's reminder log of one programme year."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from regions.models import ProgrammeYear
from toptechniek.common.schedule import OVERDUE_WINDOW_DAYS
from toptechniek.common.views import require_perm

from ..models import Reminder
from ..selectors.reminders import offset_label, reminders_for_year

PAGE_SIZE = 25


@require_safe
def reminders(request, slug, year):
    """Every reminder created for the year (kind, region, recipient, due date, offset, created, sent)."""
    programme_year = get_object_or_404(
        ProgrammeYear.objects.select_related("programme"), programme__slug=slug, year=year
    )
    require_perm(request, "audits.view_reminders", programme_year)
    kind = request.GET.get("kind", "")
    if kind not in Reminder.Kind.values:
        kind = ""
    page = Paginator(reminders_for_year(programme_year=programme_year, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    for reminder in page.object_list:
        reminder.when = offset_label(reminder)
    return render(
        request,
        "audits/reminders/reminder_list.html",
        {
            "programme_year": programme_year,
            "page": page,
            "kind": kind,
            "kind_choices": Reminder.Kind.choices,
            "overdue_weeks": OVERDUE_WINDOW_DAYS // 7,
        },
    )

"""Reminder mails: the daily sweep that decides who is reminded of what, and its mails in the outbox.

Schedule (all dates are the programme year's fixed due dates; "today" is the local date):

- **Monitor report** — to every active project leader of every region taking part in the year
  (``join_year <= year``, region not *stopped*) whose report is not in yet (no report, or
  draft / awaiting endorsement / returned; *in* means submitted or accepted):
  ``report_due`` with offset 30 from 30 days before ``report_due_date``, offset 7 from 7 days before,
  and ``report_overdue`` weekly after it.
- **Scoring** — to every active assessor of a region whose report *is* in and whose own scoring is not
  submitted (no scoring yet counts as not submitted), only when the year has a ``scoring_due_date``:
  ``scoring_due`` with offset 7 from 7 days before, then ``scoring_overdue`` weekly.

Rules that make the schedule safe:

- A "due" milestone is created on any day from ``due - offset`` up to the day before the due date, so
  a sweep that missed a day still sends it. Only the *latest* milestone that applies is created: when
  the first sweep runs 5 days before the due date (reminders just switched on, or the worker was down
  for weeks) the person gets the 7-day reminder, not the 30-day one as well.
- On the due date itself nothing is sent. Overdue week ``k`` (``k = (days overdue - 1) // 7``) has
  offset ``-7 * k``: the first on the day after the due date (offset 0), then every 7 days; again only
  the current week is created, never a backlog of missed weeks.
- **No flood from history**: overdue reminders stop 8 weeks (``OVERDUE_WINDOW_DAYS`` = 56 days) after
  the due date — at most 8 overdue reminders per person and due date. Due reminders exist only in the
  30 days before. So programme years whose due dates are further in the past (the demo programme
  2012–2015, seen from 2026) produce nothing, and the sweep reads only programme years with a due
  date inside that window.
- Each reminder is one row with the unique key (kind, object_key, recipient, due_date, offset) — the
  office's reminder log; rows are created with ``get_or_create`` inside one transaction, so running the
  sweep twice, or two sweeps at once, creates each row once (the second insert waits for the first
  transaction and then finds its row).
- Its mail is one row of the outbox (``toptechniek.common.notifications``, kind ``report_reminder`` or
  ``scoring_reminder``, key ``reminder:<id>``), queued in the same transaction for every reminder of
  today that is not sent yet: the outbox sends it once after commit, in the recipient's preferred way
  (at once, in the daily digest, or not at all), and its sweep sends it when the broker was down.
  When the mail goes out (``reminder_prepare``) the reminder is checked again and nothing is sent when
  it no longer applies (report or scoring came in, reminders switched off, recipient deactivated or no
  longer in that role); a sent mail sets the reminder's ``sent_at`` (``reminder_after_send``).
- The office switches reminders off per programme year (``ProgrammeYear.reminders_enabled``): the
  sweep then creates nothing for that year and queued reminders are not sent.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from monitoring.models import MonitorReport
from monitoring.selectors import SETTLED_STATUSES
from regions.models import ProgrammeYear, Region, RegionRole
from toptechniek.common.notifications import site_link
from toptechniek.common.schedule import OVERDUE_WINDOW_DAYS, milestone

from ..models import Assignment, Reminder, Scoring

logger = logging.getLogger(__name__)

Kind = Reminder.Kind

REPORT_DUE_OFFSETS = (30, 7)  # days before the report due date
SCORING_DUE_OFFSETS = (7,)  # days before the scoring due date


def report_object_key(region_id: int, year: int) -> str:
    return f"report:region={region_id}:year={year}"


def scoring_object_key(region_id: int, year: int) -> str:
    return f"scoring:region={region_id}:year={year}"


@dataclass(frozen=True, order=True)
class _Candidate:
    kind: str
    object_key: str
    recipient_id: int
    due_date: datetime.date
    offset: int
    programme_year_id: int
    region_id: int

    @property
    def key(self) -> tuple:
        return (self.kind, self.object_key, self.recipient_id, self.due_date, self.offset)


def _window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS), today + datetime.timedelta(
        days=max(REPORT_DUE_OFFSETS + SCORING_DUE_OFFSETS)
    )


def _report_candidates(today: datetime.date, years: list[ProgrammeYear]) -> list[_Candidate]:
    due_now = {}
    for py in years:
        step = milestone(today=today, due=py.report_due_date, offsets=REPORT_DUE_OFFSETS)
        if step is not None:
            due_now[py.pk] = (py, step)
    if not due_now:
        return []
    reports_in = set(
        MonitorReport.objects.filter(programme_year_id__in=due_now, status__in=SETTLED_STATUSES).values_list(
            "region_id", "programme_year_id"
        )
    )
    leaders = RegionRole.objects.filter(
        role=RegionRole.Role.PROJECT_LEADER,
        user__is_active=True,
        region__programme_id__in={py.programme_id for py, _step in due_now.values()},
    ).exclude(region__status=Region.Status.STOPPED)
    leaders = list(leaders.values_list("region_id", "region__programme_id", "region__join_year", "user_id"))
    candidates = []
    for py, (overdue, offset) in due_now.values():
        for region_id, programme_id, join_year, user_id in leaders:
            if programme_id != py.programme_id or join_year > py.year or (region_id, py.pk) in reports_in:
                continue
            candidates.append(
                _Candidate(
                    kind=Kind.REPORT_OVERDUE if overdue else Kind.REPORT_DUE,
                    object_key=report_object_key(region_id, py.year),
                    recipient_id=user_id,
                    due_date=py.report_due_date,
                    offset=offset,
                    programme_year_id=py.pk,
                    region_id=region_id,
                )
            )
    return candidates


def _scoring_candidates(today: datetime.date, years: list[ProgrammeYear]) -> list[_Candidate]:
    due_now = {}
    for py in years:
        if py.scoring_due_date is None:
            continue
        step = milestone(today=today, due=py.scoring_due_date, offsets=SCORING_DUE_OFFSETS)
        if step is not None:
            due_now[py.pk] = (py, step)
    if not due_now:
        return []
    reports_in = set(
        MonitorReport.objects.filter(programme_year_id__in=due_now, status__in=SETTLED_STATUSES).values_list(
            "region_id", "programme_year_id"
        )
    )
    submitted = set(
        Scoring.objects.filter(assignment__programme_year_id__in=due_now, status=Scoring.Status.SUBMITTED).values_list(
            "assignment_id", flat=True
        )
    )
    assessors = Assignment.objects.filter(
        programme_year_id__in=due_now, role=Assignment.Role.ASSESSOR, user__is_active=True
    ).values_list("pk", "region_id", "programme_year_id", "user_id")
    candidates = []
    for assignment_id, region_id, programme_year_id, user_id in assessors:
        if assignment_id in submitted or (region_id, programme_year_id) not in reports_in:
            continue
        py, (overdue, offset) = due_now[programme_year_id]
        candidates.append(
            _Candidate(
                kind=Kind.SCORING_OVERDUE if overdue else Kind.SCORING_DUE,
                object_key=scoring_object_key(region_id, py.year),
                recipient_id=user_id,
                due_date=py.scoring_due_date,
                offset=offset,
                programme_year_id=py.pk,
                region_id=region_id,
            )
        )
    return candidates


def reminder_candidates(*, today: datetime.date) -> list[_Candidate]:
    """Every reminder that applies today, whether or not it exists already (a fixed number of queries)."""
    start, end = _window(today)
    years = list(
        ProgrammeYear.objects.filter(reminders_enabled=True).filter(
            Q(report_due_date__range=(start, end)) | Q(scoring_due_date__range=(start, end))
        )
    )
    if not years:
        return []
    # Sorted so that concurrent sweeps insert in the same order and wait for each other, never deadlock.
    return sorted(set(_report_candidates(today, years) + _scoring_candidates(today, years)))


def reminder_queue(reminder: Reminder) -> bool:
    """Queue the reminder's mail in the outbox (once: key ``reminder:<id>``); False when it exists already."""
    from toptechniek.common.notifications import notification_queue

    if reminder.sent_at is not None:
        return False
    is_report = _is_report_kind(reminder.kind)
    return (
        notification_queue(
            key=f"reminder:{reminder.pk}",
            kind="report_reminder" if is_report else "scoring_reminder",
            recipient=reminder.recipient,
            context={
                "reminder_id": reminder.pk,
                "region_name": reminder.region.name,
                "year": reminder.programme_year.year,
                "due": reminder.due_date,
                "is_report": is_report,
                "is_overdue": reminder.kind in (Kind.REPORT_OVERDUE, Kind.SCORING_OVERDUE),
            },
        )
        is not None
    )


def reminder_sweep(*, today: datetime.date | None = None) -> int:
    """Create today's reminders and queue their mails; returns the number of new reminders.

    Safe to run twice and concurrently: see the module docstring.
    """
    today = today or timezone.localdate()
    candidates = reminder_candidates(today=today)
    created = 0
    with transaction.atomic():
        if candidates:
            existing = {
                (r.kind, r.object_key, r.recipient_id, r.due_date, r.offset): r
                for r in Reminder.objects.filter(
                    object_key__in={c.object_key for c in candidates},
                    recipient_id__in={c.recipient_id for c in candidates},
                )
            }
            for candidate in candidates:
                reminder = existing.get(candidate.key)
                if reminder is None:
                    reminder, was_created = Reminder.objects.get_or_create(
                        kind=candidate.kind,
                        object_key=candidate.object_key,
                        recipient_id=candidate.recipient_id,
                        due_date=candidate.due_date,
                        offset=candidate.offset,
                        defaults={"programme_year_id": candidate.programme_year_id, "region_id": candidate.region_id},
                    )
                    created += was_created
                # Also for a reminder of today that exists unsent without a mail (made before the outbox).
                if reminder.sent_at is None:
                    reminder_queue(reminder)
    logger.info("reminder sweep today=%s candidates=%d created=%d", today, len(candidates), created)
    return created


# --- Sending -----------------------------------------------------------------------------------


def _is_report_kind(kind: str) -> bool:
    return kind in (Kind.REPORT_DUE, Kind.REPORT_OVERDUE)


def _still_applies(reminder: Reminder) -> bool:
    """The sweep's conditions, checked again when the mail goes out (the queue may be late)."""
    if not reminder.programme_year.reminders_enabled or not reminder.recipient.is_active:
        return False
    if _is_report_kind(reminder.kind):
        is_leader = RegionRole.objects.filter(
            user_id=reminder.recipient_id, region_id=reminder.region_id, role=RegionRole.Role.PROJECT_LEADER
        ).exists()
        return (
            is_leader
            and not MonitorReport.objects.filter(
                region_id=reminder.region_id, programme_year_id=reminder.programme_year_id, status__in=SETTLED_STATUSES
            ).exists()
        )
    return _assessor_assignment(reminder) is not None


def _assessor_assignment(reminder: Reminder) -> Assignment | None:
    """The recipient's live assessor assignment whose scoring is not submitted yet."""
    assignment = (
        Assignment.objects.filter(
            user_id=reminder.recipient_id,
            region_id=reminder.region_id,
            programme_year_id=reminder.programme_year_id,
            role=Assignment.Role.ASSESSOR,
        )
        .select_related("scoring")
        .first()
    )
    if assignment is None:
        return None
    scoring = getattr(assignment, "scoring", None)
    return assignment if scoring is None or scoring.status != Scoring.Status.SUBMITTED else None


def _link(reminder: Reminder, report: MonitorReport | None) -> str:
    if _is_report_kind(reminder.kind):
        if report is not None:
            path = report.get_absolute_url()
        else:  # no report yet: the region page, where the project leader starts it
            path = reminder.region.get_absolute_url() + "#reports"
    else:
        assignment = _assessor_assignment(reminder)
        path = reverse("audits:scoring", kwargs={"pk": assignment.pk}) if assignment else reverse("audits:my_regions")
    return site_link(path)


def _reminder_of(notification) -> Reminder | None:
    return (
        Reminder.objects.select_related("recipient", "region", "programme_year")
        .filter(pk=notification.context.get("reminder_id"))
        .first()
    )


def reminder_prepare(notification) -> dict | None:
    """At send time (outbox hook): None when the reminder no longer applies, else the report's state and link."""
    reminder = _reminder_of(notification)
    if reminder is None or reminder.sent_at is not None or not _still_applies(reminder):
        return None
    report = MonitorReport.objects.filter(
        region_id=reminder.region_id, programme_year_id=reminder.programme_year_id
    ).first()
    state = ""
    if _is_report_kind(reminder.kind):
        if report is None:
            state = "not_started"
        elif report.status == MonitorReport.Status.AWAITING_ENDORSEMENT:
            state = "awaiting_endorsement"
        elif report.status == MonitorReport.Status.RETURNED:
            state = "returned"
    return {"report_state": state, "link": _link(reminder, report)}


def reminder_after_send(notification) -> None:
    """The mail went out (outbox hook, in the sending transaction): the office's log shows it sent."""
    Reminder.objects.filter(pk=notification.context.get("reminder_id"), sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def reminder_send(*, reminder_id: int) -> bool:
    """Send one reminder's mail now, once; False when it is gone, sent already or no longer applies.

    The sweep does not need this (the outbox sends); it is for the shell and the tests."""
    from toptechniek.common.models import Notification
    from toptechniek.common.notifications import notification_send

    with transaction.atomic():
        reminder = Reminder.objects.select_related("recipient", "region", "programme_year").filter(pk=reminder_id)
        reminder = reminder.first()
        if reminder is None or reminder.sent_at is not None:
            return False
        reminder_queue(reminder)
    notification = Notification.objects.filter(key=f"reminder:{reminder_id}").first()
    return notification is not None and notification_send(notification_id=notification.pk)

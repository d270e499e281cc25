"""The daily sweep that mails the regions about their actions: due in 7 days, and overdue.

Covers both kinds of action the programme tracks, as long as they are not done:

- ``followup``: ``audits.FollowUpAction`` of an audit visit (owner, due date), for the visit's region;
- ``learning``: ``LearningOutcome`` of a peer review's learning question (action owner, action due), for the
  question's region (cancelled reviews excluded).

Owners are free-text names, so the mails go to the region's active project leaders and penvoerders.

Schedule (``toptechniek.common.schedule.milestone`` with offset 7): one ``action_due`` mail on any day from 7 days
before the due date up to the day before it (a missed day still sends it), nothing on the due date
itself, then ``action_overdue`` the day after the due date and weekly after that, for at most 8 weeks.
Each mail is one outbox row with a unique key (kind, action, due date, week, recipient), queued with
``notification_queue`` inside one transaction: a sweep run twice, or two sweeps at once, queue each
key once (a concurrent insert of the same key waits for the first transaction and then fails on the
unique key). The mails are sent by the worker after commit; a lost enqueue is re-sent by the outbox
sweep. Nothing is created for programme years whose reminders are switched off.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from audits.models import FollowUpAction
from regions.models import Region, RegionRole
from toptechniek.common.notifications import notification_queue, site_link
from toptechniek.common.schedule import OVERDUE_INTERVAL_DAYS, OVERDUE_WINDOW_DAYS, milestone

from ..models import LearningOutcome, PeerReview

logger = logging.getLogger(__name__)

DUE_OFFSETS = (7,)
LEADS = (RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER)
FOLLOWUP, LEARNING = "followup", "learning"


@dataclass(frozen=True, order=True)
class ActionMail:
    key: str
    overdue: bool
    week: int  # 0 for the due mail, 1.. for the overdue weeks
    kind: str
    action_id: int
    due: datetime.date
    recipient_id: int
    context: tuple  # (name, value) pairs, strings and numbers only


def _review_link(review_id: int, region_key: str) -> str:
    try:
        return reverse("peerreviews:review_detail", kwargs={"pk": review_id})
    except NoReverseMatch:  # the review pages are not there yet: the region page
        return reverse("regions:region_detail", kwargs={"slug": region_key})


def _open_actions(today: datetime.date) -> list[dict]:
    """Actions not done whose due date is within the mail window (2 queries)."""
    start = today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS)
    end = today + datetime.timedelta(days=max(DUE_OFFSETS))
    actions = []
    followups = (
        FollowUpAction.objects.filter(
            done=False, due_date__range=(start, end), visit__programme_year__reminders_enabled=True
        )
        .exclude(visit__region__status=Region.Status.STOPPED)
        .values_list(
            "pk",
            "description",
            "owner",
            "due_date",
            "visit__region_id",
            "visit__region__name",
            "visit__region__slug",
            "visit__programme_year__year",
        )
    )
    for pk, text, owner, due, region_id, region_name, slug, year in followups:
        link = reverse("audits:visit_detail", kwargs={"slug": f"{region_id}-{slug}", "year": year})
        actions.append(
            {
                "kind": FOLLOWUP,
                "id": pk,
                "text": text,
                "owner": owner,
                "due": due,
                "region_id": region_id,
                "region_name": region_name,
                "link": link,
            }
        )
    outcomes = (
        LearningOutcome.objects.filter(
            done=False, action_due__range=(start, end), question__review__programme_year__reminders_enabled=True
        )
        .exclude(question__review__status=PeerReview.Status.CANCELLED)
        .exclude(question__region__status=Region.Status.STOPPED)
        .values_list(
            "pk",
            "action",
            "action_owner",
            "action_due",
            "question__region_id",
            "question__region__name",
            "question__region__slug",
            "question__review_id",
        )
    )
    for pk, text, owner, due, region_id, region_name, slug, review_id in outcomes:
        actions.append(
            {
                "kind": LEARNING,
                "id": pk,
                "text": text,
                "owner": owner,
                "due": due,
                "region_id": region_id,
                "region_name": region_name,
                "link": _review_link(review_id, f"{region_id}-{slug}"),
            }
        )
    return actions


def action_mails(*, today: datetime.date) -> list[ActionMail]:
    """Every action mail that applies today, whether or not it was queued already (3 queries)."""
    steps = []
    for action in _open_actions(today):
        step = milestone(today=today, due=action["due"], offsets=DUE_OFFSETS)
        if step is not None:
            steps.append((action, step))
    if not steps:
        return []
    leads: dict[int, set[int]] = {}
    for region_id, user_id in RegionRole.objects.filter(
        region_id__in={a["region_id"] for a, _s in steps}, role__in=LEADS, user__is_active=True
    ).values_list("region_id", "user_id"):
        leads.setdefault(region_id, set()).add(user_id)
    mails = []
    for action, (overdue, offset) in steps:
        week = -offset // OVERDUE_INTERVAL_DAYS + 1 if overdue else 0
        due = action["due"].isoformat()
        context = (
            ("kind", action["kind"]),
            ("action", action["text"]),
            ("owner", action["owner"]),
            ("due", due),
            ("region_name", action["region_name"]),
            ("week", week),
            ("link", site_link(action["link"])),
        )
        for user_id in sorted(leads.get(action["region_id"], ())):
            if overdue:
                key = f"action-overdue:{action['kind']}:{action['id']}:{due}:week={week}:user={user_id}"
            else:
                key = f"action-due:{action['kind']}:{action['id']}:{due}:user={user_id}"
            mails.append(ActionMail(key, overdue, week, action["kind"], action["id"], action["due"], user_id, context))
    # Sorted so that concurrent sweeps insert in the same order and wait for each other, never deadlock.
    return sorted(mails)


def action_sweep(*, today: datetime.date | None = None) -> int:
    """Queue today's action mails; returns how many were new. Safe to run twice and concurrently."""
    from toptechniek.accounts.models import User

    today = today or timezone.localdate()
    mails = action_mails(today=today)
    queued = 0
    with transaction.atomic():
        users = User.objects.in_bulk({m.recipient_id for m in mails})
        for item in mails:
            if notification_queue(
                key=item.key,
                kind="action_overdue" if item.overdue else "action_due",
                recipient=users.get(item.recipient_id),
                context=dict(item.context),
            ):
                queued += 1
    logger.info("action sweep today=%s candidates=%d queued=%d", today, len(mails), queued)
    return queued

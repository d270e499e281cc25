"""Mails of the audits flow, queued through the notification outbox (one per key, sent by the worker).

Call these inside the transaction of the change that causes them; the send happens after commit.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from regions.models import RegionRole
from toptechniek.common.notifications import notification_queue, site_link

from .models import AuditVisit

LEADS = (RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER)


def visit_planned_queue(*, visit: AuditVisit) -> int:
    """Tell the region's project leaders and penvoerders and the committee that the visit is planned.

    The key holds the date: a visit moved to another date mails again, the same date never twice.
    Returns the number of mails queued.
    """
    User = get_user_model()
    committee = list(visit.committee.all())
    recipients = User.objects.filter(
        Q(region_roles__region_id=visit.region_id, region_roles__role__in=LEADS) | Q(pk__in=[m.pk for m in committee]),
        is_active=True,
    ).distinct()
    context = {
        "region_name": visit.region.name,
        "year": visit.programme_year.year,
        "date": visit.date.isoformat(),
        "place": visit.place,
        "committee": ", ".join(m.full_name or m.email for m in committee),
        "link": site_link(visit.get_absolute_url()),
    }
    queued = 0
    for user in recipients.order_by("pk"):
        if notification_queue(
            key=f"visit-planned:{visit.pk}:{visit.date.isoformat()}:user={user.pk}",
            kind="visit_planned",
            recipient=user,
            template="mail/visit_planned",
            context=context,
        ):
            queued += 1
    return queued

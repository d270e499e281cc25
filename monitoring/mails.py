"""Mails of the monitor-report workflow, queued through the outbox (toptechniek/common/notifications.py).

Every transition queues the mail of its hand-over inside its own transaction, one per person and
transition (key ``report-<what>:<transition id>:user=<pk>``), never to the person who acted:

- submitted for endorsement → the region's penvoerders: please endorse (essential);
- sent back by the penvoerder, returned or reopened by the office → the region's project leaders, with
  the comment: please revise (essential);
- submitted to the office (straight, or by endorsement) → the programme office: please review; after an
  endorsement also the project leaders (it is with the office now); and the mails the higher apps add
  through ``REPORT_SUBMITTED_MAILS`` (audits: the assessors' "scoring is open");
- accepted → the region's project leaders and penvoerders.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import RegionRole
from toptechniek.accounts.models import User
from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

from .models import MonitorReport, ReportTransition

Status = MonitorReport.Status
OFFICE, PL, PV = "programme_office", RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER

# Filled by higher apps in their AppConfig.ready(): called with the report, inside the transaction that
# made it submitted (audits: tell the region's assessors that their scoring is open).
REPORT_SUBMITTED_MAILS: list[Callable[[MonitorReport], int]] = []

kind_register(
    MailKind(
        code="report_awaiting_endorsement",
        label=_("A monitor report waits for your endorsement"),
        template="mail/report_awaiting_endorsement",
        essential=True,
        audience=frozenset({PV}),
        order=10,
    ),
    MailKind(
        code="report_returned",
        label=_("Your monitor report is returned with a comment"),
        template="mail/report_returned",
        essential=True,
        audience=frozenset({PL}),
        order=11,
    ),
    MailKind(
        code="report_submitted",
        label=_("A monitor report is in for review"),
        template="mail/report_submitted",
        audience=frozenset({OFFICE}),
        order=12,
    ),
    MailKind(
        code="report_endorsed",
        label=_("Your monitor report is endorsed and with the programme office"),
        template="mail/report_endorsed",
        audience=frozenset({PL}),
        order=13,
    ),
    MailKind(
        code="report_accepted",
        label=_("A monitor report is accepted"),
        template="mail/report_accepted",
        audience=frozenset({PL, PV}),
        order=14,
    ),
)


def _people(region_id: int, *roles: str):
    return User.objects.filter(
        region_roles__region_id=region_id, region_roles__role__in=roles, is_active=True
    ).distinct()


def _office():
    return User.objects.filter(global_role=User.GlobalRole.PROGRAMME_OFFICE, is_active=True)


def report_link(report: MonitorReport) -> str:
    return site_link(report.get_absolute_url())


def report_mails_queue(*, step: ReportTransition, report: MonitorReport) -> int:
    """Queue the mails of one transition (call it in the transition's transaction); how many were written."""
    year = report.programme_year
    actor = step.actor
    base = {
        "region_name": report.region.name,
        "year": year.year,
        "who": (actor.full_name or actor.email) if actor else "",
        "comment": step.comment,
        "link": report_link(report),
    }
    key = f"{step.pk}"
    queued = 0
    if step.to_status == Status.AWAITING_ENDORSEMENT:
        queued += notify(
            kind="report_awaiting_endorsement",
            recipients=_people(report.region_id, PV),
            key=f"report-awaiting-endorsement:{key}",
            context={**base, "due": year.report_due_date},
            exclude=[actor] if actor else (),
        )
    elif step.to_status in (Status.RETURNED, Status.DRAFT):
        due = year.report_due_date
        open_ = due >= timezone.localdate()
        queued += notify(
            kind="report_returned",
            recipients=_people(report.region_id, PL),
            key=f"report-returned:{key}",
            context={
                **base,
                "by_office": step.to_status == Status.RETURNED,
                "reopened": step.from_status == Status.ACCEPTED,
                "due": due if open_ else None,
                "due_passed": None if open_ else due,
            },
            exclude=[actor] if actor else (),
        )
    elif step.to_status == Status.SUBMITTED:
        endorsed = step.from_status == Status.AWAITING_ENDORSEMENT
        queued += notify(
            kind="report_submitted",
            recipients=_office(),
            key=f"report-submitted:{key}",
            context={
                **base,
                "endorser": base["who"] if endorsed else "",
                "late": report.is_late,
                "report_due": year.report_due_date,
            },
            exclude=[actor] if actor else (),
        )
        if endorsed:
            queued += notify(
                kind="report_endorsed",
                recipients=_people(report.region_id, PL),
                key=f"report-endorsed:{key}",
                context=base,
                exclude=[actor] if actor else (),
            )
        for queue in REPORT_SUBMITTED_MAILS:
            queued += queue(report)
    elif step.to_status == Status.ACCEPTED:
        queued += notify(
            kind="report_accepted",
            recipients=_people(report.region_id, PL, PV),
            key=f"report-accepted:{key}",
            context=base,
            exclude=[actor] if actor else (),
        )
    return queued


# --- Contributions (bijdragen) ----------------------------------------------------------------

kind_register(
    MailKind(
        code="contribution_assigned",
        label=_("A part of a monitor report is assigned to you to write"),
        template="mail/contribution_assigned",
        essential=True,
        audience=frozenset({RegionRole.Role.PARTNER, RegionRole.Role.SUBPROJECT_LEADER, PV}),
        order=15,
    ),
    MailKind(
        code="contribution_delivered",
        label=_("A contribution to your monitor report is delivered"),
        template="mail/contribution_delivered",
        audience=frozenset({PL}),
        order=16,
    ),
)


def contribution_mail_queue(*, contribution, event: str, actor: User) -> int:
    """Queue the one mail of a contribution's hand-over, in its transaction: assigned (or reopened) → the
    writer; delivered → the region's project leaders. Key ``contribution-<event>:<pk>:<n>`` where n counts
    the hand-overs, so each new assignment or delivery is a new mail and a retry is not."""
    report = contribution.report
    context = {
        "region_name": report.region.name,
        "year": report.programme_year.year,
        "section": contribution.section_label,
        "who": actor.full_name or actor.email,
        "note": contribution.note,
        "due": contribution.due_date,
        "link": site_link(reverse("monitoring:report_edit", args=[report.region, report.programme_year.year])),
    }
    stamp = (contribution.delivered_at if event == "delivered" else contribution.assigned_at).isoformat()
    if event == "assigned":
        recipients = [contribution.assignee]
    else:
        recipients = _people(report.region_id, PL)
    return notify(
        kind=f"contribution_{event}",
        recipients=recipients,
        key=f"contribution-{event}:{contribution.pk}:{stamp}",
        context=context,
        exclude=[actor],
    )


# --- Figures the programme office proposes (an import of many regions' figures) ----------------------------------

kind_register(
    MailKind(
        code="figures_proposed",
        label=_("The programme office proposes figures for your monitor report"),
        template="mail/figures_proposed",
        audience=frozenset({PL}),
        order=17,
    ),
)


def proposals_mail_queue(*, report: MonitorReport, count: int, source: str, actor: User, stamp: str) -> int:
    """One mail per import to the region's project leaders: the office proposes `count` figures, to take over or
    set aside in the editor. Key ``figures-proposed:<report>:<stamp>``: each import is a new mail, a retry not."""
    return notify(
        kind="figures_proposed",
        recipients=_people(report.region_id, PL),
        key=f"figures-proposed:{report.pk}:{stamp}",
        context={
            "region_name": report.region.name,
            "year": report.programme_year.year,
            "count": count,
            "source": source,
            "who": actor.full_name or actor.email,
            "due": report.programme_year.report_due_date,
            "link": site_link(
                reverse("monitoring:report_edit", args=[report.region, report.programme_year.year]) + "#proposals"
            ),
        },
        exclude=[actor],
    )

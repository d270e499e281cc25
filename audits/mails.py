"""Mails of the audits flow, queued through the outbox (toptechniek/common/notifications.py).

Call the ``*_queue`` functions inside the transaction of the change that causes them; the send happens
after commit, once per key:

- scoring is open (essential) → each assessor of the region and year, when the region's report is submitted
  (hooked into monitoring.mails.REPORT_SUBMITTED_MAILS): key per region, year and person, so a report
  returned and submitted again does not open it twice;
- all scorings are in → the programme office: calibrate (key per placemat and version);
- placemat published → the region's project leaders and penvoerders, by the publish service, once per
  publication (key per placemat and version) — never by a PDF render;
- audit visit planned or moved → the region's project leaders and penvoerders and the committee (key per
  visit, date and place: a new date or place mails again, the same never twice);
- reminders of the monitor report and the scoring (audits/services/reminders.py): their kinds and their
  send-time check are registered here.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monitoring import mails as monitoring_mails
from monitoring.models import MonitorReport
from regions.models import RegionRole
from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

from .models import Assignment, AuditVisit, Placemat, Scoring

OFFICE, CF = "programme_office", RegionRole.Role.CRITICAL_FRIEND
PL, PV = RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER
LEADS = (PL, PV)


def _reminder_prepare(notification):
    from .services.reminders import reminder_prepare

    return reminder_prepare(notification)


def _reminder_after_send(notification):
    from .services.reminders import reminder_after_send

    reminder_after_send(notification)


kind_register(
    MailKind(
        code="scoring_open",
        label=_("Your placemat scoring can start"),
        template="mail/scoring_open",
        essential=True,
        audience=frozenset({CF}),
        order=20,
    ),
    MailKind(
        code="scoring_complete",
        label=_("All scorings of a placemat are in: ready for calibration"),
        template="mail/scoring_complete",
        audience=frozenset({OFFICE}),
        order=21,
    ),
    MailKind(
        code="placemat_published",
        label=_("Your region's placemat is published"),
        template="mail/placemat_published",
        audience=frozenset({PL, PV}),
        order=22,
    ),
    MailKind(
        code="visit_planned",
        label=_("An audit visit is planned or moved"),
        template="mail/visit_planned",
        audience=frozenset({PL, PV, CF}),
        order=30,
    ),
    MailKind(
        code="report_reminder",
        label=_("Reminders: the monitor report is due or overdue"),
        template="mail/reminder",
        audience=frozenset({PL}),
        order=80,
        prepare=_reminder_prepare,
        after_send=_reminder_after_send,
    ),
    MailKind(
        code="scoring_reminder",
        label=_("Reminders: your placemat scoring is due or overdue"),
        template="mail/reminder",
        audience=frozenset({CF}),
        order=81,
        prepare=_reminder_prepare,
        after_send=_reminder_after_send,
    ),
)


def _users():
    return get_user_model().objects.filter(is_active=True)


def _leads(region_id: int):
    return _users().filter(region_roles__region_id=region_id, region_roles__role__in=LEADS).distinct()


def _office():
    User = get_user_model()
    return _users().filter(global_role=User.GlobalRole.PROGRAMME_OFFICE)


# --- Scoring ------------------------------------------------------------------------------------


def scoring_open_queue(report: MonitorReport) -> int:
    """The region's report is in: tell each of its assessors of that year that their scoring can start."""
    assignments = list(
        Assignment.objects.filter(
            region_id=report.region_id, programme_year_id=report.programme_year_id, role=Assignment.Role.ASSESSOR
        ).select_related("user")
    )
    if not assignments:
        return 0
    scoring_of = {a.user_id: a.pk for a in assignments}
    year = report.programme_year
    return notify(
        kind="scoring_open",
        recipients=[a.user for a in assignments],
        key=f"scoring-open:region={report.region_id}:year={year.year}",
        context=lambda user: {
            "region_name": report.region.name,
            "year": year.year,
            "due": year.scoring_due_date,
            "link": site_link(reverse("audits:scoring", kwargs={"pk": scoring_of[user.pk]})),
        },
    )


if scoring_open_queue not in monitoring_mails.REPORT_SUBMITTED_MAILS:
    monitoring_mails.REPORT_SUBMITTED_MAILS.append(scoring_open_queue)


def scoring_complete_queue(*, placemat: Placemat) -> int:
    """When every live assessor of the placemat's region and year has submitted: tell the office to calibrate.

    Locks the placemat, so two assessors submitting at the same moment cannot both miss the other's scoring."""
    placemat = Placemat.objects.select_for_update().select_related("region", "programme_year").get(pk=placemat.pk)
    if placemat.status == Placemat.Status.PUBLISHED:
        return 0
    assessors = set(
        Assignment.objects.filter(
            region_id=placemat.region_id, programme_year_id=placemat.programme_year_id, role=Assignment.Role.ASSESSOR
        ).values_list("pk", flat=True)
    )
    submitted = set(
        Scoring.objects.filter(
            placemat=placemat, status=Scoring.Status.SUBMITTED, assignment_id__in=assessors
        ).values_list("assignment_id", flat=True)
    )
    if not assessors or submitted != assessors:
        return 0
    link = reverse("audits:calibration", kwargs={"slug": placemat.region, "year": placemat.programme_year.year})
    return notify(
        kind="scoring_complete",
        recipients=_office(),
        key=f"scoring-complete:{placemat.pk}:v{placemat.version}",
        context={
            "region_name": placemat.region.name,
            "year": placemat.programme_year.year,
            "count": len(submitted),
            "link": site_link(link),
        },
    )


def placemat_published_queue(*, placemat: Placemat) -> int:
    """The office published the placemat: tell the region's project leaders and penvoerders, once per version."""
    return notify(
        kind="placemat_published",
        recipients=_leads(placemat.region_id),
        key=f"placemat-published:{placemat.pk}:v{placemat.version}",
        context={
            "region_name": placemat.region.name,
            "year": placemat.programme_year.year,
            "version": placemat.version,
            "link": site_link(placemat.get_absolute_url()),
        },
    )


# --- Audit visits -------------------------------------------------------------------------------


def _place_key(place: str) -> str:
    return hashlib.sha256(" ".join(place.split()).casefold().encode()).hexdigest()[:10]


def visit_planned_queue(*, visit: AuditVisit, moved: bool = False) -> int:
    """Tell the region's project leaders and penvoerders and the committee that the visit is planned (or
    moved: `moved`). The key holds the date and the place: a new date or place mails again, the same never
    twice; a new committee member is told too. Returns the number of mails queued."""
    committee = list(visit.committee.all())
    members = {m.pk for m in committee}
    recipients = (
        _users()
        .filter(Q(region_roles__region_id=visit.region_id, region_roles__role__in=LEADS) | Q(pk__in=members))
        .distinct()
    )
    base = {
        "region_name": visit.region.name,
        "year": visit.programme_year.year,
        "date": visit.date,
        "place": visit.place,
        "committee": ", ".join(m.full_name or m.email for m in committee),
        "moved": moved,
        "link": site_link(visit.get_absolute_url()),
    }
    return notify(
        kind="visit_planned",
        recipients=recipients,
        key=f"visit-planned:{visit.pk}:{visit.date.isoformat()}:{_place_key(visit.place)}",
        context=lambda user: {**base, "on_committee": user.pk in members},
    )


# --- Advice (klankbord en vraagbaak) ---------------------------------------------------------------

kind_register(
    MailKind(
        code="advice_asked",
        label=_("A region asks you, its advisor, a question"),
        template="mail/advice_asked",
        essential=True,
        audience=frozenset({CF}),
        order=25,
    ),
    MailKind(
        code="advice_planned",
        label=_("Your advisor plans an advice conversation"),
        template="mail/advice_planned",
        audience=frozenset(LEADS),
        order=26,
    ),
    MailKind(
        code="advice_given",
        label=_("Your advisor answered a question or recorded an advice conversation"),
        template="mail/advice_given",
        audience=frozenset(LEADS),
        order=27,
    ),
)


def _region_leads(region):
    User = get_user_model()
    return User.objects.filter(region_roles__region=region, region_roles__role__in=LEADS, is_active=True).distinct()


def advice_asked_queue(*, question) -> int:
    User = get_user_model()
    advisors = User.objects.filter(
        assignments__region_id=question.region_id,
        assignments__programme_year_id=question.programme_year_id,
        assignments__role=Assignment.Role.ADVISOR,
        assignments__removed_at__isnull=True,
    ).distinct()
    return notify(
        kind="advice_asked",
        recipients=advisors,
        key=f"advice-asked:{question.pk}",
        context={
            "region_name": question.region.name,
            "asker": question.asked_by.full_name if question.asked_by else "",
            "question": question.question,
            "link": site_link(question.get_absolute_url()),
        },
        exclude=[question.asked_by_id],
    )


def advice_planned_queue(*, conversation) -> int:
    recipients = list(_region_leads(conversation.region))
    if conversation.question_id and conversation.question.asked_by:
        recipients.append(conversation.question.asked_by)
    return notify(
        kind="advice_planned",
        recipients=recipients,
        key=f"advice-planned:{conversation.pk}",
        context={
            "region_name": conversation.region.name,
            "advisor": conversation.advisor.full_name,
            "date": conversation.date.isoformat(),
            "place": conversation.place,
            "link": site_link(conversation.get_absolute_url()),
        },
        exclude=[conversation.advisor_id],
    )


def advice_given_queue(*, region, key: str, actor, extra: list, context: dict) -> int:
    recipients = [*_region_leads(region), *[p for p in extra if p is not None]]
    return notify(
        kind="advice_given",
        recipients=recipients,
        key=key,
        context={
            "region_name": region.name,
            "advisor": actor.full_name,
            "link": site_link(reverse("audits:advice", args=[region])),
            **context,
        },
        exclude=[actor.pk],
    )

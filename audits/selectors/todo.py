"""What waits in the audits app (Mijn taken): scorings, visits, calibration, publication, assignments, grants,
follow-up actions. Every part reads a fixed number of rows-sets, whatever the number of regions and tasks."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring.models import MonitorReport
from monitoring.selectors import SETTLED_STATUSES
from regions.models import ProgrammeYear, Region, RegionRole
from regions.selectors import LIVE_AFTER_DUE, programme_years_live
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles
from toptechniek.common.todo import Todo

from ..models import Assignment, AuditVisit, FollowUpAction, Placemat, Scoring

ACTION_HORIZON = datetime.timedelta(days=30)  # a follow-up action shows from a month before its due date
VISIT_HORIZON = datetime.timedelta(days=60)  # a planned visit shows from two months before its date


def _assessor_todos(*, user: User, years: list[ProgrammeYear]) -> list[Todo]:
    """Scorings the critical friend can work on: the region's report is in, their scoring is not (3 queries)."""
    assignments = list(
        Assignment.objects.filter(user=user, role=Assignment.Role.ASSESSOR, programme_year__in=years)
        .select_related("region", "programme_year")
        .order_by("region__name")
    )
    if not assignments:
        return []
    settled = set(
        MonitorReport.objects.filter(
            region_id__in={a.region_id for a in assignments},
            programme_year__in=years,
            status__in=SETTLED_STATUSES,
        ).values_list("region_id", "programme_year_id")
    )
    scorings = dict(Scoring.objects.filter(assignment__in=assignments).values_list("assignment_id", "status"))
    todos = []
    for assignment in assignments:
        status = scorings.get(assignment.pk)
        if (assignment.region_id, assignment.programme_year_id) not in settled or status == Scoring.Status.SUBMITTED:
            continue
        todos.append(
            Todo(
                kind="scoring",
                what=_("Score the placemat %(year)s") % {"year": assignment.programme_year.year},
                subject=assignment.region.name,
                programme_id=assignment.region.programme_id,
                url=reverse("audits:scoring", args=[assignment.pk]),
                due=assignment.programme_year.scoring_due_date,
                state=_("draft") if status == Scoring.Status.DRAFT else _("not started"),
                role=_("critical friend"),
            )
        )
    return todos


def _committee_todos(*, user: User, today: datetime.date) -> list[Todo]:
    """Visits the person prepares (planned, in the coming two months) or reports on (held) (1 query)."""
    todos = []
    for visit in (
        AuditVisit.objects.filter(committee=user, programme_year__programme__closed_at__isnull=True)
        .filter(
            Q(status=AuditVisit.Status.PLANNED, date__gte=today - ACTION_HORIZON, date__lte=today + VISIT_HORIZON)
            | Q(status=AuditVisit.Status.HELD)
        )
        .select_related("region", "programme_year")
        .order_by("date")
    ):
        year = visit.programme_year.year
        if visit.status == AuditVisit.Status.PLANNED:
            what, url = (
                _("Prepare the audit visit %(year)s"),
                reverse("audits:visit_detail", args=[visit.region, year]),
            )
            state = visit.place
        else:
            what = _("Write the report of the audit visit %(year)s")
            url = reverse("audits:visit_report_edit", args=[visit.region, year])
            state = _("held")
        todos.append(
            Todo(
                kind="visit_prepare" if visit.status == AuditVisit.Status.PLANNED else "visit_report",
                what=what % {"year": year},
                subject=visit.region.name,
                programme_id=visit.region.programme_id,
                url=url,
                due=visit.date if visit.status == AuditVisit.Status.PLANNED else None,
                state=state,
                role=_("audit committee"),
            )
        )
    return todos


def _lead_action_todos(*, user: User, today: datetime.date) -> list[Todo]:
    """Open follow-up actions of the project leader's or penvoerder's regions, due within a month (1 query)."""
    lead_regions = [
        rid
        for rid, held in region_roles(user).items()
        if held & {RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER}
    ]
    if not lead_regions:
        return []
    return [
        Todo(
            kind="action",
            what=_("Follow-up action: %(description)s") % {"description": action.description},
            subject=action.visit.region.name,
            programme_id=action.visit.region.programme_id,
            url=reverse("audits:visit_detail", args=[action.visit.region, action.visit.programme_year.year])
            + "#actions",
            due=action.due_date,
            note=_("Owner: %(owner)s") % {"owner": action.owner},
            role=_("project leader"),
        )
        for action in FollowUpAction.objects.filter(
            visit__region_id__in=lead_regions,
            visit__status=AuditVisit.Status.REPORTED,
            visit__programme_year__programme__closed_at__isnull=True,  # a closed programme is history
            done=False,
            due_date__lte=today + ACTION_HORIZON,
            due_date__gte=today - LIVE_AFTER_DUE,  # an action open for more than a year is history
        )
        .select_related("visit__region", "visit__programme_year")
        .order_by("due_date", "pk")
    ]


def _office_todos(*, years: list[ProgrammeYear], today: datetime.date) -> list[Todo]:
    """Calibration, publication and missing assessors, per live year (4 queries)."""
    office = _("programme office")
    by_pk = {py.pk: py for py in years}
    todos = []
    # Scoring progress per region and year; a region whose assessors all submitted is ready for calibration.
    progress = list(
        Assignment.objects.filter(programme_year__in=years, role=Assignment.Role.ASSESSOR)
        .values("region_id", "region__name", "region__slug", "programme_year_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(scoring__status=Scoring.Status.SUBMITTED)))
        .order_by("region__name")
    )
    placemats = {
        (p.region_id, p.programme_year_id): p
        for p in Placemat.objects.filter(programme_year__in=years).annotate(
            filled=Count("consolidated", filter=Q(consolidated__score__isnull=False))
        )
    }
    themes = dict(
        ProgrammeYear.objects.filter(pk__in=by_pk)
        .annotate(themes=Count("programme__placemat_themes"))
        .values_list("pk", "themes")
    )
    for row in progress:
        if row["done"] < row["total"]:
            continue
        placemat = placemats.get((row["region_id"], row["programme_year_id"]))
        if placemat is None or placemat.status == Placemat.Status.PUBLISHED:
            continue
        py = by_pk[row["programme_year_id"]]
        calibrated = placemat.filled >= themes.get(py.pk, 0) > 0
        todos.append(
            Todo(
                kind="placemat_publish" if calibrated else "placemat_calibrate",
                what=(_("Publish the placemat %(year)s") if calibrated else _("Calibrate the placemat %(year)s"))
                % {"year": py.year},
                subject=row["region__name"],
                programme_id=py.programme_id,
                url=reverse("audits:calibration", args=[f"{row['region_id']}-{row['region__slug']}", py.year]),
                due=py.scoring_due_date,
                state=_("calibrated") if calibrated else _("all scorings in, ready for calibration"),
                role=office,
            )
        )
    # Regions taking part in a live year without an assessor.
    covered = defaultdict(set)
    for row in progress:
        covered[row["programme_year_id"]].add(row["region_id"])
    regions = list(
        Region.objects.filter(programme_id__in={py.programme_id for py in years})
        .exclude(status=Region.Status.STOPPED)
        .values_list("pk", "programme_id", "join_year")
    )
    for py in years:
        missing = [
            pk
            for pk, programme_id, join_year in regions
            if programme_id == py.programme_id and join_year <= py.year and pk not in covered[py.pk]
        ]
        if missing:
            todos.append(
                Todo(
                    kind="assignments_missing",
                    what=ngettext(
                        "Assign critical friends: %(count)d region without an assessor",
                        "Assign critical friends: %(count)d regions without an assessor",
                        len(missing),
                    )
                    % {"count": len(missing)},
                    subject=str(py),
                    programme_id=py.programme_id,
                    url=reverse("audits:assignments", args=[py.programme.slug, py.year]),
                    due=py.scoring_due_date,
                    role=office,
                )
            )

    # The per-year counts (grants to compute and to decide, overdue actions) read the dashboard's facts
    # (dashboard.selectors.todos_for_user).
    return todos


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    years = list(programme_years_live(today=today).select_related("programme"))
    todos = _lead_action_todos(user=user, today=today)
    if not years:
        return todos
    todos += _assessor_todos(user=user, years=years) + _committee_todos(user=user, today=today)
    if user.is_programme_office:
        todos += _office_todos(years=years, today=today)
    return todos

"""Audit visits: the office plans a visit, the committee holds it and writes the report, the region reads it.

planned → held → reported. Services raise ValidationError and change nothing on refusal; the reads are in
audits.selectors.visits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Organisation, PlacematTheme, ProgrammeYear, Region, SuccessCondition
from toptechniek.accounts.models import User
from toptechniek.common.facts import facts_refresh

from ..models import (
    Assignment,
    AuditVisit,
    FollowUpAction,
    VisitAttendee,
    VisitConditionRating,
    VisitFinding,
)

O_KINDS = {choice.value for choice in VisitAttendee.OKind}


def _check_committee(*, region: Region, programme_year: ProgrammeYear, committee) -> list[User]:
    members = list(committee)
    assessor_ids = set(
        Assignment.objects.filter(
            region=region, programme_year=programme_year, role=Assignment.Role.ASSESSOR
        ).values_list("user_id", flat=True)
    )
    outsiders = [m for m in members if m.pk not in assessor_ids]
    if outsiders:
        raise ValidationError(
            {
                "committee": _("Only assessors of %(region)s in %(year)s can be on the committee; not: %(names)s.")
                % {
                    "region": region.name,
                    "year": programme_year.year,
                    "names": ", ".join(str(m) for m in outsiders),
                }
            }
        )
    return members


def _set_attendees(visit: AuditVisit, attendees) -> None:
    visit.attendees.all().delete()
    rows = []
    for attendee in attendees or []:
        kind = attendee.get("o_kind") or VisitAttendee.OKind.OVERIG
        if kind not in O_KINDS:
            raise ValidationError({"attendees": _("Unknown O: %(kind)s.") % {"kind": kind}})
        organisation = attendee.get("organisation")
        rows.append(
            VisitAttendee(
                visit=visit,
                name=attendee["name"],
                organisation_name=attendee.get("organisation_name", ""),
                organisation=organisation if isinstance(organisation, Organisation) else None,
                o_kind=kind,
            )
        )
    VisitAttendee.objects.bulk_create(rows)


@transaction.atomic
def visit_plan(
    *,
    region: Region,
    programme_year: ProgrammeYear,
    date: datetime.date,
    place: str,
    committee=(),
    attendees=None,
) -> AuditVisit:
    if programme_year.programme_id != region.programme_id:
        raise ValidationError(_("The region does not take part in this programme."))
    if AuditVisit.objects.filter(region=region, programme_year=programme_year).exists():
        raise ValidationError(
            {
                "region": _("%(region)s already has a visit in %(year)s.")
                % {"region": region.name, "year": programme_year.year}
            }
        )
    members = _check_committee(region=region, programme_year=programme_year, committee=committee)
    visit = AuditVisit.objects.create(region=region, programme_year=programme_year, date=date, place=place)
    visit.committee.set(members)
    _set_attendees(visit, attendees)
    from ..mails import visit_planned_queue

    visit_planned_queue(visit=visit)  # sent after commit, once per person and date
    return visit


@transaction.atomic
def visit_update_plan(
    *, visit: AuditVisit, date: datetime.date, place: str, committee=(), attendees=None
) -> AuditVisit:
    if visit.status == AuditVisit.Status.REPORTED:
        raise ValidationError(_("The visit has been reported; its plan can no longer change."))
    if visit.status == AuditVisit.Status.HELD and date != visit.date:
        raise ValidationError({"date": _("The visit has been held; its date can no longer change.")})
    members = _check_committee(region=visit.region, programme_year=visit.programme_year, committee=committee)
    moved = (visit.date, " ".join(visit.place.split())) != (date, " ".join(place.split()))
    visit.date, visit.place = date, place
    visit.save(update_fields=["date", "place", "updated_at"])
    visit.committee.set(members)
    _set_attendees(visit, attendees)
    if visit.status == AuditVisit.Status.PLANNED:
        from ..mails import visit_planned_queue

        # Keyed by date and place: a new date or place (or a new committee member) is mailed, the same never twice.
        visit_planned_queue(visit=visit, moved=moved)
    return visit


def visit_mark_held(*, visit: AuditVisit, today: datetime.date | None = None) -> AuditVisit:
    today = today or timezone.localdate()
    if visit.status != AuditVisit.Status.PLANNED:
        raise ValidationError(_("Only a planned visit can be marked as held."))
    if visit.date > today:
        raise ValidationError(
            _("The visit is planned for %(date)s; it cannot be held before then.") % {"date": visit.date}
        )
    visit.status = AuditVisit.Status.HELD
    visit.save(update_fields=["status", "updated_at"])
    return visit


@transaction.atomic
def visit_save_report(
    *,
    visit: AuditVisit,
    findings: dict[int, str] | None = None,
    ratings: dict[int, int | None] | None = None,
    advice: str = "",
    judgement: str = "",
) -> AuditVisit:
    """Save the report as it stands; findings keyed by theme id, ratings by condition id. Held visits only."""
    if visit.status != AuditVisit.Status.HELD:
        raise ValidationError(_("The report can only be written once the visit is held and until it is reported."))
    if judgement and judgement not in AuditVisit.Judgement.values:
        raise ValidationError({"judgement": _("Choose a valid judgement.")})
    programme = visit.programme_year.programme
    theme_ids = set(PlacematTheme.objects.filter(programme=programme).values_list("pk", flat=True))
    condition_ids = set(SuccessCondition.objects.filter(programme=programme).values_list("pk", flat=True))
    for theme_id, text in (findings or {}).items():
        if theme_id not in theme_ids:
            raise ValidationError(_("Unknown theme."))
        text = (text or "").strip()
        if text:
            VisitFinding.objects.update_or_create(visit=visit, theme_id=theme_id, defaults={"text": text})
        else:
            VisitFinding.objects.filter(visit=visit, theme_id=theme_id).delete()
    for condition_id, rating in (ratings or {}).items():
        if condition_id not in condition_ids:
            raise ValidationError(_("Unknown success condition."))
        if rating:
            if not 1 <= int(rating) <= 4:
                raise ValidationError(_("A rating is 1 to 4."))
            VisitConditionRating.objects.update_or_create(
                visit=visit, condition_id=condition_id, defaults={"rating": int(rating)}
            )
        else:
            VisitConditionRating.objects.filter(visit=visit, condition_id=condition_id).delete()
    visit.advice, visit.judgement = advice.strip(), judgement
    visit.save(update_fields=["advice", "judgement", "updated_at"])
    return visit


def visit_missing(visit: AuditVisit) -> list[str]:
    """What the report still lacks before it can be reported, in the reader's language."""
    programme = visit.programme_year.programme
    missing = []
    if not visit.judgement:
        missing.append(_("a judgement of progress"))
    if not visit.advice.strip():
        missing.append(_("advice"))
    found = set(visit.findings.values_list("theme_id", flat=True))
    for theme in PlacematTheme.objects.filter(programme=programme).exclude(pk__in=found):
        missing.append(_("findings on %(theme)s") % {"theme": theme})
    rated = set(visit.ratings.values_list("condition_id", flat=True))
    for condition in SuccessCondition.objects.filter(programme=programme).exclude(pk__in=rated):
        missing.append(_("a rating of %(condition)s") % {"condition": condition})
    return missing


@transaction.atomic
def visit_report(*, visit: AuditVisit) -> AuditVisit:
    visit = AuditVisit.objects.select_for_update().select_related("programme_year__programme").get(pk=visit.pk)
    if visit.status != AuditVisit.Status.HELD:
        raise ValidationError(_("Only a held visit can be reported."))
    missing = visit_missing(visit)
    if missing:
        raise ValidationError(_("The report is not complete; missing: %(missing)s.") % {"missing": "; ".join(missing)})
    visit.status, visit.reported_at = AuditVisit.Status.REPORTED, timezone.now()
    visit.save(update_fields=["status", "reported_at", "updated_at"])
    facts_refresh(region_ids=[visit.region_id])  # the judgement and the visit's open actions count from now
    return visit


@transaction.atomic
def action_add(*, visit: AuditVisit, description: str, owner: str, due_date: datetime.date) -> FollowUpAction:
    if visit.status == AuditVisit.Status.PLANNED:
        raise ValidationError(_("Follow-up actions are added once the visit is held."))
    if not description.strip() or not owner.strip():
        raise ValidationError(_("A follow-up action needs a description and an owner."))
    action = FollowUpAction.objects.create(
        visit=visit, description=description.strip(), owner=owner.strip(), due_date=due_date
    )
    facts_refresh(region_ids=[visit.region_id])
    return action


@transaction.atomic
def action_toggle_done(*, action: FollowUpAction) -> FollowUpAction:
    action.done = not action.done
    action.done_at = timezone.now() if action.done else None
    action.save(update_fields=["done", "done_at"])
    facts_refresh(region_ids=[action.visit.region_id])
    return action

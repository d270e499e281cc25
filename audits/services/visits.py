"""Audit visits: the office plans a visit, the committee holds it and writes the report, the region reads it.

planned → held → reported. Services raise ValidationError and change nothing on refusal; the reads are in
audits.selectors.visits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import Organisation, PlacematTheme, ProgrammeYear, Region, SuccessCondition
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
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

# --- The audit log ---------------------------------------------------------------------------
# These services take no acting user: the log names the signed-in user of the request in progress.
MESSAGES = {
    "visit_plan": gettext_noop("%(region)s: audit visit %(year)s planned on %(date)s"),
    "visit_update_plan": gettext_noop("%(region)s: plan of audit visit %(year)s changed"),
    "visit_mark_held": gettext_noop("%(region)s: audit visit %(year)s marked as held"),
    "visit_save_report": gettext_noop("%(region)s: report of audit visit %(year)s saved"),
    "visit_report": gettext_noop("%(region)s: report of audit visit %(year)s sent to the region"),
    "action_add": gettext_noop("%(region)s: follow-up action “%(action)s” added to audit visit %(year)s"),
}
ACTION_DONE_MESSAGES = {
    True: gettext_noop("%(region)s: follow-up action “%(action)s” of audit visit %(year)s marked as done"),
    False: gettext_noop("%(region)s: follow-up action “%(action)s” of audit visit %(year)s marked as not done"),
}
# The plan's and the report's fields as the forms label them (the findings and ratings are named by their
# theme and success condition).
PLAN_LABELS = {
    "date": gettext_noop("Date"),
    "place": gettext_noop("Place"),
    "committee": gettext_noop("Committee"),
    "attendees": gettext_noop("Attendees"),
}
ADVICE_LABEL, JUDGEMENT_LABEL = gettext_noop("Advice"), gettext_noop("Judgement of progress")
SUCCESS_FACTORS_LABEL = gettext_noop("Success factors")
PRACTICES_LABEL = gettext_noop("Good practices to share nationally")


def _audit(visit: AuditVisit, *, code: str, message: str | None = None, fields=(), **params) -> None:
    """Log a change of the visit in the caller's transaction ("Twente: audit visit 2015 marked as held");
    `code` is the service's name (the parameter `action` is a follow-up action's description)."""
    region, year = visit.region.name, visit.programme_year.year
    audit_change(
        action=f"audits.{code}",
        message=message or MESSAGES[code],
        params={"region": region, "year": year, **params},
        object_label=f"{region} {year}",
        fields=fields,
    )


def _attendee_rows(visit: AuditVisit) -> list[tuple]:
    return list(visit.attendees.order_by("pk").values_list("name", "organisation_name", "o_kind", "organisation_id"))


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
    _audit(visit, code="visit_plan", date=date.isoformat(), place=place)
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
    before = {
        "date": visit.date,
        "place": visit.place,
        "committee": set(visit.committee.values_list("pk", flat=True)),
        "attendees": _attendee_rows(visit),
    }
    visit.date, visit.place = date, place
    visit.save(update_fields=["date", "place", "updated_at"])
    visit.committee.set(members)
    _set_attendees(visit, attendees)
    after = {"date": date, "place": place, "committee": {m.pk for m in members}, "attendees": _attendee_rows(visit)}
    changed = [label for name, label in PLAN_LABELS.items() if before[name] != after[name]]
    if changed:  # saving the same plan again is no change
        _audit(visit, code="visit_update_plan", fields=changed, date=date.isoformat(), place=place)
    if visit.status == AuditVisit.Status.PLANNED:
        from ..mails import visit_planned_queue

        # Keyed by date and place: a new date or place (or a new committee member) is mailed, the same never twice.
        visit_planned_queue(visit=visit, moved=moved)
    return visit


@transaction.atomic
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
    _audit(visit, code="visit_mark_held", date=visit.date.isoformat())
    return visit


@transaction.atomic
def visit_save_report(
    *,
    visit: AuditVisit,
    findings: dict[int, str] | None = None,
    ratings: dict[int, int | None] | None = None,
    advice: str = "",
    judgement: str = "",
    success_factors: str | None = None,
    practices_to_share: str | None = None,
) -> AuditVisit:
    """Save the report as it stands; findings keyed by theme id, ratings by condition id. Held visits only.

    `success_factors` and `practices_to_share` (succesfactoren, good practices to share nationally) are optional
    parts of the report: None leaves them as they are."""
    if visit.status != AuditVisit.Status.HELD:
        raise ValidationError(_("The report can only be written once the visit is held and until it is reported."))
    if judgement and judgement not in AuditVisit.Judgement.values:
        raise ValidationError({"judgement": _("Choose a valid judgement.")})
    programme = visit.programme_year.programme
    theme_names = {t.pk: str(t) for t in PlacematTheme.objects.filter(programme=programme).only("number", "name")}
    condition_names = {
        c.pk: str(c) for c in SuccessCondition.objects.filter(programme=programme).only("number", "name")
    }
    old_findings = dict(visit.findings.values_list("theme_id", "text"))
    old_ratings = dict(visit.ratings.values_list("condition_id", "rating"))
    changed = []  # the themes, success conditions and texts whose content changed
    for theme_id, text in (findings or {}).items():
        if theme_id not in theme_names:
            raise ValidationError(_("Unknown theme."))
        text = (text or "").strip()
        if text != old_findings.get(theme_id, ""):
            changed.append(theme_names[theme_id])
        if text:
            VisitFinding.objects.update_or_create(visit=visit, theme_id=theme_id, defaults={"text": text})
        else:
            VisitFinding.objects.filter(visit=visit, theme_id=theme_id).delete()
    for condition_id, rating in (ratings or {}).items():
        if condition_id not in condition_names:
            raise ValidationError(_("Unknown success condition."))
        if (int(rating) if rating else None) != old_ratings.get(condition_id):
            changed.append(condition_names[condition_id])
        if rating:
            if not 1 <= int(rating) <= 4:
                raise ValidationError(_("A rating is 1 to 4."))
            VisitConditionRating.objects.update_or_create(
                visit=visit, condition_id=condition_id, defaults={"rating": int(rating)}
            )
        else:
            VisitConditionRating.objects.filter(visit=visit, condition_id=condition_id).delete()
    if advice.strip() != visit.advice:
        changed.append(ADVICE_LABEL)
    if judgement != visit.judgement:
        changed.append(JUDGEMENT_LABEL)
    visit.advice, visit.judgement = advice.strip(), judgement
    for attr, value, label in (
        ("success_factors", success_factors, SUCCESS_FACTORS_LABEL),
        ("practices_to_share", practices_to_share, PRACTICES_LABEL),
    ):
        if value is not None and value.strip() != getattr(visit, attr):
            changed.append(label)
            setattr(visit, attr, value.strip())
    visit.save(update_fields=["advice", "judgement", "success_factors", "practices_to_share", "updated_at"])
    if changed:  # a save that changed nothing is not logged
        _audit(visit, code="visit_save_report", fields=changed)
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
    _audit(visit, code="visit_report")
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
    _audit(visit, code="action_add", **_action_params(action))
    return action


@transaction.atomic
def action_toggle_done(*, action: FollowUpAction) -> FollowUpAction:
    action.done = not action.done
    action.done_at = timezone.now() if action.done else None
    action.save(update_fields=["done", "done_at"])
    facts_refresh(region_ids=[action.visit.region_id])
    _audit(
        action.visit,
        code="action_toggle_done",
        message=ACTION_DONE_MESSAGES[action.done],
        **_action_params(action),
    )
    return action


def _action_params(action: FollowUpAction) -> dict:
    return {
        "action": Truncator(action.description).chars(100),
        "owner": action.owner,
        "due_date": action.due_date.isoformat(),
    }

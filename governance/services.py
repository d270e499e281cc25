"""Writes of the governance app: plan, update, notes, held, and the grant decision taken in the meeting.

Every function is keyword-only, raises ValidationError and changes nothing on refusal.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audits.models import StimulusGrant
from audits.services.grants import grant_decide, grant_withhold
from regions.models import ProgrammeYear, Region
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change

from .models import GovernanceMeeting


def _audit(meeting: GovernanceMeeting, *, action: str, message: str, actor: User | None, fields=(), **params) -> None:
    """Log a change of the meeting (in the caller's transaction); the grant decision is logged by the grant
    service it calls."""
    region, year = meeting.region.name, meeting.programme_year.year
    audit_change(
        action=f"governance.{action}",
        message=message,
        params={"region": region, "year": year, **params},
        actor=actor,
        object_label=f"{region} {year}",
        fields=fields,
    )


def _changed(meeting: GovernanceMeeting, new: dict) -> list:
    """The verbose names of the meeting's fields whose value differs from `new`."""
    return [
        GovernanceMeeting._meta.get_field(name).verbose_name
        for name, value in new.items()
        if getattr(meeting, name) != value
    ]


@transaction.atomic
def meeting_plan(
    *,
    region: Region,
    programme_year: ProgrammeYear,
    date: datetime.date,
    place: str = "",
    participants: str = "",
    actor: User | None = None,
) -> GovernanceMeeting:
    if programme_year.programme_id != region.programme_id:
        raise ValidationError({"region": _("The region does not take part in this programme.")})
    if date is None:
        raise ValidationError({"date": _("Enter the date of the meeting.")})
    # Lock the region so two offices planning at once do not both pass the check.
    Region.objects.select_for_update().filter(pk=region.pk).first()
    if GovernanceMeeting.objects.filter(region=region, programme_year=programme_year).exists():
        raise ValidationError(
            {
                "region": _("%(region)s already has a governance meeting in %(year)s.")
                % {"region": region.name, "year": programme_year.year}
            }
        )
    meeting = GovernanceMeeting.objects.create(
        region=region,
        programme_year=programme_year,
        date=date,
        place=(place or "").strip(),
        participants=(participants or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    _audit(
        meeting,
        action="meeting_plan",
        message=gettext_noop("%(region)s: governance meeting %(year)s planned on %(date)s"),
        actor=actor,
        date=date.isoformat(),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: GovernanceMeeting,
    date: datetime.date,
    place: str = "",
    participants: str = "",
    actor: User | None = None,
) -> GovernanceMeeting:
    locked = GovernanceMeeting.objects.select_for_update().get(pk=meeting.pk)
    if date is None:
        raise ValidationError({"date": _("Enter the date of the meeting.")})
    if locked.status == GovernanceMeeting.Status.HELD and date != locked.date:
        raise ValidationError({"date": _("The meeting has been held; its date can no longer change.")})
    new = {"date": date, "place": (place or "").strip(), "participants": (participants or "").strip()}
    changed = _changed(locked, new)
    locked.date, locked.place, locked.participants = new["date"], new["place"], new["participants"]
    locked.updated_by = actor
    locked.save(update_fields=["date", "place", "participants", "updated_by", "updated_at"])
    if changed:
        _audit(
            meeting,
            action="meeting_update",
            message=gettext_noop("%(region)s: plan of governance meeting %(year)s changed"),
            actor=actor,
            fields=changed,
        )
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def meeting_save_notes(
    *, meeting: GovernanceMeeting, notes: str, decision_summary: str = "", actor: User | None = None
) -> GovernanceMeeting:
    new = {"notes": (notes or "").strip(), "decision_summary": (decision_summary or "").strip()}
    changed = _changed(meeting, new)
    meeting.notes, meeting.decision_summary = new["notes"], new["decision_summary"]
    meeting.updated_by = actor
    meeting.save(update_fields=["notes", "decision_summary", "updated_by", "updated_at"])
    if changed:
        _audit(
            meeting,
            action="meeting_save_notes",
            message=gettext_noop("%(region)s: notes of governance meeting %(year)s saved"),
            actor=actor,
            fields=changed,
        )
    return meeting


@transaction.atomic
def meeting_mark_held(
    *, meeting: GovernanceMeeting, actor: User | None = None, today: datetime.date | None = None
) -> GovernanceMeeting:
    today = today or timezone.localdate()
    locked = GovernanceMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != GovernanceMeeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as held."))
    if locked.date > today:
        raise ValidationError(
            _("The meeting is planned for %(date)s; it cannot be held before then.") % {"date": locked.date}
        )
    locked.status, locked.held_at, locked.updated_by = GovernanceMeeting.Status.HELD, timezone.now(), actor
    locked.save(update_fields=["status", "held_at", "updated_by", "updated_at"])
    _audit(
        meeting,
        action="meeting_mark_held",
        message=gettext_noop("%(region)s: governance meeting %(year)s marked as held"),
        actor=actor,
    )
    meeting.refresh_from_db()
    return meeting


def meeting_grant(*, meeting: GovernanceMeeting) -> StimulusGrant | None:
    """The stimulus grant (proposal or decision) of the meeting's region and year, if computed."""
    return StimulusGrant.objects.filter(
        region_id=meeting.region_id, programme_year_id=meeting.programme_year_id
    ).first()


def _grant_or_refuse(meeting: GovernanceMeeting) -> StimulusGrant:
    grant = meeting_grant(meeting=meeting)
    if grant is None:
        raise ValidationError(
            _("There is no grant proposal for %(region)s in %(year)s yet; compute the proposals first.")
            % {"region": meeting.region.name, "year": meeting.programme_year.year}
        )
    return grant


def meeting_decide_grant(*, meeting: GovernanceMeeting, amount: Decimal, reason: str, actor: User) -> StimulusGrant:
    """Decide the region's grant in the meeting; the grant service keeps the rule (a deviation needs a reason)."""
    return grant_decide(grant=_grant_or_refuse(meeting), amount=amount, reason=reason, actor=actor)


def meeting_withhold_grant(*, meeting: GovernanceMeeting, reason: str, actor: User) -> StimulusGrant:
    return grant_withhold(grant=_grant_or_refuse(meeting), reason=reason, actor=actor)

"""The peer-review workflow: proposal, readiness check, proposed → preparing → held → reported → closed (+ cancelled).

Services are keyword-only, run in one transaction under a row lock, raise ValidationError with a message for the
reader and change nothing when they refuse; each transition writes a PeerReviewTransition (who, when, why).
The reads are in peerreviews.selectors.reviews.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import ProgrammeYear, Region, RegionRole
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.facts import facts_refresh

from ..audit import changed_labels, review_label, review_params, values_of
from ..models import (
    CANCEL_STATES,
    FOLLOW_UP_STATES,
    PLAN_STATES,
    FeedbackReport,
    LearningQuestion,
    PeerReview,
    PeerReviewTransition,
)

Status = PeerReview.Status

# The audit log's words for each step, by the service that takes it (translated when the log is read).
MESSAGES = {
    "peerreview_propose": gettext_noop("Peer review %(review)s: proposed"),
    "peerreview_create_internal": gettext_noop("Peer review %(review)s: internal peer review created"),
    "peerreview_confirm": gettext_noop("Peer review %(review)s: confirmed, in preparation"),
    "peerreview_mark_held": gettext_noop("Peer review %(review)s: marked as held"),
    "peerreview_report": gettext_noop("Peer review %(review)s: reported"),
    "peerreview_close": gettext_noop("Peer review %(review)s: closed"),
    "peerreview_cancel": gettext_noop("Peer review %(review)s: cancelled"),
}
PLAN_FIELDS = ("date", "place", "motivation")
READINESS_FIELDS = (
    "host_ready_stable",
    "host_ready_learning",
    "host_ready_full_peer",
    "peer_ready_stable",
    "peer_ready_learning",
    "peer_ready_full_peer",
    "readiness_notes",
)


def _pair_reviews(*, region_ids, year: int) -> QuerySet[PeerReview]:
    """Not-cancelled external reviews in `year` between any two of `region_ids` (in either direction)."""
    return PeerReview.objects.filter(
        kind=PeerReview.Kind.EXTERNAL,
        programme_year__year=year,
        host_region_id__in=region_ids,
        peer_region_id__in=region_ids,
    ).exclude(status=Status.CANCELLED)


def _record(review: PeerReview, *, action: str, from_status: str, actor: User | None, comment: str = "") -> None:
    """Record the step in the review's history and the audit log (`action`: the service's name, see MESSAGES)
    and refresh the facts of the regions taking part (a review's status is one of their facts). Every creation
    and transition calls this once, after its last write."""
    PeerReviewTransition.objects.create(
        review=review, from_status=from_status, to_status=review.status, actor=actor, comment=comment
    )
    params = review_params(review, status=review.status)
    if comment:
        params["comment"] = comment[:500]
    audit_change(
        action=f"peerreviews.{action}",
        message=MESSAGES[action],
        params=params,
        actor=actor,
        object_label=review_label(review),
    )
    facts_refresh(region_ids=review.region_ids)


def _lock(review: PeerReview) -> PeerReview:
    return PeerReview.objects.select_for_update().select_related("programme_year").get(pk=review.pk)


def _refuse_unless(review: PeerReview, states, message: str) -> None:
    if review.status not in states:
        raise ValidationError(message)


def _sync(review: PeerReview, locked: PeerReview) -> PeerReview:
    """Copy the saved state back onto the caller's object, so it sees what happened."""
    review.refresh_from_db()
    return locked


# --- Proposal -----------------------------------------------------------------------------------


def _check_window(*, programme_year: ProgrammeYear, date: datetime.date | None) -> None:
    """A peer review's date lies inside its programme year's peer-review window (when the year has one)."""
    start, end = programme_year.peer_review_window_start, programme_year.peer_review_window_end
    if date is None or start is None or end is None:
        return
    if not start <= date <= end:
        raise ValidationError(
            {
                "date": _("Peer reviews of %(year)s take place between %(start)s and %(end)s.")
                % {
                    "year": programme_year.year,
                    "start": date_format(start, "j F Y"),
                    "end": date_format(end, "j F Y"),
                }
            }
        )


@transaction.atomic
def peerreview_propose(
    *,
    host_region: Region,
    peer_region: Region,
    programme_year: ProgrammeYear,
    proposed_by: User | None,
    motivation: str,
    previous: PeerReview | None = None,
    date: datetime.date | None = None,
    place: str = "",
) -> PeerReview:
    """A region's project leader proposes a peer review between the host region and its peer region."""
    if peer_region is None or host_region.pk == peer_region.pk:
        raise ValidationError({"peer_region": _("Choose another region as peer: a region cannot review itself.")})
    if not (host_region.programme_id == peer_region.programme_id == programme_year.programme_id):
        raise ValidationError(_("Both regions must take part in the programme of that year."))
    for region in (host_region, peer_region):
        if region.status == Region.Status.STOPPED:
            raise ValidationError(
                _("%(region)s has stopped; it cannot take part in a peer review.") % {"region": region}
            )
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError({"motivation": _("Say why you chose this peer.")})
    _check_window(programme_year=programme_year, date=date)
    pair = (host_region.pk, peer_region.pk)
    # Lock both regions so two proposals for the same pair cannot pass the checks at once.
    list(Region.objects.select_for_update().filter(pk__in=pair).order_by("pk"))
    if _pair_reviews(region_ids=pair, year=programme_year.year).exists():
        raise ValidationError(
            _("%(host)s and %(peer)s already have a peer review in %(year)s.")
            % {"host": host_region, "peer": peer_region, "year": programme_year.year}
        )
    if previous is not None:
        if previous.kind != PeerReview.Kind.EXTERNAL or host_region.pk not in previous.region_ids:
            raise ValidationError(
                {
                    "previous": _("A follow-up must follow a peer review that %(host)s took part in.")
                    % {"host": host_region}
                }
            )
        if previous.status not in FOLLOW_UP_STATES or previous.programme_year.year > programme_year.year:
            raise ValidationError(
                {"previous": _("A follow-up must follow an earlier peer review that has been reported or closed.")}
            )
    last_year = list(_pair_reviews(region_ids=pair, year=programme_year.year - 1).values_list("pk", flat=True))
    if last_year and (previous is None or previous.pk not in last_year):
        raise ValidationError(
            {
                "peer_region": _(
                    "%(host)s and %(peer)s had a peer review together in %(year)s; choose another peer, "
                    "unless this is a follow-up of that review."
                )
                % {"host": host_region, "peer": peer_region, "year": programme_year.year - 1}
            }
        )
    review = PeerReview.objects.create(
        programme_year=programme_year,
        kind=PeerReview.Kind.EXTERNAL,
        host_region=host_region,
        peer_region=peer_region,
        previous=previous,
        motivation=motivation,
        date=date,
        place=(place or "").strip(),
        proposed_by=proposed_by,
    )
    _record(review, action="peerreview_propose", from_status="", actor=proposed_by)
    from ..mails import review_proposed_queue

    review_proposed_queue(review=review)  # the office confirms, the peer region is asked; sent after commit
    return review


@transaction.atomic
def peerreview_create_internal(
    *,
    region: Region,
    programme_year: ProgrammeYear,
    host_subproject,
    peer_subproject,
    created_by: User | None,
    motivation: str = "",
    date: datetime.date | None = None,
    place: str = "",
) -> PeerReview:
    """The office sets up an internal peer review between two sub-projects (regions.SubProject) of one region;
    the review keeps their names."""
    if region.programme_id != programme_year.programme_id:
        raise ValidationError(_("The region does not take part in the programme of that year."))
    if region.status == Region.Status.STOPPED:
        raise ValidationError(_("%(region)s has stopped; it cannot take part in a peer review.") % {"region": region})
    _check_window(programme_year=programme_year, date=date)
    if host_subproject is None or peer_subproject is None:
        raise ValidationError(_("Choose both sub-projects."))
    for field, subproject in (("host_subproject", host_subproject), ("peer_subproject", peer_subproject)):
        if subproject.region_id != region.pk:
            raise ValidationError({field: _("Choose a sub-project of %(region)s.") % {"region": region}})
    if host_subproject.pk == peer_subproject.pk:
        raise ValidationError({"peer_subproject": _("The two sub-projects must differ.")})
    host_subproject, peer_subproject = host_subproject.name, peer_subproject.name
    review = PeerReview.objects.create(
        programme_year=programme_year,
        kind=PeerReview.Kind.INTERNAL,
        host_region=region,
        host_subproject=host_subproject,
        peer_subproject=peer_subproject,
        motivation=(motivation or "").strip(),
        date=date,
        place=(place or "").strip(),
        proposed_by=created_by,
    )
    _record(review, action="peerreview_create_internal", from_status="", actor=created_by)
    return review


@transaction.atomic
def peerreview_update_plan(
    *, review: PeerReview, date: datetime.date | None, place: str, motivation: str
) -> PeerReview:
    locked = _lock(review)
    _refuse_unless(locked, PLAN_STATES, _("The plan can only change while the review is proposed or preparing."))
    if date != locked.date:
        _check_window(programme_year=locked.programme_year, date=date)
    before = values_of(locked, PLAN_FIELDS)
    locked.date, locked.place, locked.motivation = date, (place or "").strip(), (motivation or "").strip()
    locked.save(update_fields=["date", "place", "motivation", "updated_at"])
    changed = changed_labels(PeerReview, before, values_of(locked, PLAN_FIELDS))
    if changed:  # saving the plan unchanged changes nothing
        audit_change(
            action="peerreviews.peerreview_update_plan",
            message=gettext_noop("Peer review %(review)s: plan changed"),
            params=review_params(locked),
            object_label=review_label(locked),
            fields=changed,
        )
    return _sync(review, locked)


# --- Readiness and transitions --------------------------------------------------------------------


READINESS_ANSWERS = ("stable", "learning", "full_peer")


@transaction.atomic
def peerreview_record_readiness(
    *,
    review: PeerReview,
    host: tuple[bool | None, bool | None, bool | None],
    peer: tuple[bool | None, bool | None, bool | None] = (None, None, None),
    notes: str,
    actor: User,
) -> PeerReview:
    """The office's readiness check, per region: (stable, learning capacity, full peer) for the host and, for an
    external review, the peer; None means 'not assessed yet'. An internal review has no peer side."""
    locked = _lock(review)
    _refuse_unless(locked, (Status.PROPOSED,), _("Readiness is checked while the review is proposed."))
    if locked.is_internal:
        peer = (None, None, None)
    before = values_of(locked, READINESS_FIELDS)
    for side, answers in (("host", host), ("peer", peer)):
        for name, value in zip(READINESS_ANSWERS, answers, strict=True):
            setattr(locked, f"{side}_ready_{name}", value)
    locked.readiness_notes = (notes or "").strip()
    locked.readiness_checked_by, locked.readiness_checked_at = actor, timezone.now()
    locked.save(update_fields=[*READINESS_FIELDS, "readiness_checked_by", "readiness_checked_at", "updated_at"])
    # Always logged: recording the check is itself the act (it stamps who checked and when).
    audit_change(
        action="peerreviews.peerreview_record_readiness",
        message=gettext_noop("Peer review %(review)s: readiness check recorded"),
        params=review_params(locked),
        actor=actor,
        object_label=review_label(locked),
        fields=changed_labels(PeerReview, before, values_of(locked, READINESS_FIELDS)),
    )
    return _sync(review, locked)


def readiness_missing(review: PeerReview) -> list[str]:
    """The parts of the readiness check that are not a 'yes', per region, in the reader's language."""
    labels = (_("the region is stable"), _("the region has learning capacity"), _("the region can be a full peer"))
    return [
        f"{region.name}: {label}"
        for region, answers in review.readiness_sides()
        for value, label in zip(answers, labels, strict=True)
        if value is not True
    ]


@transaction.atomic
def peerreview_confirm(*, review: PeerReview, actor: User, comment: str = "") -> PeerReview:
    """proposed → preparing: the readiness check is complete and all yes, and no assessor conflict stands."""
    from ..mails import review_confirmed_queue
    from ..services.conflicts import peer_assessor_conflicts

    locked = _lock(review)
    _refuse_unless(locked, (Status.PROPOSED,), _("Only a proposed peer review can be confirmed."))
    if not locked.readiness_complete:
        raise ValidationError(_("Record the readiness check first (all three questions answered for each region)."))
    missing = readiness_missing(locked)
    if missing:
        raise ValidationError(
            _("The review cannot go ahead: the readiness check is not yes on: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    conflicts = peer_assessor_conflicts(review=locked)
    if conflicts:
        raise ValidationError(conflicts)
    locked.status, locked.confirmed_at = Status.PREPARING, timezone.now()
    locked.save(update_fields=["status", "confirmed_at", "updated_at"])
    _record(locked, action="peerreview_confirm", from_status=Status.PROPOSED, actor=actor, comment=comment)
    review_confirmed_queue(review=locked)
    return _sync(review, locked)


@transaction.atomic
def peerreview_mark_held(
    *, review: PeerReview, actor: User, today: datetime.date | None = None, comment: str = ""
) -> PeerReview:
    """preparing → held: not before its date, and only with at least one learning question."""
    today = today or timezone.localdate()
    locked = _lock(review)
    _refuse_unless(locked, (Status.PREPARING,), _("Only a peer review in preparation can be marked as held."))
    if locked.date is not None and locked.date > today:
        raise ValidationError(
            _("The peer review is planned for %(date)s; it cannot be held before then.") % {"date": locked.date}
        )
    if not LearningQuestion.objects.filter(review=locked).exists():
        raise ValidationError(_("Add at least one learning question before marking the review as held."))
    locked.status, locked.held_at = Status.HELD, timezone.now()
    locked.save(update_fields=["status", "held_at", "updated_at"])
    _record(locked, action="peerreview_mark_held", from_status=Status.PREPARING, actor=actor, comment=comment)
    return _sync(review, locked)


def _report_missing(review: PeerReview) -> list[str]:
    """What the review still lacks before it can be reported, in the reader's language."""
    missing = []
    if not (review.own_report or "").strip():
        missing.append(_("the regions' own report"))
    questions = LearningQuestion.objects.filter(review=review, outcome__isnull=True).order_by("pk")
    for question in questions:
        missing.append(_("an outcome for the question “%(question)s”") % {"question": question.question})
    return missing


@transaction.atomic
def peerreview_report(*, review: PeerReview, actor: User, comment: str = "") -> PeerReview:
    """held → reported: the own report is written and every learning question has its outcome."""
    locked = _lock(review)
    _refuse_unless(locked, (Status.HELD,), _("Only a held peer review can be reported."))
    missing = _report_missing(locked)
    if missing:
        raise ValidationError(
            _("The review cannot be reported yet; missing: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    locked.status, locked.reported_at = Status.REPORTED, timezone.now()
    locked.save(update_fields=["status", "reported_at", "updated_at"])
    _record(locked, action="peerreview_report", from_status=Status.HELD, actor=actor, comment=comment)
    return _sync(review, locked)


def _close_missing(review: PeerReview) -> list[Region]:
    """The participating regions whose feedback report is not ready yet."""
    ready = set(
        FeedbackReport.objects.filter(review=review, status=FeedbackReport.Status.READY).values_list(
            "region_id", flat=True
        )
    )
    waiting = [pk for pk in review.region_ids if pk not in ready]
    return list(Region.objects.filter(pk__in=waiting).order_by("name"))


@transaction.atomic
def peerreview_close(*, review: PeerReview, actor: User, comment: str = "") -> PeerReview:
    """reported → closed: every participating region has its feedback report ready."""
    locked = _lock(review)
    _refuse_unless(locked, (Status.REPORTED,), _("Only a reported peer review can be closed."))
    waiting = _close_missing(locked)
    if waiting:
        raise ValidationError(
            _("The review cannot be closed yet: the feedback report is not ready for %(regions)s.")
            % {"regions": ", ".join(r.name for r in waiting)}
        )
    locked.status, locked.closed_at = Status.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _record(locked, action="peerreview_close", from_status=Status.REPORTED, actor=actor, comment=comment)
    return _sync(review, locked)


@transaction.atomic
def peerreview_cancel(*, review: PeerReview, actor: User, reason: str) -> PeerReview:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"comment": _("Give the reason for cancelling.")})
    locked = _lock(review)
    _refuse_unless(locked, CANCEL_STATES, _("Only a proposed peer review or one in preparation can be cancelled."))
    from_status = locked.status
    locked.status, locked.cancel_reason = Status.CANCELLED, reason
    locked.save(update_fields=["status", "cancel_reason", "updated_at"])
    _record(locked, action="peerreview_cancel", from_status=from_status, actor=actor, comment=reason)
    return _sync(review, locked)


def facilitator_refusal(*, review: PeerReview, person: User) -> str | None:
    """Why this person cannot guide the review (None: they can): a critical friend or someone of the office,
    active, and not one of the two regions' own people."""
    from audits.models import Assignment

    if not person.is_active:
        return _("This person's account is not active.")
    if not (person.is_programme_office or Assignment.objects.filter(user=person).exists()):
        return _("A procesbegeleider is a critical friend or someone of the programme office.")
    own = RegionRole.objects.filter(
        user=person,
        region_id__in=review.region_ids,
        role__in=(
            RegionRole.Role.PROJECT_LEADER,
            RegionRole.Role.PENVOERDER,
            RegionRole.Role.PARTNER,
            RegionRole.Role.SUBPROJECT_LEADER,
        ),
    )
    if own.exists():
        return _("%(person)s works in one of the two regions and cannot guide their review.") % {"person": person}
    return None


@transaction.atomic
def peerreview_set_facilitator(*, review: PeerReview, facilitator: User | None, actor: User) -> PeerReview:
    """The office names (or changes, or removes) the review's procesbegeleider; a new one is mailed once."""
    locked = _lock(review)
    _refuse_unless(
        locked,
        (Status.PROPOSED, Status.PREPARING, Status.HELD),
        _("The procesbegeleider can be named until the review has been held."),
    )
    if facilitator is not None:
        reason = facilitator_refusal(review=locked, person=facilitator)
        if reason:
            raise ValidationError({"facilitator": reason})
    if locked.facilitator_id == (facilitator.pk if facilitator else None):
        return locked
    locked.facilitator = facilitator
    locked.save(update_fields=["facilitator", "updated_at"])
    audit_change(
        action="peerreviews.peerreview_set_facilitator",
        message=gettext_noop("Peer review %(review)s: procesbegeleider %(person)s")
        if facilitator
        else gettext_noop("Peer review %(review)s: procesbegeleider removed"),
        params={**review_params(locked), "person": facilitator.full_name if facilitator else ""},
        actor=actor,
        object_label=review_label(locked),
    )
    if facilitator is not None:
        from ..mails import review_facilitator_queue

        review_facilitator_queue(review=locked)
    return locked

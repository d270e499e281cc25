"""The nagesprek after a peer review: planned (a date, a place), then recorded once held (who took part, what has
changed since the review, the next steps). The region's next monitor report links to it
(peerreviews.selectors.report_context).

Services are keyword-only, run in one transaction under a row lock on the review and change nothing when they
refuse. Who may call them is `peerreviews.change_after_talk` (peerreviews.rules).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.services import programme_check_open
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.text import text_clean

from ..audit import review_label, review_params
from ..models import AFTER_TALK_STATES, AfterTalk, PeerReview


def _lock(review: PeerReview) -> PeerReview:
    locked = (
        PeerReview.objects.select_for_update(of=("self",))
        .select_related("programme_year__programme", "host_region", "peer_region")
        .get(pk=review.pk)
    )
    programme_check_open(programme=locked.programme_year.programme)
    if locked.status not in AFTER_TALK_STATES:
        raise ValidationError(_("A nagesprek follows the review: plan it once the regions have reported."))
    return locked


@transaction.atomic
def aftertalk_plan(
    *, review: PeerReview, date: datetime.date, place: str = "", actor: User, today: datetime.date | None = None
) -> AfterTalk:
    """Plan (or move) the nagesprek; both regions' project leaders and penvoerders and the procesbegeleider are
    mailed once per date. A recorded nagesprek is not planned again."""
    locked = _lock(review)
    today = today or timezone.localdate()
    talk = AfterTalk.objects.filter(review=locked).first()
    if talk is not None and talk.status == AfterTalk.Status.RECORDED:
        raise ValidationError(_("This nagesprek has been recorded; it cannot be planned again."))
    if locked.date and date < locked.date:
        raise ValidationError(
            {
                "date": _("The nagesprek comes after the review of %(date)s.")
                % {"date": date_format(locked.date, "j F Y")}
            }
        )
    place = text_clean(place or "").strip()
    if talk is not None and (talk.date, talk.place) == (date, place):
        return talk
    moved = talk is not None
    if talk is None:
        talk = AfterTalk(review=locked, planned_by=actor)
    talk.date, talk.place = date, place
    talk.save()
    audit_change(
        action="peerreviews.aftertalk_plan",
        message=gettext_noop("Peer review %(review)s: nagesprek moved to %(date)s")
        if moved
        else gettext_noop("Peer review %(review)s: nagesprek planned on %(date)s"),
        params=review_params(locked, date=date.isoformat()),
        actor=actor,
        object_label=review_label(locked),
    )
    from ..mails import after_talk_planned_queue

    after_talk_planned_queue(talk=talk, exclude=actor)
    return talk


@transaction.atomic
def aftertalk_record(
    *,
    review: PeerReview,
    participants: str,
    what_changed: str,
    next_steps: str,
    actor: User,
    today: datetime.date | None = None,
) -> AfterTalk:
    """Record the nagesprek once its date has come; both regions' project leaders and penvoerders are mailed
    once. Recording again corrects the texts without a second mail."""
    locked = _lock(review)
    today = today or timezone.localdate()
    talk = AfterTalk.objects.filter(review=locked).first()
    if talk is None:
        raise ValidationError(_("Plan the nagesprek first."))
    if talk.date > today:
        raise ValidationError(
            _("The nagesprek is planned on %(date)s; record it once it has been held.")
            % {"date": date_format(talk.date, "j F Y")}
        )
    what_changed = text_clean(what_changed or "").strip()
    if not what_changed:
        raise ValidationError({"what_changed": _("Say what has changed since the review.")})
    first = talk.status == AfterTalk.Status.PLANNED
    talk.participants = text_clean(participants or "").strip()
    talk.what_changed = what_changed
    talk.next_steps = text_clean(next_steps or "").strip()
    talk.status = AfterTalk.Status.RECORDED
    talk.recorded_by, talk.recorded_at = actor, timezone.now()
    talk.save()
    audit_change(
        action="peerreviews.aftertalk_record",
        message=gettext_noop("Peer review %(review)s: nagesprek recorded"),
        params=review_params(locked),
        actor=actor,
        object_label=review_label(locked),
    )
    if first:
        from ..mails import after_talk_recorded_queue

        after_talk_recorded_queue(talk=talk)
    return talk

"""Mails of the peer-review flow, queued through the outbox (toptechniek/common/notifications.py).

Call the ``*_queue`` functions inside the transaction of the transition that causes them; the send happens
after commit, once per key:

- proposed → the programme office (check readiness, confirm) and the peer region's project leaders and
  penvoerders (you are asked as peer);
- confirmed → both regions' project leaders and penvoerders and their advisors;
- feedback report ready → the region's project leaders and penvoerders;
- action due in 7 days / overdue → the region's project leaders and penvoerders (the daily sweep in
  peerreviews/services/actions.py).
"""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regions.models import RegionRole
from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

from .models import FeedbackReport, PeerReview

OFFICE, CF = "programme_office", RegionRole.Role.CRITICAL_FRIEND
PL, PV = RegionRole.Role.PROJECT_LEADER, RegionRole.Role.PENVOERDER
LEADS = (PL, PV)


def _title(review: PeerReview) -> dict:
    """What the review's title is made of; the title itself is written at send time, in the recipient's
    language (str(review) would be in the language of whoever caused the mail)."""
    return {
        "internal": review.kind == PeerReview.Kind.INTERNAL,
        "host_name": review.host_region.name,
        "peer_name": review.peer_region.name if review.peer_region_id else "",
        "year": review.programme_year.year,
    }


def review_title(notification) -> dict:
    """Outbox hook: the review's title in the recipient's language (the words of PeerReview.__str__)."""
    c = notification.context
    if "host_name" not in c:
        return {}  # a row written before titles were made at send time carries its own
    if c.get("internal"):
        title = gettext("Internal peer review %(region)s %(year)s") % {"region": c["host_name"], "year": c["year"]}
    else:
        title = gettext("Peer review %(host)s – %(peer)s %(year)s") % {
            "host": c["host_name"],
            "peer": c["peer_name"],
            "year": c["year"],
        }
    return {"review_title": title}


kind_register(
    MailKind(
        code="review_proposed",
        label=_("A peer review is proposed"),
        template="mail/review_proposed",
        prepare=review_title,
        audience=frozenset({OFFICE, PL, PV}),
        order=40,
    ),
    MailKind(
        code="review_confirmed",
        label=_("A peer review is confirmed"),
        template="mail/review_confirmed",
        prepare=review_title,
        audience=frozenset({PL, PV, CF}),
        order=41,
    ),
    MailKind(
        code="feedback_ready",
        label=_("A feedback report on a peer review is ready"),
        template="mail/feedback_ready",
        prepare=review_title,
        audience=frozenset({PL, PV}),
        order=42,
    ),
    MailKind(
        code="action_due",
        label=_("An action is due in a week"),
        template="mail/action_due",
        audience=frozenset({PL, PV}),
        order=50,
    ),
    MailKind(
        code="action_overdue",
        label=_("An action is overdue"),
        template="mail/action_overdue",
        audience=frozenset({PL, PV}),
        order=51,
    ),
)


def _region_leads(region_ids):
    """Active project leaders and penvoerders of the regions, each person once."""
    from toptechniek.accounts.models import User

    return User.objects.filter(
        is_active=True, region_roles__region_id__in=list(region_ids), region_roles__role__in=LEADS
    ).distinct()


def review_proposed_queue(*, review: PeerReview) -> int:
    """A region proposed an external peer review: ask the office to check readiness and confirm it, and tell
    the peer region that it has been asked."""
    from toptechniek.accounts.models import User

    proposer = review.proposed_by
    base = {
        **_title(review),
        "proposer": (proposer.full_name or proposer.email) if proposer else "",
        "motivation": review.motivation,
        "date": review.date,
        "link": site_link(review.get_absolute_url()),
    }
    exclude = [proposer] if proposer else []
    queued = notify(
        kind="review_proposed",
        recipients=User.objects.filter(global_role=User.GlobalRole.PROGRAMME_OFFICE, is_active=True),
        key=f"review-proposed:{review.pk}",
        context={**base, "for_office": True},
        exclude=exclude,
    )
    if review.peer_region_id:
        queued += notify(
            kind="review_proposed",
            recipients=_region_leads([review.peer_region_id]),
            key=f"review-proposed:{review.pk}",
            context={**base, "for_office": False},
            exclude=exclude,
        )
    return queued


def review_confirmed_queue(*, review: PeerReview) -> int:
    """The office confirmed the review (readiness checked, now preparing): tell both regions and their advisors."""
    from audits.models import Assignment
    from toptechniek.accounts.models import User

    advisors = User.objects.filter(
        is_active=True,
        assignments__programme_year_id=review.programme_year_id,
        assignments__region_id__in=review.region_ids,
        assignments__role=Assignment.Role.ADVISOR,
        assignments__removed_at__isnull=True,
    )
    recipients = User.objects.filter(Q(pk__in=_region_leads(review.region_ids)) | Q(pk__in=advisors)).distinct()
    return notify(
        kind="review_confirmed",
        recipients=recipients,
        key=f"review-confirmed:{review.pk}",
        context={
            **_title(review),
            "date": review.date,
            "place": review.place,
            "link": site_link(review.get_absolute_url()),
        },
    )


def feedback_ready_queue(*, report: FeedbackReport) -> int:
    """The advisor marked the feedback report ready: tell the region's project leaders and penvoerders."""
    review = report.review
    return notify(
        kind="feedback_ready",
        recipients=_region_leads([report.region_id]),
        key=f"feedback-ready:{report.pk}",
        context={
            **_title(review),
            "region_name": report.region.name,
            "author_name": report.author.full_name if report.author else "",
            "link": site_link(review.get_absolute_url() + "#feedback"),
        },
    )


kind_register(
    MailKind(
        code="review_facilitator",
        label=_("You guide a peer review as its procesbegeleider"),
        template="mail/review_facilitator",
        prepare=review_title,
        essential=True,
        audience=frozenset({OFFICE, CF}),
        order=42,
    )
)


def review_facilitator_queue(*, review: PeerReview) -> int:
    """The office named the review's procesbegeleider: tell them, once per person and review."""
    return notify(
        kind="review_facilitator",
        recipients=[review.facilitator],
        key=f"review-facilitator:{review.pk}",
        context={
            **_title(review),
            "date": review.date,
            "place": review.place,
            "link": site_link(review.get_absolute_url()),
        },
    )


# --- The nagesprek ---------------------------------------------------------------------------------------------

kind_register(
    MailKind(
        code="after_talk_planned",
        label=_("A nagesprek after a peer review is planned"),
        template="mail/after_talk_planned",
        prepare=review_title,
        audience=frozenset({OFFICE, PL, PV, CF}),
        order=43,
    ),
    MailKind(
        code="after_talk_recorded",
        label=_("A nagesprek after a peer review is recorded"),
        template="mail/after_talk_recorded",
        prepare=review_title,
        audience=frozenset({PL, PV}),
        order=44,
    ),
)


def after_talk_planned_queue(*, talk, exclude=None) -> int:
    """The nagesprek is planned (or moved): both regions' project leaders and penvoerders and the
    procesbegeleider, once per date; not the person who planned it."""
    review = talk.review
    recipients = _region_leads(review.region_ids)
    if review.facilitator_id:
        recipients = recipients.model.objects.filter(
            Q(pk__in=recipients) | Q(pk=review.facilitator_id, is_active=True)
        ).distinct()
    if exclude is not None:
        recipients = recipients.exclude(pk=exclude.pk)
    return notify(
        kind="after_talk_planned",
        recipients=recipients,
        key=f"after-talk-planned:{talk.pk}:{talk.date.isoformat()}",
        context={
            **_title(review),
            "date": talk.date,
            "place": talk.place,
            "link": site_link(talk.get_absolute_url()),
        },
    )


def after_talk_recorded_queue(*, talk) -> int:
    """The nagesprek is recorded: both regions' project leaders and penvoerders, once."""
    review = talk.review
    return notify(
        kind="after_talk_recorded",
        recipients=_region_leads(review.region_ids),
        key=f"after-talk-recorded:{talk.pk}",
        context={
            **_title(review),
            "date": talk.date,
            "recorded_by": talk.recorded_by.full_name if talk.recorded_by else "",
            "link": site_link(talk.get_absolute_url()),
        },
    )

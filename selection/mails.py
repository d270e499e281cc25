"""Mails of the selection, queued through the outbox (toptechniek/common/notifications.py) inside the
transaction of the change; each hand-over sends one mail per person:

- invited to apply (someone who already has an account; a new account's invitation says it) → the applicant;
- application submitted → the call's committee members;
- decided → the applicant (honoured or rejected, with the reason); when honoured also the ministry, who
  records the subsidiebeschikking;
- subsidiebeschikking recorded, region set up → the applicant, now its project leader, and the office member
  who decided.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

kind_register(
    MailKind(
        code="application_invited",
        label=_("You are invited to apply in a call for proposals"),
        template="mail/application_invited",
        essential=True,
        order=5,
    ),
    MailKind(
        code="application_submitted",
        label=_("An application in a call whose committee you sit on is submitted"),
        template="mail/application_submitted",
        audience=frozenset({"programme_office", "critical_friend"}),
        order=6,
    ),
    MailKind(
        code="application_decided",
        label=_("An application is honoured or rejected"),
        template="mail/application_decided",
        essential=True,
        audience=frozenset({"viewer"}),
        order=7,
    ),
    MailKind(
        code="application_established",
        label=_("An honoured application has its subsidy decision and becomes a region"),
        template="mail/application_established",
        essential=True,
        audience=frozenset({"programme_office", "project_leader"}),
        order=8,
    ),
)


def _base(application) -> dict:
    call = application.call
    return {
        "region_name": application.region_name,
        "call_title": call.title,
        "programme": call.programme.name,
        "deadline": call.deadline.isoformat(),
        "link": site_link(application.get_absolute_url()),
    }


def application_invited_queue(*, application, actor) -> int:
    return notify(
        kind="application_invited",
        recipients=[application.applicant],
        key=f"application-invited:{application.pk}",
        context=_base(application) | {"link": site_link(application.get_absolute_url())},
        exclude=[actor.pk] if actor else (),
    )


def application_submitted_queue(*, application) -> int:
    User = get_user_model()
    members = User.objects.filter(committee_seats__call_id=application.call_id, is_active=True)
    return notify(
        kind="application_submitted",
        recipients=members,
        key=f"application-submitted:{application.pk}",
        context=_base(application) | {"applicant": application.applicant.full_name},
    )


def application_decided_queue(*, application) -> int:
    User = get_user_model()
    honoured = application.status == "honoured"
    recipients = [application.applicant]
    if honoured:
        recipients += list(User.objects.filter(global_role=User.GlobalRole.VIEWER, is_active=True))
    applicant_id = application.applicant_id

    def context(person) -> dict:
        return _base(application) | {
            "honoured": honoured,
            "reason": application.decision_reason,
            "awarded": str(application.awarded_amount) if application.awarded_amount is not None else "",
            "for_ministry": person.pk != applicant_id,
        }

    return notify(
        kind="application_decided",
        recipients=recipients,
        key=f"application-decided:{application.pk}",
        context=context,
        exclude=[application.decided_by_id],
    )


def application_established_queue(*, application) -> int:
    region = application.region
    return notify(
        kind="application_established",
        recipients=[application.applicant, application.decided_by],
        key=f"application-established:{application.pk}",
        context=_base(application)
        | {
            "reference": application.beschikking_reference,
            "link": site_link(region.get_absolute_url()),
        },
        exclude=[application.beschikking_recorded_by_id],
    )

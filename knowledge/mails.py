"""Mails of the kennisprogramma, queued through the outbox (toptechniek/common/notifications.py) inside the
transaction of the change:

- event published → every person of its audience, once (key per event and person: publishing again, or a
  second call, never mails twice);
- event cancelled → everyone invited or registered, once.
"""

from django.utils.translation import gettext_lazy as _

from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

EVERYONE = frozenset(
    {"programme_office", "viewer", "project_leader", "penvoerder", "partner", "subproject_leader", "critical_friend"}
)

kind_register(
    MailKind(
        code="event_invited",
        label=_("You are invited to an event of the knowledge programme"),
        template="mail/event_invited",
        audience=EVERYONE,
        order=60,
    ),
    MailKind(
        code="event_cancelled",
        label=_("An event of the knowledge programme you were invited to is cancelled"),
        template="mail/event_cancelled",
        essential=True,
        audience=EVERYONE,
        order=61,
    ),
)


def _context(event) -> dict:
    return {
        "title": event.title,
        "kind": event.kind,
        "programme": event.programme.name,
        "date": event.date.isoformat(),
        "start": event.start_time.strftime("%H:%M"),
        "end": event.end_time.strftime("%H:%M"),
        "place": event.place,
        "link": site_link(event.get_absolute_url()),
    }


def event_invited_queue(*, event, recipients, actor) -> int:
    return notify(
        kind="event_invited",
        recipients=recipients,
        key=f"event-invited:{event.pk}",
        context=_context(event),
        exclude=[actor.pk] if actor else (),
    )


def event_cancelled_queue(*, event, recipients, actor) -> int:
    return notify(
        kind="event_cancelled",
        recipients=recipients,
        key=f"event-cancelled:{event.pk}",
        context=_context(event),
        exclude=[actor.pk] if actor else (),
    )

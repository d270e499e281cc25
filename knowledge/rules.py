"""Who may do what in the kennisprogramma (objects: an event; a link or an attachment reads its event).

- Published (and cancelled) events are seen by every signed-in person of the event's programme: the office,
  the ministry, and everyone with a role in one of its regions (critical friends included); drafts by the
  office only.
- Only the office plans, edits, publishes and cancels events, records attendance and adds material.
- Whoever sees a published event registers (or unregisters) until the day of the event.
Everything is read-only in a closed programme (`regions.rules.programme_is_open`).
"""

import rules
from django.utils import timezone

from regions.rules import programme_is_open
from toptechniek.accounts.rules import is_active_user, is_programme_office, is_viewer, region_roles


def programme_ids(user) -> set[int]:
    """The programmes in which this person holds a region role: one query per user object, cached."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_tt_knowledge_programmes", None)
    if cached is None:
        from regions.models import Region

        regions = list(region_roles(user))
        cached = set(Region.objects.filter(pk__in=regions).values_list("programme_id", flat=True)) if regions else set()
        user._tt_knowledge_programmes = cached
    return cached


def _event(obj):
    return getattr(obj, "event", obj)


@rules.predicate
def is_programme_person(user, obj) -> bool:
    event = _event(obj)
    return event is not None and event.programme_id in programme_ids(user)


@rules.predicate
def event_is_draft(user, obj) -> bool:
    event = _event(obj)
    return event is not None and event.status == "draft"


@rules.predicate
def event_is_published(user, obj) -> bool:
    event = _event(obj)
    return event is not None and event.status == "published"


@rules.predicate
def event_is_public(user, obj) -> bool:
    """Published or cancelled: no longer a draft."""
    event = _event(obj)
    return event is not None and event.status != "draft"


@rules.predicate
def event_is_upcoming(user, obj) -> bool:
    event = _event(obj)
    return event is not None and event.date >= timezone.localdate()


@rules.predicate
def event_has_taken_place(user, obj) -> bool:
    event = _event(obj)
    return event is not None and event.date <= timezone.localdate()


@rules.predicate
def event_is_open(user, obj) -> bool:
    """The event's programme is not closed."""
    return programme_is_open(user, _event(obj))


rules.add_perm("knowledge.view_events", is_active_user)
rules.add_perm("knowledge.add_event", is_programme_office)
rules.add_perm("knowledge.view_event", is_programme_office | (event_is_public & (is_viewer | is_programme_person)))
rules.add_perm("knowledge.view_registrations", is_programme_office)
rules.add_perm(
    "knowledge.change_event",
    event_is_open & (event_is_draft | event_is_published) & ~event_has_taken_place & is_programme_office,
)
rules.add_perm("knowledge.publish_event", event_is_open & event_is_draft & event_is_upcoming & is_programme_office)
rules.add_perm("knowledge.cancel_event", event_is_open & event_is_published & event_is_upcoming & is_programme_office)
rules.add_perm(
    "knowledge.register_event",
    event_is_open & event_is_published & event_is_upcoming & (is_programme_office | is_viewer | is_programme_person),
)
rules.add_perm(
    "knowledge.record_attendance", event_is_open & event_is_published & event_has_taken_place & is_programme_office
)
rules.add_perm("knowledge.add_material", event_is_open & event_is_published & is_programme_office)

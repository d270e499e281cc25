"""The mail outbox: every mail the application sends is one `Notification` row.

- **Kinds.** Each kind of mail is a `MailKind`, registered by the app that sends it (its `mails.py`, imported
  by the app's `AppConfig.ready()`, so every process knows every kind): its label on the preferences page,
  whether it is essential, its template, who it is meant for, and optional send-time hooks.
- **Queue.** ``notify`` (the usual call: one kind for each of these recipients) and ``notification_queue``
  (one recipient) write the row inside the caller's transaction, keyed by a unique key; a second call with
  the same key does nothing. The recipient's preference for the kind decides the row's delivery: sent
  after commit (``immediate``), kept for the daily digest (``digest``), or written as ``suppressed`` (``off``,
  never for an essential kind) so that switching the kind on later does not send old news.
- **Send.** ``notification_send`` (the worker) locks the row and sends only while it is pending, so a task
  that runs twice sends one mail. A kind's ``prepare`` hook may add context at send time or say the mail
  no longer applies (the row is then ``skipped``); its ``after_send`` hook runs in the same transaction.
- **Sweep.** ``notification_sweep`` (beat, every few minutes) re-enqueues immediate rows left pending for
  longer than ``RESEND_GRACE`` and younger than ``RESEND_WINDOW``: a broker outage loses nothing.
- **Digest.** ``digest_build`` (beat, once a day) collects each person's pending digest rows into one
  ``digest`` row, sent like any other; sending it marks its items sent.

Mails are rendered in the recipient's language (``user.language``) as plain text and HTML
(toptechniek/common/mail.py); every link is absolute, from ``settings.SITE_URL`` (``site_link``).
"""

import datetime
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import Delivery, MailPreference, Notification
from .queue import task_enqueue

logger = logging.getLogger(__name__)

RESEND_GRACE = datetime.timedelta(minutes=5)
RESEND_WINDOW = datetime.timedelta(days=3)
MAX_ATTEMPTS = 10
SEND_TASK = "toptechniek.common.tasks.task_send_notification"
DIGEST = "digest"

Status = Notification.Status


def site_link(path: str) -> str:
    """An absolute link for a mail: SITE_URL plus the path (see also toptechniek.common.site_url)."""
    return settings.SITE_URL.rstrip("/") + path


# --- Kinds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailKind:
    """One kind of mail.

    audience: the roles the kind is meant for (``programme_office``, ``project_leader``, ``penvoerder``,
    ``partner``, ``critical_friend``, ``viewer``); a person's preferences page lists the kinds of their roles.
    prepare(notification) -> dict | None: at send time, context to add, or None when the mail no longer
    applies (nothing is sent). after_send(notification): runs in the sending transaction.
    """

    code: str
    label: str
    template: str
    essential: bool = False
    audience: frozenset = frozenset()
    order: int = 100
    help_text: str = ""
    internal: bool = False  # not on the preferences page (the digest itself)
    prepare: Callable[[Notification], dict | None] | None = field(default=None, compare=False)
    after_send: Callable[[Notification], None] | None = field(default=None, compare=False)


KINDS: dict[str, MailKind] = {}


def kind_register(*kinds: MailKind) -> None:
    """Register kinds of mail (from an app's mails.py); registering the same code again replaces it."""
    for kind in kinds:
        KINDS[kind.code] = kind


def kind_get(code: str) -> MailKind:
    try:
        return KINDS[code]
    except KeyError:
        raise LookupError(f"mail kind {code!r} is not registered (see the app's mails.py)") from None


def kinds_for_roles(roles: set[str]) -> list[MailKind]:
    """The kinds a person with these roles can receive, in the order of the preferences page."""
    return sorted((k for k in KINDS.values() if not k.internal and k.audience & roles), key=lambda k: (k.order, k.code))


kind_register(
    MailKind(
        code=DIGEST,
        label=_("Daily digest"),
        template="mail/digest",
        essential=True,
        internal=True,
        order=999,
    )
)


# --- Preferences -------------------------------------------------------------------------------


def _effective(kind: MailKind, delivery: str | None) -> str:
    if delivery is None or delivery not in Delivery.values:
        return Delivery.IMMEDIATE
    if delivery == Delivery.OFF and kind.essential:
        return Delivery.IMMEDIATE
    return delivery


def preferences_of(user, kinds: Iterable[MailKind]) -> dict[str, str]:
    """The delivery per kind code for this person (defaults filled in), in one query."""
    kinds = list(kinds)
    stored = dict(
        MailPreference.objects.filter(user=user, kind__in=[k.code for k in kinds]).values_list("kind", "delivery")
    )
    return {k.code: _effective(k, stored.get(k.code)) for k in kinds}


def preference_set(*, user, choices: dict[str, str]) -> None:
    """Store a person's choices per kind code; "off" for an essential kind is refused (ValueError)."""
    for code, delivery in choices.items():
        kind = kind_get(code)
        if delivery not in Delivery.values:
            raise ValueError(f"unknown delivery {delivery!r}")
        if delivery == Delivery.OFF and kind.essential:
            raise ValueError(f"{code} is essential and cannot be switched off")
    with transaction.atomic():
        before = dict(MailPreference.objects.filter(user=user).values_list("kind", "delivery"))
        for code, delivery in choices.items():
            MailPreference.objects.update_or_create(user=user, kind=code, defaults={"delivery": delivery})
        changed = [
            kind_get(code).label
            for code, delivery in choices.items()
            if before.get(code, Delivery.IMMEDIATE) != delivery
        ]
        if changed:
            from .audit import audit_change

            audit_change(
                action="common.preference_set",
                message=gettext_noop("%(email)s: mail settings changed"),
                params={"email": user.email},
                actor=user,
                object_label=user.email,
                fields=changed,
            )


# --- Queue -------------------------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _enqueue(notification_id: int) -> None:
    # robust (the default of task_enqueue): a broker that is down does not undo the commit; the sweep resends.
    task_enqueue(SEND_TASK, notification_id)


def _can_receive(recipient) -> bool:
    return recipient is not None and recipient.is_active and bool(recipient.email)


def _write(*, key: str, kind: MailKind, recipient, context: dict, delivery: str) -> Notification | None:
    status = Status.SUPPRESSED if delivery == Delivery.OFF else Status.PENDING
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key,
                kind=kind.code,
                recipient=recipient,
                template=kind.template,
                context=_jsonable(context),
                delivery=delivery,
                status=status,
            )
    except IntegrityError:  # a concurrent caller queued the same key first
        return None
    if delivery == Delivery.IMMEDIATE:
        _enqueue(notification.pk)
    return notification


def notification_queue(
    *, key: str, kind: str, recipient, context: dict, template: str | None = None
) -> Notification | None:
    """Write one outbox row for one recipient; None when a row with this key exists or nobody can receive it.

    `template` is the kind's own unless given (kept for callers that name it)."""
    mail_kind = kind_get(kind)
    if template is not None and template != mail_kind.template:
        mail_kind = replace(mail_kind, template=template)
    if not _can_receive(recipient):
        return None
    if Notification.objects.filter(key=key).exists():
        return None
    delivery = preferences_of(recipient, [mail_kind])[mail_kind.code]
    return _write(key=key, kind=mail_kind, recipient=recipient, context=context, delivery=delivery)


def notify(
    *,
    kind: str,
    recipients: Iterable,
    key: str,
    context: dict | Callable[[object], dict],
    exclude: Iterable = (),
) -> int:
    """Queue one kind of mail for each of these recipients; returns how many rows were written.

    Each recipient's key is ``"<key>:user=<pk>"``; `context` is one dict for all, or a function of the
    recipient. People in `exclude` (usually the person who acted) and people who cannot receive mail
    (inactive, no address) are left out; each person once, in the order of their pk (concurrent callers
    insert in the same order and wait for each other instead of deadlocking). Call it inside the
    transaction of the change that causes the mail: the send happens after commit.
    """
    mail_kind = kind_get(kind)
    skip = {getattr(p, "pk", p) for p in exclude}
    people = {p.pk: p for p in recipients if p is not None and p.pk not in skip and _can_receive(p)}
    if not people:
        return 0
    keys = {pk: f"{key}:user={pk}" for pk in people}
    taken = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    todo = [pk for pk in sorted(people) if keys[pk] not in taken]
    if not todo:
        return 0
    stored = dict(
        MailPreference.objects.filter(user_id__in=todo, kind=mail_kind.code).values_list("user_id", "delivery")
    )
    written = 0
    for pk in todo:
        person = people[pk]
        row = _write(
            key=keys[pk],
            kind=mail_kind,
            recipient=person,
            context=context(person) if callable(context) else context,
            delivery=_effective(mail_kind, stored.get(pk)),
        )
        if row is not None:
            written += 1
    return written


# --- Send --------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _revive(value):
    """Dates are stored as ISO text (JSON); give them back as dates so templates show them localised."""
    if isinstance(value, str) and ISO_DATE.match(value):
        return datetime.date.fromisoformat(value)
    if isinstance(value, dict):
        return {k: _revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_revive(v) for v in value]
    return value


def _context(notification: Notification) -> dict | None:
    """The row's context for its templates, with the kind's send-time additions; None: no longer applies."""
    kind = KINDS.get(notification.kind)
    context = _revive(notification.context)
    if kind is not None and kind.prepare is not None:
        extra = kind.prepare(notification)
        if extra is None:
            return None
        context.update(extra)
    return context


def _common_context(recipient) -> dict:
    return {
        "recipient": recipient,
        "preferences_link": site_link(reverse("accounts:mail_preferences")),
        "home_link": site_link("/"),
    }


def _close(notification: Notification, status: str, now) -> None:
    notification.status = status
    if status == Status.SENT:
        notification.sent_at = now
    notification.save(update_fields=["status", "sent_at"])


def notification_send(*, notification_id: int) -> bool:
    """Send one queued mail once; False when it is gone, not pending, or no longer applies."""
    from .mail import mail_send

    # Counted apart from the send, so a mail server that keeps failing is given up after MAX_ATTEMPTS sweeps.
    Notification.objects.filter(pk=notification_id, status=Status.PENDING).update(attempts=F("attempts") + 1)
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != Status.PENDING:
            return False
        if notification.delivery != Delivery.IMMEDIATE:
            return False  # a digest item goes out with its digest
        now = timezone.now()
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            logger.info("notification %s: recipient inactive; not sent", notification_id)
            _close(notification, Status.SKIPPED, now)
            return False
        language = recipient.language or settings.LANGUAGE_CODE
        with translation.override(language):  # hooks that write words write them in the recipient's language
            if notification.kind == DIGEST:
                context = _digest_context(notification, language)
            else:
                context = _context(notification)
        if context is None:
            logger.info("notification %s (%s) no longer applies; not sent", notification_id, notification.kind)
            _close(notification, Status.SKIPPED, now)
            return False
        mail_send(
            to=recipient.email,
            template=notification.template,
            context={**context, **_common_context(recipient)},
            language=language,
        )
        _close(notification, Status.SENT, now)
        if notification.kind == DIGEST:
            _digest_items_sent(notification, now)
        else:
            _after_send(notification)
    return True


def _after_send(notification: Notification) -> None:
    kind = KINDS.get(notification.kind)
    if kind is not None and kind.after_send is not None:
        kind.after_send(notification)


def notification_sweep(*, now: datetime.datetime | None = None) -> int:
    """Re-enqueue stranded rows (their enqueue was lost); returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        stranded = list(
            Notification.objects.filter(
                status=Status.PENDING,
                sent_at__isnull=True,
                delivery=Delivery.IMMEDIATE,
                created_at__lt=now - RESEND_GRACE,
                created_at__gte=now - RESEND_WINDOW,
                attempts__lt=MAX_ATTEMPTS,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for notification_id in stranded:
            _enqueue(notification_id)
    if stranded:
        logger.info("notification sweep re-enqueued %d", len(stranded))
    return len(stranded)


# --- The daily digest ----------------------------------------------------------------------------


def digest_build(*, now: datetime.datetime | None = None) -> int:
    """Collect each person's pending digest items into one digest mail; returns how many digests.

    One digest per person and day (key ``digest:<date>:user=<pk>``): items that arrive after today's
    digest was made wait for tomorrow's. Items of days whose digest did not run are collected by the next.
    Safe to run twice and concurrently: the items are locked, and an item already in a digest is skipped.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    made = 0
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(status=Status.PENDING, delivery=Delivery.DIGEST, digest__isnull=True, created_at__lte=now)
            .select_related("recipient")
            .order_by("recipient_id", "created_at", "pk")
        )
        per_person: dict[int, list[Notification]] = {}
        for item in items:
            per_person.setdefault(item.recipient_id, []).append(item)
        for person_id, rows in per_person.items():
            recipient = rows[0].recipient
            if not _can_receive(recipient):
                Notification.objects.filter(pk__in=[r.pk for r in rows]).update(status=Status.SKIPPED)
                continue
            digest = _write(
                key=f"{DIGEST}:{today.isoformat()}:user={person_id}",
                kind=KINDS[DIGEST],
                recipient=recipient,
                context={"date": today, "count": len(rows)},
                delivery=Delivery.IMMEDIATE,
            )
            if digest is None:
                continue  # today's digest went out already: these wait for tomorrow
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(digest=digest)
            made += 1
    logger.info("digest build: %d items, %d digests", len(items), made)
    return made


def _digest_context(digest: Notification, language: str) -> dict | None:
    """The digest's items, each with its subject in the recipient's language, its link and due date."""
    from .mail import mail_render_subject

    entries = []
    now = timezone.now()
    for item in digest.items.filter(status=Status.PENDING).order_by("created_at", "pk"):
        context = _context(item)
        if context is None:
            _close(item, Status.SKIPPED, now)
            continue
        context.update(_common_context(digest.recipient))
        entries.append(
            {
                "subject": mail_render_subject(template=item.template, context=context, language=language),
                "link": context.get("link", ""),
                "due": context.get("due"),
            }
        )
    if not entries:
        return None
    return {
        "date": _revive(digest.context.get("date")),
        "entries": entries,
        "count": len(entries),
        "link": site_link("/"),  # the home page: everything that waits for the person
    }


def _digest_items_sent(digest: Notification, now) -> None:
    for item in digest.items.filter(status=Status.PENDING):
        _close(item, Status.SENT, now)
        _after_send(item)

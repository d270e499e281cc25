"""The audit log: who changed what, when and from where, in words a person reads ("Twente: rapportage 2015
teruggestuurd"); every download or export; logins, failed logins and logouts.

- **Changes** are logged where they happen: each service that changes something calls `audit_change`
  inside its own transaction, so the event is written exactly when the change commits and never for a
  change that was refused, invalid or rolled back. The actor is the service's acting user (or the
  signed-in user of the request in progress); the request's address and path come from the middleware.
- **Downloads and exports** are logged by `AuditMiddleware` after a successful GET of a download URL.
- **Logins** by the auth signals; **admin changes** from the Django admin's own log entries.

Messages are English source texts marked with `gettext_noop`, stored untranslated with their parameters
and translated when the log is read (`AuditEvent.message`, `audit_text`).
"""

import contextlib
import contextvars
import datetime
import decimal
import logging
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext, gettext_noop

from .models import AuditEvent

logger = logging.getLogger("toptechniek.security")

# The request being answered, for the address, path and (when a service names no actor) the user.
_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)
# Set while the demo is loaded: building history through the services is not a person's change today.
_suppressed: contextvars.ContextVar = contextvars.ContextVar("audit_suppressed", default=False)


@contextlib.contextmanager
def audit_suppressed():
    """No change events inside this block (`seed_demo` builds years of history through the services)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


DOWNLOADS = {
    "monitoring:report_pdf",
    "monitoring:report_attachment_download",
    "peerreviews:review_attachment_download",
    "knowledge:attachment_download",
    "monitoring:realisations_csv",
    "monitoring:realisations_xlsx",
    "audits:placemat_pdf",
    "audits:placemats_zip",
    "dashboard:export_csv",
    "dashboard:export_xlsx",
}
DOWNLOAD_MESSAGES = {
    "monitoring:report_pdf": gettext_noop("%(object)s: report PDF downloaded"),
    "monitoring:report_attachment_download": gettext_noop("%(object)s: report attachment “%(file)s” downloaded"),
    "peerreviews:review_attachment_download": gettext_noop("%(object)s: peer-review attachment “%(file)s” downloaded"),
    "knowledge:attachment_download": gettext_noop("Event material “%(file)s” downloaded"),
    "monitoring:realisations_csv": gettext_noop("%(object)s: realisations exported (CSV)"),
    "monitoring:realisations_xlsx": gettext_noop("%(object)s: realisations exported (Excel)"),
    "audits:placemat_pdf": gettext_noop("%(object)s: placemat PDF downloaded"),
    "audits:placemats_zip": gettext_noop("%(object)s: all placemat PDFs downloaded"),
    "dashboard:export_csv": gettext_noop("%(object)s: dashboard exported (CSV)"),
    "dashboard:export_xlsx": gettext_noop("%(object)s: dashboard exported (Excel)"),
}
# An autosave that changes the same fields of the same object as the same person's previous event within
# this time adds nothing a reader needs: it is not logged again.
COALESCE = datetime.timedelta(minutes=15)


def client_ip(request) -> str | None:
    try:
        from axes.helpers import get_client_ip_address

        return get_client_ip_address(request) or None
    except Exception:  # noqa: BLE001 - the log must never break a request
        return request.META.get("REMOTE_ADDR") or None


def _source_text(value) -> str:
    """A lazily translated text as its English source (translated again when the log is read)."""
    with translation.override(None):
        return str(value)


def audit_change(
    *,
    action: str,
    message: str,
    params: dict | None = None,
    actor=None,
    object_label: str = "",
    fields: Iterable = (),
    coalesce: bool = False,
) -> AuditEvent | None:
    """Log a change made by a service, in the service's transaction.

    `action` is a stable code ("monitoring.report_return"); `message` an English text marked with
    `gettext_noop`, with `%(name)s` placeholders filled from `params` (plain values: names, years);
    `fields` the labels of the changed fields (lazy texts are stored as their source and translated when
    read); `object_label` what the office searches for (region and year). With `coalesce`, an event equal
    to the same person's previous one for this object within `COALESCE` is not written again (autosaves).
    """
    if _suppressed.get():
        return None
    request = _request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    stored = {key: value for key, value in (params or {}).items()}
    changed = sorted({_source_text(label) for label in fields})
    if changed:
        stored["fields"] = changed
    now = timezone.now()
    if coalesce and authenticated:
        previous = (
            AuditEvent.objects.filter(actor=actor, action=action, at__gte=now - COALESCE)
            .order_by("-at", "-pk")
            .values_list("object_label", "params")
            .first()
        )
        if previous is not None and previous == (object_label[:300], stored):
            return None
    return AuditEvent.objects.create(
        at=now,
        kind=AuditEvent.Kind.CHANGE,
        actor=actor if authenticated else None,
        actor_label=(actor.email if authenticated else "")[:254],
        action=action[:120],
        message=message[:200],
        params=stored,
        object_label=object_label[:300],
        path=request.path[:500] if request is not None else "",
        method=(request.method or "") if request is not None else "",
        ip=client_ip(request) if request is not None else None,
    )


# Parameters that hold source texts (a model's name) rather than data (a region's name): translated when read.
TRANSLATED_PARAMS = {"model"}
# Parameters that hold an amount of money (stored as text, exactly): shown with the reader's separators.
MONEY_PARAMS = {"amount"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(key: str, value):
    """A stored parameter as the reader reads it: translated, a date in words, an amount with separators."""
    if not isinstance(value, str):
        return value
    if key in TRANSLATED_PARAMS:
        return gettext(value)
    if key in MONEY_PARAMS:
        try:
            amount = decimal.Decimal(value)
        except decimal.InvalidOperation:
            return value
        places = 0 if amount == amount.to_integral_value() else 2
        return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    if ISO_DATE.fullmatch(value):
        day = parse_date(value)
        return formats.date_format(day, "DATE_FORMAT") if day else value
    return value


def audit_text(event: AuditEvent) -> str:
    """The event in the reader's language; events from before messages existed show their URL name."""
    if not event.message:
        return " ".join(part for part in (event.action, event.object_label) if part)
    values = {key: _shown(key, value) for key, value in (event.params or {}).items() if key != "fields"}
    try:
        return gettext(event.message) % values
    except (KeyError, TypeError, ValueError):
        return event.message % values if "%(" not in event.message else event.message


def audit_fields(event: AuditEvent) -> list[str]:
    """The changed fields' labels in the reader's language."""
    return [gettext(label) for label in (event.params or {}).get("fields", [])]


def audit_record(
    *, kind: str, request, action: str, object_label: str = "", user=None, status=None, message="", params=None
):
    """Log a request-bound event (download, login): never breaks the request it belongs to."""
    user = user if user is not None else getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    try:
        AuditEvent.objects.create(
            at=timezone.now(),
            kind=kind,
            actor=user if authenticated else None,
            actor_label=(user.email if authenticated else "")[:254],
            action=action[:120],
            message=message[:200],
            params=params if params is not None else ({"object": object_label} if message else {}),
            object_label=object_label[:300],
            path=request.path[:500],
            method=request.method or "",
            status=status,
            ip=client_ip(request),
        )
    except Exception:  # noqa: BLE001
        logger.exception("audit event could not be written: %s %s", kind, action)


def _download_file(response) -> str:
    """The file name the browser saves, from Content-Disposition ("" when the answer is no file)."""
    disposition = response.get("Content-Disposition", "")
    if not disposition.startswith("attachment"):
        return ""
    encoded = re.search(r"filename\*=utf-8''([^;]+)", disposition, re.IGNORECASE)
    if encoded:
        return unquote(encoded.group(1))[:200]
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1)[:200] if match else ""


# How an app names the object of a path's "slug" in words (a region's URL key "31-twente" → "Twente"):
# registered from the AppConfig.ready() of the app that owns the URLs; None when it is not theirs.
SLUG_NAMERS: list[Callable[[str], str | None]] = []


def _download_label(request, match) -> str:
    """The downloaded object in words: the region or programme and the year (from the path or the query)."""
    source = match.kwargs if match.kwargs.get("slug") else request.GET
    parts = [str(source[key]) for key in ("slug", "programme", "year") if source.get(key)]
    if parts and source is match.kwargs:
        parts[0] = next((name for namer in SLUG_NAMERS if (name := namer(parts[0]))), parts[0])
    return " ".join(parts)[:300]


class AuditMiddleware:
    """Makes the request known to `audit_change`, and logs successful downloads and exports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and request.method == "GET"
            and response.status_code == 200
            and match.view_name in DOWNLOADS
        ):
            # Only a file that went out: the "being prepared" and "could not be made" pages are no download.
            file_name = _download_file(response)
            if file_name:
                label = _download_label(request, match)
                audit_record(
                    kind=AuditEvent.Kind.DOWNLOAD,
                    request=request,
                    action=match.view_name,
                    object_label=f"{label} {file_name}".strip(),
                    status=response.status_code,
                    message=DOWNLOAD_MESSAGES[match.view_name],
                    params={"object": label or file_name, "file": file_name},
                )
        return response


@receiver(auth_signals.user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        audit_record(
            kind=AuditEvent.Kind.LOGIN,
            request=request,
            action="accounts:login",
            user=user,
            message=gettext_noop("Logged in"),
        )


@receiver(auth_signals.user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        audit_record(
            kind=AuditEvent.Kind.LOGOUT,
            request=request,
            action="accounts:logout",
            user=user,
            message=gettext_noop("Logged out"),
        )


@receiver(auth_signals.user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = str(credentials.get("username", ""))[:254]
    audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        action="accounts:login",
        object_label=username,
        message=gettext_noop("Failed login for %(object)s"),
    )


ADMIN_MESSAGES = {
    ADDITION: gettext_noop("Admin: %(model)s “%(object)s” added"),
    CHANGE: gettext_noop("Admin: %(model)s “%(object)s” changed"),
    DELETION: gettext_noop("Admin: %(model)s “%(object)s” deleted"),
}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit-admin-change")
def _admin_changed(sender, instance: LogEntry, created: bool, **kwargs):
    """A change through the Django admin (which bypasses the services) is logged from its own log entry."""
    if not created:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    audit_change(
        action=f"admin.{instance.content_type.app_label}.{instance.content_type.model}"
        if instance.content_type_id
        else "admin",
        message=ADMIN_MESSAGES.get(instance.action_flag, ADMIN_MESSAGES[CHANGE]),
        params={
            "model": _source_text(model._meta.verbose_name) if model else "",
            "object": instance.object_repr[:200],
        },
        actor=instance.user,
        object_label=instance.object_repr[:300],
    )

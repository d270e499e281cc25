"""The audit log: every successful change (POST and the like) and every download or export, by URL name
and its arguments, plus logins, failed logins and logouts (auth signals). Who, when, what, from where.

One INSERT per logged request. The report editor's autosave is left out (its sections keep their own
version counters, and a typing user would flood the log); its submit and every transition are logged.
"""

import logging

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.utils import timezone

from .models import AuditEvent

logger = logging.getLogger("toptechniek.security")

CHANGE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Autosaves (sections and scorings keep their own history) and the session keep-alive are not changes anyone
# needs to read back; logging them would flood the log while someone types.
NOT_LOGGED = {"monitoring:report_save", "audits:scoring_autosave", "accounts:keep_alive", "set_language"}
DOWNLOADS = {
    "monitoring:report_pdf",
    "monitoring:report_attachment_download",
    "peerreviews:review_attachment_download",
    "monitoring:realisations_csv",
    "monitoring:realisations_xlsx",
    "audits:placemat_pdf",
    "audits:placemats_zip",
    "dashboard:export_csv",
    "dashboard:export_xlsx",
}


def client_ip(request) -> str | None:
    try:
        from axes.helpers import get_client_ip_address

        return get_client_ip_address(request) or None
    except Exception:  # noqa: BLE001 - the log must never break a request
        return request.META.get("REMOTE_ADDR") or None


def _label(match) -> str:
    return " ".join(f"{key}={value}" for key, value in sorted(match.kwargs.items()))[:300]


def audit_record(*, kind: str, request, action: str, object_label: str = "", user=None, status=None) -> None:
    user = user if user is not None else getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    try:
        AuditEvent.objects.create(
            at=timezone.now(),
            kind=kind,
            actor=user if authenticated else None,
            actor_label=(user.email if authenticated else "")[:254],
            action=action[:120],
            object_label=object_label[:300],
            path=request.path[:500],
            method=request.method or "",
            status=status,
            ip=client_ip(request),
        )
    except Exception:  # noqa: BLE001
        logger.exception("audit event could not be written: %s %s", kind, action)


class AuditMiddleware:
    """After the view: log successful changes and downloads (goes after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or response.status_code >= 400 or match.view_name in NOT_LOGGED:
            return response
        if match.view_name.startswith("accounts:log"):  # login/logout: the auth signals log them
            return response
        if request.method in CHANGE_METHODS:
            kind = AuditEvent.Kind.CHANGE
        elif request.method == "GET" and match.view_name in DOWNLOADS and response.status_code == 200:
            kind = AuditEvent.Kind.DOWNLOAD
        else:
            return response
        audit_record(
            kind=kind, request=request, action=match.view_name, object_label=_label(match), status=response.status_code
        )
        return response


@receiver(auth_signals.user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        audit_record(kind=AuditEvent.Kind.LOGIN, request=request, action="accounts:login", user=user)


@receiver(auth_signals.user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        audit_record(kind=AuditEvent.Kind.LOGOUT, request=request, action="accounts:logout", user=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = str(credentials.get("username", ""))[:254]
    audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        action="accounts:login",
        object_label=f"username={username}",
    )

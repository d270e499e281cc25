"""Access middleware: second factor before any page, and idle / absolute session timeouts."""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor

log = logging.getLogger("toptechniek.security")

# URL names an unverified user may still open.
TWO_FACTOR_EXEMPT = {
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:logout",
    "set_language",
    "favicon",
}

LAST_ACTIVITY_KEY = "tt_last_activity"
NO_DEVICE_KEY = "tt_no_2fa_device"
STARTED_KEY = "tt_session_started"


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: unverified users with a device verify first; office, staff
    and superusers without a device set one up first (when TWO_FACTOR_REQUIRED is on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in TWO_FACTOR_EXEMPT:
            return None
        if user.is_verified():
            return None
        # Remember in the session that this user had no device, so ordinary pages do not pay two device
        # queries on every request. A device set up in this session verifies it (is_verified above).
        if request.session.get(NO_DEVICE_KEY) == user.pk:
            has_device = False
        else:
            has_device = two_factor.has_confirmed_device(user)
            if not has_device:
                request.session[NO_DEVICE_KEY] = user.pk
        if has_device:
            target = "accounts:two_factor_verify"
        elif two_factor.is_required_for(user):
            target = "accounts:two_factor_setup"
        else:
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


# Every response to a signed-in request says how many seconds of idleness the session has left, so the page's
# script (static/js/session-timeout.js) can warn before it ends; autosaves and the keep-alive reset it.
IDLE_REMAINING_HEADER = "X-Session-Idle-Remaining"


def wants_json(request) -> bool:
    """A script's request (autosave, keep-alive, counts) rather than a page: it gets JSON, never a redirect."""
    if request.headers.get("X-Requested-With") == "fetch":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def session_touch(request) -> None:
    """Count this moment as activity (the keep-alive): written at once, whatever the resolution."""
    request.session[LAST_ACTIVITY_KEY] = time.time()


def idle_remaining(request) -> int | None:
    """Seconds before the idle timeout ends this session; None when nobody is signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return settings.SESSION_IDLE_TIMEOUT
    return max(0, int(settings.SESSION_IDLE_TIMEOUT - (time.time() - last)))


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's, except that a script's request from a signed-out session (an autosave after the session
    ended) gets a JSON 401 with the login address instead of a redirect to the login page's HTML."""

    def handle_no_permission(self, request, view_func):
        if wants_json(request):
            return JsonResponse(
                {"status": "logged_out", "login_url": resolve_url(self.get_login_url(view_func))}, status=401
            )
        return super().handle_no_permission(request, view_func)


class SessionTimeoutMiddleware:
    """Logs out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
    seconds after login whatever the activity. Goes after the message middleware.

    Tells the page how long the session has left: `request.session_idle` for the template that renders the
    warning, and the X-Session-Idle-Remaining header on every signed-in response."""

    # Write the activity time at most this often (seconds) to spare the session store.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
            # For the warning's template (templates/accounts/_session_timeout.html).
            request.session_idle = {"remaining": idle_remaining(request), "warn_before": settings.SESSION_IDLE_WARNING}
        response = self.get_response(request)
        remaining = idle_remaining(request)
        if remaining is not None:
            response.headers[IDLE_REMAINING_HEADER] = str(remaining)
        return response

    def _check(self, request):
        session = request.session
        now = time.time()
        idle = settings.SESSION_IDLE_TIMEOUT
        absolute = settings.SESSION_ABSOLUTE_TIMEOUT
        started = session.get(STARTED_KEY)
        last = session.get(LAST_ACTIVITY_KEY)
        if started is None:
            session[STARTED_KEY] = started = now
        if last is not None and now - last > idle:
            self._logout(request, "idle")
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes of inactivity. Please log in again.")
                % {"minutes": idle // 60},
            )
            return
        if now - started > absolute:
            self._logout(request, "absolute")
            messages.info(
                request,
                _("Your session ended after %(hours)d hours. Please log in again.") % {"hours": absolute // 3600},
            )
            return
        # A short idle timeout (tests, a strict deployment) gets a finer resolution, or pages would not count.
        resolution = min(self.RESOLUTION, max(1, idle // 10))
        if last is None or now - last >= resolution:
            session[LAST_ACTIVITY_KEY] = now

    @staticmethod
    def _logout(request, reason):
        log.info("session of user %s ended (%s timeout)", request.user.pk, reason)
        logout(request)

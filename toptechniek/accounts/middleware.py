"""Access middleware: second factor before any page, and idle / absolute session timeouts."""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
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


class SessionTimeoutMiddleware:
    """Logs out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
    seconds after login whatever the activity. Goes after the message middleware."""

    # Write the activity time at most this often (seconds) to spare the session store.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

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
        if last is None or now - last >= self.RESOLUTION:
            session[LAST_ACTIVITY_KEY] = now

    @staticmethod
    def _logout(request, reason):
        log.info("session of user %s ended (%s timeout)", request.user.pk, reason)
        logout(request)

"""Sign in with an e-mail link: ask for it, open it (in the browser that asked), or type its code there."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from toptechniek.common.audit import client_ip

from . import email_signin
from .forms import EmailAddressForm, SignInCodeForm
from .views import speak_users_language

# What the asking browser keeps in its session while it waits for the mail.
BROWSER_KEY = "tt_sign_in_browser"
FAILS_KEY = "tt_sign_in_fails"
NEXT_KEY = "tt_sign_in_next"
SESSION_KEYS = (BROWSER_KEY, FAILS_KEY, NEXT_KEY)


def _safe_next(request, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _minutes() -> int:
    return settings.SIGN_IN_LINK_TIMEOUT // 60


def _forget(request) -> None:
    for key in SESSION_KEYS:
        request.session.pop(key, None)


def _sign_in(request, user):
    """Log in through Django's login(): a new session key, the auth signals (security and audit log)."""
    target = _safe_next(request, request.session.get(NEXT_KEY, ""))
    _forget(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # A second-factor device is still asked for on the next page (TwoFactorMiddleware).
    return speak_users_language(redirect(target or resolve_url(settings.LOGIN_REDIRECT_URL)), user)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link_request(request):
    """The address to mail a link and a code to; the same answer whether or not it has an account."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    form = EmailAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        browser = email_signin.browser_value_new()
        if email_signin.sign_in_link_request(email=form.cleaned_data["email"], browser=browser, ip=client_ip(request)):
            request.session[BROWSER_KEY] = browser
            request.session[FAILS_KEY] = 0
            request.session[NEXT_KEY] = next_url
            return redirect("accounts:sign_in_code")
        context = {"form": form, "next": next_url, "minutes": _minutes(), "throttled": True}
        return render(request, "accounts/sign_in_link.html", context, status=429)
    return render(request, "accounts/sign_in_link.html", {"form": form, "next": next_url, "minutes": _minutes()})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """After asking: "check your mail"; open the link in this browser, or type the code here."""
    browser = request.session.get(BROWSER_KEY)
    if not browser:
        return redirect("accounts:sign_in_link")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = email_signin.sign_in_code_use(browser=browser, code=form.cleaned_data["code"])
        if user is not None:
            return _sign_in(request, user)
        fails = request.session.get(FAILS_KEY, 0) + 1
        if fails >= settings.SIGN_IN_CODE_ATTEMPTS:
            _forget(request)
            messages.error(request, _("Too many wrong codes: that code no longer works. Ask for a new link."))
            return redirect("accounts:sign_in_link")
        request.session[FAILS_KEY] = fails
        form.add_error(
            "code", _("That code is not right, or no longer valid. Check the newest mail, or ask for a new link.")
        )
    return render(
        request,
        "accounts/sign_in_code.html",
        {"form": form, "minutes": _minutes()},
    )


@login_not_required
@never_cache
@require_GET  # not HEAD: a mail scanner's probe must not spend the link
def sign_in_link_use(request, token):
    """The link from the mail: logs in when opened in the browser that asked; elsewhere it explains."""
    browser = request.session.get(BROWSER_KEY)
    user = email_signin.sign_in_link_use(token=token, browser=browser)
    if user is not None:
        return _sign_in(request, user)
    state = email_signin.sign_in_link_state(token=token, browser=browser)
    return render(request, "accounts/sign_in_link_invalid.html", {"other_browser": state == "other_browser"})

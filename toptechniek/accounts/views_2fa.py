"""Second-factor pages: security overview, setup, verify, disable and new recovery codes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from . import two_factor
from .forms import DisableForm, RecoveryCodeForm, TokenForm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


def _show_codes(request, codes):
    return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def _security_page(request, *, disable_form=None, status=200):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "enabled": two_factor.has_confirmed_device(user),
            "required": two_factor.is_required_for(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "disable_form": disable_form or DisableForm(),
        },
        status=status,
    )


@require_safe
@never_cache
def security(request):
    return _security_page(request)


@require_http_methods(["GET", "POST"])
@never_cache
def setup(request):
    user = request.user
    if two_factor.has_confirmed_device(user):
        # Adding a device needs the existing one first; a verified user manages it on the security page.
        return redirect("accounts:security" if user.is_verified() else "accounts:two_factor_verify")
    device = two_factor.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_setup(user, device, form.cleaned_data["token"].replace(" ", ""))
        if codes is not None:
            device.refresh_from_db()
            request.session.cycle_key()  # a new key for the now fully authenticated session
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return _show_codes(request, codes)
        form.add_error("token", _("That code is not right. Check the time on your phone and try the newest code."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_of(device),
            "required": two_factor.is_required_for(user),
            "next": _next_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
def verify(request):
    user = request.user
    if not two_factor.has_confirmed_device(user):
        return redirect("accounts:two_factor_setup")
    if user.is_verified():
        return redirect(_next_url(request))
    token_form = TokenForm(request.POST if "token" in request.POST else None)
    recovery_form = RecoveryCodeForm(request.POST if "recovery_code" in request.POST else None)
    status = 200
    if request.method == "POST":
        form, field = (token_form, "token") if "token" in request.POST else (recovery_form, "recovery_code")
        if form.is_valid():
            device, throttled = two_factor.verify(user, form.cleaned_data[field])
            if device is not None:
                request.session.cycle_key()
                otp_login(request, device)
                if field == "recovery_code":
                    left = two_factor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        _("You used a recovery code; %(left)d are left. Make new ones on the security page.")
                        % {"left": left},
                    )
                return redirect(_next_url(request))
            if throttled:
                form.add_error(field, _("Too many wrong codes. Wait a little and try again."))
                status = 429
            else:
                form.add_error(field, _("That code is not right. Try again."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": token_form, "recovery_form": recovery_form, "next": _next_url(request)},
        status=status,
    )


@require_POST
@never_cache
def disable(request):
    """Switching the second factor off asks for a current code (or a recovery code) first: a session left
    open on someone's computer is not enough to weaken the account."""
    user = request.user
    if two_factor.is_required_for(user):
        raise Http404
    if not two_factor.has_confirmed_device(user):
        return redirect("accounts:security")
    form = DisableForm(request.POST)
    status = 400
    if form.is_valid():
        device, throttled = two_factor.verify(user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            two_factor.disable(user)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:security")
        if throttled:
            form.add_error("code", _("Too many wrong codes. Wait a little and try again."))
            status = 429
        else:
            form.add_error("code", _("That code is not right. Check the time on your phone and try the newest code."))
    return _security_page(request, disable_form=form, status=status)


@require_POST
@never_cache
def recovery_codes_regenerate(request):
    user = request.user
    if not two_factor.has_confirmed_device(user):
        return redirect("accounts:security")
    codes = two_factor.regenerate_recovery_codes(user)
    messages.success(request, _("New recovery codes made; the old ones no longer work."))
    return _show_codes(request, codes)

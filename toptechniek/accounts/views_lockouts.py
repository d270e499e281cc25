"""Office pages: current login lockouts and unlocking them."""

from datetime import timedelta

from axes.helpers import get_cool_off
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from toptechniek.common.views import require_perm

from . import lockouts


@require_safe
def lockout_list(request):
    require_perm(request, "accounts.manage_lockouts")
    attempts = list(lockouts.current_lockouts())
    cool_off = get_cool_off() or timedelta(0)
    for attempt in attempts:
        attempt.locked_until = attempt.attempt_time + cool_off
    addresses = lockouts.current_address_lockouts()
    for address in addresses:
        address["locked_until"] = address["last_attempt"] + cool_off
    return render(request, "accounts/lockout_list.html", {"attempts": attempts, "addresses": addresses})


@require_POST
def lockout_unlock(request, pk):
    require_perm(request, "accounts.manage_lockouts")
    attempt = get_object_or_404(lockouts.current_lockouts(), pk=pk)
    lockouts.unlock(attempt=attempt, by=request.user)
    messages.success(
        request,
        _("%(username)s can log in again from %(ip)s.") % {"username": attempt.username, "ip": attempt.ip_address},
    )
    return redirect("accounts:lockouts")


@require_POST
def lockout_address_unlock(request, ip_address):
    """Unlock a client address locked for every account (too many failures across usernames)."""
    require_perm(request, "accounts.manage_lockouts")
    if ip_address not in {row["ip_address"] for row in lockouts.current_address_lockouts()}:
        raise Http404
    lockouts.address_unlock(ip_address=ip_address, by=request.user)
    messages.success(request, _("Logging in from %(ip)s works again.") % {"ip": ip_address})
    return redirect("accounts:lockouts")

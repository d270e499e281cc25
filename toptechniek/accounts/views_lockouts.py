"""Office pages: current login lockouts and unlocking them."""

from datetime import timedelta

from axes.helpers import get_cool_off
from django.contrib import messages
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
    return render(request, "accounts/lockout_list.html", {"attempts": attempts})


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

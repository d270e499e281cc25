"""The keep-alive of a signed-in session: the idle-timeout warning's "Stay signed in" button pings it."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .middleware import idle_remaining, session_touch


@never_cache
@require_POST
def keep_alive(request):
    """Counts as activity and answers how many seconds the session now has left. POST (CSRF-checked) so that
    nothing but the page's own script can keep a session alive; a signed-out session gets the JSON 401 of
    LoginRequiredMiddleware (or the login redirect when not asked by a script)."""
    session_touch(request)
    return JsonResponse({"status": "ok", "idle_remaining": idle_remaining(request)})

"""The error pages: 400, 403, 404, 413, 500 and a failed CSRF check, in the user's language, with the site's
navigation and a way back (to "My tasks", or the login page, and to the page before).

Wired in toptechniek/urls.py (``handler400`` … ``handler500``), settings.CSRF_FAILURE_VIEW and
toptechniek.common.middleware.RequestSizeLimitMiddleware (413). The pages say nothing about what was asked
for: a forbidden object answers the same 404 as one that does not exist (see ``require_perm``), and the
exception's message is never shown.

Every page is rendered with the request's context (the navigation needs the user); when that fails (the
database is down, a template error: often the very cause of a 500) the page falls back to a fixed HTML
page in Dutch and English that needs nothing.
"""

import logging
from functools import cache

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

FALLBACK_HTML = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Er ging iets mis · Something went wrong · Toptechniek</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; line-height: 1.5; }
header { background: #003b6f; color: #fff; padding: .75rem 1rem; font-weight: bold; }
header a { color: #fff; text-decoration: none; }
main { max-width: 40rem; padding: 1rem; }
a { color: #0a58ca; }
</style>
</head>
<body>
<header><a href="/">Toptechniek</a></header>
<main>
<h1>Er ging iets mis</h1>
<p>Door een fout aan onze kant kon deze pagina niet worden getoond. De fout is vastgelegd.
Probeer het over een paar minuten opnieuw. Blijft het misgaan, neem dan contact op met het programmabureau.</p>
<p><a href="/">Naar Mijn taken</a></p>
<div lang="en">
<h2>Something went wrong</h2>
<p>An error on our side kept this page from being shown. The error has been logged.
Please try again in a few minutes. If it keeps happening, contact the programme office.</p>
<p><a href="/">Go to My tasks</a></p>
</div>
</main>
</body>
</html>
"""


def _back_url(request) -> str:
    """The page the user came from, when it is one of ours; else empty."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a disallowed host (a 400): no way back but the history
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def fallback_response(status: int) -> HttpResponse:
    return HttpResponse(FALLBACK_HTML, status=status, content_type="text/html; charset=utf-8")


def error_page(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    """The error page `template`, or the fixed fallback page when it cannot be rendered."""
    try:
        body = render_to_string(template, {"back_url": _back_url(request), **(context or {})}, request=request)
    except Exception:
        logger.exception("error page %s (%s) could not be rendered; the fallback page was sent", template, status)
        return fallback_response(status)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return error_page(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return error_page(request, "errors/403.html", 403)


# Paths of the read API: their errors are problem details (RFC 9457), not pages.
API_PATH_PREFIX = "/api/v1/"


def page_not_found(request, exception=None):
    if request.path.startswith(API_PATH_PREFIX):
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        return JsonResponse(
            {"type": "about:blank", "title": _("Not found"), "status": 404, "instance": request.get_full_path()},
            status=404,
            content_type="application/problem+json",
        )
    return error_page(request, "errors/404.html", 404)


def server_error(request):
    return error_page(request, "errors/500.html", 500)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: the form was open too long, or cookies are blocked.

    Rendering the page (its language form) sets a fresh CSRF cookie, so the form works after a reload.
    Django's own log line (django.security.csrf) keeps the reason."""
    return error_page(request, "errors/csrf.html", 403)


def request_too_large(request, *, limit: int):
    return error_page(request, "errors/413.html", 413, {"limit_mb": max(1, round(limit / (1024 * 1024)))})


# --- The favicon: browsers ask /favicon.ico without looking at the page -------------------------------


@cache
def _favicon_bytes() -> bytes | None:
    path = finders.find("favicon.ico")
    if path is None:
        return None
    with open(path, "rb") as handle:
        return handle.read()


@login_not_required
@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    data = _favicon_bytes()
    if data is None:
        raise Http404
    return HttpResponse(data, content_type="image/x-icon")

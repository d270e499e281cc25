"""Links in mails come from settings.SITE_URL; warn when it does not match the address the site is served at.

Two warnings, so a wrong SITE_URL (every link in every mail wrong) does not go unnoticed:

- at start-up, a system check (``common.W001``): SITE_URL's host is not in ALLOWED_HOSTS, so the site
  cannot even be served at the address the mails link to;
- at the first request to each other host, ``SiteUrlCheckMiddleware`` logs a warning once per process and
  host: the request came in at ``https://tt.example`` while the mails link to ``http://127.0.0.1:8000``.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register
from django.http.request import split_domain_port, validate_host

logger = logging.getLogger("toptechniek.site_url")


def site_host() -> tuple[str, str]:
    """(scheme, host[:port]) of SITE_URL, lower case."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme.lower(), parts.netloc.lower()


@register()
def check_site_url(app_configs=None, **kwargs):
    scheme, netloc = site_host()
    if scheme not in ("http", "https") or not netloc:
        return [
            Warning(
                f"SITE_URL {settings.SITE_URL!r} is not an absolute http(s) address; links in mails will not work.",
                hint="Set SITE_URL to the address people use, e.g. https://toptechniek.example.",
                id="common.W001",
            )
        ]
    domain, _port = split_domain_port(netloc)
    if settings.ALLOWED_HOSTS and not validate_host(domain, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"SITE_URL's host {domain!r} is not in ALLOWED_HOSTS: links in mails point to an address "
                "this site does not answer.",
                hint="Set SITE_URL to the address people use, and list its host in ALLOWED_HOSTS.",
                id="common.W001",
            )
        ]
    return []


_seen: set[str] = set()


def site_url_mismatch(request) -> str | None:
    """The address this request was served at when it differs from SITE_URL's; None when they match."""
    scheme, netloc = site_host()
    served = f"{request.scheme}://{request.get_host()}".lower()
    return None if served == f"{scheme}://{netloc}" else served


class SiteUrlCheckMiddleware:
    """Log once per process and host when a request arrives at another address than SITE_URL's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()
        if host not in _seen:
            _seen.add(host)
            served = site_url_mismatch(request)
            if served is not None:
                logger.warning(
                    "SITE_URL is %s but this site is served at %s: links in mails point to SITE_URL. "
                    "Set SITE_URL to the address people use.",
                    settings.SITE_URL,
                    served,
                )
        return self.get_response(request)

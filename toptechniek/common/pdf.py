"""The one PDF helper: render a template to HTML, then to PDF with WeasyPrint, fetching nothing outside static.

Every PDF of the application (monitor reports now, placemats next) goes through `render_pdf`:

    rendered = render_pdf(template="monitoring/report_pdf.html", context={...}, language="nl")
    rendered.html  # the HTML that was rendered (tests check the text here)
    rendered.pdf   # the PDF bytes

Resources: the template's `{% static %}` URLs are served from the static files (found with
django.contrib.staticfiles finders, or the collected STATIC_ROOT) by `StaticOnlyFetcher`. Every other
URL — http(s) to anywhere, file:// (also inside static: go through STATIC_URL), ftp, … — is refused,
so a PDF never makes a network request and never reads a file outside the static files, whatever
user text ends up in the template. `data:` URLs are allowed (they carry their own bytes).

Time: WeasyPrint cannot be interrupted safely from inside (signal alarms are not thread-safe), so the
bound on rendering time is the Celery soft time limit of the task that calls this
(CELERY_TASK_SOFT_TIME_LIMIT; the hard limit CELERY_TASK_TIME_LIMIT kills the worker child) plus the
size cap below, which keeps any single render small. In eager mode (`make run`) a render happens in
the request, bounded by the same size cap.
"""

import contextlib
import logging
import mimetypes
import os
import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join

logger = logging.getLogger(__name__)

# Relative URLs in the HTML (e.g. "/static/css/x.css" from {% static %}) resolve against this base.
# The `.invalid` top-level domain never resolves (RFC 2606), and the fetcher never goes online anyway.
FAKE_BASE_URL = "https://static.invalid/"
DEFAULT_MAX_HTML_BYTES = 2_000_000  # ~ a few hundred pages of text; override with settings.PDF_MAX_HTML_BYTES


class PdfError(ValueError):
    """The PDF cannot be made from this input (too large)."""


@dataclass(frozen=True)
class RenderedPdf:
    html: str
    pdf: bytes
    fetched: tuple[str, ...] = field(default=())  # URLs served from static files
    refused: tuple[str, ...] = field(default=())  # URLs the fetcher refused


_FONT_CONFIG = None  # weasyprint FontConfiguration, made on first render in this process


def _static_prefixes() -> list[str]:
    """The URL prefixes under which static files are served to WeasyPrint."""
    static_url = settings.STATIC_URL or "/static/"
    prefixes = [urljoin(FAKE_BASE_URL, static_url)]
    if urlsplit(static_url).scheme in ("http", "https"):  # a CDN STATIC_URL: {% static %} gives absolute URLs
        prefixes.append(static_url if static_url.endswith("/") else static_url + "/")
    return prefixes


def _static_roots() -> list[str]:
    """Every directory a static file may come from: STATIC_ROOT and each finder's locations."""
    roots = []
    if settings.STATIC_ROOT:
        roots.append(os.path.realpath(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(os.path.realpath(location))
    return roots


def static_file_for_url(url: str) -> str | None:
    """The absolute path of the static file that `url` names, or None when it names none."""
    parts = urlsplit(url)
    bare = parts._replace(query="", fragment="").geturl()
    prefix = next((p for p in _static_prefixes() if bare.startswith(p)), None)
    if prefix is None:
        return None
    name = unquote(bare[len(prefix) :])
    if not name or "\x00" in name or "\\" in name:
        return None
    normalised = posixpath.normpath(name)
    if normalised.startswith(("../", "/")) or normalised in ("..", "."):
        return None
    path = finders.find(normalised)
    if isinstance(path, list):  # find_all semantics never asked for; be safe
        path = path[0] if path else None
    if path is None and settings.STATIC_ROOT:  # collected (e.g. hashed manifest) names
        try:
            candidate = safe_join(settings.STATIC_ROOT, normalised)
        except SuspiciousFileOperation:
            return None
        path = candidate if os.path.isfile(candidate) else None
    if path is None or not os.path.isfile(path):
        return None
    real = os.path.realpath(path)  # a symlink inside static must not lead outside it
    if not any(real == root or real.startswith(root + os.sep) for root in _static_roots()):
        return None
    return real


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves static files and data: URLs; refuses everything else with ValueError."""

        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)  # DataHandler only: allowed_protocols stops the rest
            path = static_file_for_url(url) if scheme in ("http", "https") else None
            if path is None:
                self.refused.append(url)
                logger.warning("pdf: refused to fetch %s (only static files are served)", url[:200])
                raise ValueError(f"PDF rendering fetches static files only; refused {url[:200]}")
            with open(path, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            self.fetched.append(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnlyFetcher


def render_pdf(
    *, template: str, context: dict, language: str | None = None, base_url: str | None = None
) -> RenderedPdf:
    """Render `template` with `context` (in `language`, else the active one) to HTML and to a PDF.

    Raises PdfError when the HTML is larger than settings.PDF_MAX_HTML_BYTES.
    """
    with translation.override(language) if language else contextlib.nullcontext():
        html = render_to_string(template, context)
        limit = getattr(settings, "PDF_MAX_HTML_BYTES", DEFAULT_MAX_HTML_BYTES)
        size = len(html.encode("utf-8"))
        if size > limit:
            raise PdfError(f"HTML for {template} is {size} bytes, over the limit of {limit}")

        from weasyprint import HTML  # imported here: heavy, and only workers (and eager runs) need it
        from weasyprint.text.fonts import FontConfiguration

        fetcher = _fetcher_class()()
        global _FONT_CONFIG
        if _FONT_CONFIG is None:  # one per process: a new one per render leaks memory
            _FONT_CONFIG = FontConfiguration()
        pdf = HTML(string=html, base_url=base_url or FAKE_BASE_URL, url_fetcher=fetcher).write_pdf(
            font_config=_FONT_CONFIG
        )
    logger.info("pdf rendered template=%s bytes=%s refused=%s", template, len(pdf), len(fetcher.refused))
    return RenderedPdf(html=html, pdf=pdf, fetched=tuple(fetcher.fetched), refused=tuple(fetcher.refused))

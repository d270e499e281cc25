"""A limit on the size of a whole request body, checked before anything reads it.

Django limits a body without files (DATA_UPLOAD_MAX_MEMORY_SIZE) and the upload handler limits each file
(UPLOAD_MAX_BYTES, toptechniek/common/uploads.py); this refuses any request whose declared Content-Length
is over REQUEST_MAX_BYTES with a 413 page, so a multipart body of many parts is not read at all. The proxy
in front should refuse the same (nginx: ``client_max_body_size``, docs/operations.md); this is the app's
own guard when it does not. A body without a Content-Length is read by Django as empty.
"""

import logging

from django.conf import settings

from .errors import request_too_large

logger = logging.getLogger("toptechniek.security")


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """After the session, locale, authentication and CSP middleware (the 413 page shows the navigation in
    the user's language) and before anything that reads the body (the CSRF check reads it in its
    process_view, which comes after every middleware's request phase)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BYTES
        length = _declared_length(request)
        if limit and length > limit:
            logger.info("request refused: body of %d bytes over REQUEST_MAX_BYTES=%d (%s)", length, limit, request.path)
            return request_too_large(request, limit=limit)
        return self.get_response(request)

"""One stored-PDF mechanism for every document the worker renders (monitor reports, placemats).

A document's PDF is a row of a concrete `StoredPdf` model (toptechniek.common.models) next to its owner, with
the file in Django's storage. The owner says what the PDF is made from with a *stamp* (e.g. its last change
and status); a PDF is fresh when its stamp matches and its file is in storage.

- `stored_pdf_request` (a page asks): returns the row; when it is stale and no render is on its way, it dates
  the request and enqueues the render on commit. The enqueue is `robust`: a broker that is down does not
  break the page; the request expires after the task's time limit and is made again.
- `stored_pdf_store` (the worker has rendered): under a lock on the owner's row, stores the file only if the
  owner still has the stamp it was rendered from (otherwise the caller renders again), keeps one file per
  stamp (another worker may have finished first), deletes the previous file after commit and the new file
  when the transaction fails, so storage never keeps an orphan.
- `stored_pdf_response`: the file as a download that is never sniffed and never cached by a proxy.
"""

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control


def stored_pdf_is_fresh(*, pdf, stamp: str) -> bool:
    """True when `pdf` was rendered from `stamp` and its file is in storage."""
    return pdf is not None and bool(pdf.file) and pdf.source_stamp == stamp and default_storage.exists(pdf.file.name)


def request_window() -> datetime.timedelta:
    """How long a requested render counts as on its way: the task's hard time limit plus a margin."""
    return datetime.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 180) + 30)


def stored_pdf_on_its_way(*, pdf, changed_at: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    """A render requested after the owner's last change, less than the task's time limit ago."""
    now = now or timezone.now()
    return (
        pdf is not None
        and pdf.requested_at is not None
        and pdf.requested_at >= changed_at
        and now - pdf.requested_at < request_window()
    )


def stored_pdf_request(
    *,
    model: type[models.Model],
    owner_field: str,
    owner: models.Model,
    stamp: str,
    changed_at: datetime.datetime,
    enqueue: Callable[[], object],
    now: datetime.datetime | None = None,
):
    """The owner's PDF row; when stale and nothing is on its way, the render is enqueued on commit."""
    now = now or timezone.now()
    with transaction.atomic():
        pdf, _created = model.objects.select_for_update().get_or_create(**{owner_field: owner})
        if stored_pdf_is_fresh(pdf=pdf, stamp=stamp) or stored_pdf_on_its_way(pdf=pdf, changed_at=changed_at, now=now):
            return pdf
        pdf.requested_at = now
        pdf.save(update_fields=["requested_at"])
        transaction.on_commit(enqueue, robust=True)
    return pdf


def stored_pdf_file_name(*, folder: str, parts: list[str], stamp: str) -> str:
    """folder/<parts>-<12 hex digits of the stamp>.pdf: a new name for every stamp."""
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    return f"{folder}/{'-'.join(parts)}-{digest}.pdf"


def stored_pdf_store(
    *,
    model: type[models.Model],
    owner_field: str,
    lock_owner: Callable[[], models.Model | None],
    stamp_of: Callable[[models.Model], str | None],
    stamp: str,
    data: bytes,
    file_name: str,
) -> tuple[str | None, bool]:
    """Store `data` rendered from `stamp`; (storage name, stored it?) or (None, False) when the owner moved on.

    `lock_owner()` loads the owner under a row lock (None when it is gone); `stamp_of(owner)` is its stamp now,
    or None when it should have no PDF any more (e.g. unpublished).
    """
    saved = ""
    try:
        with transaction.atomic():
            owner = lock_owner()
            if owner is None or stamp_of(owner) != stamp:
                return None, False
            pdf, _created = model.objects.select_for_update().get_or_create(**{owner_field: owner})
            if stored_pdf_is_fresh(pdf=pdf, stamp=stamp):  # another worker finished first
                return pdf.file.name, False
            old_name = pdf.file.name if pdf.file else ""
            saved = default_storage.save(file_name, ContentFile(data))
            pdf.file.name = saved
            pdf.checksum = hashlib.sha256(data).hexdigest()
            pdf.source_stamp = stamp
            pdf.rendered_at = timezone.now()
            pdf.save(update_fields=["file", "checksum", "source_stamp", "rendered_at"])
            if old_name and old_name != saved:
                transaction.on_commit(lambda: default_storage.delete(old_name))
    except BaseException:
        if saved:  # the row never came to point at it
            default_storage.delete(saved)
        raise
    return saved, True


def stored_pdf_response(*, pdf, download_name: str) -> FileResponse:
    response = FileResponse(
        default_storage.open(pdf.file.name, "rb"),
        as_attachment=True,
        filename=download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_cache=True)
    return response

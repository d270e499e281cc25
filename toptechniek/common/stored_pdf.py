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
- Failure: a render that fails for good (the HTML over its size limit, the task's soft time limit, any other
  error once the task's retries are spent) is stored on the row (`stored_pdf_fail`: the stamp, when, a
  `Failure` code), so the page says the PDF could not be made instead of "being prepared" for ever, and a
  page that polls does not queue a new render per visit. A failure belongs to one stamp: once the owner
  changes (the text shortened), the next request renders again. A too-large document stays failed until
  then; another failure is tried again after `FAILURE_RETRY_AFTER` (a worker or storage that was down).
  The task wraps its run in `stored_pdf_task_guard`, which records the failure on the last attempt only.
"""

import contextlib
import datetime
import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

FAILURE_RETRY_AFTER = datetime.timedelta(hours=1)  # a failure other than "too large" is tried again after this


class Failure(models.TextChoices):
    """Why a PDF could not be made (StoredPdf.failure)."""

    # Shown after "The PDF file could not be made: ".
    TOO_LARGE = "too_large", _("the document is too large.")
    TIMEOUT = "timeout", _("making it took too long.")
    ERROR = "error", _("something went wrong while making it.")


def failure_of(exc: BaseException) -> str:
    """The Failure code of an exception that ended a render."""
    from billiard.exceptions import SoftTimeLimitExceeded

    from .pdf import PdfError

    if isinstance(exc, PdfError):
        return Failure.TOO_LARGE
    if isinstance(exc, (SoftTimeLimitExceeded, TimeoutError)):
        return Failure.TIMEOUT
    return Failure.ERROR


def stored_pdf_failure(*, pdf, stamp: str, now: datetime.datetime | None = None) -> str:
    """The Failure code when the render of `stamp` failed for good and is not to be tried again yet, else ""."""
    if pdf is None or not pdf.failure or pdf.failed_stamp != stamp:
        return ""
    if pdf.failure != Failure.TOO_LARGE and pdf.failed_at is not None:
        if (now or timezone.now()) - pdf.failed_at >= FAILURE_RETRY_AFTER:
            return ""
    return pdf.failure


def failure_message(failure: str) -> str:
    """The reason a page shows for a Failure code."""
    return str(Failure(failure).label) if failure in Failure.values else str(Failure.ERROR.label)


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
    """The owner's PDF row; when stale, not on its way and not failed, the render is enqueued on commit."""
    now = now or timezone.now()
    with transaction.atomic():
        pdf, _created = model.objects.select_for_update().get_or_create(**{owner_field: owner})
        if (
            stored_pdf_is_fresh(pdf=pdf, stamp=stamp)
            or stored_pdf_on_its_way(pdf=pdf, changed_at=changed_at, now=now)
            or stored_pdf_failure(pdf=pdf, stamp=stamp, now=now)
        ):
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
            pdf.failed_stamp, pdf.failed_at, pdf.failure = "", None, ""
            pdf.save(
                update_fields=[
                    "file",
                    "checksum",
                    "source_stamp",
                    "rendered_at",
                    "failed_stamp",
                    "failed_at",
                    "failure",
                ]
            )
            if old_name and old_name != saved:
                transaction.on_commit(lambda: default_storage.delete(old_name))
    except BaseException:
        if saved:  # the row never came to point at it
            default_storage.delete(saved)
        raise
    return saved, True


def stored_pdf_fail(
    *,
    model: type[models.Model],
    owner_field: str,
    lock_owner: Callable[[], models.Model | None],
    stamp_of: Callable[[models.Model], str | None],
    failure: str,
    stamp: str | None = None,
) -> bool:
    """Record that the PDF of the owner could not be made; False when the owner is gone or moved on.

    `stamp` is the stamp that failed (None: the owner's stamp now, for a failure that surfaced outside the
    render). A failure of an older stamp is not recorded: the owner changed, and its next request renders."""
    with transaction.atomic():
        owner = lock_owner()
        current = stamp_of(owner) if owner is not None else None
        if current is None or (stamp is not None and stamp != current):
            return False
        pdf, _created = model.objects.select_for_update().get_or_create(**{owner_field: owner})
        if stored_pdf_is_fresh(pdf=pdf, stamp=current):  # another render made it meanwhile
            return False
        pdf.failed_stamp, pdf.failed_at, pdf.failure = current, timezone.now(), failure
        pdf.save(update_fields=["failed_stamp", "failed_at", "failure"])
    logger.warning("pdf of %s %s could not be made: %s", model.__name__, owner.pk, failure)
    return True


@contextlib.contextmanager
def stored_pdf_task_guard(*, task, fail: Callable[[str], object], retry_for: tuple[type[BaseException], ...] = ()):
    """Run a PDF task's body; an exception that ends the task (not one its autoretry will try again) is
    recorded with `fail(failure code)` before it propagates, so the page shows it instead of "pending"."""
    try:
        yield
    except Exception as exc:
        retries_left = task.request.retries < (task.max_retries or 0)
        if not (isinstance(exc, retry_for) and retries_left):
            try:
                fail(failure_of(exc))
            except Exception:  # noqa: BLE001 - the render's own error is the one to report
                logger.exception("the failure of a PDF render could not be recorded")
        raise


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

"""Attachments: one place that decides what may be uploaded, how it is stored and how it is served.

- The type is read from the file's bytes, never from its name or the browser's Content-Type: PDF,
  PNG, JPEG, Office Open XML (docx, xlsx, pptx, without macros) and OpenDocument (odt, ods, odp).
  The stored name gets the extension of the type found, so "rapport.pdf" holding HTML is refused
  and "foto.jpg" holding a PNG is kept as "foto.png".
- The size limit (UPLOAD_MAX_BYTES) is enforced while the request body streams in:
  `UploadLimitHandler` is the first upload handler and drops a file the moment it passes the limit,
  before any byte beyond it reaches a temporary file; nothing over the limit reaches storage. The
  service checks the size again for callers that do not come through a request.
- Files are stored under a random name (attachments/<kind>/<uuid><ext>), never the user's name, and
  are served only through a view that checked the permission: always as a download
  (Content-Disposition: attachment), with nosniff and a sandboxing CSP, never inline. MEDIA_ROOT
  must not be served by the web server (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import StyledFormMixin

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileType:
    key: str
    extension: str
    content_type: str
    label: str  # or a lazy translation


TYPES = {
    t.key: t
    for t in (
        FileType("pdf", ".pdf", "application/pdf", "PDF"),
        FileType("png", ".png", "image/png", "PNG"),
        FileType("jpeg", ".jpg", "image/jpeg", "JPEG"),
        FileType("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
        FileType("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
        FileType(
            "pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"
        ),
        FileType("odt", ".odt", "application/vnd.oasis.opendocument.text", _("OpenDocument text")),
        FileType("ods", ".ods", "application/vnd.oasis.opendocument.spreadsheet", _("OpenDocument spreadsheet")),
        FileType("odp", ".odp", "application/vnd.oasis.opendocument.presentation", _("OpenDocument presentation")),
    )
}
ODF_MIMETYPES = {TYPES[k].content_type.encode(): TYPES[k] for k in ("odt", "ods", "odp")}
OOXML_MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
MAX_ZIP_ENTRIES = 5000


def allowed_types_text() -> str:
    return "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), PNG, JPEG"


def max_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def too_large_message() -> str:
    return _("The file is larger than %(max)s. Make it smaller or split it into parts.") % {
        "max": filesizeformat(max_bytes())
    }


class UploadRefused(ValidationError):
    pass


def _refuse(message, code: str) -> UploadRefused:
    return UploadRefused(message, code=code)


def _check_image(data: bytes, fmt: str) -> bool:
    """Pillow parses the header and verifies the structure (without decoding the pixels)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != fmt:
                return False
            image.verify()
    except Exception:  # noqa: BLE001 - any parse error means "not this type"
        return False
    return True


def _zip_type(data: bytes) -> FileType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _damaged() from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _damaged()
    names = {info.filename for info in infos}
    # OpenDocument: an uncompressed "mimetype" entry first, naming the kind of document.
    if infos and infos[0].filename == "mimetype" and infos[0].file_size < 100:
        found = ODF_MIMETYPES.get(archive.read("mimetype").strip())
        if found is not None:
            if any(name.lower().startswith("basic/") or name.lower().startswith("scripts/") for name in names):
                raise _refuse(_macro_message(), "macros")
            return found
    # Office Open XML: [Content_Types].xml plus the main part of a Word, Excel or PowerPoint file.
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        content_types = archive.read(info) if info.file_size < 1_000_000 else b""
        if b"macroEnabled" in content_types or any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _refuse(_macro_message(), "macros")
        for part, key in OOXML_MAIN_PARTS.items():
            if part in names:
                return TYPES[key]
    raise _refuse(_not_allowed_message(), "type")


def _macro_message():
    return _("Documents with macros are not accepted. Save it without macros (.docx, .xlsx or .pptx) and try again.")


def _not_allowed_message():
    return _("This type of file is not accepted. Accepted: %(types)s.") % {"types": allowed_types_text()}


def _damaged() -> UploadRefused:
    return _refuse(_("The file is damaged or not a document we accept."), "damaged")


def _read(file) -> bytes:
    """The whole upload (it is at most UPLOAD_MAX_BYTES, one more byte tells a larger one)."""
    file.seek(0)
    data = file.read(max_bytes() + 1)
    file.seek(0)
    if not data:
        raise _refuse(_("The file is empty."), "empty")
    if len(data) > max_bytes():
        raise _refuse(too_large_message(), "too_large")
    return data


def _type_of(data: bytes) -> FileType:
    if data.startswith(b"%PDF-"):
        if b"%%EOF" in data[-2048:]:
            return TYPES["pdf"]
        raise _damaged()
    for signature, fmt, key in ((b"\x89PNG\r\n\x1a\n", "PNG", "png"), (b"\xff\xd8\xff", "JPEG", "jpeg")):
        if data.startswith(signature):
            if _check_image(data, fmt):
                return TYPES[key]
            raise _damaged()
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    raise _refuse(_not_allowed_message(), "type")


def detect_type(file) -> FileType:
    """The type of an uploaded file from its content; UploadRefused (a ValidationError) when not accepted."""
    return _type_of(_read(file))


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def clean_filename(name: str, file_type: FileType) -> str:
    """The user's file name, made safe to show and to put in a header, with the extension of its real type."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        stem = name
    stem = _UNSAFE.sub("_", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")  # no control or format characters
    stem = re.sub(r"\s+", " ", stem).strip(" ._")[:100].strip(" ._")
    return f"{stem or 'bijlage'}{file_type.extension}"


class UploadLimitHandler(FileUploadHandler):
    """The first upload handler: drops a file the moment it passes UPLOAD_MAX_BYTES.

    Chunks up to the limit go on to Django's own handlers (memory or a temporary file); the chunk that
    crosses the limit raises SkipFile, which closes (and so deletes) what was buffered and discards the
    rest of the file as it streams in. The field name is noted on the request so the form can say why.
    """

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            too_large = getattr(self.request, "uploads_too_large", set())
            too_large.add(self.field_name)
            self.request.uploads_too_large = too_large
            logger.info("upload of %s refused: larger than %s bytes", self.field_name, max_bytes())
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def attachment_path(instance, filename: str) -> str:
    """Stored under a random name; the user's name lives in the row only."""
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"attachments/{instance._meta.model_name}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    """A file attached to something (concrete models add the foreign key to what it belongs to)."""

    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file_type = models.CharField(_("type"), max_length=10, choices=[(t.key, t.label) for t in TYPES.values()])
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def type_info(self) -> FileType:
        return TYPES[self.file_type]


def attachment_create(
    *, model, owner_field: str, owner, upload, description: str, actor, check=None, uploaded_at=None
) -> Attachment:
    """Check and store one upload and write its row; `owner_field` names the foreign key to `owner`.

    The size and the type are checked before anything is stored. Then, with the owner row locked,
    `check(owner)` (the app's state rule; raises ValidationError) and the limit per object are checked
    again, so concurrent uploads cannot pass them; when anything fails the stored file is removed.
    Call it outside a transaction of your own: a rollback after it returns would leave the file behind.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():  # before anything is read or stored
        raise _refuse(too_large_message(), "too_large")
    data = _read(upload)
    file_type = _type_of(data)
    limit = int(settings.UPLOAD_MAX_PER_OBJECT)
    stored = default_storage.save(attachment_path(model(), f"x{file_type.extension}"), upload)
    try:
        with transaction.atomic():
            locked = type(owner).objects.select_for_update().get(pk=owner.pk)
            if check is not None:
                check(locked)
            if model.objects.filter(**{owner_field: locked}).count() >= limit:
                raise ValidationError(
                    _("There are already %(count)s attachments, the most allowed. Remove one first.")
                    % {"count": limit},
                    code="too_many",
                )
            return model.objects.create(
                file=stored,
                name=clean_filename(getattr(upload, "name", ""), file_type),
                description=description.strip(),
                file_type=file_type.key,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=actor,
                uploaded_at=uploaded_at or timezone.now(),
                **{owner_field: locked},
            )
    except BaseException:
        default_storage.delete(stored)
        raise


def attachment_delete(*, attachment: Attachment) -> None:
    """Delete the row; the file goes once the transaction has committed."""
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


def attachment_response(*, attachment: Attachment):
    """The file as a download: attachment disposition, its checked type, nosniff, sandboxed, not cached."""
    from django.http import FileResponse
    from django.utils.cache import patch_cache_control

    file_type = attachment.type_info
    response = FileResponse(
        default_storage.open(attachment.file.name, "rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=file_type.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_store=True)
    return response


@dataclass
class AttachmentRow:
    attachment: Attachment
    download_url: str
    delete_url: str | None = None


def attachment_context(*, attachments, download_url, delete_url, upload_url: str | None, empty_text: str) -> dict:
    """What templates/common/_attachments.html needs. `download_url(a)` and `delete_url(a)` give each
    attachment's links (`delete_url` None when the user may not remove it); the form only with an upload_url."""
    rows = [AttachmentRow(a, download_url(a), delete_url(a)) for a in attachments]
    return {
        "attachment_rows": rows,
        "attachment_can_delete": any(row.delete_url for row in rows),
        "attachment_upload_url": upload_url,
        "attachment_form": AttachmentForm(auto_id="id_attachment_%s") if upload_url else None,
        "attachments_empty_text": empty_text,
    }


class AttachmentAdminMixin:
    """Attachments in the admin are for looking only: files come in through the checked upload views."""

    list_display = ["name", "file_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["file_type"]
    search_fields = ["name", "description"]
    readonly_fields = ["file", "name", "description", "file_type", "size", "sha256", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentForm(StyledFormMixin, forms.Form):
    """One file and an optional description. The checks on the file itself are the service's
    (toptechniek.common.uploads); this form only says when the upload handler dropped a file for its size."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = "file" in getattr(request, "uploads_too_large", set())
        if self.too_large:
            self.fields["file"].required = False
        self.fields["file"].help_text = _("%(types)s; at most %(max)s.") % {
            "types": allowed_types_text(),
            "max": filesizeformat(max_bytes()),
        }
        # A hint for the browser's file picker only; the content decides (uploads.detect_type).
        self.fields["file"].widget.attrs["accept"] = ",".join([*(t.extension for t in TYPES.values()), ".jpeg"])
        self.fields["file"].error_messages["required"] = _("Choose a file to upload.")

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            self.add_error("file", too_large_message())
        return cleaned

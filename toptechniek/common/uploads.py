"""Attachments: one place that decides what may be uploaded, how it is stored and how it is served.

- The type is read from the file's bytes, never from its name or the browser's Content-Type: PDF,
  PNG, JPEG, Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp).
  The stored name gets the extension of the type found, so "rapport.pdf" holding HTML is refused
  and "foto.jpg" holding a PNG is kept as "foto.png".
- Office and OpenDocument files are zips: every member is read to its end (`_Inspection`), and macros
  or other active content, and templates or objects fetched from elsewhere, are refused wherever they sit.
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
import itertools
import logging
import pyexpat
import re
import struct
import tempfile
import unicodedata
import uuid
import zipfile
import zlib
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


# What is inside a zip (OOXML, OpenDocument, and the packages nested in them) is inspected member by member,
# streamed in chunks whatever a member's size; only the budget below (the zip-bomb guard) stops the checks,
# and then the file is refused, never let through unchecked.
MAX_ZIP_ENTRIES = 5000  # members, nested packages included
MAX_ZIP_UNPACKED = 256 * 1024 * 1024  # bytes unpacked in all, declared and actually read
MAX_XML_PARSED = 64 * 1024 * 1024  # bytes of XML read by the parser (only parts that can hold something to refuse)
MAX_NESTING = 3  # packages inside packages (a workbook in a presentation in a document)
_CHUNK = 64 * 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: legacy Office, vbaProject.bin, OLE objects
ZIP_SIGNATURE = b"PK\x03\x04"
# Content types and relationship types that mean macros or active controls, wherever they are declared.
ACTIVE_WORDS = ("macroenabled", "vbaproject", "vbadata", "activex", "macrosheet")
# Compound files allowed inside an OOXML package: embedded objects (still refused when they hold a VBA project).
EMBEDDED_OLE_TYPES = {
    "application/vnd.openxmlformats-officedocument.oleobject",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.visio",
}
HYPERLINK_RELATIONSHIPS = {  # the only relationships that may point outside the file
    "http://schemas.openxmlformats.org/officedocument/2006/relationships/hyperlink",
    "http://purl.oclc.org/ooxml/officedocument/relationships/hyperlink",
}
_RELATIONSHIP_NAMESPACES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
_HYPERLINK_ELEMENTS = {"hyperlink", "hlinkClick", "hlinkHover", "hlinkMouseOver"}
_VML_RELID = "urn:schemas-microsoft-com:office:office relid"
_VBA_STORAGE = "_vba_project".encode("utf-16-le")  # the stream every VBA project has, as a compound-file name
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_SCRIPT = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
_ODF_FORM = "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
_XLINK_HREF = "http://www.w3.org/1999/xlink href"
_ODF_ACTIVE_ELEMENTS = {
    "applet",
    "plugin",
    "error-macro",
    "dde-connection-decl",
    "dde-connection",
    "dde-link",
    "dde-source",
}
_SCRIPT_URLS = ("vnd.sun.star.script:", "vnd.sun.star.basic:", "macro:")
# Only parts where one of these names (or a character reference, or a DTD) occurs are parsed; names cannot be
# escaped in XML, so a part without them has nothing the parser would refuse.
_OOXML_TRIGGER = re.compile(rb"[:<\s](?:instrText|instr|fldSimple|ddeLink|hlink\w*)[\s=/>]|<!(?:DOCTYPE|ENTITY)")
_ODF_TRIGGER = re.compile(
    rb"[:<](?:event-listener|error-macro|applet|plugin|dde-[\w-]+|script)[\s/>]|[:\s]href\s*="
    rb"|(?i:vnd\.sun\.star\.(?:script|basic)|macro:)|&#|<!(?:DOCTYPE|ENTITY)"
)
_XML_ENCODING = re.compile(rb"""<\?xml\b[^?]*?\bencoding\s*=\s*["']([^"']*)["']""")
_ASCII_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1", b"latin1", b"cp1252"}
_DDE_FIELD = re.compile(r"\s*dde(?:auto)?\b", re.IGNORECASE)
_LOCAL_SCHEMES = {"data", "cid", "mid", "vnd.sun.star.package", "vnd.sun.star.graphicobject"}


def _is_remote(target: str) -> bool:
    """Whether a link leaves the file for another machine: a URL (http, smb, …), a UNC path or file://host."""
    from urllib.parse import unquote

    t = unquote(target or "").strip().replace("\\", "/").lower()
    if t.startswith("//"):
        return True
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", t)
    if not scheme:
        return False  # relative: a part of the file itself
    name = scheme.group(1)
    if len(name) == 1:
        return False  # a drive letter
    if name == "file":
        rest = t[5:]
        if not rest.startswith("//"):
            return False
        host, _slash, path = rest[2:].partition("/")
        return host not in ("", "localhost") or path.startswith("/")
    return name not in _LOCAL_SCHEMES


def _plain_xml(first: bytes) -> bool:
    """Whether the part's names are plain ASCII bytes (UTF-8 and the like), so the triggers can be searched."""
    head = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
    head = head.lstrip()
    if not head.startswith(b"<"):
        return False  # UTF-16, EBCDIC, or not XML at all: parse it
    if head.startswith(b"<?xml"):
        end = head.find(b"?>", 0, 512)
        if end < 0:
            return False
        declared = _XML_ENCODING.match(head[: end + 2])
        if declared and declared.group(1).lower() not in _ASCII_ENCODINGS:
            return False
    return True


def _locals(attrs: dict) -> dict:
    return {key.rpartition(" ")[2]: value for key, value in attrs.items()}


class _Inspection:
    """One uploaded zip and the packages nested in it, checked within one budget."""

    def __init__(self):
        self.entries = 0
        self.unpacked = 0
        self.parsed = 0
        self.depth = 0  # of the package being inspected

    # -- reading ------------------------------------------------------------------------------------------

    def infos(self, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
        infos = archive.infolist()
        self.entries += len(infos)
        if self.entries > MAX_ZIP_ENTRIES or sum(info.file_size for info in infos) > MAX_ZIP_UNPACKED:
            raise _too_complex()
        seen = set()
        for info in infos:
            name = info.filename.replace("\\", "/").lower()
            if name in seen:  # two members under one name: which one counts depends on the program
                raise _damaged()
            seen.add(name)
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _damaged()  # encrypted, or compressed in a way Office and LibreOffice do not write
        return infos

    def chunks(self, archive, info, *, parsing: bool = False):
        """A member's bytes in chunks, unpacked here from its compressed data to the end of the stream, so what
        is checked is all that any program could unpack, whatever sizes the zip declares; a member whose
        unpacked size, checksum or local name differs from the directory's is refused as damaged."""
        source = archive.fp
        source.seek(info.header_offset)
        header = source.read(30)
        if len(header) < 30 or header[:4] != ZIP_SIGNATURE:
            raise _damaged()
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        name = source.read(name_length).decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        if name != info.orig_filename:
            raise _damaged()
        source.seek(extra_length, io.SEEK_CUR)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, size, crc = info.compress_size, 0, 0
        while left > 0:
            raw = source.read(min(_CHUNK, left))
            if not raw:
                raise _damaged()
            left -= len(raw)
            while raw:
                if inflater is None:
                    chunk, raw = raw, b""
                else:
                    try:
                        chunk = inflater.decompress(raw, _CHUNK)  # never more than a chunk at a time
                    except zlib.error as exc:
                        raise _damaged() from exc
                    raw = inflater.unconsumed_tail
                size += len(chunk)
                if parsing:
                    self.parsed += len(chunk)
                    if self.parsed > MAX_XML_PARSED:
                        raise _too_complex()
                else:
                    self.unpacked += len(chunk)
                    if self.unpacked > MAX_ZIP_UNPACKED:
                        raise _too_complex()
                crc = zlib.crc32(chunk, crc)
                if chunk:
                    yield chunk
        if inflater is not None:
            rest = inflater.flush()  # what zlib still holds once all input is in (a few bytes at most)
            size += len(rest)
            crc = zlib.crc32(rest, crc)
            if rest:
                yield rest
            if not inflater.eof or inflater.unused_data:
                raise _damaged()
        if size != info.file_size or crc != info.CRC:
            raise _damaged()

    def parse(self, archive, info, start, end=None, data=None) -> None:
        """Feed a part to expat in chunks; `start`/`end`/`data` are its handlers. A DTD is refused (Office and
        OpenDocument parts have none), so no entity can hide a name."""
        parser = pyexpat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True

        def no_dtd(*args):
            raise _damaged()

        parser.StartDoctypeDeclHandler = no_dtd
        parser.EntityDeclHandler = no_dtd
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if data is not None:
            parser.CharacterDataHandler = data
        try:
            for chunk in self.chunks(archive, info, parsing=True):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except pyexpat.ExpatError as exc:
            raise _damaged() from exc

    def member(self, archive, info, *, ole_allowed: bool, trigger=None) -> bool:
        """Stream one member: a compound file must be allowed here and hold no VBA project; a nested package
        is inspected as a whole; with `trigger`, whether this XML part needs parsing is returned."""
        chunks = self.chunks(archive, info)
        try:
            first = next(chunks, b"")
            if first.startswith(OLE_SIGNATURE):
                if not ole_allowed:
                    raise _refuse(_macro_message(), "macros")
                tail = b""
                for chunk in itertools.chain([first], chunks):
                    window = tail + chunk.lower()
                    if _VBA_STORAGE in window:
                        raise _refuse(_macro_message(), "macros")
                    tail = window[-len(_VBA_STORAGE) :]
                return False
            if first.startswith(ZIP_SIGNATURE):
                self.nested(itertools.chain([first], chunks))
                return False
            if trigger is None or not first:
                for _chunk in chunks:  # an image or other binary part: nothing in it runs; read to the end,
                    pass  # so its size and checksum are checked too
                return False
            if not _plain_xml(first):
                return True
            tail = b""
            for chunk in itertools.chain([first], chunks):
                if trigger.search(tail + chunk):
                    return True
                tail = chunk[-64:]
            return False
        finally:
            chunks.close()

    def nested(self, chunks) -> None:
        if self.depth >= MAX_NESTING:
            raise _too_complex()
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            for chunk in chunks:
                spool.write(chunk)
            spool.seek(0)
            try:
                archive = zipfile.ZipFile(spool)
            except (zipfile.BadZipFile, ValueError, OSError) as exc:
                raise _damaged() from exc
            self.depth += 1
            try:
                with archive:
                    self.package(archive)
            finally:
                self.depth -= 1

    # -- packages -----------------------------------------------------------------------------------------

    def package(self, archive: zipfile.ZipFile) -> None:
        infos = self.infos(archive)
        if infos and infos[0].filename == "mimetype":
            self.odf(archive, infos)
        elif any(info.filename == "[Content_Types].xml" for info in infos):
            self.ooxml(archive, infos)
        else:  # a plain zip nested in a document: only what can run
            for info in infos:
                if not info.is_dir():
                    self.member(archive, info, ole_allowed=True)

    def ooxml(self, archive, infos) -> None:
        defaults, overrides = {}, {}

        def content_types(name, attrs):
            attrs = _locals(attrs)
            kind = attrs.get("ContentType", "").strip().lower()
            if any(word in kind for word in ACTIVE_WORDS):
                raise _refuse(_macro_message(), "macros")
            local = name.rpartition(" ")[2]
            if local == "Default":
                defaults[attrs.get("Extension", "").lower()] = kind
            elif local == "Override":
                overrides[attrs.get("PartName", "").lstrip("/").lower()] = kind

        self.parse(archive, archive.getinfo("[Content_Types].xml"), content_types)

        def content_type(name: str) -> str:
            name = name.lower()
            return overrides.get(name) or defaults.get(name.rpartition(".")[2] if "." in name else "", "")

        # Relationships first: what may not be referenced, and which parts link outside (to hyperlinks only).
        external: dict[str, set[str]] = {}
        for info in infos:
            if info.filename.lower().endswith(".rels") and not info.is_dir():
                folder, _slash, file = info.filename.lower().rpartition("/")
                source = (folder[: -len("_rels")] + file[: -len(".rels")]).lstrip("/")
                self.parse(archive, info, self._relationships(external.setdefault(source, set())))
        for info in infos:
            name = info.filename
            lower = name.lower()
            if info.is_dir() or lower.endswith(".rels") or name == "[Content_Types].xml":
                continue
            kind = content_type(name)
            xml = lower.endswith(".xml") or (
                not kind.startswith("image/") and (kind.endswith("+xml") or kind in ("application/xml", "text/xml"))
            )  # (pictures in SVG are XML, but nothing in them runs)
            ole_allowed = kind.split(";")[0].strip() in EMBEDDED_OLE_TYPES
            needs_parse = self.member(archive, info, ole_allowed=ole_allowed, trigger=_OOXML_TRIGGER if xml else None)
            links = external.get(lower, set())
            if xml and (needs_parse or links):
                self._ooxml_part(archive, info, links)

    @staticmethod
    def _relationships(links: set[str]):
        def start(name, attrs):
            if name.rpartition(" ")[2] != "Relationship":
                return
            attrs = _locals(attrs)
            kind = attrs.get("Type", "").strip().lower()
            if any(word in kind for word in ACTIVE_WORDS):
                raise _refuse(_macro_message(), "macros")
            outside = attrs.get("TargetMode", "").strip().lower() == "external"
            if kind in HYPERLINK_RELATIONSHIPS:
                if outside:
                    links.add(attrs.get("Id", ""))
                return
            target = attrs.get("Target", "")
            if _is_remote(target):
                raise _refuse(_external_message(), "external")
            if outside and not kind.endswith("/attachedtemplate"):
                # Anything but a hyperlink that the program would fetch or run from outside the file. Word notes
                # the local template a document was made from (file:///C:/…/Huisstijl.dotx): that one may stay.
                raise _refuse(_external_message(), "external")

        return start

    def _ooxml_part(self, archive, info, links: set[str]) -> None:
        """DDE fields, macro and program actions, and links outside used for anything but a hyperlink."""
        fields: list[list] = []  # per open field: [code so far, still collecting]
        instr: list[str] | None = None

        def check_field(code: str) -> None:
            if _DDE_FIELD.match(code):
                raise _refuse(_macro_message(), "macros")

        def start(name, attrs):
            nonlocal instr
            local = name.rpartition(" ")[2]
            if local == "ddeLink":
                raise _refuse(_macro_message(), "macros")
            if local == "instrText":
                instr = []
            elif local == "fldSimple":
                check_field(_locals(attrs).get("instr", ""))
            elif local == "fldChar":
                kind = _locals(attrs).get("fldCharType", "")
                if kind == "begin":
                    fields.append(["", True])
                elif fields and kind in ("separate", "end"):
                    if fields[-1][1]:
                        check_field(fields[-1][0])
                        fields[-1][1] = False
                    if kind == "end":
                        fields.pop()
            elif local.startswith("hlink"):  # a click or mouse-over in a slide: a link, not a program or a macro
                action = _locals(attrs).get("action", "").strip().lower()
                if action.startswith(("ppaction://program", "ppaction://macro")):
                    raise _refuse(_macro_message(), "macros")
            if links and local not in _HYPERLINK_ELEMENTS and not links.isdisjoint(attrs.values()):
                for key, value in attrs.items():
                    if value in links and (key.rpartition(" ")[0] in _RELATIONSHIP_NAMESPACES or key == _VML_RELID):
                        raise _refuse(_external_message(), "external")

        def end(name):
            nonlocal instr
            if instr is not None and name.rpartition(" ")[2] == "instrText":
                text, instr = "".join(instr), None
                if fields and fields[-1][1]:
                    fields[-1][0] = (fields[-1][0] + text)[:256]
                else:
                    check_field(text)

        def data(text):
            if instr is not None and sum(map(len, instr)) < 256:
                instr.append(text)

        self.parse(archive, info, start, end, data)

    def odf(self, archive, infos) -> None:
        for info in infos:
            folders = info.filename.replace("\\", "/").lower().split("/")[:-1]
            if "basic" in folders or "scripts" in folders:  # Basic/…, Object 1/Basic/…, Scripts/python/…
                raise _refuse(_macro_message(), "macros")
        for info in infos[1:]:
            lower = info.filename.replace("\\", "/").lower()
            if info.is_dir():
                continue
            if lower == "meta-inf/manifest.xml" or lower.endswith("/meta-inf/manifest.xml"):
                self.parse(archive, info, self._manifest)
                continue
            xml = lower.endswith(".xml")
            if self.member(archive, info, ole_allowed=True, trigger=_ODF_TRIGGER if xml else None) and xml:
                self.parse(archive, info, self._odf_part)

    @staticmethod
    def _manifest(name, attrs):
        if name.rpartition(" ")[2] != "file-entry":
            return
        attrs = _locals(attrs)
        kind = attrs.get("media-type", "").lower()
        folders = attrs.get("full-path", "").replace("\\", "/").lower().split("/")
        if any(word in kind for word in ("script", "basic", "macro", "python", "vba")) or (
            "basic" in folders or "scripts" in folders
        ):
            raise _refuse(_macro_message(), "macros")

    @staticmethod
    def _odf_part(name, attrs):
        namespace, _space, local = name.rpartition(" ")
        if local in _ODF_ACTIVE_ELEMENTS or (local == "script" and namespace == _ODF_OFFICE):
            raise _refuse(_macro_message(), "macros")
        if local == "event-listener" and (
            namespace == _ODF_SCRIPT or _locals(attrs).get("action", "").strip().lower() == "execute"
        ):
            raise _refuse(_macro_message(), "macros")
        for key, value in attrs.items():
            if ":" in value and value.strip().lower().startswith(_SCRIPT_URLS):
                raise _refuse(_macro_message(), "macros")
            if key == _XLINK_HREF and local not in ("a", "event-listener") and namespace != _ODF_FORM:
                if _is_remote(value):  # a linked object, image, section, template or reload from elsewhere
                    raise _refuse(_external_message(), "external")


def _zip_type(data: bytes) -> FileType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _damaged() from exc
    inspection = _Inspection()
    infos = inspection.infos(archive)
    names = {info.filename for info in infos}
    # OpenDocument: an uncompressed "mimetype" entry first, naming the kind of document.
    if infos and infos[0].filename == "mimetype" and infos[0].file_size < 100:
        found = ODF_MIMETYPES.get(archive.read("mimetype").strip())
        if found is not None:
            inspection.odf(archive, infos)
            return found
    # Office Open XML: [Content_Types].xml plus the main part of a Word, Excel or PowerPoint file.
    if "[Content_Types].xml" in names:
        inspection.ooxml(archive, infos)
        for part, key in OOXML_MAIN_PARTS.items():
            if part in names:
                return TYPES[key]
    raise _refuse(_not_allowed_message(), "type")


def _macro_message():
    return _(
        "This file contains macros or other active content and cannot be uploaded. "
        "Save it without macros (for example as .docx or .pdf) and try again."
    )


def _external_message():
    return _(
        "This file refers to a template or object on another server or in another file and cannot be uploaded. "
        "Save it as a standalone document and try again."
    )


def _too_complex() -> UploadRefused:
    return _refuse(
        _("This file unpacks to too much data to be checked. Make it smaller or split it into parts and try again."),
        "too_complex",
    )


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
    if data.startswith(ZIP_SIGNATURE):
        return _zip_type(data)
    if data.startswith(OLE_SIGNATURE):  # .doc, .xls, .ppt, and Office files protected with a password
        raise _refuse(
            _(
                "Old Office files (.doc, .xls, .ppt) and files protected with a password are not accepted. "
                "Save it as .docx, .xlsx or .pptx without a password, or as PDF, and try again."
            ),
            "type",
        )
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

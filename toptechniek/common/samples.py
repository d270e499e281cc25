"""Small real files of every accepted type (and a few that must be refused), for the demo and the tests."""

import io
import zipfile


def pdf_bytes(text: str = "Toptechniek") -> bytes:
    """A one-page PDF with a line of text and a correct cross-reference table."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 50 750 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (11, 94, 215)).save(out, format=fmt)
    return out.getvalue()


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_bytes() -> bytes:
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", b"<w:document/>")])


def pptx_bytes() -> bytes:
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("ppt/presentation.xml", b"<p:presentation/>")])


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Toptechniek"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsm_bytes() -> bytes:
    """An Excel file with a macro project: refused whatever it is called."""
    return _zip(
        [
            (
                "[Content_Types].xml",
                CONTENT_TYPES.replace(b"application/xml", b"application/vnd.ms-excel.macroEnabled"),
            ),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/vbaProject.bin", b"\x00" * 64),
        ]
    )


def odt_bytes() -> bytes:
    return _zip(
        [("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document-content/>")],
        stored_first=True,
    )


def html_bytes() -> bytes:
    return b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def svg_bytes() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def store_sample_attachment(
    model, *, name: str, data: bytes | None = None, user=None, description: str = "", at=None, **owner
):
    """Attach `data` (a PDF by default) to `owner` through the same checks and storage as an upload, but
    without the owner's state rule: for demo data and tests that need an attachment in place."""
    from django.core.files.base import ContentFile

    from .uploads import attachment_create

    ((owner_field, owner_object),) = owner.items()
    return attachment_create(
        model=model,
        owner_field=owner_field,
        owner=owner_object,
        upload=ContentFile(data if data is not None else pdf_bytes(name), name=name),
        description=description,
        actor=user,
        uploaded_at=at,
    )

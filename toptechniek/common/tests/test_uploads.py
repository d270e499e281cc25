"""What may be uploaded is decided by the bytes; the size limit holds while the body streams in."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from toptechniek.common import samples
from toptechniek.common.uploads import TYPES, clean_filename, detect_type

ACCEPTED = [
    ("pdf", samples.pdf_bytes(), "verslag.pdf"),
    ("png", samples.image_bytes("PNG"), "foto.png"),
    ("jpeg", samples.image_bytes("JPEG"), "foto.jpg"),
    ("docx", samples.docx_bytes(), "plan.docx"),
    ("xlsx", samples.xlsx_bytes(), "cijfers.xlsx"),
    ("pptx", samples.pptx_bytes(), "dia.pptx"),
    ("odt", samples.odt_bytes(), "notulen.odt"),
]


@pytest.mark.parametrize(("key", "data", "name"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_upload_type_is_read_from_the_content(key, data, name):
    # Named as something else entirely: the content decides.
    assert detect_type(SimpleUploadedFile("misleading.txt", data, content_type="text/html")).key == key


REFUSED = [
    ("html named pdf", samples.html_bytes(), "type"),
    ("svg named png", samples.svg_bytes(), "type"),
    ("windows program", b"MZ\x90\x00" + b"\x00" * 200, "type"),
    ("macro workbook named xlsx", samples.xlsm_bytes(), "macros"),
    ("zip of anything", samples._zip([("readme.txt", b"hi")]), "type"),
    ("png header then html", b"\x89PNG\r\n\x1a\n" + samples.html_bytes(), "damaged"),
    ("jpeg header then html", b"\xff\xd8\xff\xe0" + samples.html_bytes(), "damaged"),
    ("pdf header without an end", b"%PDF-1.4\n<script>alert(1)</script>", "damaged"),
    ("broken zip", b"PK\x03\x04" + b"\x00" * 50, "damaged"),
    ("empty", b"", "empty"),
]


@pytest.mark.parametrize(("label", "data", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_upload_refused_with_a_reason(label, data, code):
    with pytest.raises(ValidationError) as info:
        detect_type(SimpleUploadedFile("rapport.pdf", data, content_type="application/pdf"))
    assert info.value.code == code
    assert info.value.messages[0]


def test_upload_refusal_names_what_is_accepted():
    with pytest.raises(ValidationError) as info:
        detect_type(SimpleUploadedFile("a.pdf", samples.html_bytes()))
    assert "PDF" in info.value.messages[0] and "JPEG" in info.value.messages[0]


@pytest.mark.parametrize(
    ("given", "key", "expected"),
    [
        ("Jaarplan 2014.PDF", "pdf", "Jaarplan 2014.pdf"),
        ("foto.jpg", "png", "foto.png"),  # the content was a PNG
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\x\\notulen.docx", "docx", "notulen.docx"),
        ('<script>alert("x")</script>.pdf', "pdf", "script.pdf"),  # "/" ends a path: only the last part counts
        ('<img src=x onerror="alert(1)">.pdf', "pdf", "img src=x onerror=_alert(1).pdf"),
        ("line\r\nbreak.pdf", "pdf", "line_break.pdf"),
        ("...", "pdf", "bijlage.pdf"),
        ("", "xlsx", "bijlage.xlsx"),
        ("verslag.tar.gz", "pdf", "verslag.tar.pdf"),
        ("Één ‮fdp.exe", "pdf", "Één fdp.pdf"),  # no right-to-left override to fake the extension
        ("a" * 300 + ".pdf", "pdf", "a" * 100 + ".pdf"),
    ],
)
def test_clean_filename_is_safe_and_ends_in_the_real_type(given, key, expected):
    assert clean_filename(given, TYPES[key]) == expected


def _multipart(size: int) -> RequestFactory:
    upload = SimpleUploadedFile("groot.pdf", b"%PDF-" + b"x" * (size - 5), content_type="application/pdf")
    return RequestFactory().post("/x/", {"file": upload, "description": "Jaarplan"})


def test_upload_handler_drops_a_file_over_the_limit_while_streaming(settings):
    settings.UPLOAD_MAX_BYTES = 200 * 1024
    request = _multipart(300 * 1024)
    assert "file" not in request.FILES  # dropped: not in memory, not in a temporary file, not stored
    assert request.uploads_too_large == {"file"}
    assert request.POST["description"] == "Jaarplan"  # the rest of the form is kept


def test_upload_handler_passes_a_file_at_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 200 * 1024
    request = _multipart(200 * 1024)
    assert request.FILES["file"].size == 200 * 1024
    assert not getattr(request, "uploads_too_large", set())


def test_upload_over_the_limit_never_reaches_a_temporary_file(settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # larger files go to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = _multipart(4 * 1024 * 1024)
    assert "file" not in request.FILES
    assert list(tmp_path.iterdir()) == []  # what was buffered up to the limit is gone


def test_attachment_form_says_the_file_is_too_large(settings):
    from toptechniek.common.uploads import AttachmentForm

    settings.UPLOAD_MAX_BYTES = 1024
    request = _multipart(4096)
    form = AttachmentForm(request.POST, request.FILES, request=request)
    assert not form.is_valid()
    assert "larger than 1.0\xa0KB" in form.errors["file"][0]
    assert form["description"].value() == "Jaarplan"

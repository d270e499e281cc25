"""The shared PDF helper: HTML and PDF out, static files in, nothing else fetched."""

import copy

import pytest

from toptechniek.common.pdf import FAKE_BASE_URL, PdfError, render_pdf, static_file_for_url

PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@pytest.fixture
def pdf_files(settings, tmp_path):
    """A template folder and a static folder of the test's own."""
    templates = tmp_path / "templates"
    static = tmp_path / "static"
    (templates / "pdftest").mkdir(parents=True)
    (static / "css").mkdir(parents=True)
    (static / "css" / "pdftest.css").write_text("@page { size: A5 } h1 { color: #123456 }")
    engines = copy.deepcopy(settings.TEMPLATES)
    engines[0]["DIRS"] = [templates, *engines[0]["DIRS"]]
    settings.TEMPLATES = engines
    settings.STATICFILES_DIRS = [static, *settings.STATICFILES_DIRS]

    def write(name: str, text: str) -> str:
        (templates / "pdftest" / name).write_text(text)
        return f"pdftest/{name}"

    return write


def test_render_pdf_returns_html_and_pdf(pdf_files):
    template = pdf_files("hello.html", "<h1>Hallo {{ name }}</h1><p>{{ html }}</p>")

    rendered = render_pdf(template=template, context={"name": "Friesland", "html": "<script>x</script>"})

    assert "<h1>Hallo Friesland</h1>" in rendered.html
    assert "&lt;script&gt;" in rendered.html  # the template escapes as anywhere else
    assert rendered.pdf.startswith(b"%PDF-")
    assert rendered.pdf.rstrip().endswith(b"%%EOF")


def test_render_pdf_in_the_language_asked(pdf_files):
    template = pdf_files("lang.html", "{% load i18n %}<p>{% translate 'Dutch' %}</p>")

    assert "<p>Nederlands</p>" in render_pdf(template=template, context={}, language="nl").html
    assert "<p>Dutch</p>" in render_pdf(template=template, context={}, language="en").html


def test_render_pdf_loads_a_static_stylesheet(pdf_files):
    template = pdf_files(
        "styled.html", '{% load static %}<link rel="stylesheet" href="{% static "css/pdftest.css" %}"><h1>x</h1>'
    )

    rendered = render_pdf(template=template, context={})

    assert rendered.fetched == (f"{FAKE_BASE_URL}static/css/pdftest.css",)
    assert rendered.refused == ()
    assert rendered.pdf.startswith(b"%PDF")


def test_render_pdf_refuses_network_and_files_outside_static(pdf_files):
    template = pdf_files(
        "hostile.html",
        '<link rel="stylesheet" href="https://evil.example/x.css">'
        '<img src="http://169.254.169.254/latest/meta-data/" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="">'
        '<img src="ftp://example.org/a.png" alt="">'
        f'<img src="{PIXEL}" alt=""><h1>Still rendered</h1>',
    )

    rendered = render_pdf(template=template, context={})

    assert rendered.pdf.startswith(b"%PDF")
    assert set(rendered.refused) == {
        "https://evil.example/x.css",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{FAKE_BASE_URL}static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "ftp://example.org/a.png",
    }
    assert rendered.fetched == ()  # the data: pixel needs no fetching from anywhere


def test_render_pdf_refuses_a_file_url_even_inside_static(pdf_files, settings):
    static_dir = settings.STATICFILES_DIRS[0]
    template = pdf_files("fileurl.html", f'<link rel="stylesheet" href="file://{static_dir}/css/pdftest.css">')

    rendered = render_pdf(template=template, context={})

    assert rendered.refused == (f"file://{static_dir}/css/pdftest.css",)


def test_render_pdf_does_not_open_a_connection(pdf_files, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("render_pdf tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    template = pdf_files("net.html", '<img src="https://example.org/a.png" alt=""><p>x</p>')

    rendered = render_pdf(template=template, context={})

    assert rendered.refused == ("https://example.org/a.png",)


def test_render_pdf_refuses_html_over_the_size_limit(pdf_files, settings):
    settings.PDF_MAX_HTML_BYTES = 1000
    template = pdf_files("big.html", "<p>{{ text }}</p>")

    with pytest.raises(PdfError):
        render_pdf(template=template, context={"text": "x" * 2000})


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/static/css/pdftest.css",
        f"{FAKE_BASE_URL}static/",
        f"{FAKE_BASE_URL}static/css/",
        f"{FAKE_BASE_URL}static/css/missing.css",
        f"{FAKE_BASE_URL}static/../settings.py",
        f"{FAKE_BASE_URL}static/%2e%2e/settings.py",
        f"{FAKE_BASE_URL}static//etc/passwd",
        f"{FAKE_BASE_URL}media/reports/a.pdf",
    ],
)
def test_static_file_for_url_finds_nothing_outside_static(pdf_files, url):
    assert static_file_for_url(url) is None


def test_static_file_for_url_follows_no_symlink_out_of_static(pdf_files, settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (settings.STATICFILES_DIRS[0] / "css" / "link.css").symlink_to(secret)

    assert static_file_for_url(f"{FAKE_BASE_URL}static/css/link.css") is None
    assert static_file_for_url(f"{FAKE_BASE_URL}static/css/pdftest.css?v=1").endswith("pdftest.css")

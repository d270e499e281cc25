"""The limit on a whole request body (REQUEST_MAX_BYTES, toptechniek/common/middleware.py): a larger body is
refused with a 413 page in the user's language before anything reads it, and nothing is stored; an upload
under the limit still works."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from monitoring.models import ReportAttachment
from monitoring.tests.factories import MonitorReportFactory
from regions.tests.world import region_key, world_build
from toptechniek.common import samples

pytestmark = pytest.mark.django_db

LIMIT = 200_000


@pytest.fixture
def w(settings, tmp_path):
    settings.DEBUG = False
    settings.REQUEST_MAX_BYTES = LIMIT
    settings.MEDIA_ROOT = tmp_path / "media"
    w = world_build(
        years=(2013,),
        regions=("friesland",),
        viewer=False,
        roles={"leader": ("friesland", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"})},
    )
    w.media = Path(settings.MEDIA_ROOT)
    w.report = MonitorReportFactory(region=w.regions["friesland"], programme_year=w.years[2013])
    w.url = reverse("monitoring:report_attachment_add", args=[region_key("friesland"), 2013])
    return w


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def pdf_of(size: int) -> bytes:
    data = samples.pdf_bytes("Jaarplan") + b"%"  # a comment line of padding, then the end marker again
    tail = b"\n%%EOF\n"
    return data + b"0" * (size - len(data) - len(tail)) + tail


def post_file(client, w, data: bytes, language="nl"):
    return client.post(
        w.url,
        {"file": SimpleUploadedFile("plan.pdf", data, "application/pdf"), "description": "Plan"},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_default_is_one_file_plus_a_megabyte():
    assert django_settings.REQUEST_MAX_BYTES >= django_settings.UPLOAD_MAX_BYTES + 1024 * 1024


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_oversized_upload_gets_a_413_page_and_nothing_is_stored(client, w, language):
    client.force_login(w.leader)
    response = post_file(client, w, pdf_of(LIMIT + 1), language)
    assert response.status_code == 413
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and ">Pia Leider<" in html  # the navigation
    with translation.override(language):
        heading = translation.gettext("Too much to send at once")
    if language == "nl":
        assert heading != "Too much to send at once", "no Dutch translation (locale/nl compiled?)"
    assert heading in html and "data-history-back" in html
    assert "0 MB" not in html and " MB" in html
    assert ReportAttachment.objects.count() == 0
    assert stored(w.media) == []


def test_the_body_is_not_read(w):
    """A request that only claims a large body is refused before the body is read (Django's test stream fails
    when more is read than it holds)."""
    client = Client(enforce_csrf_checks=True)  # a CSRF check would read the body: it never runs
    client.force_login(w.leader)
    response = client.generic(
        "POST",
        w.url,
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(LIMIT + 1),
    )
    assert response.status_code == 413
    assert ReportAttachment.objects.count() == 0


def test_an_anonymous_oversized_post_is_refused_too(client, w):
    response = post_file(client, w, pdf_of(LIMIT + 1), "en")
    assert response.status_code == 413
    assert "Too much to send at once" in response.content.decode()
    assert 'href="/accounts/login/">Log in</a>' in response.content.decode()


def test_an_upload_under_the_limit_still_works(client, w):
    client.force_login(w.leader)
    response = post_file(client, w, pdf_of(LIMIT - 10_000))
    assert response.status_code == 302
    (attachment,) = ReportAttachment.objects.all()
    assert attachment.report == w.report and attachment.size == LIMIT - 10_000
    assert len(stored(w.media)) == 1


def test_other_requests_are_not_touched(client, w):
    client.force_login(w.leader)
    assert client.get(w.report.get_absolute_url()).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302

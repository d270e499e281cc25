"""Attachments to a monitor report: added by the project leader while it is a draft, read by whoever reads
the report, always downloaded (never shown inline), refused by content and size before anything is stored."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.models import ReportAttachment
from regions.tests.factories import ProgrammeYearFactory
from regions.tests.world import world_build
from toptechniek.common import samples
from toptechniek.common.models import AuditEvent

from .factories import MonitorReportFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def w(db, media):
    w = world_build(
        years=({"year": 2013, "scoring_due_date": None}, 2012),
        regions=("friesland", "twente"),
        roles={
            "leader": ("friesland", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"}),
            "partner": ("friesland", "partner", "partner@t.example"),
            "other_leader": ("twente", "project_leader", "pl-b@t.example"),
        },
    )
    w.media = media
    w.region, w.other_region = w.regions["friesland"], w.regions["twente"]
    w.report = MonitorReportFactory(region=w.region, programme_year=w.years[2013])
    w.accepted = MonitorReportFactory(region=w.region, programme_year=w.years[2012], accepted=True)
    return w


def add_url(report):
    return reverse("monitoring:report_attachment_add", args=[report.region, report.year])


def download_url(attachment):
    report = attachment.report
    return reverse("monitoring:report_attachment_download", args=[report.region, report.year, attachment.pk])


def delete_url(attachment):
    report = attachment.report
    return reverse("monitoring:report_attachment_delete", args=[report.region, report.year, attachment.pk])


def upload(name="jaarplan.pdf", data=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, data if data is not None else samples.pdf_bytes("Jaarplan"), content_type)


def attach(w, report=None, **kwargs):
    return services.report_attachment_add(
        report=report or w.report, upload=upload(**kwargs), description="Jaarplan 2014", actor=w.leader
    )


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_attachment_upload_by_project_leader_is_listed_and_stored_under_a_random_name(client, w):
    client.force_login(w.leader)
    response = client.post(
        add_url(w.report),
        {"file": upload("Jaarplan 2014.PDF"), "description": "Ons jaarplan", "next": w.report.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == w.report.get_absolute_url() + "#attachments"
    attachment = ReportAttachment.objects.get()
    assert (attachment.name, attachment.description, attachment.file_type) == (
        "Jaarplan 2014.pdf",
        "Ons jaarplan",
        "pdf",
    )
    assert attachment.uploaded_by == w.leader
    assert "Jaarplan" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert [p.name for p in stored_files(w.media)] == [Path(attachment.file.name).name]
    page = client.get(w.report.get_absolute_url()).content.decode()
    assert "Jaarplan 2014.pdf" in page and "Ons jaarplan" in page and download_url(attachment) in page


def test_attachment_upload_from_the_editor_returns_to_the_editor(client, w):
    client.force_login(w.leader)
    editor = reverse("monitoring:report_edit", args=[w.region, w.report.year])
    response = client.post(add_url(w.report), {"file": upload(), "next": editor})
    assert response["Location"] == editor + "#attachments"
    assert "jaarplan.pdf" in client.get(editor).content.decode()


def test_attachment_upload_next_elsewhere_is_ignored(client, w):
    client.force_login(w.leader)
    response = client.post(add_url(w.report), {"file": upload(), "next": "https://evil.example/"})
    assert response["Location"] == w.report.get_absolute_url() + "#attachments"


def test_attachment_html_named_pdf_is_refused_nothing_stored_description_kept(client, w):
    client.force_login(w.leader)
    response = client.post(
        add_url(w.report), {"file": upload("rapport.pdf", samples.html_bytes()), "description": "Mijn rapport"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This type of file is not accepted" in page
    assert 'value="Mijn rapport"' in page
    assert "Choose the file again" in page
    assert ReportAttachment.objects.count() == 0
    assert stored_files(w.media) == []


def test_attachment_over_the_size_limit_is_refused_before_storage(client, w, settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    settings.REQUEST_MAX_BYTES = 20 * 1024 * 1024  # the file's own limit, not the whole request's (a 413)
    client.force_login(w.leader)
    big = samples.pdf_bytes() + b"%" + b"0" * (11 * 1024 * 1024)
    response = client.post(add_url(w.report), {"file": upload("groot.pdf", big), "description": "Te groot"})
    assert response.status_code == 200
    assert "larger than 10.0\xa0MB" in response.content.decode()
    assert ReportAttachment.objects.count() == 0
    assert stored_files(w.media) == []


def test_attachment_service_refuses_a_large_file_without_reading_it(w, settings):
    settings.UPLOAD_MAX_BYTES = 1024

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size check")

    with pytest.raises(ValidationError) as info:
        services.report_attachment_add(
            report=w.report, upload=Unreadable("x.pdf", b"0" * 2048), description="", actor=w.leader
        )
    assert info.value.code == "too_large"
    assert stored_files(w.media) == []


def test_attachment_download_is_an_attachment_with_nosniff_and_sandbox(client, w):
    attachment = attach(w, name="foto.jpg", data=samples.image_bytes("PNG"), content_type="image/jpeg")
    assert attachment.name == "foto.png"  # the content was a PNG
    client.force_login(w.leader)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="foto.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == samples.image_bytes("PNG")


def test_attachment_download_is_in_the_audit_log(client, w):
    attachment = attach(w)
    client.force_login(w.office)
    client.get(download_url(attachment))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert event.action == "monitoring:report_attachment_download"
    assert event.object_label == f"{w.report.region} {w.report.year} {attachment.name}"
    assert event.params == {"object": f"{w.report.region} {w.report.year}", "file": attachment.name}
    assert event.actor == w.office


def test_attachment_of_another_report_is_not_found_through_this_report(client, w):
    other = MonitorReportFactory(region=w.other_region)
    theirs = services.report_attachment_add(report=other, upload=upload(), description="", actor=w.other_leader)
    client.force_login(w.leader)
    url = reverse("monitoring:report_attachment_download", args=[w.region, w.report.year, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(download_url(theirs)).status_code == 404  # not a reader of Twente's report


def test_attachment_of_a_draft_is_hidden_from_the_viewer_until_accepted(client, w):
    draft = attach(w)
    accepted = ReportAttachment.objects.create(
        report=w.accepted, file=draft.file.name, name="oud.pdf", file_type="pdf", size=draft.size, sha256=draft.sha256
    )
    client.force_login(w.viewer)
    assert client.get(download_url(draft)).status_code == 404
    assert client.get(download_url(accepted)).status_code == 200


@pytest.mark.parametrize("state", ["submitted", "awaiting", "accepted"])
def test_attachment_refused_once_the_report_is_submitted(client, w, state):
    year = ProgrammeYearFactory(programme=w.region.programme, year=2015)
    report = MonitorReportFactory(region=w.region, programme_year=year, **{state: True})
    with pytest.raises(ValidationError):
        attach(w, report=report)
    assert stored_files(w.media) == []
    client.force_login(w.leader)
    assert client.post(add_url(report), {"file": upload()}).status_code == 404
    assert ReportAttachment.objects.count() == 0


def test_attachment_added_dates_the_report_so_the_pdf_is_made_anew(w):
    before = services.report_pdf_stamp(w.report)
    attach(w)
    w.report.refresh_from_db()
    assert services.report_pdf_stamp(w.report) != before
    assert w.report.updated_by == w.leader


def test_attachment_delete_asks_then_removes_row_and_file(client, w, django_capture_on_commit_callbacks):
    attachment = attach(w)
    client.force_login(w.leader)
    confirm = client.get(delete_url(attachment))
    assert confirm.status_code == 200 and "jaarplan.pdf" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment) + "?next=" + w.report.get_absolute_url())
    assert response["Location"] == w.report.get_absolute_url() + "#attachments"
    assert ReportAttachment.objects.count() == 0
    assert stored_files(w.media) == []


def test_attachment_delete_refused_after_submission_changes_nothing(w):
    attachment = attach(w)
    w.report.status = "submitted"
    w.report.save()
    with pytest.raises(ValidationError):
        services.report_attachment_delete(attachment=attachment, actor=w.leader)
    assert ReportAttachment.objects.count() == 1
    assert len(stored_files(w.media)) == 1


def test_attachment_limit_per_report(w, settings):
    settings.UPLOAD_MAX_PER_OBJECT = 2
    attach(w)
    attach(w)
    with pytest.raises(ValidationError) as info:
        attach(w)
    assert info.value.code == "too_many"
    assert len(stored_files(w.media)) == 2  # the third file was removed again


@pytest.mark.parametrize("role", ["partner", "office", "viewer", "other_leader"])
def test_attachment_upload_only_by_the_project_leader(client, w, role):
    client.force_login(getattr(w, role))
    assert client.post(add_url(w.report), {"file": upload()}).status_code == 404
    assert ReportAttachment.objects.count() == 0


def test_attachment_pdf_lists_the_attachments(w):
    attach(w, name="Begroting.xlsx", data=samples.xlsx_bytes())
    rendered = services.report_pdf_make(report=w.report)
    assert "Begroting.xlsx" in rendered.html and "Jaarplan 2014" in rendered.html
    assert rendered.pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("n", [1, 3])
def test_report_page_query_count_does_not_grow_with_attachments(client, w, n, django_assert_max_num_queries):
    for _ in range(n):
        attach(w)
    client.force_login(w.leader)
    # +1 closed programmes (rules.programme_is_open), +1 co-financing, +1 the sub-project paragraphs (contributions)
    with django_assert_max_num_queries(21):
        response = client.get(w.report.get_absolute_url())
    assert response.content.decode().count(">jaarplan.pdf</a>") == n


def test_attachment_file_is_not_reachable_under_media_url(client, w, settings):
    attachment = attach(w)
    client.force_login(w.leader)
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    assert client.get(download_url(attachment)).status_code == 200


def test_attachment_in_the_admin_is_read_only(client, w):
    attachment = attach(w)
    admin = w.office
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get(reverse("admin:monitoring_reportattachment_changelist")).status_code == 200
    assert client.get(reverse("admin:monitoring_reportattachment_add")).status_code == 403
    page = client.get(reverse("admin:monitoring_reportattachment_change", args=[attachment.pk]))
    assert page.status_code == 200 and b'type="file"' not in page.content


def test_attachment_post_whose_only_file_was_too_large_still_says_why(client, w, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(w.leader)
    response = client.post(add_url(w.report), {"file": upload("groot.pdf", b"%PDF-" + b"0" * 4096)})
    assert response.status_code == 200
    assert "larger than 1.0\xa0KB" in response.content.decode()

"""A report PDF that cannot be made says so, instead of "being prepared" for ever (issue 16).

Before: a 2 MB reflection made the render fail (the HTML over its size limit) and the page polled for ever;
each visit after the request window queued the same failing render again. Now the failure is stored on the
PDF row for the report as it is (toptechniek.common.stored_pdf): the page shows why and stops polling, no
render is queued for that state again, and the next change of the report (the text shortened) renders anew.
A render that hits the task's soft time limit, or fails on every retry, is stored as failed too; those are
tried again after an hour. Rendering here is real (WeasyPrint), but for the failures that are simulated.
"""

import datetime

import pytest
from billiard.exceptions import SoftTimeLimitExceeded
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import MonitorReport, ReportPdf
from monitoring.tasks import task_render_report_pdf
from regions.tests.world import region_key
from toptechniek.common.pdf import DEFAULT_MAX_HTML_BYTES
from toptechniek.common.stored_pdf import FAILURE_RETRY_AFTER, Failure

from .test_pdf import make_world, pdf_url, stored_files

FAILED_TOO_LARGE = "The PDF file could not be made: the document is too large."


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _legacy_huge_reflection(report: MonitorReport) -> None:
    """A reflection over the PDF's HTML limit, written around the forms (as before the limits existed)."""
    huge = ("Een lange alinea over wat werkt in de regio. " * 50 + "\n") * (DEFAULT_MAX_HTML_BYTES // 2_000 + 10)
    assert len(huge.encode()) > DEFAULT_MAX_HTML_BYTES
    MonitorReport.objects.filter(pk=report.pk).update(reflection_works=huge, updated_at=timezone.now())
    report.refresh_from_db()


def test_a_too_large_report_ends_the_task_as_failed_not_pending(world, media):
    _legacy_huge_reflection(world.report)

    assert task_render_report_pdf.delay(world.report.pk).get() is True  # the task ends; no exception, no retry

    pdf = ReportPdf.objects.get(report=world.report)
    assert pdf.failure == Failure.TOO_LARGE
    assert pdf.failed_stamp == services.report_pdf_stamp(world.report) and pdf.failed_at is not None
    assert not pdf.file and stored_files(media) == []


def test_the_page_shows_the_failure_and_stops_polling(client, world, media, django_capture_on_commit_callbacks):
    _legacy_huge_reflection(world.report)
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(pdf_url(world))  # the request renders (on commit, eagerly) and fails
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks(execute=False) as again:
        response = client.get(pdf_url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert FAILED_TOO_LARGE in html
    assert "Shorten the longest texts of the report" in html and "programme office" in html
    assert 'role="alert"' in html
    assert "being prepared" not in html and "retry-soon.js" not in html  # no polling for ever
    assert "no-store" in response["Cache-Control"]
    assert again == []  # and no render queued again for the same state


@pytest.mark.django_db(transaction=True)
def test_in_eager_mode_the_first_request_already_says_so(client, media):
    """As `make run` works: the render runs when the request's transaction commits; no 500, no pending page."""
    w = make_world()
    _legacy_huge_reflection(w.report)
    client.force_login(w.leader)

    response = client.get(pdf_url(w))

    assert response.status_code == 200
    assert FAILED_TOO_LARGE in response.content.decode()


def test_once_the_text_is_shortened_the_pdf_is_made(client, world, media, django_capture_on_commit_callbacks):
    _legacy_huge_reflection(world.report)
    task_render_report_pdf.delay(world.report.pk)
    MonitorReport.objects.filter(pk=world.report.pk).update(status=MonitorReport.Status.DRAFT)
    world.report.refresh_from_db()
    services.report_save_reflection(
        report=world.report,
        base_version=world.report.reflection_version,
        works="Korter nu.",
        not_yet="",
        progress="",
        learning_themes=[],
        user=world.leader,
    )
    client.force_login(world.leader)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(pdf_url(world))  # a new state: rendered anew
    response = client.get(pdf_url(world))

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    pdf = ReportPdf.objects.get(report=world.report)
    assert pdf.failure == "" and pdf.failed_stamp == ""  # a stored file clears the failure


def test_the_soft_time_limit_is_stored_as_a_failure_and_tried_again_later(
    client, world, media, monkeypatch, django_capture_on_commit_callbacks
):
    def too_slow(*, report):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "report_pdf_make", too_slow)

    with pytest.raises(SoftTimeLimitExceeded):
        task_render_report_pdf.delay(world.report.pk).get()

    pdf = ReportPdf.objects.get(report=world.report)
    assert pdf.failure == Failure.TIMEOUT
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=False) as none_yet:
        response = client.get(pdf_url(world))
    assert "The PDF file could not be made: making it took too long." in response.content.decode()
    assert "It is tried again when you come back after an hour." in response.content.decode()
    assert none_yet == []
    # An hour later a visit asks the worker again (the worker may have been busy).
    ReportPdf.objects.filter(pk=pdf.pk).update(failed_at=timezone.now() - FAILURE_RETRY_AFTER - datetime.timedelta(1))
    with django_capture_on_commit_callbacks(execute=False) as later:
        response = client.get(pdf_url(world))
    assert len(later) == 1 and "being prepared" in response.content.decode()


def test_an_error_on_every_retry_is_stored_once_the_retries_are_spent(world, media, monkeypatch):
    attempts, recorded = [], []

    def broken_storage(*, report):
        attempts.append(1)
        raise OSError("storage unreachable")

    real_fail = services.report_pdf_fail

    def fail(**kwargs):
        recorded.append(kwargs["failure"])
        return real_fail(**kwargs)

    monkeypatch.setattr(services, "report_pdf_make", broken_storage)
    monkeypatch.setattr(services, "report_pdf_fail", fail)

    for attempt in range(task_render_report_pdf.max_retries):  # each attempt but the last is retried
        with pytest.raises(Retry):
            task_render_report_pdf.apply(args=[world.report.pk], retries=attempt, throw=True)
    assert recorded == [] and not ReportPdf.objects.exclude(failure="").exists()

    with pytest.raises(OSError):  # the last attempt
        task_render_report_pdf.apply(args=[world.report.pk], retries=task_render_report_pdf.max_retries, throw=True)

    assert len(attempts) == task_render_report_pdf.max_retries + 1
    assert recorded == [Failure.ERROR]  # stored once, when the retries are spent
    assert ReportPdf.objects.get(report=world.report).failure == Failure.ERROR


def test_a_failure_of_an_older_state_is_not_recorded(world, media):
    stamp = services.report_pdf_stamp(world.report)
    MonitorReport.objects.filter(pk=world.report.pk).update(updated_at=timezone.now())  # changed meanwhile

    assert services.report_pdf_fail(report_id=world.report.pk, failure=Failure.TOO_LARGE, stamp=stamp) is False
    assert not ReportPdf.objects.filter(report=world.report).exclude(failure="").exists()


def test_the_report_page_still_answers_with_a_huge_legacy_text(client, world, media):
    _legacy_huge_reflection(world.report)
    client.force_login(world.leader)

    assert client.get(world.report.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("monitoring:report_pdf", kwargs={"slug": region_key("friesland"), "year": 2013})).status_code
        == 200
    )

"""The report PDF: rendered once per report state, stored through the storage API, served to readers."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import MonitorReport, ReportPdf
from monitoring.tasks import task_render_report_pdf
from regions.models import GuidingQuestion, PlacematTheme
from regions.tests.factories import IndicatorFactory, TargetFactory
from regions.tests.world import world_build
from toptechniek.common.testing import World

from .factories import (
    LearningThemeFactory,
    MonitorReportFactory,
    RealisationFactory,
    ReportTransitionFactory,
    SelfAssessmentFactory,
    ThemeAnswerFactory,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_world() -> World:
    w = world_build(
        years=(2013, 2012),
        regions=("friesland", "twente"),
        roles={
            "leader": ("friesland", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"}),
            "partner": ("friesland", "partner", "partner@t.example"),
            "other_leader": ("twente", "project_leader", "pl-b@t.example"),
        },
    )
    w.region, w.other_region = w.regions["friesland"], w.regions["twente"]
    programme = w.programme
    w.programme_year = w.years[2013]
    w.on_track = IndicatorFactory(region=w.region, code="IN1", name="Instroom vmbo techniek")
    w.behind = IndicatorFactory(region=w.region, code="IN2", name="Stages bij bedrijven")
    TargetFactory(indicator=w.on_track, year=2013, value=Decimal("110"))
    TargetFactory(indicator=w.behind, year=2013, value=Decimal("50"))
    TargetFactory(indicator=w.behind, year=2012, value=Decimal("40"))
    w.report = MonitorReportFactory(
        region=w.region,
        programme_year=w.programme_year,
        status=MonitorReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
        is_late=True,
        reflection_works="De leerlijnen lopen goed.",
        reflection_not_yet="Bedrijven haken af <na een jaar>.",
        reflection_progress="Op schema.",
    )
    RealisationFactory(report=w.report, indicator=w.on_track, value=Decimal("120"))
    RealisationFactory(report=w.report, indicator=w.behind, value=Decimal("31.5"), explanation="Minder bedrijven.")
    earlier = MonitorReportFactory(region=w.region, programme_year=programme.programme_years.get(year=2012))
    RealisationFactory(report=earlier, indicator=w.behind, value=Decimal("35"))
    question = GuidingQuestion.objects.filter(theme__programme=programme, theme__kind="process").first()
    ThemeAnswerFactory(report=w.report, question=question, answer="De stuurgroep komt elk kwartaal bijeen.")
    theme = PlacematTheme.objects.get(programme=programme, kind="process", number=2)
    SelfAssessmentFactory(report=w.report, theme=theme, score=2, rationale="Communicatie kan beter.")
    LearningThemeFactory(report=w.report, theme=theme, description="Bedrijven vasthouden")
    ReportTransitionFactory(
        report=w.report, from_status="draft", to_status="submitted", actor=w.leader, comment="Graag snel beoordelen."
    )
    w.report.refresh_from_db()
    return w


@pytest.fixture
def world(db):
    return make_world()


def pdf_url(w) -> str:
    return reverse("monitoring:report_pdf", kwargs={"slug": w.region, "year": 2013})


def stored_files(media) -> list[str]:
    folder = media / "reports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- what the PDF shows ----------------------------------------------------------------------


def test_report_pdf_shows_the_whole_report(world):
    rendered = services.report_pdf_make(report=world.report)
    html = rendered.html

    assert rendered.pdf.startswith(b"%PDF")
    assert "Monitor report Friesland 2013" in html
    assert "submitted" in html and ">late<" in html
    assert "IN1</strong> Instroom vmbo techniek" in html
    assert '<span class="mark mark-on_track">on track</span>' in html
    assert '<span class="mark mark-behind">behind target</span>' in html
    assert "31.5" in html and "Minder bedrijven." in html
    assert "<svg" in html and "<rect" in html  # the trend chart
    assert "De stuurgroep komt elk kwartaal bijeen." in html
    assert "Communicatie kan beter." in html and "2 – developing" in html
    assert "Bedrijven haken af &lt;na een jaar&gt;." in html  # user text escaped
    assert "Bedrijven vasthouden" in html
    assert "Graag snel beoordelen." in html and "Pia Leider" in html
    assert rendered.refused == ()


def test_report_pdf_is_in_dutch_when_the_site_is(world, settings):
    settings.LANGUAGE_CODE = "nl"

    html = services.report_pdf_make(report=world.report).html

    assert '<html lang="nl">' in html


# --- rendering and storing -------------------------------------------------------------------


def test_report_pdf_request_renders_and_stores_on_commit(world, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pdf = services.report_pdf_request(report=world.report)

    assert len(callbacks) == 1
    pdf.refresh_from_db()
    stamp = f"{world.report.updated_at.isoformat()}|submitted"
    assert pdf.source_stamp == stamp
    assert pdf.file.name == f"reports/friesland-2013-{hashlib.sha256(stamp.encode()).hexdigest()[:12]}.pdf"
    with default_storage.open(pdf.file.name, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert pdf.checksum == hashlib.sha256(content).hexdigest()
    assert pdf.requested_at is not None and pdf.rendered_at is not None
    assert services.report_pdf_is_fresh(pdf=pdf, report=world.report)


def test_report_pdf_task_twice_renders_once(world, media, monkeypatch):
    renders = []
    real_make = services.report_pdf_make
    monkeypatch.setattr(services, "report_pdf_make", lambda **kw: renders.append(1) or real_make(**kw))

    assert task_render_report_pdf.delay(world.report.pk).get() is True
    first = ReportPdf.objects.get(report=world.report)
    assert task_render_report_pdf.delay(world.report.pk).get() is True
    second = ReportPdf.objects.get(report=world.report)

    assert len(renders) == 1
    assert (second.file.name, second.rendered_at) == (first.file.name, first.rendered_at)
    assert len(stored_files(media)) == 1


def test_report_pdf_request_when_fresh_enqueues_nothing(world, media, django_capture_on_commit_callbacks):
    task_render_report_pdf.delay(world.report.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        services.report_pdf_request(report=world.report)

    assert callbacks == []


def test_report_pdf_request_while_a_render_is_on_its_way_enqueues_once(
    world, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.report_pdf_request(report=world.report)
        services.report_pdf_request(report=world.report)  # the pending page polls

    assert len(callbacks) == 1


def test_report_pdf_request_asks_again_when_the_earlier_request_timed_out(
    world, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.report_pdf_request(report=world.report)
        services.report_pdf_request(report=world.report, now=timezone.now() + datetime.timedelta(hours=1))

    assert len(callbacks) == 2


def test_report_pdf_after_a_change_is_rendered_anew_and_the_old_file_deleted(
    world, media, django_capture_on_commit_callbacks
):
    task_render_report_pdf.delay(world.report.pk)
    old = ReportPdf.objects.get(report=world.report).file.name
    report = MonitorReport.objects.get(pk=world.report.pk)
    report.status = MonitorReport.Status.ACCEPTED
    report.save()

    assert not services.report_pdf_is_fresh(pdf=ReportPdf.objects.get(report=report), report=report)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_pdf_request(report=report)

    new = ReportPdf.objects.get(report=report)
    assert new.file.name != old
    assert new.source_stamp.endswith("|accepted")
    assert stored_files(media) == [new.file.name.removeprefix("reports/")]


def test_report_pdf_is_rendered_again_when_its_file_went_missing(world, media):
    task_render_report_pdf.delay(world.report.pk)
    pdf = ReportPdf.objects.get(report=world.report)
    default_storage.delete(pdf.file.name)

    task_render_report_pdf.delay(world.report.pk)

    pdf.refresh_from_db()
    assert default_storage.exists(pdf.file.name)


def test_report_pdf_task_for_a_deleted_report_does_nothing(db, media):
    assert task_render_report_pdf.delay(987654).get() is False
    assert not ReportPdf.objects.exists()


# --- the download ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "partner", "office"])
def test_report_pdf_view_downloads_for_readers(client, world, media, who, django_capture_on_commit_callbacks):
    client.force_login(getattr(world, who))
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.get(pdf_url(world))  # in a test transaction the render runs after the response

    response = client.get(pdf_url(world))

    assert pending.status_code == 200
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="monitor-report-friesland-2013.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_report_pdf_view_in_eager_mode_serves_the_pdf_on_the_first_request(client, media):
    w = make_world()
    client.force_login(w.leader)

    response = client.get(pdf_url(w))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_report_pdf_view_while_rendering_shows_a_page_that_polls(client, world, media):
    client.force_login(world.leader)

    response = client.get(pdf_url(world))  # the enqueued render waits for a commit that never comes here

    assert response.status_code == 200
    html = response.content.decode()
    assert 'js/retry-soon.js" defer data-retry-after="3000"' in html
    assert "being prepared" in html
    assert f'href="{world.report.get_absolute_url()}"' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["other_leader", "viewer"])
def test_report_pdf_view_is_404_for_those_who_may_not_read_the_report(client, world, media, who):
    client.force_login(getattr(world, who))

    assert client.get(pdf_url(world)).status_code == 404
    assert not ReportPdf.objects.exists()


def test_report_pdf_view_for_the_viewer_once_accepted(client, world, media, django_capture_on_commit_callbacks):
    MonitorReport.objects.filter(pk=world.report.pk).update(status=MonitorReport.Status.ACCEPTED)
    client.force_login(world.viewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(pdf_url(world))

    response = client.get(pdf_url(world))

    assert response["Content-Type"] == "application/pdf"


def test_report_pdf_view_refuses_post(client, world, media):
    client.force_login(world.leader)

    assert client.post(pdf_url(world)).status_code == 405


def test_report_pdf_view_sends_anonymous_users_to_login(client, world, media):
    response = client.get(pdf_url(world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_report_detail_links_the_pdf(client, world):
    client.force_login(world.partner)

    response = client.get(world.report.get_absolute_url())

    assert f'href="{pdf_url(world)}"' in response.content.decode()


# --- The one stored-PDF mechanism (toptechniek.common.stored_pdf), as the report uses it ---------------


def test_report_saved_while_it_renders_is_rendered_again_as_it_is_then(world, media, monkeypatch):
    """The placemat's safer behaviour, now the report's too: a file is stored only for the current stamp."""
    renders = []
    real_make = services.report_pdf_make

    def make_and_edit_once(**kw):
        rendered = real_make(**kw)
        renders.append(1)
        if len(renders) == 1:  # the project leader saves while the first render runs
            MonitorReport.objects.filter(pk=world.report.pk).update(updated_at=timezone.now())
        return rendered

    monkeypatch.setattr(services, "report_pdf_make", make_and_edit_once)
    pdf = services.report_pdf_render(report_id=world.report.pk)

    report = MonitorReport.objects.get(pk=world.report.pk)
    assert len(renders) == 2
    assert services.report_pdf_is_fresh(pdf=pdf, report=report)
    assert len(stored_files(media)) == 1  # the stale render was never stored


def test_report_pdf_file_is_removed_when_its_row_cannot_be_written(world, media, monkeypatch):
    """No orphan in storage: a failure after the file was saved deletes it again; nothing is recorded."""

    real_save = ReportPdf.save
    saved_files = []

    def fail_when_pointing_at_the_file(self, *args, **kwargs):
        if "file" in (kwargs.get("update_fields") or ()):
            saved_files.extend(stored_files(media))  # the file is in storage at this moment
            raise OSError("database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ReportPdf, "save", fail_when_pointing_at_the_file)
    with pytest.raises(OSError):
        services.report_pdf_render(report_id=world.report.pk)
    assert len(saved_files) == 1
    assert stored_files(media) == []
    assert not ReportPdf.objects.filter(report=world.report).exclude(file="").exists()

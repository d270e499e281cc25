"""A placemat PDF that cannot be made says so (the stored-PDF mechanism it shares with the report PDF).

The render is real (WeasyPrint) with the HTML size limit set below the sheet's size, as a document too large
to render; the other failures are simulated. The download page says why instead of polling for ever, and
the office's year page marks the row and stops reloading itself.
"""

import pytest
from billiard.exceptions import SoftTimeLimitExceeded

from audits.models import PlacematPdf
from audits.services import placemat_pdf as placemat_pdf_service
from audits.services.placemat_pdf import placemat_pdfs_for_year, placemats_render_year
from audits.tasks import task_render_placemat
from toptechniek.common.stored_pdf import Failure

from .test_placemat_pdf import OFFICE, PARTNER, make_world, pdf_url, publish_placemat, year_url

FAILED = "The PDF file could not be made: the document is too large."


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def too_small_a_limit(settings):
    settings.PDF_MAX_HTML_BYTES = 2_000  # the sheet's HTML is larger: "too large" for real


def test_a_too_large_placemat_is_stored_as_failed(world, too_small_a_limit):
    assert task_render_placemat.delay(world.placemat.pk).get() is None  # ends; no retry, no exception

    pdf = PlacematPdf.objects.get(placemat=world.placemat)
    assert pdf.failure == Failure.TOO_LARGE and not pdf.file


def test_the_download_page_says_why_and_stops_polling(
    world, too_small_a_limit, client, django_capture_on_commit_callbacks
):
    client.force_login(world.users[PARTNER])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(pdf_url(world))

    with django_capture_on_commit_callbacks(execute=False) as again:
        response = client.get(pdf_url(world))

    html = response.content.decode()
    assert response.status_code == 200
    assert FAILED in html and "Contact the programme office." in html
    assert "being prepared" not in html and "retry-soon.js" not in html
    assert again == []


def test_the_office_year_page_marks_the_failed_row_and_stops_reloading(
    world, too_small_a_limit, client, django_capture_on_commit_callbacks
):
    client.force_login(world.users[OFFICE])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(year_url(world, "placemats_render_year"))

    response = client.get(year_url(world, "placemats_progress"))

    html = response.content.decode()
    assert "could not be made: the document is too large." in html
    assert "0 of 1 ready" in html and "retry-soon.js" not in html
    [row] = placemat_pdfs_for_year(programme_year=world.year)
    assert not row.ready and not row.on_its_way and row.failure


def test_rendering_a_year_in_process_records_each_failure_and_goes_on(world, media, monkeypatch):
    other = publish_placemat(world.other_region, world.year)
    real_make = placemat_pdf_service.placemat_pdf_make

    def make(*, placemat, language=None):
        if placemat.pk == world.placemat.pk:
            raise SoftTimeLimitExceeded()
        return real_make(placemat=placemat, language=language)

    monkeypatch.setattr(placemat_pdf_service, "placemat_pdf_make", make)

    rows = {row.placemat.pk: row for row in placemats_render_year(programme_year=world.year, sync=True)}

    assert rows[other.pk].ready
    assert not rows[world.placemat.pk].ready and rows[world.placemat.pk].failure == "making it took too long."
    assert PlacematPdf.objects.get(placemat=world.placemat).failure == Failure.TIMEOUT


def test_a_new_publication_renders_again(world, too_small_a_limit, settings, media):
    task_render_placemat.delay(world.placemat.pk)
    settings.PDF_MAX_HTML_BYTES = 2_000_000
    world.placemat.version += 1  # what publishing again does: a new stamp
    world.placemat.save()

    name = task_render_placemat.delay(world.placemat.pk).get()

    assert name and name.endswith(".pdf")
    pdf = PlacematPdf.objects.get(placemat=world.placemat)
    assert pdf.failure == "" and pdf.file.name == name

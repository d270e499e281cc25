"""Render every published placemat PDF of a year and print where each file is.

    python manage.py render_placemats --year 2014 [--programme ttib] [--timeout 600]

With a broker (CELERY_TASK_ALWAYS_EAGER off) the renders go to the worker and this command waits for them
by watching the PlacematPdf rows (the app keeps no Celery results); without one they run here, one by one.
Fresh PDFs are not rendered again. Prints one line per placemat: the file's path on disk, or its URL
when the storage has no local paths. Exits with an error when a PDF is not ready within the timeout.
"""

import argparse
import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from audits.services.placemat_pdf import placemat_pdfs_for_year, placemats_render_year
from regions.models import ProgrammeYear


def file_location(name: str) -> str:
    try:
        return default_storage.path(name)
    except NotImplementedError:  # remote storage: its URL
        return default_storage.url(name)


def broker_in_use() -> bool:
    from toptechniek.celery import app

    return not app.conf.task_always_eager


class Command(BaseCommand):
    help = "Render every published placemat PDF of a year (through the worker when a broker is configured)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="programme year, e.g. 2014")
        parser.add_argument("--programme", help="short name (slug) of the programme; default: every programme")
        parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the worker (default 600)")
        parser.add_argument("--poll", type=float, default=0.5, help=argparse.SUPPRESS)

    def handle(self, *args, year, programme=None, timeout=600.0, poll=0.5, **options):
        years = ProgrammeYear.objects.filter(year=year).select_related("programme").order_by("programme__slug")
        if programme:
            years = years.filter(programme__slug=programme)
        years = list(years)
        if not years:
            where = f" in programme {programme!r}" if programme else ""
            raise CommandError(f"No programme year {year}{where}.")
        sync = not broker_in_use()
        started = time.monotonic()
        missing = []
        for programme_year in years:
            label = f"{programme_year.programme.slug} {programme_year.year}"
            rows = placemats_render_year(programme_year=programme_year, sync=sync)
            if not rows:
                self.stderr.write(f"{label}: no published placemats")
                continue
            if not sync:
                self.stderr.write(f"{label}: {len(rows)} placemats; waiting for the worker …")
                deadline = started + timeout
                while any(not row.ready for row in rows) and time.monotonic() < deadline:
                    time.sleep(poll)
                    rows = placemat_pdfs_for_year(programme_year=programme_year)
            for row in rows:
                if row.ready:
                    self.stdout.write(file_location(row.path))
                else:
                    missing.append(f"{row.placemat.region.slug} {programme_year.year}")
            ready = sum(1 for row in rows if row.ready)
            self.stderr.write(f"{label}: {ready} of {len(rows)} PDFs ready ({time.monotonic() - started:.1f} s)")
        if missing:
            raise CommandError(f"Not ready after {timeout:g} s: {', '.join(missing)}")

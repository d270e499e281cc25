"""Rebuild the facts of the national picture, or check them.

    python manage.py rebuild_facts [--programme SLUG]
    python manage.py rebuild_facts --check [--programme SLUG]

The services keep the facts up to date in the transaction of every change; rebuild after loading data
around them (a restore from before the facts existed, a bulk import in the database). `--check` changes
nothing: it compares every stored row with a fresh computation, prints each difference and exits with
status 1 when there is one (run it from monitoring, or after an upgrade).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from dashboard.services import facts_check, facts_rebuild
from regions.models import Programme


class Command(BaseCommand):
    help = "Rebuild the dashboard's facts per region and year, or (--check) compare them with a fresh computation."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 on any difference.")
        parser.add_argument("--programme", default="", help="Only this programme (its slug).")

    def handle(self, *args, check: bool, programme: str, **options):
        programme_id = None
        if programme:
            programme_id = Programme.objects.filter(slug=programme).values_list("pk", flat=True).first()
            if programme_id is None:
                raise CommandError(f"No programme with slug {programme!r}.")
        started = time.perf_counter()
        if check:
            differences = facts_check(programme_id=programme_id)
            for difference in differences[:200]:
                self.stdout.write(difference.describe())
            if differences:
                raise CommandError(f"{len(differences)} facts differ from a fresh computation.", returncode=1)
            self.stdout.write(self.style.SUCCESS(f"Facts agree ({time.perf_counter() - started:.1f} s)."))
            return
        written = facts_rebuild(programme_id=programme_id)
        self.stdout.write(
            self.style.SUCCESS(f"Facts rebuilt: {written} region-years ({time.perf_counter() - started:.1f} s).")
        )

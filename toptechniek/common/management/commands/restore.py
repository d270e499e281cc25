from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toptechniek.common.backup import BackupError, restore, table_counts


class Command(BaseCommand):
    help = "Restore a backup directory into DATABASE_URL and MEDIA_ROOT (overwrites them)."

    def add_arguments(self, parser):
        parser.add_argument("source")

    def handle(self, *args, source, **options):
        try:
            manifest = restore(source=Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        found = table_counts()
        for table, expected in manifest["counts"].items():
            mark = "ok" if found.get(table) == expected else "MISMATCH"
            self.stdout.write(f"{table}: {found.get(table)} (backup: {expected}) {mark}")
        if found != manifest["counts"]:
            raise CommandError("the restored database does not hold what the backup recorded")

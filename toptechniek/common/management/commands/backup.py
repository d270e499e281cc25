from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from toptechniek.common.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into one directory (see toptechniek/common/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("--dest", default=str(Path(settings.BASE_DIR) / "var" / "backups"))

    def handle(self, *args, dest, **options):
        target = backup(dest=Path(dest))
        self.stdout.write(str(target))

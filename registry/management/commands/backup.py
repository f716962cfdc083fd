from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump -Fc) and MEDIA_ROOT into one dated archive in "
        "BACKUP_DIR, keeping the newest BACKUP_KEEP archives."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="instead of BACKUP_DIR")

    def handle(self, *args, **options) -> None:
        directory = options["dir"] or Path(settings.BACKUP_DIR)
        try:
            archive = backup_create(directory=directory, keep=settings.BACKUP_KEEP)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))

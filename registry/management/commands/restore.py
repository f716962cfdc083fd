from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into the configured database, which "
        "must be empty (newly created), and into MEDIA_ROOT."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args, **options) -> None:
        archive = options["archive"]
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created_at']} ({archive.name}).")

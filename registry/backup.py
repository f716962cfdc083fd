"""Backups: the PostgreSQL database (``pg_dump -Fc``) and the uploaded files
(``MEDIA_ROOT``) in one dated archive, and their restore into an empty database.

``dumpdata``/``loaddata`` cannot restore this register (historical rows refer
to rows since deleted), while ``pg_restore`` restores every table as it was.
"""

import datetime
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

DUMP_NAME = "database.dump"
MEDIA_NAME = "media"
MANIFEST_NAME = "manifest.json"
ARCHIVE_PREFIX = "register-"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


def backup_create(*, directory: Path, keep: int) -> Path:
    """Write ``register-<date>.tar`` into ``directory``; keep the newest ``keep`` archives."""
    directory.mkdir(parents=True, exist_ok=True)
    archive = _new_archive_path(directory, timezone.now())
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _dbname()])
        manifest = Path(work) / MANIFEST_NAME
        manifest.write_text(json.dumps(_manifest(), ensure_ascii=False, indent=2))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(manifest, MANIFEST_NAME)
            tar.add(dump, DUMP_NAME)
            if Path(settings.MEDIA_ROOT).is_dir():
                tar.add(settings.MEDIA_ROOT, MEDIA_NAME)
        partial.rename(archive)  # an archive under its final name is complete
    archives = sorted(
        directory.glob(f"{ARCHIVE_PREFIX}*.tar"), key=lambda p: (p.stat().st_mtime_ns, p.name)
    )
    for old in archives[:-keep]:
        old.unlink()
    return archive


def backup_restore(*, archive: Path) -> dict:
    """Restore ``archive`` into the configured, empty database and MEDIA_ROOT."""
    _require_postgresql()
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {_dbname()} is not empty ({len(tables)} tables): "
            "restore only into a newly created database."
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST_NAME).read_text())
        _refuse_overwriting(Path(work) / MEDIA_NAME, media_root)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_dbname()}",
                str(Path(work) / DUMP_NAME),
            ]
        )
        if (Path(work) / MEDIA_NAME).is_dir():
            shutil.copytree(Path(work) / MEDIA_NAME, media_root, dirs_exist_ok=True)
    connection.close()  # the schema changed under this connection
    return manifest


def _new_archive_path(directory: Path, now: datetime.datetime) -> Path:
    stem = f"{ARCHIVE_PREFIX}{timezone.localtime(now):%Y-%m-%dT%H%M%S}"
    path, n = directory / f"{stem}.tar", 1
    while path.exists():  # two backups within a second
        n += 1
        path = directory / f"{stem}-{n}.tar"
    return path


def _manifest() -> dict:
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    return {
        "created_at": timezone.now().isoformat(),
        "database": _dbname(),
        "migrations": sorted(f"{app}.{name}" for app, name in applied),
    }


def _refuse_overwriting(source: Path, target: Path) -> None:
    if not source.is_dir():
        return
    clashes = [
        str(path.relative_to(source))
        for path in source.rglob("*")
        if path.is_file() and (target / path.relative_to(source)).exists()
    ]
    if clashes:
        raise BackupError(
            f"MEDIA_ROOT ({target}) already holds {len(clashes)} of the archive's files, "
            f"e.g. {clashes[0]}: restore into an empty MEDIA_ROOT."
        )


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError("Backup and restore work on PostgreSQL (DATABASE_URL=postgres://…).")


def _dbname() -> str:
    _require_postgresql()
    return connection.settings_dict["NAME"]


def _run(command: list[str]) -> None:
    """Run a PostgreSQL client tool with the connection settings in its environment."""
    if shutil.which(command[0]) is None:
        raise ImproperlyConfigured(f"{command[0]} is not installed (postgresql-client).")
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
    }
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")

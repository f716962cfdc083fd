"""The backup drill: an archive restored into a fresh database has the same rows, the
same history and the uploaded files. PostgreSQL only (CI's PostgreSQL pass)."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from assessment.integrity import commitment_record
from registry.models import Person
from registry.services import risk_point_save

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def postgres_tools():
    if connection.vendor != "postgresql":
        pytest.skip("backups are of PostgreSQL: runs in CI's PostgreSQL pass")
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{', '.join(missing)} missing: install postgresql-client")
    if missing:
        pytest.skip(f"{', '.join(missing)} missing")


def _connect(dbname: str):
    db = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def fresh_database(postgres_tools):
    name = f"{connection.settings_dict['NAME']}_restored"
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _register_with_history_and_a_file(make_point, users, org):
    point = make_point(code="BK-1")
    point.manifestation = "设置倾向性条款"
    risk_point_save(risk_point=point, measures=[], removed_measures=[], by=users["admin"])
    person = Person.objects.get(user=users["staff"])
    return commitment_record(
        person=person,
        year=2026,
        signed_on="2026-02-20",
        file=SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4 signed"),
        by=users["admin"],
    )


def _restore(archive: Path, dbname: str, media_root: Path) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{dbname}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media_root), "DJANGO_TESTING": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def _contents(dbname: str) -> tuple[dict, list]:
    with _connect(dbname) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        history = db.execute(
            "SELECT history_id, id, history_type, history_user_id, history_date, manifestation "
            "FROM registry_historicalriskpoint ORDER BY history_id"
        ).fetchall()
    return counts, history


def test_a_restored_backup_has_the_same_rows_history_and_files(
    fresh_database, media, tmp_path, make_point, users, org
):
    commitment = _register_with_history_and_a_file(make_point, users, org)
    archive = Path(_call("backup", dir=tmp_path / "backups"))
    assert archive.name.startswith("register-") and archive.suffix == ".tar"

    restored_media = tmp_path / "restored-media"
    result = _restore(archive, fresh_database, restored_media)
    assert result.returncode == 0, result.stderr

    counts, history = _contents(connection.settings_dict["NAME"])
    restored_counts, restored_history = _contents(fresh_database)
    assert restored_counts == counts
    assert counts["registry_riskpoint"] == 1 and len(history) == 2
    assert restored_history == history
    assert (restored_media / commitment.file.name).read_bytes() == b"%PDF-1.4 signed"


def test_restore_refuses_a_database_that_is_not_empty(postgres_tools, media, tmp_path, users):
    archive = _call("backup", dir=tmp_path)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", archive)


def test_only_the_newest_archives_are_kept(postgres_tools, media, tmp_path, settings):
    settings.BACKUP_KEEP = 2
    made = [_call("backup", dir=tmp_path) for _ in range(3)]
    assert sorted(str(p) for p in tmp_path.glob("register-*.tar")) == sorted(made[1:])


def _call(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue().strip()

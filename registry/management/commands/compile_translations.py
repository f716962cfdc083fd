"""Compile .po catalogues to .mo with polib, so GNU gettext need not be installed.

``manage.py`` calls ``compile_stale`` before every command, so a fresh clone's
commands speak Chinese before anyone ran ``make``.
"""

import os
import tempfile
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def locale_dirs() -> list[Path]:
    """LOCALE_PATHS and the project's own apps; installed packages ship their .mo files."""
    dirs = [Path(path) for path in settings.LOCALE_PATHS]
    dirs += [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if Path(app.path).parent == settings.BASE_DIR
    ]
    return [path for path in dict.fromkeys(dirs) if path.is_dir()]


def compile_stale() -> int:
    """Compile every .po newer than its .mo; returns how many were compiled."""
    compiled = 0
    for directory in locale_dirs():
        for po_path in sorted(directory.rglob("*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            _write_atomically(po_path, mo_path)
            compiled += 1
    return compiled


def _write_atomically(po_path: Path, mo_path: Path) -> None:
    """Another process may be reading the catalogue: it sees the old file or the new one."""
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    os.close(handle)
    try:
        polib.pofile(str(po_path)).save_as_mofile(temporary)
        os.replace(temporary, mo_path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class Command(BaseCommand):
    help = _("Compile every .po file of the project and its apps to .mo.")

    def handle(self, *args, **options) -> None:
        compiled = compile_stale()
        self.stdout.write(
            ngettext(
                "Compiled %(count)d translation file.",
                "Compiled %(count)d translation files.",
                compiled,
            )
            % {"count": compiled}
        )

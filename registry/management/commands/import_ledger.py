"""python manage.py import_ledger FILE [--dry-run] [--format text|json] [--user NAME] [--sheet NAME]
[--create-missing] [--year YYYY] [--type SHEET_TYPE]

Exit codes: 0 committed, or a clean dry run; 1 validation errors (nothing is
saved); 2 the file cannot be read.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.ledger import BadFile, Problem, Result, sheet_types
from registry.ledger.batches import import_file

UNREADABLE = 2
INVALID = 1


class Command(BaseCommand):
    help = "Import a risk-point ledger (.xlsx): all rows or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--user", help="The importing user: history and scope are theirs.")
        parser.add_argument("--sheet", default="", help="Read only this sheet.")
        parser.add_argument(
            "--create-missing", action="store_true", help="Create missing departments and posts."
        )
        parser.add_argument("--year", type=int, help="Year of points whose row names none.")
        parser.add_argument(
            "--type", default="risk_points", help="Sheet type, e.g. risk_points (the default)."
        )

    def handle(self, *args, **options) -> None:
        user = self._user(options["user"])
        if options["type"] not in sheet_types():
            known = ", ".join(sheet_types())
            raise CommandError(f"--type: one of {known}", returncode=UNREADABLE)
        try:
            data = Path(options["file"]).read_bytes()
            result = import_file(
                data=data,
                file_name=Path(options["file"]).name,
                by=user,
                sheet=options["sheet"],
                options={"create_missing": options["create_missing"], "year": options["year"]},
                dry_run=options["dry_run"],
                sheet_type=options["type"],
            )
        except (BadFile, OSError) as error:
            message = error.message if isinstance(error, BadFile) else str(error)
            self._print(Result(ok=False, errors=[Problem("", 0, "", message)]), options)
            raise SystemExit(UNREADABLE) from None
        self._print(result, options)
        if not result.ok:
            raise SystemExit(INVALID)

    def _user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("There is no user “%(name)s”.") % {"name": username}, returncode=2
            ) from None

    def _print(self, result: Result, options) -> None:
        if options["format"] == "json":
            self.stdout.write(json.dumps(_as_json(result), ensure_ascii=False))
            return
        for problem in result.errors:
            self.stdout.write(problem.as_text())
        self.stdout.write(_summary(result, dry_run=options["dry_run"]))


def _as_json(result: Result) -> dict:
    """``created``/``updated``: what was written (zero unless committed);
    ``would_create``/``would_update``: what the file asks for."""
    created, updated = result.written
    return {
        "ok": result.ok,
        "committed": result.committed,
        "created": created,
        "updated": updated,
        "unchanged": result.unchanged,
        "would_create": result.created,
        "would_update": result.updated,
        "errors": [p.as_dict() for p in result.errors],
    }


def _summary(result: Result, *, dry_run: bool) -> str:
    counts = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    if not result.ok:
        return _(
            "%(count)s errors: nothing was saved (once corrected, the file would create "
            "%(created)s and update %(updated)s)."
        ) % {"count": len(result.errors), "created": result.created, "updated": result.updated}
    if dry_run:
        return _("Dry run, nothing saved: %(counts)s.") % {"counts": counts}
    return _("Imported: %(counts)s.") % {"counts": counts}

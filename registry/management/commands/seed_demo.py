"""``manage.py seed_demo``: load the demo district; running it again creates nothing."""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.demo import DemoDataError, seed_demo


def _labels() -> dict[str, str]:
    # Built per call: gettext needs the language that is active when the command runs.
    return {
        "units": _("units"),
        "departments": _("departments"),
        "posts": _("posts"),
        "people": _("people"),
        "tenures": _("post tenures"),
        "risk_points": _("risk points"),
        "measures": _("measures"),
        "risk_lists": _("risk lists"),
        "users": _("logins"),
        "person_links": _("logins linked to people"),
        "role_assignments": _("role assignments"),
    } | _app_labels()


def _app_labels() -> dict[str, str]:
    """Labels for what the upper apps seed, from their AppConfig.demo_labels()."""
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        if callable(getattr(config, "demo_labels", None)):
            labels.update(config.demo_labels())
    return labels


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property, not a class attribute: argparse needs a real string, and
        # gettext needs the language that is active when the parser is built.
        return _(
            "Load the demo district with its units, risk registers and demo logins. "
            "Only missing rows are created, so it is safe to run again."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=None,
            help=_("Directory with units/*.json and users.json (default: fixtures/demo)."),
        )

    def handle(self, *args, fixtures: Path | None = None, verbosity: int = 1, **options) -> None:
        try:
            created = seed_demo(stdout=self.stdout if verbosity > 1 else None, directory=fixtures)
        except DemoDataError as error:
            message = _("The demo data could not be loaded: %(error)s") % {"error": error}
            raise CommandError(message) from error
        if not any(created.values()):
            self.stdout.write(_("The demo data is already loaded; nothing was created."))
            return
        labels = _labels()
        for key, count in created.items():
            if count:
                self.stdout.write(
                    _("%(what)s: %(count)d created")
                    % {"what": labels.get(key, key), "count": count}
                )
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))

"""``manage.py run_sampling --quarter 2026Q1``: draw (or show) a quarter's sample."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.sampling import Quarter
from pdca.services.draws import districts, draw_for_quarter, replay
from registry.models import Unit


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Draw the quarter's sample of units for inspection and print them, one per line. "
            "A draw that already exists is printed, not made again."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quarter", required=True, help=_("The quarter, e.g. 2026Q1."))
        parser.add_argument(
            "--district", help=_("Code of the district or company (needed when there are several).")
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help=_("Re-run the stored draw from its seed and candidates and compare."),
        )

    def handle(self, *args, quarter: str, district: str | None, verify: bool, **options) -> None:
        try:
            when = Quarter.parse(quarter)
        except ValueError as error:
            raise CommandError(f"--quarter: {error}") from error
        root = self._district(district)
        draw, created = draw_for_quarter(district=root, quarter=when)
        names = Unit.objects.in_bulk(draw.selected)
        for pk in draw.selected:
            self.stdout.write(f"{names[pk].code}\t{names[pk].name}")
        if not created:
            self.stdout.write(
                _(
                    "The %(quarter)s draw of %(district)s already existed (drawn %(at)s); nothing new was created."
                )
                % {
                    "quarter": draw.quarter,
                    "district": root,
                    "at": timezone.localtime(draw.drawn_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        if verify:
            self._verify(draw)

    def _district(self, code: str | None) -> Unit:
        if code:
            unit = Unit.objects.filter(code=code, parent__isnull=True).first()
            if unit is None:
                raise CommandError(
                    _("--district: no district or company has the code %(code)s.") % {"code": code}
                )
            return unit
        roots = districts()
        if len(roots) != 1:
            raise CommandError(
                _("--district: name one of %(codes)s.")
                % {"codes": ", ".join(r.code for r in roots) or "—"}
            )
        return roots[0]

    def _verify(self, draw) -> None:
        if replay(draw) != draw.selected:
            raise CommandError(
                _("Re-running the draw gave different units: the record was altered.")
            )
        self.stdout.write(_("Re-running the draw from its seed gives the same units."))

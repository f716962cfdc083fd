"""``manage.py escalate_warnings [--now 2026-06-30T00:00]``: run the escalation sweep once."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.choices import Step
from earlywarning.services.escalation import escalate_due


def parse_now(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("--now must be a date and time like 2026-06-30T00:00, not “%(value)s”.")
            % {"value": value}
        ) from error
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Escalate every disposal case whose step deadline has passed by one step. "
            "Prints one line per escalated case; safe to run again."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now",
            default=None,
            help=_("Treat this moment as now (local time), e.g. 2026-06-30T00:00."),
        )

    def handle(self, *args, now: str | None = None, **options) -> None:
        moment = parse_now(now) if now else timezone.now()
        for e in escalate_due(now=moment):
            self.stdout.write(
                _("case %(id)d · %(unit)s · %(summary)s: %(from)s → %(to)s, due %(deadline)s")
                % {
                    "id": e.case_id,
                    "unit": e.unit,
                    "summary": e.summary,
                    "from": Step(e.from_step).label,
                    "to": Step(e.to_step).label,
                    "deadline": timezone.localtime(e.deadline).strftime("%Y-%m-%d %H:%M"),
                }
            )

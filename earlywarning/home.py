"""The early-warning figures on discipline staff's home page (see ``registry.home``)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning import access
from earlywarning.choices import Verification
from earlywarning.models import DisposalCase, WarningInfo
from earlywarning.selectors import colour_counts
from registry.home import Figure, Panel, link


def warnings_panel(user, scope, today: datetime.date) -> Panel | None:
    if not scope.is_discipline_staff():
        return None
    now = timezone.now()
    units = access.readable_units(user).values("pk")
    panel = Panel("warnings", _("Early warning, %(year)d") % {"year": today.year})
    for colour, label, count in reversed(colour_counts(units, today.year)):
        panel.figures.append(
            Figure(
                _("Units at %(colour)s") % {"colour": label},
                count,
                link("earlywarning:index", year=today.year, colour=colour) + "#units-at-colour",
                colour,
            )
        )
    pending = access.readable(WarningInfo.objects.all(), user).filter(
        received_on__year=today.year, verification=Verification.PENDING
    )
    panel.figures.append(
        Figure(
            _("Warning information awaiting verification"),
            pending.count(),
            link("earlywarning:warning_list", year=today.year, verification=Verification.PENDING),
        )
    )
    overdue = access.readable(DisposalCase.objects.all(), user).overdue(now).count()
    panel.figures.append(
        Figure(
            _("Disposal cases past their deadline"),
            overdue,
            link("earlywarning:case_list", overdue=1),
            "alert" if overdue else "",
        )
    )
    return panel

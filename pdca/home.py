"""The PDCA figures on discipline staff's home page (see ``registry.home``): lists late
against the cycle's deadlines, rectification past its deadline, the next quarterly draw."""

import datetime

from django.utils.translation import gettext as _

from pdca.dashboard import cycle_units, dashboard_rows
from pdca.models import Cycle, RectificationItem, SamplingDraw
from pdca.sampling import Quarter
from registry.home import Figure, Panel, link


def cycle_panel(user, scope, today: datetime.date) -> Panel | None:
    if not scope.is_discipline_staff():
        return None
    panel = Panel("cycle", _("The district at a glance"))
    cycle = (
        Cycle.objects.visible_to(user)
        .filter(year=today.year)
        .select_related("district")
        .order_by("district__path")
        .first()
    )
    if cycle is not None:
        rows = dashboard_rows(cycle, list(cycle_units(cycle, user)), today)
        late = sum(1 for row in rows if row.late)
        panel.figures.append(
            Figure(
                _("Units late against the cycle's deadlines"),
                late,
                link("pdca:cycle_dashboard", cycle.pk, late=1),
                "alert" if late else "",
            )
        )
    overdue = RectificationItem.objects.visible_to(user).overdue(today).count()
    panel.figures.append(
        Figure(
            _("Rectification items overdue"),
            overdue,
            link("pdca:rectification_list", overdue=1),
            "alert" if overdue else "",
        )
    )
    panel.figures.append(
        Figure(_("Next quarterly draw"), str(_next_draw(cycle, today)), link("pdca:draw_list"))
    )
    return panel


def _next_draw(cycle: Cycle | None, today: datetime.date) -> datetime.date:
    """The last day of this quarter, or of the next one when this quarter's draw is done."""
    quarter = Quarter.of(today)
    drawn = (
        cycle is not None
        and SamplingDraw.objects.filter(district=cycle.district, quarter=str(quarter)).exists()
    )
    return (quarter.next() if drawn else quarter).last_day

"""What the search box finds in the register: risk points and units (see registry/searching.py)."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.models import RiskPoint
from registry.scoping import visible_units
from registry.searching import Hit, SearchKind, register


def find_risk_points(user, text: str, limit: int) -> list[Hit]:
    points = (
        RiskPoint.objects.visible_to(user)
        .filter(Q(name__icontains=text) | Q(code__icontains=text))
        .select_related("unit")
        .order_by("-year", "unit__path", "name")[:limit]
    )
    return [
        Hit(
            point.name,
            reverse("registry:riskpoint_detail", args=[point.pk]),
            " · ".join(filter(None, [point.code, str(point.unit), point.get_level_display()])),
        )
        for point in points
    ]


def find_units(user, text: str, limit: int) -> list[Hit]:
    units = visible_units(user).filter(name__icontains=text).order_by("path")[:limit]
    register_url = reverse("registry:riskpoint_list")
    return [
        Hit(unit.name, f"{register_url}?{urlencode({'unit': unit.pk})}", str(_("Risk register")))
        for unit in units
    ]


register(
    SearchKind("risk_points", pgettext_lazy("search results", "Risk points"), 10, find_risk_points)
)
register(SearchKind("units", pgettext_lazy("search results", "Units"), 40, find_units))

"""What the search box finds here: powers (see registry/searching.py)."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from powers.selectors import filtered_powers
from registry.searching import Hit, SearchKind, register


def find_powers(user, text: str, limit: int) -> list[Hit]:
    powers = filtered_powers(user=user, filters={"q": text}).select_related("unit")[:limit]
    return [
        Hit(
            power.name,
            reverse("powers:power_detail", args=[power.pk]),
            " · ".join(filter(None, [power.code, str(power.unit)])),
        )
        for power in powers
    ]


register(SearchKind("powers", pgettext_lazy("search results", "Powers"), 20, find_powers))

"""What the search box finds here: warning information (see registry/searching.py).

Only the summary is searched and shown; the complainant's name, contact and notes
are never matched, so a search cannot reveal who reported.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy

from earlywarning import access, selectors
from registry.searching import Hit, SearchKind, register


def find_warnings(user, text: str, limit: int) -> list[Hit]:
    warnings = (
        selectors.warnings_for(user)
        .filter(summary__icontains=text)
        .order_by("-received_on", "-pk")[:limit]
    )
    return [
        Hit(
            warning.summary,
            reverse("earlywarning:warning_detail", args=[warning.pk]),
            " · ".join([str(warning.unit), date_format(warning.received_on)]),
        )
        for warning in warnings
    ]


register(
    SearchKind(
        "warnings",
        pgettext_lazy("search results", "Warnings"),
        50,
        find_warnings,
        shown_to=access.reads_any,
    )
)

"""What the search box finds here: people, through their integrity files (see registry/searching.py)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from assessment.access import readable_people
from registry.searching import Hit, SearchKind, register


def find_people(user, text: str, limit: int) -> list[Hit]:
    people = readable_people(user).filter(Q(name__icontains=text)).order_by("name", "pk")[:limit]
    return [
        Hit(
            person.name,
            reverse("assessment:person_file", args=[person.pk]),
            " · ".join(filter(None, [str(person.unit), str(person.department or "")])),
        )
        for person in people
    ]


register(SearchKind("people", pgettext_lazy("search results", "People"), 30, find_people))

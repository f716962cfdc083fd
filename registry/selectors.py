"""Reads of the register, always scoped to the reader."""

import functools

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from registry.filtersets import RiskPointFilterSet, ordering_for, parts_for
from registry.models import Measure, Person, RiskPoint
from registry.paging import SeekPage, seek_page


def risk_point_list(*, user, params) -> tuple[RiskPointFilterSet, SeekPage]:
    """The filtered, sorted register page the user may see.

    A fixed number of queries whatever the page or the district's size: a
    bounded count (an estimate past it), the sort keys of the page and of the
    pages around it, the page's rows, and the filter form's choices. Deep pages
    seek by the sort key (registry.paging). Each query is a round trip, which on
    a busy server waits for the CPU: the page's rows come with their unit,
    department, post and category joined and their measure count and responsible
    person's name as subqueries (more joins cost more to plan than to run: six
    took 15–40 ms at a million points).
    """
    queryset = RiskPoint.objects.visible_to(user).select_related(
        "unit", "department", "post", "category"
    )
    filterset = RiskPointFilterSet(params, queryset=queryset, user=user)
    sort = params.get("sort", "")
    page = seek_page(
        filterset.qs,
        ordering=ordering_for(sort),
        params=params,
        per_page=page_size(params),
        base_query=list_query(params),
        parts=functools.partial(parts_for, sort),
        annotations=_LIST_FIGURES,
    )
    return filterset, page


_LIST_FIGURES = {
    "measure_count": Coalesce(
        Subquery(
            Measure.objects.filter(risk_point=OuterRef("pk"))
            .order_by()
            .values("risk_point")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    ),
    "responsible_name": Subquery(
        Person.objects.filter(pk=OuterRef("responsible_person_id")).order_by().values("name")
    ),
}


def list_query(params, *, keep_sort: bool = True) -> str:
    """The list's query string without its position (page and cursors)."""
    query = params.copy()
    for name in ("page", "after", "before", "last"):
        query.pop(name, None)
    if not keep_sort:
        query.pop("sort", None)
    return query.urlencode()


def page_size(params) -> int:
    try:
        size = int(params.get("per_page", settings.PAGE_SIZE_DEFAULT))
    except ValueError:
        return settings.PAGE_SIZE_DEFAULT
    return size if size in settings.PAGE_SIZE_CHOICES else settings.PAGE_SIZE_DEFAULT


# The years any page accepts in ``?year=``: wide enough for every register, and
# inside what dates and the database's small integers hold.
YEARS = range(2000, 2101)


def year_param(params, default: int) -> int:
    """``?year=`` as a year the pages can work with; ``default`` when it is missing,
    not a number, or out of range (a negative or huge year is not an error page)."""
    try:
        year = int(params.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if year in YEARS else default


def get_risk_point(*, user, pk: int) -> RiskPoint:
    """The risk point if the user may see it; a 404 otherwise, whether it exists or not."""
    queryset = RiskPoint.objects.visible_to(user).with_list_relations()
    return get_object_or_404(queryset, pk=pk)


def can_edit_risk_point(*, user, risk_point: RiskPoint) -> bool:
    return RiskPoint.objects.editable_by(user).filter(pk=risk_point.pk).exists()


def points_per_quarter(*, user, since) -> dict:
    """New points the user sees per quarter of their entry, by level, from ``since``:
    ``{quarter's first day: [level 1, level 2, level 3]}`` in one grouped query.
    Pending revisions are not new points."""
    from django.db.models import Q
    from django.db.models.functions import TruncQuarter

    from registry.choices import RiskLevel

    rows = (
        RiskPoint.objects.visible_to(user)
        .filter(revision_of__isnull=True, created_at__date__gte=since)
        .annotate(quarter=TruncQuarter("created_at"))
        .values("quarter")
        .annotate(**{f"l{lvl}": Count("pk", filter=Q(level=lvl)) for lvl in RiskLevel.values})
    )
    return {_day(row["quarter"]): [row[f"l{lvl}"] for lvl in RiskLevel.values] for row in rows}


def _day(value):
    """A truncated date or (time-zone aware) datetime as the local date."""
    from django.utils import timezone

    return timezone.localdate(value) if hasattr(value, "hour") else value

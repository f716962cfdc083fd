from collections.abc import Callable
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db import connections
from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.choices import RiskLevel, RiskPointStatus, RiskScope
from registry.empty_choice import ANY_CHOICE
from registry.models import Department, Post, RiskCategory, RiskPoint, Unit
from registry.paging import Part, planner_estimate
from registry.scoping import scope_for, visible_departments, visible_posts, visible_units

LISTED_UNITS = 100
# Up to this many points (the planner's estimate), a search reads the points of the
# scope one by one instead of through the trigram indexes (see ``_searched``).
NARROW_SEARCH_POINTS = 20_000
SEARCHED_FIELDS = ("name", "manifestation", "code")

# What the register can be sorted by: the URL's name → the ORM ordering. A related
# name is followed by what makes it one department or post (name and unit), so the
# database walks departments in that order and reads each one's points by index.
SORTS = {
    "name": ("name", "id"),
    "unit": ("unit__path", "id"),
    "department": ("department__name", "department__unit_id", "id"),
    "post": ("post__name", "post__unit_id", "post_id", "id"),
    "level": ("level", "id"),
    "category": ("category__sort_order", "category_id", "id"),
    "status": ("status", "id"),
    "year": ("year", "id"),
    "updated": ("updated_at", "id"),
}
DEFAULT_SORT = ("unit__path", "level", "id")

# Filters that apps above the register add to it (assessment: the grading's likelihood
# and harm), registered from their AppConfig.ready() so the register imports none of them.
_extra_filters: dict[str, Callable[[], django_filters.Filter]] = {}


def register_point_filter(name: str, make_filter: Callable[[], django_filters.Filter]) -> None:
    _extra_filters[name] = make_filter


class RiskPointFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method="in_unit_subtree"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none()
    )
    post = django_filters.ModelChoiceFilter(label=_("Post"), queryset=Post.objects.none())
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=RiskScope.choices)
    level = django_filters.ChoiceFilter(label=_("Risk level"), choices=RiskLevel.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Risk category"), queryset=RiskCategory.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RiskPointStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    # What the maps and charts count: neither retired points nor pending revisions.
    current = django_filters.BooleanFilter(
        label=_("Current points only"), method="only_current", widget=forms.CheckboxInput
    )

    class Meta:
        model = RiskPoint
        fields = ["q", "unit", "department", "post", "scope", "level", "category", "status", "year"]

    def __init__(self, data=None, queryset=None, *, user, **kwargs) -> None:
        super().__init__(data, queryset, **kwargs)
        for name, make_filter in _extra_filters.items():
            self.filters[name] = make_filter()
            self.filters[name].parent, self.filters[name].model = self, RiskPoint
        units = visible_units(user)
        self.filters["unit"].queryset = units
        departments = visible_departments(user).select_related("unit")
        posts = visible_posts(user).select_related("department")
        unit_id = self._chosen("unit")
        department_id = self._chosen("department")
        if unit_id:
            departments = departments.filter(unit_id=unit_id)
            posts = posts.filter(unit_id=unit_id)
        if department_id:
            posts = posts.filter(department_id=department_id)
        elif not unit_id:
            # Every post of a district is too long a list to be useful: choose a unit first.
            posts = posts.none()
        self.filters["department"].queryset = departments
        self.filters["post"].queryset = posts
        # Every department of a district is thousands of options: whole-unit readers
        # choose a unit first (a department chosen by link still filters).
        self.departments_by_unit = not unit_id and scope_for(user).reads_whole_units
        # Past LISTED_UNITS units, the select holds only the chosen one and fetches
        # the rest when opened (static/js/app.js, data-options-url).
        self.listed_units = list(units[: LISTED_UNITS + 1])
        self.lazy_units = len(self.listed_units) > LISTED_UNITS

    @property
    def form(self):
        form = super().form
        if getattr(form, "choices_set", False):
            return form
        form.choices_set = True
        # The chosen unit and department are the ones validating the form read.
        form.is_valid()
        chosen = getattr(form, "cleaned_data", {})
        units = [chosen.get("unit")] if self.lazy_units else self.listed_units
        _list_choices(form.fields["unit"], units)
        if self.lazy_units:
            form.fields["unit"].widget.attrs["data-options-url"] = reverse("registry:unit_options")
        departments = form.fields["department"]
        _list_choices(
            departments,
            [chosen.get("department")] if self.departments_by_unit else departments.queryset,
        )
        _list_choices(form.fields["post"], form.fields["post"].queryset)
        _list_choices(form.fields["category"], form.fields["category"].queryset)
        return form

    def _chosen(self, name: str) -> int | None:
        value = (self.data or {}).get(name)
        return int(value) if value and str(value).isdigit() else None

    def search(self, queryset, name, value):
        """Noted here, applied last (``filter_queryset``), when every other filter has
        narrowed the points the words are looked for in."""
        self.search_words = value.split()
        return queryset

    def filter_queryset(self, queryset):
        self.search_words = []
        queryset = super().filter_queryset(queryset)
        return _searched(queryset, self.search_words) if self.search_words else queryset

    def only_current(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(status=RiskPointStatus.RETIRED).filter(revision_of__isnull=True)

    def in_unit_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)


def _searched(queryset, words: list[str]):
    """Points whose name, manifestation or code contain every word, in any case.

    District-wide, the trigram indexes (upper(name) and so on) find the matches.
    In a narrow scope (a unit's few thousand points) they are the slow way: each
    index returns every match in the district (100,000 for a common phrase, 150 ms)
    before the scope narrows them, where reading the scope's points by its own
    index and testing each takes a few milliseconds. There the fields are spelled
    so that no trigram index matches them (concatenated with nothing)."""
    fields = SEARCHED_FIELDS
    narrow = (
        connections[queryset.db].vendor == "postgresql"
        and planner_estimate(queryset) <= NARROW_SEARCH_POINTS
    )
    if narrow:
        queryset = queryset.alias(
            **{f"searched_{f}": Concat(f, Value(""), output_field=TextField()) for f in fields}
        )
        fields = tuple(f"searched_{f}" for f in fields)
    for word in words:
        queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
    return queryset


def _list_choices(field, objects) -> None:
    """The select's options from ``objects`` (None left out), read in one plain query: a
    ModelChoiceField reads its own through a server-side cursor (three round trips)."""
    field.widget.choices = [("", ANY_CHOICE)] + [(o.pk, str(o)) for o in objects if o]


def parts_for(sort: str) -> list[Part]:
    """How the register sorted by ``sort`` is read in parts (registry.paging.Part):
    points with and without a department (or post), and each risk category."""
    name = sort.lstrip("-")
    if name in ("department", "post"):
        return [
            Part(Q(**{f"{name}__name__isnull": False})),
            Part(Q(**{f"{name}__isnull": True}), key=(None,) * (len(SORTS[name]) - 1)),
        ]
    if name == "category":
        categories = RiskCategory.objects.values_list("sort_order", "pk")
        return [Part(Q(category_id=pk), key=(order, pk)) for order, pk in categories]
    return []


def ordering_for(sort: str) -> tuple[str, ...]:
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"))
    if not fields:
        return DEFAULT_SORT
    return tuple(f"-{f}" for f in fields) if descending else fields

"""Reads of power lists, always scoped to the reader: out of scope is a 404."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from powers.choices import CoverageGap, PowerStatus
from powers.models import FlowStep, PowerItem, PowerPost, StepRisk
from registry.choices import RiskPointStatus
from registry.models import Post, PostTenure, RiskPoint, Unit
from registry.scoping import visible_units

# Retired points no longer describe a risk; everything else on a step counts.
LIVE = ~Q(risk_point__status=RiskPointStatus.RETIRED)


def live_links(**filters):
    return StepRisk.objects.filter(LIVE, **filters)


def _count(queryset, column: str = "pk"):
    """A correlated COUNT subquery: counts without multiplying the outer rows."""
    counted = queryset.order_by().values(column).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def with_list_figures(queryset):
    """Posts, steps, risk points on steps and their highest level, each one subquery."""
    links = live_links(step__power=OuterRef("pk"))
    return queryset.annotate(
        post_count=_count(PowerPost.objects.filter(power=OuterRef("pk")).values("power"), "power"),
        step_count=_count(FlowStep.objects.filter(power=OuterRef("pk")).values("power"), "power"),
        risk_count=Coalesce(
            Subquery(
                _per_power(links).annotate(n=Count("risk_point", distinct=True)).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        top_level=Subquery(_per_power(links).annotate(m=Min("risk_point__level")).values("m")[:1]),
    )


def _per_power(links):
    return links.order_by().values("step__power")


def gap_condition(gap: str) -> Q:
    """The power-list filter for one coverage gap (the report links to these)."""
    if gap == CoverageGap.NO_RISK:
        return ~Exists(live_links(step__power=OuterRef("pk")))
    if gap == CoverageGap.MAJOR_UNCOVERED:
        covered = live_links(step__power=OuterRef("pk"), risk_point__level__in=[1, 2])
        return Q(is_major=True) & ~Exists(covered)
    if gap == CoverageGap.NO_STEPS:
        return ~Exists(FlowStep.objects.filter(power=OuterRef("pk")))
    return Q()


def level_condition(level: int) -> Q:
    return Exists(live_links(step__power=OuterRef("pk"), risk_point__level=level))


def filtered_powers(*, user, filters: dict):
    """The powers the user may see that match the list's filters, in list order."""
    return filter_powers(PowerItem.objects.visible_to(user), filters).order_by("unit__path", "code")


def power_list(*, user, filters: dict, page_number, per_page: int | None = None) -> Page:
    """The filtered page of powers the user may see, in a fixed number of queries."""
    queryset = with_list_figures(filtered_powers(user=user, filters=filters).with_list_relations())
    size = per_page if per_page in settings.PAGE_SIZE_CHOICES else settings.PAGE_SIZE_DEFAULT
    return Paginator(queryset, size).get_page(page_number)


def filter_condition(filters: dict) -> Q:
    condition = Q()
    if filters.get("unit"):
        condition &= Q(unit=filters["unit"])
    if filters.get("category"):
        condition &= Q(category=filters["category"])
    if filters.get("status"):
        condition &= Q(status=filters["status"])
    if filters.get("major") in ("yes", "no"):
        condition &= Q(is_major=filters["major"] == "yes")
    if filters.get("post"):
        condition &= Exists(PowerPost.objects.filter(power=OuterRef("pk"), post=filters["post"]))
    if filters.get("gap"):
        condition &= gap_condition(filters["gap"])
    if filters.get("has") == "steps":
        condition &= ~gap_condition(CoverageGap.NO_STEPS)
    if filters.get("has") == "risks":
        condition &= ~gap_condition(CoverageGap.NO_RISK)
    if filters.get("level"):
        condition &= level_condition(int(filters["level"]))
    if filters.get("q"):
        condition &= Q(name__icontains=filters["q"]) | Q(code__icontains=filters["q"])
    return condition


def get_power(*, user, pk: int) -> PowerItem:
    return get_object_or_404(PowerItem.objects.visible_to(user).with_list_relations(), pk=pk)


def get_unit(*, user, pk: int) -> Unit:
    return get_object_or_404(visible_units(user), pk=pk)


def get_post(*, user, pk: int) -> Post:
    posts = Post.objects.filter(unit__in=visible_units(user)).select_related("unit", "department")
    return get_object_or_404(posts, pk=pk)


@dataclass
class StepView:
    """A step with every live risk point on it, and which of them the reader may open."""

    step: FlowStep
    points: list[RiskPoint] = field(default_factory=list)
    visible_ids: set[int] = field(default_factory=set)

    @property
    def top_level(self) -> int | None:
        return min((point.level for point in self.points), default=None)

    @property
    def visible_points(self) -> list[RiskPoint]:
        return [point for point in self.points if point.pk in self.visible_ids]

    @property
    def hidden_count(self) -> int:
        return len(self.points) - len(self.visible_points)


def flow_of(*, user, power: PowerItem) -> list[StepView]:
    """The steps in order, each with its live risk points; three queries."""
    links = StepRisk.objects.filter(LIVE).select_related("risk_point")
    steps = power.steps.select_related("post", "post__department").prefetch_related(
        Prefetch("risk_links", queryset=links.order_by("risk_point__level", "risk_point__name"))
    )
    visible = set(
        RiskPoint.objects.visible_to(user)
        .filter(power_step_links__step__power=power)
        .values_list("pk", flat=True)
    )
    return [
        StepView(step, [link.risk_point for link in step.risk_links.all()], visible)
        for step in steps
    ]


def assignments_of(power: PowerItem) -> list[PowerPost]:
    """The posts exercising the power, each with its current holders in ``holders``."""
    current = PostTenure.objects.current().select_related("person")
    return list(
        power.assignments.select_related("post", "post__department").prefetch_related(
            Prefetch("post__tenures", queryset=current, to_attr="holders")
        )
    )


def powers_of_post(post: Post) -> list[PowerPost]:
    return list(
        post.power_assignments.select_related("power", "power__category")
        .filter(power__status=PowerStatus.IN_FORCE)
        .order_by("power__code", "role")
    )


def filter_powers(powers, filters: dict, *, user=None):
    """The power list's filters (``PowerFilterForm``) on ``powers``: the page's and the API's."""
    return powers.filter(filter_condition(filters))

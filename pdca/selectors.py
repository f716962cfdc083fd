"""Reads of the cycle, always scoped to the reader: out of scope is a 404."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.http import Http404
from django.shortcuts import get_object_or_404

from pdca.access import sees_whole_inspection
from pdca.models import Cycle, EvidenceFile, Inspection, RectificationItem, SamplingDraw
from registry.models import RiskPoint, Unit
from registry.scoping import restrict_to_discipline, visible_units


def get_cycle(*, user, pk: int) -> Cycle:
    return get_object_or_404(Cycle.objects.visible_to(user).select_related("district"), pk=pk)


def visible_draws(user):
    inside = visible_units(user).filter(path__startswith=OuterRef("district__path"))
    return SamplingDraw.objects.filter(Exists(inside)).select_related("district")


def get_draw(*, user, pk: int) -> SamplingDraw:
    return get_object_or_404(visible_draws(user), pk=pk)


def get_inspection(*, user, pk: int) -> Inspection:
    queryset = Inspection.objects.visible_to(user).select_related(
        "unit", "draw", "inspector", "source", "planned_by"
    )
    return get_object_or_404(queryset, pk=pk)


def inspection_items(*, user, inspection: Inspection) -> QuerySet:
    """The checklist items of an inspection the user may read: all of them, or only
    those on risk points of their own department or post."""
    items = inspection.items.all()
    if sees_whole_inspection(user, inspection):
        return items
    return items.filter(risk_point__in=RiskPoint.objects.visible_to(user))


def get_item(*, user, pk: int) -> RectificationItem:
    queryset = RectificationItem.objects.visible_to(user).select_related(
        "unit", "owner", "inspector", "source", "finding__inspection__draw", "finding__repeat_of"
    )
    return get_object_or_404(queryset, pk=pk)


def get_evidence(*, user, pk: int) -> EvidenceFile:
    """A file is as visible as the inspection or rectification item it supports."""
    evidence = get_object_or_404(EvidenceFile, pk=pk)
    if evidence.checklist_item_id:
        inspection = get_inspection(user=user, pk=evidence.checklist_item.inspection_id)
        if not inspection_items(user=user, inspection=inspection).filter(
            pk=evidence.checklist_item_id
        ):
            raise Http404
    else:
        get_item(user=user, pk=evidence.rectification_item_id)
    return evidence


def rectification_per_quarter(*, user, since: datetime.date, today: datetime.date) -> dict:
    """Rectification items the user sees by the quarter of their deadline, from ``since``:
    ``{quarter's first day: (closed off on time, closed off late, open past the deadline, not yet due)}``
    in one grouped query."""
    open_ = Q(closed_at__isnull=True)
    rows = (
        RectificationItem.objects.visible_to(user)
        .filter(deadline__gte=since)
        .annotate(quarter=TruncQuarter("deadline"))
        .values_list("quarter")
        .annotate(
            on_time=Count("pk", filter=Q(closed_at__date__lte=F("deadline"))),
            late=Count("pk", filter=Q(closed_at__date__gt=F("deadline"))),
            overdue=Count("pk", filter=open_ & Q(deadline__lt=today)),
            pending=Count("pk", filter=open_ & Q(deadline__gte=today)),
        )
    )
    return {(q.date() if isinstance(q, datetime.datetime) else q): counts for q, *counts in rows}


def overseen_units(user) -> QuerySet:
    """Active units whose discipline staff the user is: those they plan inspections of and
    record findings for."""
    units = Unit.objects.filter(is_active=True).order_by("path")
    return restrict_to_discipline(units, user, prefix="")


def planned_inspections(user) -> QuerySet:
    """Special inspections and unannounced checks the user may read, newest first."""
    return (
        Inspection.objects.visible_to(user)
        .filter(draw__isnull=True)
        .select_related("unit", "inspector", "source", "planned_by")
        .annotate(finding_count=Count("findings"))
        .order_by("-planned_at", "unit__path", "pk")
    )

"""Reads of the cycle, always scoped to the reader: out of scope is a 404."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from pdca.access import sees_whole_inspection
from pdca.models import Cycle, EvidenceFile, Inspection, RectificationItem, SamplingDraw
from registry.models import RiskPoint
from registry.scoping import visible_units


def get_cycle(*, user, pk: int) -> Cycle:
    return get_object_or_404(Cycle.objects.visible_to(user).select_related("district"), pk=pk)


def visible_draws(user):
    inside = visible_units(user).filter(path__startswith=OuterRef("district__path"))
    return SamplingDraw.objects.filter(Exists(inside)).select_related("district")


def get_draw(*, user, pk: int) -> SamplingDraw:
    return get_object_or_404(visible_draws(user), pk=pk)


def get_inspection(*, user, pk: int) -> Inspection:
    queryset = Inspection.objects.visible_to(user).select_related("unit", "draw", "inspector")
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
        "unit", "owner", "inspector", "finding__inspection__draw"
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

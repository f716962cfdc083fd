from pdca.models.cycle import (
    CarriedPoint,
    Cycle,
    Deadline,
    DeadlineTemplate,
    Phase,
    PhaseTemplate,
    UnitDeadline,
)
from pdca.models.rectification import CarriedItem, Finding, RectificationItem
from pdca.models.sampling import ChecklistItem, EvidenceFile, Inspection, SamplingDraw

__all__ = [
    "CarriedItem",
    "CarriedPoint",
    "ChecklistItem",
    "Cycle",
    "Deadline",
    "DeadlineTemplate",
    "EvidenceFile",
    "Finding",
    "Inspection",
    "Phase",
    "PhaseTemplate",
    "RectificationItem",
    "SamplingDraw",
    "UnitDeadline",
]

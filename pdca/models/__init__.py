from pdca.models.cycle import (
    CarriedPoint,
    Cycle,
    Deadline,
    DeadlineTemplate,
    Phase,
    PhaseTemplate,
    UnitDeadline,
)
from pdca.models.rectification import CarriedItem, Finding, RectificationItem  # noqa
from pdca.models.sampling import ChecklistItem, EvidenceFile, Inspection, SamplingDraw
from pdca.models.sources import FindingSource

__all__ = [
    "CarriedItem",
    "CarriedPoint",
    "ChecklistItem",
    "Cycle",
    "Deadline",
    "DeadlineTemplate",
    "EvidenceFile",
    "Finding",
    "FindingSource",
    "Inspection",
    "Phase",
    "PhaseTemplate",
    "RectificationItem",
    "SamplingDraw",
    "UnitDeadline",
]

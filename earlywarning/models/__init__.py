from earlywarning.models.disposal import CaseEvent, DisposalCase, StepDeadline
from earlywarning.models.information import InformationOfficer, OfficerReport, WarningInfo
from earlywarning.models.notices import Notice
from earlywarning.models.scoring import FULL_SCORE, ColourThreshold, Deduction, DeductionRule

__all__ = [
    "FULL_SCORE",
    "CaseEvent",
    "ColourThreshold",
    "Deduction",
    "DeductionRule",
    "DisposalCase",
    "InformationOfficer",
    "Notice",
    "OfficerReport",
    "StepDeadline",
    "WarningInfo",
]

from programme.models.appraisal import RecordedItem, RecordMeasure
from programme.models.education import Attendance, EducationActivity, EducationKind
from programme.models.filing import Filing, FilingDeadline
from programme.models.letters import Letter, LetterBatch
from programme.models.opinions import OpinionReply, OpinionRequest
from programme.models.prereports import MatterKind, PreReport
from programme.models.rules import RevisionPlan, Rule, RuleChange

__all__ = [
    "Attendance",
    "EducationActivity",
    "EducationKind",
    "Filing",
    "FilingDeadline",
    "Letter",
    "LetterBatch",
    "MatterKind",
    "OpinionReply",
    "OpinionRequest",
    "PreReport",
    "RecordMeasure",
    "RecordedItem",
    "RevisionPlan",
    "Rule",
    "RuleChange",
]

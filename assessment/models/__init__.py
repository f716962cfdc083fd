from assessment.models.appraisal import (
    Appraisal,
    AppraisalAttachment,
    AppraisalLink,
    ChecklistItem,
    ChecklistScore,
    GradeThreshold,
    RectificationNotice,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from assessment.models.grading import (
    AxisBand,
    Factor,
    FactorOption,
    GradingModel,
    MatrixCell,
    PointGrading,
    RegradeRun,
)
from assessment.models.integrity import Commitment, IntegrityAdjustment
from assessment.models.monitoring import MonitorAssignment

__all__ = [
    "Appraisal",
    "AppraisalAttachment",
    "AppraisalLink",
    "AxisBand",
    "ChecklistItem",
    "ChecklistScore",
    "Commitment",
    "Factor",
    "FactorOption",
    "GradeThreshold",
    "GradingModel",
    "IntegrityAdjustment",
    "MatrixCell",
    "MonitorAssignment",
    "PointGrading",
    "RectificationNotice",
    "RegradeRun",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
]

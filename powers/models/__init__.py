from powers.models.catalogue import PowerCategory, PowerItem, PowerItemQuerySet, PowerPost
from powers.models.discretion import DiscretionBand
from powers.models.flow import FlowStep, StepRisk

__all__ = [
    "DiscretionBand",
    "FlowStep",
    "PowerCategory",
    "PowerItem",
    "PowerItemQuerySet",
    "PowerPost",
    "StepRisk",
]

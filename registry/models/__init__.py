from registry.models.exports import ExportJob, ExportKind, ExportState
from registry.models.ledger import (
    ColumnMapping,
    HeaderSynonym,
    ImportBatch,
    ImportedChange,
    ImportState,
)
from registry.models.notifications import EmailState, Notification
from registry.models.organisation import Department, Person, Post, PostTenure, Unit
from registry.models.outbox import OutboxMessage
from registry.models.register import Measure, RiskCategory, RiskPoint
from registry.models.roles import RoleAssignment
from registry.models.workflow import (
    CollectiveDecision,
    NoticeFeedback,
    RiskList,
    SignOff,
    SignOffAction,
)

__all__ = [
    "ExportJob",
    "ExportKind",
    "ExportState",
    "CollectiveDecision",
    "Department",
    "ImportBatch",
    "ImportState",
    "ColumnMapping",
    "HeaderSynonym",
    "ImportedChange",
    "Measure",
    "EmailState",
    "NoticeFeedback",
    "Notification",
    "OutboxMessage",
    "RiskList",
    "SignOff",
    "SignOffAction",
    "Person",
    "Post",
    "PostTenure",
    "RiskCategory",
    "RiskPoint",
    "RoleAssignment",
    "Unit",
]

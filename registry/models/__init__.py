from registry.models.api import ApiToken
from registry.models.codes import LedgerCodeSequence
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
from registry.models.roles import RoleAssignment, RoleProposal
from registry.models.workflow import (
    CollectiveDecision,
    NoticeFeedback,
    RiskList,
    SignOff,
    SignOffAction,
)

__all__ = [
    "ApiToken",
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
    "LedgerCodeSequence",
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
    "RoleProposal",
    "Unit",
]

# h19docs: official documents live in registry.documents; imported so Django registers them.
from registry.documents.models import (  # noqa: E402
    Document,
    DocumentCounter,
    DocumentIssuer,
    DocumentKind,
)

__all__ += ["Document", "DocumentCounter", "DocumentIssuer", "DocumentKind"]

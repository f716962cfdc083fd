from registry.models.organisation import Department, Person, Post, PostTenure, Unit
from registry.models.register import Measure, RiskCategory, RiskPoint
from registry.models.roles import RoleAssignment

__all__ = [
    "Department",
    "Measure",
    "Person",
    "Post",
    "PostTenure",
    "RiskCategory",
    "RiskPoint",
    "RoleAssignment",
    "Unit",
]

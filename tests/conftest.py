"""Shared fixtures: a small organisation and one user per role with a scope.

District D
├── Finance bureau (FIN): departments Budget, Procurement; posts; a sub-unit FIN-TP
└── Tax bureau (TAX): department Inspection
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from registry.choices import RiskScope, Role, UnitKind
from registry.models import (
    Department,
    Measure,
    Person,
    Post,
    PostTenure,
    RiskCategory,
    RiskPoint,
    RoleAssignment,
    Unit,
)
from registry.services import role_grant

PASSWORD = "test-pass-123"


@pytest.fixture(autouse=True)
def _chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.CELERY_TASK_ALWAYS_EAGER = True


class Org:
    """Handles to the fixture organisation, by short names."""


@pytest.fixture
def org(db) -> Org:
    o = Org()
    o.district = Unit.objects.create(code="D", name="示范区", kind=UnitKind.DISTRICT)
    o.finance = Unit.objects.create(
        code="FIN", name="区财政局", kind=UnitKind.ORGAN, parent=o.district
    )
    o.treasury = Unit.objects.create(
        code="FIN-TP", name="国库支付中心", kind=UnitKind.INSTITUTION, parent=o.finance
    )
    o.tax = Unit.objects.create(code="TAX", name="区税务局", kind=UnitKind.ORGAN, parent=o.district)
    o.budget = Department.objects.create(unit=o.finance, name="预算科")
    o.procurement = Department.objects.create(unit=o.finance, name="政府采购科")
    o.inspection = Department.objects.create(unit=o.tax, name="稽查科")
    o.budget_clerk = Post.objects.create(unit=o.finance, department=o.budget, name="预算审核岗")
    o.buyer = Post.objects.create(unit=o.finance, department=o.procurement, name="采购经办岗")
    o.director = Post.objects.create(unit=o.finance, name="局长")
    o.tax_inspector = Post.objects.create(unit=o.tax, department=o.inspection, name="稽查岗")
    o.category = RiskCategory.objects.get(name="岗位职责风险")
    o.process = RiskCategory.objects.get(name="业务流程风险")
    return o


def make_user(username: str, *, superuser: bool = False):
    User = get_user_model()
    user = User.objects.create_user(
        username,
        email=f"{username}@example.org",
        password=PASSWORD,
        is_superuser=superuser,
        is_staff=superuser,
    )
    return user


def grant(user, role: str, unit: Unit, departments=()) -> RoleAssignment:
    return role_grant(user=user, role=role, unit=unit, departments=departments, by=None)


@pytest.fixture
def new_user_with_role(org):
    """Make a further login holding one role, for tests that need an unusual scope."""

    def make(username: str, role: str, unit: Unit, departments=()):
        user = make_user(username)
        grant(user, role, unit, departments)
        return user

    return make


@pytest.fixture
def users(org) -> dict:
    """One login per role, each with the scope its role usually has."""
    u = {
        "inspector": make_user("inspector"),
        "leader": make_user("leader"),
        "incharge": make_user("incharge"),
        "group": make_user("group"),
        "depthead": make_user("depthead"),
        "staff": make_user("staff"),
        "admin": make_user("admin"),
        "auditor": make_user("auditor"),
        "taxhead": make_user("taxhead"),
        "nobody": make_user("nobody"),
    }
    grant(u["inspector"], Role.INSPECTOR, org.district)
    grant(u["leader"], Role.UNIT_LEADER, org.finance)
    grant(u["incharge"], Role.LEADER_IN_CHARGE, org.finance, [org.procurement])
    grant(u["group"], Role.LEADING_GROUP, org.finance)
    grant(u["depthead"], Role.DEPARTMENT_HEAD, org.finance, [org.procurement])
    grant(u["staff"], Role.POST_HOLDER, org.finance)
    grant(u["admin"], Role.ADMIN, org.district)
    grant(u["auditor"], Role.AUDITOR, org.district)
    grant(u["taxhead"], Role.DEPARTMENT_HEAD, org.tax, [org.inspection])
    person = Person.objects.create(
        unit=org.finance, department=org.procurement, name="王采购", user=u["staff"]
    )
    PostTenure.objects.create(person=person, post=org.buyer, start_date=datetime.date(2024, 1, 1))
    return u


@pytest.fixture
def make_point(org):
    def make(**fields) -> RiskPoint:
        post = fields.pop("post", org.buyer)
        defaults = {
            "unit": post.unit if post else org.finance,
            "department": post.department if post else None,
            "post": post,
            "scope": RiskScope.POST if post else RiskScope.UNIT,
            "name": "采购需求量身定制",
            "category": org.category,
            "level": 2,
            "year": 2026,
        }
        defaults.update(fields)
        point = RiskPoint.objects.create(**defaults)
        return point

    return make


@pytest.fixture
def point_with_measures(make_point) -> RiskPoint:
    point = make_point(code="CZ-001", manifestation="设置倾向性条款")
    Measure.objects.create(
        risk_point=point, defence_line="prevention", text="采购需求集体审定", sort_order=1
    )
    Measure.objects.create(
        risk_point=point, defence_line="monitoring", text="纪检全程监督", sort_order=2
    )
    return point


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


# --- h15home: the grading factors the risk point's create form asks ---
def grading_answers(index: int = 1) -> dict:
    """Form data answering every factor of the current grading model with its option
    number ``index`` (the middle one by default, which grades level 2)."""
    from assessment.models import GradingModel

    model = GradingModel.objects.get(is_current=True)
    return {
        f"grading-{factor.code}": list(factor.options.all())[index].pk
        for factor in model.factors.prefetch_related("options")
    }

"""The demo data: it loads, meets its minimums, loads only once, and its logins work."""

import json
import shutil
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils.translation import gettext

from registry.choices import DefenceLine, RiskPointStatus, RiskScope, Role, UnitKind
from registry.demo import FIXTURE_DIR, DemoDataError, seed_demo
from registry.models import Department, Measure, Person, PostTenure, RiskPoint, RoleAssignment, Unit

pytestmark = pytest.mark.django_db

PASSWORD = "demo12345"
FINANCE = "CZ"
CATEGORIES = {"思想道德风险", "制度机制风险", "岗位职责风险", "业务流程风险", "外部环境风险"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default hasher costs a good part of a second per login; these tests are about data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo() -> dict:
    return seed_demo()


def _root() -> Unit:
    return Unit.objects.get(parent__isnull=True)


def _current_posts(person: Person) -> list:
    return [tenure.post for tenure in person.tenures.current().select_related("post")]


def _row_counts() -> dict[str, int]:
    models = apps.get_models(include_auto_created=True)
    return {model._meta.label: model._default_manager.count() for model in models}


def _history_counts() -> dict[str, int]:
    tracked = [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]
    return {model._meta.label: model.history.count() for model in tracked}


def test_district_has_units_below_it(demo):
    root = _root()
    below = Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk)
    assert root.kind == UnitKind.DISTRICT
    assert below.count() >= 8
    assert set(below.values_list("kind", flat=True)) <= {
        UnitKind.ORGAN,
        UnitKind.INSTITUTION,
        UnitKind.ENTERPRISE,
    }
    assert below.filter(depth__gte=2).exists(), "a sub-unit exercises the tree"


def test_units_have_departments_posts_and_people(demo):
    for unit in Unit.objects.exclude(kind=UnitKind.DISTRICT):
        departments = list(unit.departments.all())
        assert 3 <= len(departments) <= 6, unit
        for department in departments:
            assert 2 <= department.posts.count() <= 4, department
        assert unit.posts.filter(department__isnull=True).exists(), f"{unit} has no leadership"
        for post in unit.posts.all():
            assert post.tenures.current().exists(), f"{unit} / {post} has no holder"


def test_rotation_is_on_record(demo):
    past = PostTenure.objects.filter(end_date__isnull=False).select_related("person", "post")
    assert past.count() >= 5
    rotated = [t for t in past if any(p != t.post for p in _current_posts(t.person))]
    assert len(rotated) >= 5, "people who moved on to another post"


def test_register_covers_scopes_categories_levels_and_statuses(demo):
    points = list(RiskPoint.objects.select_related("category"))
    assert len(points) >= 60
    assert {p.scope for p in points} == set(RiskScope.values)
    assert {p.category.name for p in points} >= CATEGORIES
    assert {p.level for p in points} == {1, 2, 3}
    assert len({p.discovery_method for p in points}) >= 3
    statuses = Counter(p.status for p in points)
    assert statuses[RiskPointStatus.DRAFT] and statuses[RiskPointStatus.SUBMITTED]
    assert statuses[RiskPointStatus.ACTIVE] > len(points) / 2
    assert {p.year for p in points} == {2025, 2026}
    assert all(p.level == 1 for p in points if p.scope == RiskScope.UNIT), "三重一大 is level 1"


def test_risk_points_are_filled_in(demo):
    for point in RiskPoint.objects.select_related("responsible_person", "supervisor"):
        assert point.code and point.manifestation and point.time_limit, point.code
        assert point.responsible_person.unit_id == point.unit_id, point.code
        assert point.supervisor.unit_id == point.unit_id, point.code
        assert point.responsible_person != point.supervisor, point.code
        assert 1 <= point.measures.count() <= 4, point.code
    codes = Counter(RiskPoint.objects.values_list("unit_id", "code"))
    assert max(codes.values()) == 1, "codes are unique within a unit"


def test_measures_use_all_lines_of_defence(demo):
    measures = Measure.objects.all()
    assert {m.defence_line for m in measures} == set(DefenceLine.values)
    assert all(m.text and m.responsible_person_id for m in measures)
    assert measures.filter(due_date__isnull=False).exists()


def test_every_risk_point_passes_full_clean(demo):
    for point in RiskPoint.objects.all():
        assert point.scope_errors() == {}, point.code
        point.full_clean()


def test_second_run_creates_nothing(demo):
    assert all(demo[name] > 0 for name in ("units", "risk_points", "measures", "users"))
    rows, history = _row_counts(), _history_counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))

    again = seed_demo()

    assert not any(again.values()), again
    assert _row_counts() == rows
    assert _history_counts() == history
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords


LOGINS = [
    ("inspector", Role.INSPECTOR, None),
    ("leader", Role.UNIT_LEADER, FINANCE),
    ("depthead", Role.DEPARTMENT_HEAD, FINANCE),
    ("staff", Role.POST_HOLDER, FINANCE),
    ("admin", Role.ADMIN, None),
    ("auditor", Role.AUDITOR, None),
]


@pytest.mark.parametrize(("username", "role", "unit_code"), LOGINS)
def test_demo_login_authenticates_with_its_role(demo, username, role, unit_code):
    user = authenticate(username=username, password=PASSWORD)
    assert user is not None
    unit = Unit.objects.get(code=unit_code) if unit_code else _root()
    assert RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists()
    assert Person.objects.filter(user=user).exists()
    assert user.is_superuser == (username == "admin") == user.is_staff


def test_leader_holds_the_director_post(demo):
    person = get_user_model().objects.get(username="leader").person
    posts = _current_posts(person)
    assert person.unit.code == FINANCE
    assert any(p.name == "局长" and p.department_id is None for p in posts)


def _depthead_department() -> Department:
    assignment = RoleAssignment.objects.get(user__username="depthead")
    (department,) = assignment.departments.all()
    return department


def test_department_head_heads_a_department_with_risk_points(demo):
    department = _depthead_department()
    person = get_user_model().objects.get(username="depthead").person
    assert department.unit.code == FINANCE
    assert department.risk_points.exists()
    assert any(p.name == "科长" and p.department == department for p in _current_posts(person))


def test_staff_holds_a_post_with_risk_points(demo):
    user = get_user_model().objects.get(username="staff")
    department = _depthead_department()
    posts = [p for p in _current_posts(user.person) if p.department == department]
    assert posts and posts[0].risk_points.exists()
    visible = RiskPoint.objects.visible_to(user)
    assert set(posts[0].risk_points.all()) <= set(visible)


def test_broken_fixture_writes_nothing(tmp_path):
    shutil.copytree(FIXTURE_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "units" / f"{FINANCE}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["risk_points"][-1]["post"] = "不存在的科/不存在的岗"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rows = _row_counts()

    with pytest.raises(DemoDataError):
        seed_demo(directory=tmp_path)

    assert _row_counts() == rows


def test_command_reports_what_it_created():
    first, second = StringIO(), StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)
    assert gettext("Demo data loaded.") in first.getvalue()
    assert gettext("The demo data is already loaded; nothing was created.") in second.getvalue()

"""Importing power lists from Excel through the ledger engine: round trip, create, errors, updates."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from powers.history import CHANGE_TYPES, power_history
from powers.models import FlowStep, PowerItem, PowerPost, StepRisk
from registry.choices import Role
from registry.ledger import Context, Problems, commit, get_sheet_type, preview
from registry.ledger.batches import import_file
from registry.ledger.forms import LedgerUploadForm
from registry.services import role_grant

pytestmark = pytest.mark.django_db

POWER_HEADER = ["事项\n编码", "事项名称", "权力类别\n（必填）", "责任科室", "责任岗位", "办理时限", "重大/一般"]  # fmt: skip
STEP_HEADER = ["事项编码", "环节\n序号", "环节名称", "承办岗位", "时限", "监督制约"]


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def power_list(powers: list[list], steps: list[list] = ()) -> bytes:
    """A unit's own file: a title and a 填报单位 line above wrapped headers, no 单位 column."""
    above = [["区财政局权力清单"], ["填报单位：区财政局", None, None, "填报日期：2026年3月1日"]]
    sheets = [("权力清单", [*above, POWER_HEADER, *powers])]
    if steps:
        sheets.append(("运行流程", [["权力运行流程"], STEP_HEADER, *steps]))
    return xlsx(*sheets)


def run(data: bytes, *, by, dry_run: bool = False):
    context = Context(by=by, options={}, problems=Problems(), change_reason="test import")
    step = preview if dry_run else commit
    return step(data, sheet_type=get_sheet_type("power_items"), context=context)


def errors(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in result.errors]


PROCUREMENT = ["CZ-XK-01", "政府采购方式变更审批", "行政审批", "政府采购科", "采购经办岗", "20个工作日", "重大"]  # fmt: skip
BUDGET = ["CZ-QT-02", "部门预算审核", "内部管理(人财物)", "预算科", "预算审核岗", "", "一般"]
STEPS = [
    ["CZ-XK-01", 1, "受理", "采购经办岗", "1个工作日", "窗口受理登记，全程留痕"],
    ["CZ-XK-01", 2, "审核", "采购经办岗", "5个工作日", "两人以上共同审核"],
    ["CZ-XK-01", 3, "审批", "局长", "3个工作日", "集体研究决定"],
]


def test_a_units_own_file_creates_powers_with_posts_and_steps(org, users):
    result = run(power_list([PROCUREMENT, BUDGET], STEPS), by=users["admin"])

    assert result.ok and result.committed, [p.as_text() for p in result.errors]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    power = PowerItem.objects.get(code="CZ-XK-01")
    assert power.unit == org.finance and power.name == "政府采购方式变更审批"
    assert power.category.name == "行政审批" and power.department == org.procurement
    assert power.time_limit_days == 20 and power.is_major
    assert [a.post for a in power.assignments.all()] == [org.buyer]
    assert [(s.order, s.name, s.post) for s in power.steps.all()] == [
        (1, "受理", org.buyer), (2, "审核", org.buyer), (3, "审批", org.director),
    ]  # fmt: skip
    assert power.steps.get(order=2).control == "两人以上共同审核"
    budget = PowerItem.objects.get(code="CZ-QT-02")
    assert budget.time_limit_days is None and not budget.is_major and not budget.steps.exists()
    created = power.history.get()
    assert created.history_user == users["admin"] and created.history_change_reason == "test import"
    assert {c.row for c in result.changes} == {4, 5}


def test_exporting_then_importing_changes_nothing(org, users, login, make_power, mark, make_point):
    power = make_power("CZ-1", name="资金拨付", steps=["受理", "审核", "拨付"], is_major=True,
                       department=org.budget, time_limit_days=5, contact_phone="0123-4567",
                       supervision_phone="12345", legal_basis="《预算法》第五十七条", remarks="=A1")  # fmt: skip
    PowerPost.objects.create(power=power, post=org.budget_clerk, role="undertake")
    PowerPost.objects.create(power=power, post=org.director, role="undertake")
    power.steps.filter(order=2).update(post=org.budget_clerk, duty="审核拨付申请", time_limit="2日")
    mark(power, 3, make_point())
    make_power("CZ-2", name="没有流程的事项", category="行政处罚")
    make_power("SW-1", unit=org.tax, name="纳税评估", steps=["评估"])
    exported = login(users["admin"]).get(reverse("powers:power_export")).content
    history = [m.history.count() for m in (PowerItem, PowerPost, FlowStep, StepRisk)]

    result = run(exported, by=users["admin"])

    assert result.ok and result.committed, [p.as_text() for p in result.errors]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert [m.history.count() for m in (PowerItem, PowerPost, FlowStep, StepRisk)] == history
    assert StepRisk.objects.count() == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(org, users):
    data = power_list([PROCUREMENT, BUDGET], STEPS)
    assert run(data, by=users["admin"]).created == 2
    again = run(data, by=users["admin"])
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert PowerItem.history.count() == 2 and FlowStep.history.count() == 3


def test_a_changed_row_updates_the_power_and_its_history(org, users, make_power, mark, make_point):
    run(power_list([PROCUREMENT], STEPS), by=users["admin"])
    power = PowerItem.objects.get(code="CZ-XK-01")
    mark(power, 3, make_point())
    changed = [*PROCUREMENT[:5], "15个工作日", "一般"]
    steps = [STEPS[0], [*STEPS[1][:2], "联合审核", *STEPS[1][3:]]]  # step 3 left out

    check = run(power_list([changed], steps), by=users["admin"], dry_run=True)
    assert (check.created, check.updated, check.unchanged) == (0, 1, 0)
    assert set(check.samples["updated"][0]["changed"]) == {
        str(PowerItem._meta.get_field("time_limit_days").verbose_name),
        str(PowerItem._meta.get_field("is_major").verbose_name),
        str(FlowStep._meta.verbose_name_plural),
    }
    assert any("审批" in note for note in check.notes)  # the step that goes, named
    result = run(power_list([changed], steps), by=users["admin"])

    assert result.committed and [c.action for c in result.changes] == ["updated"]
    power.refresh_from_db()
    assert power.time_limit_days == 15 and not power.is_major
    assert list(power.steps.values_list("order", "name")) == [(1, "受理"), (2, "联合审核")]
    assert not StepRisk.objects.exists()
    latest = power.history.first()
    assert latest.history_type == "~" and latest.history_user == users["admin"]
    assert latest.prev_record.time_limit_days == 20
    entries = power_history(power)
    # After the first import's six records: the power, step 2 rewritten, step 3 and its mark
    # removed, all by the importer.
    assert len(entries) == 6 + 4 and entries[-1].model_label == _("power item")
    latest = entries[:4]
    assert {str(e.change_type) for e in latest} == {str(CHANGE_TYPES[t]) for t in "~-"}
    assert all(e.user == users["admin"] for e in latest)
    assert StepRisk.history.filter(history_type="-").get().history_change_reason == "test import"


def test_a_file_without_some_columns_leaves_those_fields_alone(org, users, make_power):
    power = make_power("CZ-1", name="资金拨付", contact_phone="111", steps=["受理"])
    data = xlsx(("权力清单", [["单位", "事项编码", "联系电话"], ["区财政局", "CZ-1", "222"]]))

    result = run(data, by=users["admin"])

    assert result.committed and result.updated == 1
    power.refresh_from_db()
    assert power.contact_phone == "222" and power.name == "资金拨付" and power.steps.count() == 1


def test_bad_rows_are_reported_by_sheet_row_and_column_and_nothing_is_saved(org, users):
    unknown_category = ["CZ-3", "某事项", "行政许愿", "", "", "", "一般"]
    duplicate = [*PROCUREMENT[:1], "重复的事项", *PROCUREMENT[2:]]
    orphan_step = ["CZ-404", 1, "受理", "", "", ""]
    data = power_list([PROCUREMENT, unknown_category, duplicate], [*STEPS, orphan_step])

    result = run(data, by=users["admin"])

    assert not result.ok and not result.committed
    assert sorted(errors(result)) == [
        ("权力清单", 5, "权力类别（必填）"),
        ("权力清单", 6, "事项编码"),
        ("运行流程", 6, "事项编码"),
    ]
    messages = {(p.sheet, p.row): p.message for p in result.errors}
    category = messages["权力清单", 5]
    assert "行政许愿" in category and "行政审批" in category  # the known ones are listed
    assert messages["权力清单", 6] == _("the same item code as row %(row)s") % {"row": 4}
    assert "CZ-404" in messages["运行流程", 6] and "区财政局" in messages["运行流程", 6]
    assert not PowerItem.objects.exists() and not FlowStep.objects.exists()


def test_unknown_posts_departments_and_bad_values_name_their_cells(org, users):
    rows = [
        ["CZ-1", "事项一", "行政审批", "不存在科", "", "", "一般"],
        ["CZ-2", "事项二", "行政审批", "", "不存在岗", "三天", "重要"],
    ]
    result = run(power_list(rows), by=users["admin"])

    assert sorted(errors(result)) == [
        ("权力清单", 4, "责任科室"),
        ("权力清单", 5, "办理时限"),
        ("权力清单", 5, "重大/一般"),
    ]
    assert not PowerItem.objects.exists()
    # Row 5's post is checked once its cells parse; then it is the only error.
    rows[1][5:] = ["3", "一般"]
    assert errors(run(power_list(rows[1:]), by=users["admin"])) == [("权力清单", 4, "责任岗位")]


def test_a_unit_the_user_may_not_write_stops_the_whole_import(org, users, new_user_with_role):
    finance_admin = new_user_with_role("finadmin", Role.ADMIN, org.finance)
    role_grant(user=finance_admin, role=Role.INSPECTOR, unit=org.tax, departments=(), by=None)
    header = ["单位", "事项编码", "事项名称", "权力类别"]
    data = xlsx(("权力清单", [header, ["区财政局", "CZ-1", "资金拨付", "行政给付"],
                              ["区税务局", "SW-1", "纳税评估", "行政征收"]]))  # fmt: skip

    result = run(data, by=finance_admin)

    assert errors(result) == [("权力清单", 3, "单位")]
    assert "区税务局" in result.errors[0].message
    assert not PowerItem.objects.exists()
    # A reader of the finance bureau cannot import into it either.
    assert errors(run(data, by=users["leader"])) == [
        ("权力清单", 2, "单位"),
        ("权力清单", 3, "单位"),
    ]


def test_matching_uses_a_fixed_number_of_queries(org, users):
    def queries(count: int) -> int:
        rows = [[f"CZ-{i}", f"事项{i}", "行政审批", "预算科", "预算审核岗", "5", "一般"] for i in range(count)]  # fmt: skip
        steps = [[f"CZ-{i}", n, f"环节{n}", "预算审核岗", "", ""] for i in range(count) for n in (1, 2)]  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            assert run(power_list(rows, steps), by=users["admin"], dry_run=True).ok
        return len(captured)

    queries(1)  # the user's scope and the content types are cached from here on
    assert queries(3) == queries(60)


def test_the_file_path_used_by_the_command_imports_power_lists(org, users):
    data = power_list([PROCUREMENT], STEPS)
    result = import_file(
        data=data, file_name="powers.xlsx", by=users["admin"], sheet="", options={},
        dry_run=False, sheet_type="power_items",
    )  # fmt: skip
    assert result.committed and result.created == 1
    assert PowerItem.objects.get().history.get().history_user == users["admin"]


def _command_chooses_sheet_types() -> bool:
    from registry.management.commands.import_ledger import Command

    return "--type" in Command().create_parser("manage.py", "import_ledger").format_help()


@pytest.mark.skipif(
    not _command_chooses_sheet_types(), reason="import_ledger has no --type option yet"
)
def test_the_import_ledger_command_imports_a_power_list(org, users, tmp_path, capsys):
    path = tmp_path / "权力清单.xlsx"
    path.write_bytes(power_list([PROCUREMENT, BUDGET], STEPS))
    call_command("import_ledger", str(path), "--type", "power_items", "--user", "admin")
    assert PowerItem.objects.count() == 2 and FlowStep.objects.count() == 3
    assert "2" in capsys.readouterr().out


@pytest.mark.skipif(
    "sheet_type" not in LedgerUploadForm.base_fields, reason="the upload form has no sheet type yet"
)
def test_the_upload_page_offers_the_power_list(org, users, login):
    body = login(users["admin"]).get(reverse("registry:ledger_import")).content.decode()
    assert 'value="power_items"' in body and "权力清单" in body

"""Importing risk-point ledgers: the real-shaped sample, bad rows, re-imports and updates."""

import pytest
from django.utils.translation import gettext as _

from registry.choices import DefenceLine, RiskPointStatus, RiskScope
from registry.models import Department, Measure, Post, RiskPoint
from tests.registry.ledger_support import HEADER, ledger, make_sample_units, run, sample_bytes, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_units(org):
    return make_sample_units(org.district)


def test_the_sample_ledger_imports_cleanly(sample_units, users):
    result = run(sample_bytes(), by=users["admin"], create_missing=True)

    assert result.ok and result.committed, [p.as_text() for p in result.errors]
    assert (result.created, result.updated, result.unchanged) == (36, 0, 0)
    assert RiskPoint.objects.count() == 36
    # Title, "填报单位" line, spacer row 16 and the signature block are not rows.
    assert sorted(c.row for c in result.changes) == [*range(4, 16), *range(17, 41)]
    assert result.ignored_columns == ["风险点登记表: 权力事项"]
    first = RiskPoint.objects.get(name="密印管理与资金拨付")
    assert first.level == 1 and first.unit == sample_units["县财政局"]
    assert first.department.name == "国库收付中心" and first.post.name == "国库支付岗"
    assert first.category.name == "岗位职责风险" and first.time_limit == "长期"
    assert first.year == 2026  # from "填报日期：2026年3月31日" above the header
    assert list(first.measures.values_list("text", flat=True)) == [
        "实行印鉴分管，财务专用章与法人章分人保管",
        "资金拨付实行“1+2”审核，经办人、分管领导、局领导依次签字",
        "每月与代理银行对账，差异当日报告",
    ]
    assert Measure.objects.count() == 99
    assert sorted(set(RiskPoint.objects.values_list("level", flat=True))) == [1, 2, 3]
    assert RiskPoint.objects.filter(level=3).count() == 4  # 三级 rows 8, 19, 36, 39


def test_leadership_rows_become_unit_points_and_statuses_start_as_drafts(sample_units, users):
    run(sample_bytes(), by=users["admin"], create_missing=True)
    leadership = RiskPoint.objects.get(name="重大项目安排")
    assert leadership.scope == RiskScope.UNIT and leadership.department is None
    assert set(RiskPoint.objects.values_list("status", flat=True)) == {RiskPointStatus.DRAFT}
    # Two rows of X能源公司 share 物资部: it is created once.
    assert Department.objects.filter(name="物资部").count() == 1


def test_history_records_the_importing_user_and_the_import(sample_units, users):
    run(sample_bytes(), by=users["admin"], create_missing=True)
    point = RiskPoint.objects.get(name="采购方式审批")
    record = point.history.get()
    assert record.history_user == users["admin"] and record.history_type == "+"
    assert record.history_change_reason == "test import"
    assert point.measures.first().history.get().history_user == users["admin"]


def test_reimporting_the_same_file_changes_nothing(sample_units, users):
    run(sample_bytes(), by=users["admin"], create_missing=True)
    history_before = RiskPoint.history.count() + Measure.history.count()

    again = run(sample_bytes(), by=users["admin"], create_missing=True)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 36)
    assert RiskPoint.history.count() + Measure.history.count() == history_before


def test_a_changed_row_updates_its_point_with_history(org, users):
    rows = [
        [
            1,
            "区财政局",
            "政府采购科",
            "采购经办岗",
            "采购需求量身定制",
            "岗位职责风险",
            "二级",
            "1、需求集体审定\n2、全程留痕",
        ]
    ]
    run(ledger(rows), by=users["admin"])
    point = RiskPoint.objects.get()
    rows[0][6], rows[0][7] = "一级", "1、需求集体审定\n2、纪检全程监督\n3、结果公示"

    result = run(ledger(rows), by=users["admin"])

    assert (result.created, result.updated) == (0, 1)
    point.refresh_from_db()
    assert point.level == 1
    assert list(point.measures.values_list("text", flat=True)) == [
        "需求集体审定",
        "纪检全程监督",
        "结果公示",
    ]
    latest = point.history.first()
    assert latest.history_type == "~" and latest.history_user == users["admin"]
    assert "level" in latest.diff_against(latest.prev_record).changed_fields
    assert point.measures.get(text="纪检全程监督").defence_line == DefenceLine.MONITORING


def test_the_ledger_code_matches_a_point_even_when_its_name_changes(org, users, make_point):
    point = make_point(code="CZ-7", name="旧名称")
    header = ["风险点编号", *HEADER[1:]]
    rows = [
        [
            "CZ-7",
            "区财政局",
            "政府采购科",
            "采购经办岗",
            "新名称",
            "岗位职责风险",
            "二级",
            "一项措施",
        ]
    ]
    result = run(ledger(rows, header=header), by=users["admin"])
    assert (result.created, result.updated) == (0, 1)
    point.refresh_from_db()
    assert point.name == "新名称"


def test_every_bad_row_is_reported_and_nothing_is_saved(org, users):
    rows = [
        [1, "区财政局", "政府采购科", "采购经办岗", "采购需求", "岗位职责风险", "二级", "措施"],
        [2, "区财政局", "政府采购科", "采购经办岗", "", "岗位职责风险", "二级", "措施"],
        [3, "区财政局", "政府采购科", "采购经办岗", "验收", "岗位职责风险", "五级", "措施"],
        [4, "不存在的局", "科", "岗", "某风险", "岗位职责风险", "一级", "措施"],
        [5, "区财政局", "新科室", "新岗位", "某风险", "岗位职责风险", "一级", "措施"],
        [6, "区财政局", "政府采购科", "采购经办岗", "另一风险", "未知类别", "三级", "措施"],
    ]
    result = run(ledger(rows), by=users["admin"])

    assert not result.ok and not result.committed
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [
        ("台账", 4, "风险点名称"),
        ("台账", 5, "风险等级"),
        ("台账", 6, "单位"),
        ("台账", 7, "科室"),
        ("台账", 8, "风险类别"),
    ]
    assert "五级" in result.errors[1].message
    assert RiskPoint.objects.count() == 0 and Department.objects.filter(name="新科室").count() == 0


def test_a_preview_writes_nothing(sample_units, users):
    result = run(sample_bytes(), by=users["admin"], create_missing=True, dry_run=True)
    assert result.ok and result.created == 36 and not result.committed
    assert RiskPoint.objects.count() == 0 and Post.objects.filter(name="国库支付岗").count() == 0


def test_headers_in_any_order_with_synonyms_wrapping_and_full_width(org, users):
    header = [
        "风险\n等级",
        "廉政风险点",
        "单 位",
        "风险类型",
        "岗位",
        "科室",
        "防控措施（可多条）",
        "附件",
    ]
    rows = [
        [
            "Ⅱ级",
            "采购需求量身定制",
            "区财政局",
            "岗位职责风险",
            "采购经办岗",
            "政府采购科",
            "①需求集体审定②全程留痕",
        ]
    ]
    result = run(ledger(rows, header=header), by=users["admin"])
    assert result.ok, [p.as_text() for p in result.errors]
    assert result.ignored_columns == ["台账: 附件"]
    point = RiskPoint.objects.get()
    assert point.level == 2 and point.measures.count() == 2


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("一级", 1),
        ("二", 2),
        ("低", 3),
        ("3", 3),
        (2, 2),
        ("Ⅰ", 1),
        ("III级", 3),
        ("２级", 2),
        ("中", 2),
    ],
)
def test_levels_are_read_in_every_usual_form(org, users, written, level):
    rows = [[1, "区财政局", "政府采购科", "采购经办岗", "风险", "岗位职责风险", written, "措施"]]
    assert run(ledger(rows), by=users["admin"]).ok
    assert RiskPoint.objects.get().level == level


def test_a_missing_required_column_is_named(org, users):
    header = ["单位", "科室", "岗位", "风险点名称", "风险类别", "防控措施"]
    result = run(
        ledger([["区财政局", "", "", "风险", "岗位职责风险", "措施"]], header=header),
        by=users["admin"],
    )
    assert not result.ok
    assert [(p.column, p.message) for p in result.errors] == [
        ("风险等级", _("required column missing"))
    ]


def test_rows_outside_the_importers_scope_are_refused(org, users):
    rows = [[1, "区税务局", "稽查科", "稽查岗", "选择性执法", "岗位职责风险", "一级", "措施"]]
    result = run(ledger(rows), by=users["depthead"])  # head of 政府采购科 in the finance bureau
    assert not result.ok and result.errors[0].column == "单位"
    assert RiskPoint.objects.count() == 0


def test_a_point_in_effect_is_not_changed_by_an_import(org, users, make_point):
    make_point(name="采购需求量身定制", status=RiskPointStatus.ACTIVE)
    rows = [
        [
            1,
            "区财政局",
            "政府采购科",
            "采购经办岗",
            "采购需求量身定制",
            "岗位职责风险",
            "一级",
            "措施",
        ]
    ]
    result = run(ledger(rows), by=users["admin"])
    assert not result.ok and result.errors[0].row == 3


def test_every_sheet_is_read_or_only_the_chosen_one(org, users):
    row = [1, "区财政局", "政府采购科", "采购经办岗", "风险甲", "岗位职责风险", "一级", "措施"]
    other = [1, "区财政局", "预算科", "预算审核岗", "风险乙", "岗位职责风险", "二级", "措施"]
    data = xlsx(("一", [HEADER, row]), ("二", [HEADER, other]), ("说明", [["填表说明"]]))
    assert run(data, by=users["admin"], dry_run=True).created == 2
    result = run(data, by=users["admin"], dry_run=True, sheet="二")
    assert result.created == 1 and result.samples["created"][0]["sheet"] == "二"


def test_commit_queries_do_not_grow_with_rows(org, users, django_assert_max_num_queries):
    def rows(n):
        return [
            [
                i,
                "区财政局",
                "政府采购科",
                "采购经办岗",
                f"风险{i}",
                "岗位职责风险",
                "二级",
                "1、甲\n2、乙",
            ]
            for i in range(n)
        ]

    with django_assert_max_num_queries(40):
        assert run(ledger(rows(5)), by=users["admin"]).created == 5
    RiskPoint.objects.all().delete()
    with django_assert_max_num_queries(40):
        assert run(ledger(rows(300)), by=users["admin"]).created == 300

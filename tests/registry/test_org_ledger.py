"""The organisation as an Excel sheet type: preview, errors by row and column, all or
nothing, and export → import changing nothing."""

import io

import pytest
from django.urls import reverse

from registry.choices import Role
from registry.ledger import BadFile, Context, Problems, commit, get_sheet_type, preview
from registry.models import Department, Person, Post, Unit
from tests.registry.ledger_support import xlsx

HEADER = [
    "类别",
    "单位编码",
    "单位名称",
    "上级单位编码",
    "单位性质",
    "科室",
    "岗位",
    "关键岗位",
    "姓名",
    "职务",
]


def sheet(*rows) -> bytes:
    return xlsx(("组织机构", [HEADER, *rows]))


def run(data: bytes, *, by=None, dry_run=False):
    context = Context(by=by, options={}, problems=Problems(), change_reason="test import")
    step = preview if dry_run else commit
    return step(data, sheet_type=get_sheet_type("organisation"), context=context)


GOOD = [
    ["单位", "FIN-NT", "非税收入中心", "FIN", "事业单位", "", "", "", "", ""],
    ["科室", "FIN-NT", "", "", "", "征管科", "", "", "", ""],
    ["岗位", "FIN-NT", "", "", "", "征管科", "票据管理岗", "是", "", ""],
    ["岗位", "FIN-NT", "", "", "", "领导班子", "主任", "否", "", ""],
    ["人员", "FIN-NT", "", "", "", "征管科", "", "", "赵新", "科员"],
    ["岗位", "FIN", "", "", "", "预算科", "预算审核岗", "是", "", ""],
]


def test_preview_counts_and_writes_nothing(org):
    result = run(sheet(*GOOD), dry_run=True)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (5, 1)
    assert not Unit.objects.filter(code="FIN-NT").exists()
    assert not Post.objects.get(pk=org.budget_clerk.pk).is_key_post


def test_commit_creates_the_organisation_with_history(org, users):
    result = run(sheet(*GOOD), by=users["admin"])
    assert result.committed
    unit = Unit.objects.get(code="FIN-NT")
    assert unit.parent == org.finance and unit.kind == "institution"
    post = Post.objects.get(unit=unit, name="票据管理岗")
    assert post.is_key_post and post.department.name == "征管科"
    assert Post.objects.get(unit=unit, name="主任").department is None
    assert Person.objects.get(unit=unit, name="赵新").title == "科员"
    assert Post.objects.get(pk=org.budget_clerk.pk).is_key_post
    assert post.history.first().history_user == users["admin"]


def test_every_problem_is_named_by_row_and_column_and_nothing_is_saved(org):
    rows = [
        *GOOD,
        ["部门", "FIN", "", "", "", "", "", "", "", ""],
        ["岗位", "NOPE", "", "", "", "预算科", "某岗", "", "", ""],
        ["岗位", "FIN", "", "", "", "不存在科", "某岗", "", "", ""],
        ["岗位", "FIN", "", "", "", "预算科", "某岗", "也许", "", ""],
        ["单位", "FIN-X", "新单位", "", "事业单位", "", "", "", "", ""],
    ]
    result = run(sheet(*rows))
    assert not result.committed
    problems = {(p.row, p.column) for p in result.errors}
    assert problems == {
        (8, "类别"),
        (9, "单位编码"),
        (10, "科室"),
        (11, "关键岗位"),
        (12, "上级单位编码"),
    }
    assert not Unit.objects.filter(code="FIN-NT").exists()
    assert not Department.objects.filter(name="征管科").exists()


def test_a_unit_admin_cannot_import_into_another_unit(org, new_user_with_role):
    finadmin = new_user_with_role("finadmin", Role.ADMIN, org.finance)
    result = run(sheet(["科室", "TAX", "", "", "", "新科", "", "", "", ""]), by=finadmin)
    assert not result.committed
    assert [(p.row, p.column) for p in result.errors] == [(2, "单位编码")]
    assert not Department.objects.filter(name="新科").exists()


def test_a_sheet_without_the_required_columns_names_them(org):
    result = run(xlsx(("x", [["单位", "科室"], ["FIN", "预算科"]])))
    assert not result.committed
    assert {(p.row, p.column) for p in result.errors} == {(1, "类别"), (1, "单位编码")}


def test_a_file_of_another_kind_is_refused_as_a_whole(org):
    with pytest.raises(BadFile):
        run(xlsx(("x", [["风险点名称", "风险等级"], ["吃拿卡要", "一级"]])))


def test_export_then_import_changes_nothing(org, users, login):
    Person.objects.create(unit=org.finance, department=org.budget, name="钱多", title="科长")
    org.buyer.is_key_post = True
    org.buyer.save()
    response = login(users["admin"]).get(reverse("registry:org_export", args=[org.finance.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)

    result = run(data, by=users["admin"])
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)
    # Two units, two departments, three posts and two people (the fixture's and ours).
    assert result.unchanged == 2 + 2 + 3 + 2


def test_exported_formula_like_text_stays_text(org, users, login):
    import openpyxl

    Person.objects.create(unit=org.finance, name="=1+1")
    response = login(users["admin"]).get(reverse("registry:org_export", args=[org.finance.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "=1+1" in values
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)


def test_a_unit_admin_imports_through_the_ledger_pages(
    org, new_user_with_role, login, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.models import ImportBatch, ImportState

    client = login(new_user_with_role("finadmin", Role.ADMIN, org.finance))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ledgers/",
            {"file": SimpleUploadedFile("组织.xlsx", sheet(*GOOD)), "sheet_type": "organisation"},
        )
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.READY, batch.report
    assert not Unit.objects.filter(code="FIN-NT").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledgers/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.state == ImportState.COMMITTED
    assert Post.objects.filter(unit__code="FIN-NT", name="票据管理岗", is_key_post=True).exists()

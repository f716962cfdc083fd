"""Export a unit's organisation (its subtree) in the layout the organisation sheet reads.

Export → import changes nothing (tests/registry/test_org_ledger.py).
"""

from django.utils import translation

from registry import excel
from registry.ledger.organisation import COLUMNS, KIND_LABELS, LEADERSHIP
from registry.models import Department, Person, Post, Unit

SHEET_TITLE = "组织机构"


def write_organisation(units, stream) -> None:
    """Every unit of ``units`` with its departments, posts and people, parents first."""
    with excel.Book(stream) as book:
        sheet = book.sheet(
            SHEET_TITLE, widths=[column.width for column in COLUMNS], freeze_header=True
        )
        sheet.header([column.label for column in COLUMNS])
        for row in organisation_rows(units):
            sheet.append([row.get(column.key) or None for column in COLUMNS])


def organisation_rows(units) -> list[dict]:
    units = list(units.select_related("parent").order_by("path"))
    ids = [u.pk for u in units]
    rows = []
    with translation.override("zh-hans"):
        rows += [_unit_row(u) for u in units]
    code = {u.pk: u.code for u in units}
    for department in Department.objects.filter(unit_id__in=ids).order_by(
        "unit__path", "sort_order", "name"
    ):
        rows.append(_row("department", code[department.unit_id], department=department.name))
    for post in (
        Post.objects.filter(unit_id__in=ids)
        .select_related("department")
        .order_by("unit__path", "department__sort_order", "department__name", "name")
    ):
        rows.append(_row("post", code[post.unit_id], department=_department(post), post=post.name,
                         key_post="是" if post.is_key_post else "否"))  # fmt: skip
    for person in (
        Person.objects.filter(unit_id__in=ids)
        .select_related("department")
        .order_by("unit__path", "name", "pk")
    ):
        rows.append(_row("person", code[person.unit_id], department=_department(person),
                         person=person.name, title=person.title))  # fmt: skip
    return rows


def _unit_row(unit: Unit) -> dict:
    return _row(
        "unit", unit.code, unit_name=unit.name, unit_kind=str(unit.get_kind_display()),
        parent_code=unit.parent.code if unit.parent else "",
    )  # fmt: skip


def _department(obj) -> str:
    if obj.department_id:
        return obj.department.name
    return LEADERSHIP if isinstance(obj, Post) else ""


def _row(kind: str, unit_code: str, **values) -> dict:
    return {"kind": KIND_LABELS[kind], "unit_code": unit_code, **values}

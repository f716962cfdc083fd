"""Helpers for the ledger tests: the sample's units, workbooks built in memory, running an import."""

import io
from pathlib import Path

import openpyxl

from registry.choices import UnitKind
from registry.ledger import Context, Problems, commit, get_sheet_type, preview
from registry.models import Unit

SAMPLE = Path(__file__).parent / "data" / "risk-ledger-sample.xlsx"
SAMPLE_UNITS = [
    "县财政局", "区社保中心", "县国土资源局", "区地税局", "区人民医院", "区民政局", "区住建委",
    "区人力社保局", "区检察院", "凤凰街道", "X能源公司", "咸丰县林业局", "区人才中心",
]  # fmt: skip
HEADER = ["序号", "单位", "科室", "岗位", "风险点名称", "风险类别", "风险等级", "防控措施"]
# One good row under HEADER; tests copy it and spoil the cell they are about.
ROW = [
    1,
    "区财政局",
    "政府采购科",
    "采购经办岗",
    "采购需求量身定制",
    "岗位职责风险",
    "二级",
    "措施",
]


def make_sample_units(district: Unit) -> dict[str, Unit]:
    return {
        name: Unit.objects.create(code=f"S{i:02d}", name=name, kind=UnitKind.ORGAN, parent=district)
        for i, name in enumerate(SAMPLE_UNITS, start=1)
    }


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    """A workbook with the given (title, rows) sheets."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger(rows: list[list], *, header=HEADER, title="台账") -> bytes:
    return xlsx((title, [["区财政局廉政风险点登记表"], header, *rows]))


def run(data: bytes, *, by=None, dry_run=False, sheet="", **options):
    context = Context(by=by, options=options, problems=Problems(), change_reason="test import")
    step = preview if dry_run else commit
    return step(data, sheet_type=get_sheet_type("risk_points"), context=context, sheet=sheet)


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def big_ledger(rows: int, *, unit: str = "区财政局") -> bytes:
    """A plain ledger of ``rows`` code-numbered points in one post, written fast."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["风险点编号", *HEADER[1:]])
    for i in range(rows):
        sheet.append([f"B{i:06d}", unit, "预算科", "预算审核岗", f"风险点{i}", "岗位职责风险",
                      "二级", "1、集体审定\n2、全程留痕"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The SOE's four lists (问题清单、任务清单、责任清单、结果清单) read the same rectification
items, scoped as the rectification list is, and each exports to Excel."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pdca.models import Finding, FindingSource, RectificationItem

pytestmark = pytest.mark.django_db
LISTS = ["problems", "tasks", "responsibility", "results"]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def items(org, users, make_point):
    point = make_point(name="采购需求审核", post=org.buyer)  # the procurement department's
    audit = Finding.objects.create(
        unit=org.finance,
        source="audit",
        reference="审计〔2026〕1号",
        found_on=days(-10),
        severity="serious",
        description="审计发现：采购未公开招标",
        risk_point=point,
        created_by=users["inspector"],
    )
    made = {
        "audit": RectificationItem.objects.create(
            finding=audit,
            unit=org.finance,
            source="audit",
            title="审计发现：采购未公开招标",
            owner=users["depthead"],
            inspector=users["inspector"],
            deadline=days(-2),
        ),
        "closed": RectificationItem.objects.create(
            unit=org.finance,
            source="patrol",
            title="巡察反馈：公务接待超标",
            owner=users["leader"],
            inspector=users["inspector"],
            deadline=days(-20),
            status="closed",
            closed_at=timezone.now() - datetime.timedelta(days=25),
            evidence_note="已退回超标费用",
        ),
        "tax": RectificationItem.objects.create(
            unit=org.tax,
            source="compliance",
            title="合规审查：稽查案卷不全",
            owner=users["taxhead"],
            deadline=days(30),
        ),
    }
    return made


def page(client, slug: str, **query) -> str:
    response = client.get(reverse("pdca:rectification_sheet", args=[slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def workbook(client, slug: str, **query) -> list[tuple]:
    response = client.get(reverse("pdca:rectification_sheet_xlsx", args=[slug]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_problem_list_shows_each_finding_with_its_source(login, users, items):
    html = page(login(users["inspector"]), "problems")
    assert "审计〔2026〕1号" in html and "审计" in html and "巡察" in html
    rows = workbook(login(users["inspector"]), "problems")
    assert rows[0][:3] == ("来源", "单位", "问题")
    assert ("审计", "区财政局", "审计发现：采购未公开招标") in [r[:3] for r in rows[1:]]
    assert len(rows) == 1 + 3


def test_task_list_shows_deadline_status_and_overdue(login, users, items):
    rows = workbook(login(users["inspector"]), "tasks")
    audit = next(r for r in rows if r[0] == "审计发现：采购未公开招标")
    assert audit[2].date() == days(-2)
    assert audit[3] == "进行中" and audit[4] == "是"


def test_responsibility_list_names_department_person_and_leader(login, users, items):
    users["depthead"].first_name = "李科长"
    users["depthead"].save()
    users["incharge"].first_name = "赵分管"
    users["incharge"].save()
    rows = workbook(login(users["inspector"]), "responsibility")
    audit = next(r for r in rows if r[0] == "审计发现：采购未公开招标")
    # The point's department, its owner, and the leader in charge of that department.
    assert audit[2:5] == ("政府采购科", "李科长", "赵分管")


def test_result_list_has_only_closed_items_with_their_outcome(login, users, items):
    rows = workbook(login(users["inspector"]), "results")
    assert [r[0] for r in rows[1:]] == ["巡察反馈：公务接待超标"]
    assert "已退回超标费用" in rows[1]


@pytest.mark.parametrize("slug", LISTS)
def test_lists_are_scoped_like_the_rectification_list(login, users, items, slug):
    leader = login(users["leader"])
    html = page(leader, slug)
    assert "合规审查：稽查案卷不全" not in html
    assert all("合规审查：稽查案卷不全" not in r for r in workbook(leader, slug))
    taxhead = login(users["taxhead"])
    assert "审计发现：采购未公开招标" not in page(taxhead, slug)
    assert all("审计发现：采购未公开招标" not in r for r in workbook(taxhead, slug))


def test_lists_keep_the_rectification_filters(login, users, items):
    client = login(users["inspector"])
    rows = workbook(client, "tasks", unit=items["tax"].unit_id)
    assert [r[0] for r in rows[1:]] == ["合规审查：稽查案卷不全"]
    assert (
        reverse("pdca:rectification_sheet", args=["tasks"])
        in client.get(reverse("pdca:rectification_list")).content.decode()
    )


def test_an_unknown_list_is_not_found(login, users):
    client = login(users["inspector"])
    assert client.get(reverse("pdca:rectification_sheet", args=["other"])).status_code == 404


def test_sources_are_data(users, org):
    """The eight seeded sources, admins may add their own."""
    names = list(FindingSource.objects.values_list("name", flat=True))
    assert names == [
        "季度抽查",
        "专项检查",
        "明察暗访",
        "巡察",
        "审计",
        "合规审查",
        "考核整改通知",
        "其他",
    ]
    FindingSource.objects.create(code="letters", name="信访件转办", kind="recorded", sort_order=95)
    assert FindingSource.objects.recorded().last().name == "信访件转办"

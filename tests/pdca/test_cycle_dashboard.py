"""The annual cycle: its calendar as data, the current phase, and the dashboard with export."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pdca.choices import Milestone, Stage
from pdca.dashboard import cycle_units, dashboard_rows
from pdca.models import PhaseTemplate
from pdca.services.cycles import cycle_create, unit_deadline_set
from registry.choices import UnitKind
from registry.models import RiskList, SignOff, SignOffAction, Unit

pytestmark = pytest.mark.django_db


def test_a_new_cycle_takes_the_pilots_calendar(cycle):
    deadlines = {d.milestone: d.due_on for d in cycle.deadlines.all()}
    assert deadlines[Milestone.RISK_LISTS] == datetime.date(2026, 4, 10)
    assert deadlines[Milestone.MEASURES] == datetime.date(2026, 5, 10)
    assert [p.stage for p in cycle.phases.all()] == ["plan", "plan", "do", "check", "act"]


def test_the_current_phase_follows_the_dates(cycle):
    assert cycle.phase_on(datetime.date(2026, 3, 20)).name == "查找风险点"
    assert cycle.stage_on(datetime.date(2026, 6, 1)) == Stage.DO
    assert cycle.stage_on(datetime.date(2026, 9, 3)) == Stage.CHECK
    assert cycle.phase_on(datetime.date(2026, 1, 5)) is None


def test_an_edited_default_calendar_shapes_the_next_cycle(org, users):
    PhaseTemplate.objects.filter(name="考核评估").update(start_month=8, start_day=25)
    cycle = cycle_create(district=org.district, year=2027, by=users["admin"])
    assert cycle.phases.get(name="考核评估").starts_on == datetime.date(2027, 8, 25)


def _submit(unit, at: datetime.datetime, point) -> None:
    risk_list = RiskList.objects.create(unit=unit, year=2026)
    SignOff.objects.create(
        risk_point=point,
        risk_list=risk_list,
        action=SignOffAction.SUBMIT,
        from_status="draft",
        to_status="submitted",
        at=at,
        content_hash="x",
        batch="00000000-0000-0000-0000-000000000001",
    )


def test_late_units_are_highlighted(cycle, org, users, make_point):
    shanghai = timezone.get_current_timezone()
    _submit(org.finance, datetime.datetime(2026, 4, 9, 10, tzinfo=shanghai), make_point())
    rows = {
        r.unit.code: r
        for r in dashboard_rows(
            cycle, list(cycle_units(cycle, users["inspector"])), datetime.date(2026, 4, 20)
        )
    }
    assert rows["FIN"].submitted.state == "on_time" and not rows["FIN"].late
    assert rows["TAX"].submitted.state == "missing" and rows["TAX"].late


def test_a_unit_deadline_extends_one_unit_only(cycle, org, users):
    deadline = cycle.deadlines.get(milestone=Milestone.RISK_LISTS)
    unit_deadline_set(
        deadline=deadline,
        unit=org.tax,
        due_on=datetime.date(2026, 4, 30),
        reason="机构改革",
        by=users["admin"],
    )
    rows = {
        r.unit.code: r
        for r in dashboard_rows(
            cycle, list(cycle_units(cycle, users["admin"])), datetime.date(2026, 4, 20)
        )
    }
    assert rows["TAX"].submitted.state == "open"
    assert rows["FIN"].submitted.state == "missing"


def test_only_admins_set_unit_deadlines(cycle, org, users, client):
    deadline = cycle.deadlines.get(milestone=Milestone.RISK_LISTS)
    client.force_login(users["inspector"])
    url = reverse("pdca:unit_deadline", args=[cycle.pk])
    response = client.post(
        url, {"deadline": deadline.pk, "unit": org.tax.pk, "due_on": "2026-04-30"}
    )
    assert response.status_code == 403


def test_dashboard_page_scoped_and_highlighted(cycle, org, users, client):
    client.force_login(users["leader"])
    body = client.get(reverse("pdca:cycle_dashboard", args=[cycle.pk])).content.decode()
    assert org.finance.name in body and org.tax.name not in body
    assert 'data-unit="FIN"' in body
    client.force_login(users["nobody"])
    assert client.get(reverse("pdca:cycle_dashboard", args=[cycle.pk])).status_code == 404


def test_dashboard_queries_do_not_grow_with_units(
    cycle, org, users, client, django_assert_max_num_queries
):
    client.force_login(users["inspector"])
    url = reverse("pdca:cycle_dashboard", args=[cycle.pk])
    client.get(url)
    for n in range(30):
        Unit.objects.create(
            code=f"N{n}", name=f"新单位{n}", kind=UnitKind.ORGAN, parent=org.district
        )
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_export_to_excel(cycle, org, users, client):
    client.force_login(users["inspector"])
    response = client.get(reverse("pdca:cycle_export", args=[cycle.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["FIN", "FIN-TP", "TAX"]


def test_self_examination_and_grade_come_from_the_appraisal(cycle, org, users, client):
    from assessment.models import Appraisal

    Appraisal.objects.create(
        unit=org.finance,
        year=2026,
        self_report="自查报告",
        grade="good",
        status="published",
        self_report_at=datetime.datetime(2026, 9, 8, 9, tzinfo=timezone.get_current_timezone()),
    )
    Appraisal.objects.create(unit=org.tax, year=2026, grade="qualified")  # not published yet
    rows = {
        r.unit.code: r
        for r in dashboard_rows(cycle, [org.finance, org.tax], datetime.date(2026, 9, 20))
    }
    assert rows["FIN"].self_examination.state == "late"  # due 5 September
    assert rows["FIN"].grade == _("Good") and rows["TAX"].grade == ""
    assert rows["TAX"].self_examination.state == "missing"


def test_index_shows_cycles_with_their_phase(cycle, users, client):
    client.force_login(users["inspector"])
    response = client.get(reverse("pdca:index"))
    assert str(cycle.year) in response.content.decode()

"""Auditors read the change log of every app, as a person reads it, and export it."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from simple_history.models import registered_models

from powers.models import FlowStep, PowerCategory, PowerItem, StepRisk
from registry.history import object_history
from registry.history_registry import tracked_models
from registry.models import Person, RiskPoint


@pytest.fixture
def marked_step(org, make_point, users):
    """A flow step with a risk point on it: a many-to-many field without history."""
    power = PowerItem.objects.create(
        unit=org.finance, code="XK-1", name="采购审批", category=PowerCategory.objects.first()
    )
    step = FlowStep.objects.create(power=power, order=1, name="审批")
    StepRisk.objects.create(step=step, risk_point=make_point(code="CZ-9"))
    step.name = "审批决定"
    step._history_user = users["admin"]
    step.save()
    return step


@pytest.mark.parametrize(
    "query", ["", "?page=2", "?model=flowstep", "?model=steprisk", "?model=signoff"]
)
def test_change_log_opens_with_flow_steps_marked(marked_step, users, login, query):
    response = login(users["auditor"]).get(reverse("registry:change_log") + query)
    assert response.status_code == 200


def test_a_flow_steps_history_opens(marked_step, users, login):
    url = reverse("registry:object_history", args=["flowstep", marked_step.pk])
    response = login(users["auditor"]).get(url)
    assert response.status_code == 200
    assert "审批决定" in response.content.decode()


def test_type_filter_covers_every_model_with_history_in_every_app(users, login):
    response = login(users["auditor"]).get(reverse("registry:change_log"))
    offered = {value for value, _label in response.context["form"].fields["model"].choices}
    expected = {model for model in registered_models.values() if not model._meta.auto_created}
    assert {tracked_models()[key][0] for key in offered if key} == expected
    assert {"signoff", "warninginfo", "appraisal", "cycle", "flowstep"} <= offered
    # Two apps have a checklist item: both are there, told apart by their app.
    assert {"assessment.checklistitem", "pdca.checklistitem"} <= offered


def test_changes_name_people_not_logins(point_with_measures, users, login, org):
    Person.objects.create(unit=org.district, name="钱审计", user=users["admin"])
    point = RiskPoint.objects.get(pk=point_with_measures.pk)
    point.level = 1
    point._history_user = users["admin"]
    point.save()
    body = login(users["auditor"]).get(reverse("registry:change_log")).content.decode()
    assert "钱审计" in body
    assert ">admin<" not in body


def test_times_in_diffs_are_local_without_microseconds(point_with_measures, users, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    point = RiskPoint.objects.get(pk=point_with_measures.pk)
    point.status_changed_at = datetime.datetime(2026, 3, 1, 1, 2, 3, 456789, tzinfo=datetime.UTC)
    point._history_user = users["admin"]
    point.save()
    entry = object_history(viewer=users["auditor"], model_key="riskpoint", pk=point.pk)[0]
    change = {c.label: c.new for c in entry.changes}["状态变更时间"]
    assert change == "2026-03-01 09:02:03"


def test_a_login_without_a_person_or_name_shows_the_login(point_with_measures, users):
    point = RiskPoint.objects.get(pk=point_with_measures.pk)
    point._history_user = users["depthead"]
    point.save()
    entry = object_history(viewer=users["auditor"], model_key="riskpoint", pk=point.pk)[0]
    assert entry.user_label == "depthead"


def _export(client, query=""):
    response = client.get(reverse("registry:change_log_export") + query)
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def test_auditor_exports_the_filtered_change_log(point_with_measures, make_point, users, login):
    make_point(code="CZ-2", name='=HYPERLINK("http://x")\x07')
    rows = _export(login(users["auditor"]), "?model=riskpoint")
    assert rows[0][:5] == ["时间", "操作人", "操作", "对象类型", "对象"]
    objects = {row[4] for row in rows[1:]}
    assert objects == {"采购需求量身定制", '=HYPERLINK("http://x")'}
    assert {row[3] for row in rows[1:]} == {"廉政风险点"}


def test_export_formula_text_stays_text(make_point, users, login):
    make_point(code="CZ-3", name="=1+1")
    response = login(users["auditor"]).get(
        reverse("registry:change_log_export") + "?model=riskpoint"
    )
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    cell = next(c for row in book.active.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_export_is_scoped_like_the_page(make_point, org, users, login, new_user_with_role):
    from registry.choices import Role

    make_point(code="CZ-4", name="财政局的点")
    make_point(code="TAX-1", name="税务局的点", post=org.tax_inspector)
    tax_auditor = new_user_with_role("taxaudit", Role.AUDITOR, org.tax)
    objects = {row[4] for row in _export(login(tax_auditor), "?model=riskpoint")[1:]}
    assert objects == {"税务局的点"}


def test_only_history_readers_export(users, login):
    response = login(users["staff"]).get(reverse("registry:change_log_export"))
    assert response.status_code == 403


def test_change_log_offers_the_export_with_its_filters(point_with_measures, users, login):
    body = login(users["auditor"]).get(reverse("registry:change_log") + "?model=riskpoint")
    assert 'href="/history/export.xlsx?model=riskpoint' in body.content.decode()


def test_the_changed_by_select_fetches_its_people_when_opened(
    point_with_measures, users, login, org
):
    Person.objects.create(unit=org.district, name="钱审计", user=users["admin"])
    point = RiskPoint.objects.get(pk=point_with_measures.pk)
    point.level = 1
    point._history_user = users["admin"]
    point.save()
    client = login(users["auditor"])
    page = client.get(reverse("registry:change_log"))
    select = page.context["form"]["user"]
    assert [value for value, _label in select.field.widget.choices] == [""]
    assert select.field.widget.attrs["data-options-url"] == reverse("registry:change_log_users")
    options = client.get(reverse("registry:change_log_users")).json()["options"]
    assert [users["admin"].pk, "钱审计 (admin)"] in options
    # Once chosen, the person stays in the select, and the log shows their changes only.
    chosen = client.get(reverse("registry:change_log") + f"?user={users['admin'].pk}")
    body = chosen.content.decode()
    assert f'<option value="{users["admin"].pk}" selected>钱审计 (admin)</option>' in body
    assert len(chosen.context["entries"]) == 1


def test_flow_step_has_no_history_of_its_risk_points(marked_step):
    # Why the change log must skip it: simple-history keeps no rows for it.
    assert FlowStep._meta.get_field("risk_points") not in (
        FlowStep.history.model._history_m2m_fields
    )


def test_who_commented_on_a_notice_stays_out_of_the_change_log(point_with_measures, users):
    from registry.models import NoticeFeedback
    from registry.workflow import risk_list_for

    feedback = NoticeFeedback.objects.create(
        risk_list=risk_list_for(point_with_measures),
        name="匿名群众甲",
        contact="13800000000",
        message="建议公开评审专家名单",
    )
    entry = object_history(viewer=users["auditor"], model_key="noticefeedback", pk=feedback.pk)[0]
    shown = entry.object_label + " ".join(f"{c.label} {c.new}" for c in entry.changes)
    assert "风险清单" in shown  # the change itself is there
    for private in ("匿名群众甲", "13800000000", "建议公开评审专家名单"):
        assert private not in shown


def test_every_history_table_is_read_along_the_change_log_order():
    # A page of the log reads each table backwards along (time, id) from a cursor: a
    # model whose history lacks the index made every page sort its whole table.
    for key, (model, _lookup) in tracked_models().items():
        indexes = {tuple(index.fields) for index in model.history.model._meta.indexes}
        assert ("history_date", "history_id") in indexes, key

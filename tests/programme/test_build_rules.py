"""Rule building: rules made, revised and abolished with dates, counted per year; revision
plans flagged overdue by the daily sweep (the real beat entry)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from programme.choices import RuleChangeKind
from programme.models import RevisionPlan, Rule
from programme.rules import rule_counts
from programme.services.rules import plan_add, rule_change, rule_make
from registry.models import Notification

pytestmark = pytest.mark.django_db


def make(org, users, title="政府采购内部控制办法", on=datetime.date(2026, 3, 1), **links):
    return rule_make(unit=org.finance, title=title, made_on=on, by=users["inspector"], **links)


def test_a_year_counts_rules_made_revised_and_abolished(org, users, people):
    old = make(org, users, "公务接待管理规定", datetime.date(2019, 6, 1))
    gone = make(org, users, "差旅费报销暂行规定", datetime.date(2019, 6, 1))
    make(org, users)
    rule_change(
        rule=old, kind=RuleChangeKind.REVISED, on=datetime.date(2026, 4, 2), by=users["inspector"]
    )
    rule_change(
        rule=gone,
        kind=RuleChangeKind.ABOLISHED,
        on=datetime.date(2026, 5, 2),
        by=users["inspector"],
    )

    assert rule_counts([org.finance], 2026)[org.finance.pk] == {
        "new": 1,
        "revised": 1,
        "abolished": 1,
    }
    assert rule_counts([org.finance], 2019)[org.finance.pk]["new"] == 2
    gone.refresh_from_db()
    assert not gone.in_force
    with pytest.raises(ValidationError) as twice:
        rule_change(
            rule=gone,
            kind=RuleChangeKind.REVISED,
            on=datetime.date(2026, 6, 1),
            by=users["inspector"],
        )
    assert "kind" in twice.value.error_dict


def test_a_rule_closes_risk_points_of_its_own_unit_only(
    org, users, people, point_with_measures, make_point
):
    measure = point_with_measures.measures.first()
    rule = make(org, users, risk_points=[point_with_measures], measures=[measure])
    assert list(rule.risk_points.all()) == [point_with_measures]

    foreign = make_point(post=org.tax_inspector, name="稽查选案")
    with pytest.raises(ValidationError) as refused:
        make(org, users, "另一制度", risk_points=[foreign])
    assert "risk_points" in refused.value.error_dict
    with pytest.raises(ValidationError) as stray:
        make(org, users, "第三制度", measures=[measure])
    assert "measures" in stray.value.error_dict
    with pytest.raises(PermissionDenied):
        rule_make(
            unit=org.finance, title="x", made_on=datetime.date(2026, 1, 1), by=users["leader"]
        )


def run_sweep(day: datetime.date, monkeypatch, capture):
    spec = app.conf.beat_schedule["programme-flag-overdue-rule-plans"]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    app.loader.import_default_modules()
    with capture(execute=True):
        return app.tasks[spec["task"]].apply_async(args=spec.get("args", ())).get()


def test_the_daily_sweep_flags_overdue_plans_once_and_tells_the_owner(
    org, users, people, monkeypatch, django_capture_on_commit_callbacks
):
    rule = make(org, users)
    late = plan_add(
        unit=org.finance,
        rule=rule,
        task="修订采购需求论证环节",
        owner=people["buyer"],
        due_on=datetime.date(2026, 3, 31),
        by=users["inspector"],
    )
    plan_add(
        unit=org.finance,
        task="新建公车管理办法",
        owner=people["clerk"],
        due_on=datetime.date(2026, 6, 30),
        by=users["inspector"],
    )

    assert (
        run_sweep(datetime.date(2026, 4, 1), monkeypatch, django_capture_on_commit_callbacks) == 1
    )
    assert (
        run_sweep(datetime.date(2026, 4, 2), monkeypatch, django_capture_on_commit_callbacks) == 0
    )

    late.refresh_from_db()
    assert late.overdue_since == datetime.date(2026, 4, 1)
    assert RevisionPlan.objects.filter(overdue_since__isnull=True).count() == 1
    assert (
        Notification.objects.filter(
            recipient=users["staff"], title__contains="修订采购需求论证环节"
        ).count()
        == 1
    )


def test_the_owner_must_be_of_the_unit(org, users, people):
    from registry.models import Person

    stranger = Person.objects.create(unit=org.tax, name="钱稽查")
    with pytest.raises(ValidationError) as refused:
        plan_add(
            unit=org.finance,
            task="x",
            owner=stranger,
            due_on=datetime.date(2026, 3, 1),
            by=users["inspector"],
        )
    assert "owner" in refused.value.error_dict


def test_the_pages_with_permission_without_and_out_of_scope(org, users, people, login):
    url = reverse("programme:rule_make", args=[org.finance.pk])
    form = {"title": "三重一大事项集体决策制度", "made_on": "2026-02-01"}
    assert login(users["leader"]).post(url, form).status_code == 403
    assert login(users["taxhead"]).post(url, form).status_code == 404
    assert login(users["inspector"]).post(url, form).status_code == 302
    rule = Rule.objects.get()

    detail = reverse("programme:rule_detail", args=[rule.pk])
    change = reverse("programme:rule_change", args=[rule.pk])
    assert login(users["taxhead"]).get(detail).status_code == 404
    assert (
        login(users["leader"]).post(change, {"kind": "revised", "on": "2026-05-01"}).status_code
        == 403
    )
    login(users["inspector"]).post(change, {"kind": "abolished", "on": "2026-05-01"})
    rule.refresh_from_db()
    assert not rule.in_force

    page = login(users["leader"]).get(
        reverse("programme:unit", args=[org.finance.pk]) + "?year=2026"
    )
    body = page.content.decode()
    assert 'id="rules-new">1<' in body and 'id="rules-abolished">1<' in body


def test_a_plan_is_added_and_marked_done_on_the_pages(org, users, people, login):
    add = reverse("programme:plan_add", args=[org.finance.pk])
    form = {"task": "修订公务接待标准", "owner": people["buyer"].pk, "due_on": "2026-03-31"}
    assert login(users["leader"]).post(add, form).status_code == 403
    assert login(users["inspector"]).post(add, form | {"due_on": ""}).status_code == 200
    login(users["inspector"]).post(add, form)
    plan = RevisionPlan.objects.get()

    done = reverse("programme:plan_done", args=[plan.pk])
    assert login(users["taxhead"]).post(done, {"done_on": "2026-03-20"}).status_code == 404
    login(users["inspector"]).post(done, {"done_on": "2026-03-20"})
    plan.refresh_from_db()
    assert plan.done_on == datetime.date(2026, 3, 20)

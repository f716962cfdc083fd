"""Fixtures for power lists: a category handle and a factory for powers with steps."""

import pytest

from powers.models import FlowStep, PowerCategory, PowerItem, StepRisk


@pytest.fixture
def categories(db) -> dict[str, PowerCategory]:
    return {c.name: c for c in PowerCategory.objects.all()}


@pytest.fixture
def make_power(org, categories):
    """``make_power(code, steps=[...names], **fields)``: a finance power, steps numbered 1…n."""

    def make(code: str, *, steps=(), unit=None, category="行政审批", **fields) -> PowerItem:
        power = PowerItem.objects.create(
            unit=unit or org.finance,
            code=code,
            name=fields.pop("name", f"事项{code}"),
            category=categories[category],
            **fields,
        )
        for order, name in enumerate(steps, start=1):
            FlowStep.objects.create(power=power, order=order, name=name)
        return power

    return make


@pytest.fixture
def mark(db):
    """``mark(power, order, point)``: put a risk point on step ``order`` of ``power``."""

    def put(power: PowerItem, order: int, point) -> StepRisk:
        return StepRisk.objects.create(step=power.steps.get(order=order), risk_point=point)

    return put

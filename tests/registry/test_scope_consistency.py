"""A risk point's unit, department and post must agree with its scope."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.choices import RiskScope
from registry.models import RiskPoint


def build(org, **fields) -> RiskPoint:
    base = {"name": "x", "category": org.category, "level": 2, "year": 2026}
    base.update(fields)
    return RiskPoint(**base)


def test_post_point_consistent_with_its_post_passes(org):
    build(
        org, scope=RiskScope.POST, unit=org.finance, department=org.procurement, post=org.buyer
    ).full_clean()


def test_post_in_another_unit_is_rejected_naming_the_post(org):
    point = build(
        org,
        scope=RiskScope.POST,
        unit=org.finance,
        post=org.tax_inspector,
        department=org.inspection,
    )
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "post" in error.value.message_dict
    assert "稽查岗" in error.value.message_dict["post"][0]


def test_post_point_with_wrong_department_is_rejected(org):
    point = build(
        org, scope=RiskScope.POST, unit=org.finance, post=org.buyer, department=org.budget
    )
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "department" in error.value.message_dict


def test_leadership_post_point_has_no_department(org):
    build(org, scope=RiskScope.POST, unit=org.finance, post=org.director).full_clean()


def test_department_point_of_another_unit_is_rejected(org):
    point = build(org, scope=RiskScope.DEPARTMENT, unit=org.finance, department=org.inspection)
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "department" in error.value.message_dict


def test_department_point_may_not_name_a_post(org):
    point = build(
        org,
        scope=RiskScope.DEPARTMENT,
        unit=org.finance,
        department=org.procurement,
        post=org.buyer,
    )
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "post" in error.value.message_dict


def test_unit_point_has_neither_department_nor_post(org):
    build(org, scope=RiskScope.UNIT, unit=org.finance).full_clean()
    point = build(org, scope=RiskScope.UNIT, unit=org.finance, department=org.budget)
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "department" in error.value.message_dict


def test_database_refuses_a_post_point_without_post(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        build(org, scope=RiskScope.POST, unit=org.finance).save()


def test_database_refuses_a_level_outside_1_to_3(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        build(org, scope=RiskScope.UNIT, unit=org.finance, level=5).save()


def test_unit_tree_paths_follow_a_move(org):
    assert org.treasury.path == f"/{org.district.pk}/{org.finance.pk}/{org.treasury.pk}/"
    org.finance.parent = org.tax
    org.finance.save()
    org.treasury.refresh_from_db()
    assert (
        org.treasury.path == f"/{org.district.pk}/{org.tax.pk}/{org.finance.pk}/{org.treasury.pk}/"
    )
    assert org.treasury.depth == 3
    assert [u.code for u in org.treasury.ancestors()] == ["D", "TAX", "FIN"]


def test_a_unit_cannot_move_below_itself(org):
    org.finance.parent = org.treasury
    with pytest.raises(ValidationError):
        org.finance.full_clean()

"""The 12-point scheme: totals per unit and per person, and the colour they set."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from earlywarning.choices import Colour, SourceType
from earlywarning.models import ColourThreshold, Deduction, DeductionRule
from earlywarning.standing import person_standing, unit_standing


def test_defaults_are_documented_data(db):
    assert DeductionRule.objects.get(code="complaint_verified").points == 3
    assert DeductionRule.objects.get(code="overdue_rectification").points == 2
    assert DeductionRule.objects.get(code="missing_officer_report").points == 1
    thresholds = dict(ColourThreshold.objects.values_list("colour", "min_points"))
    assert thresholds == {Colour.BLUE: 3, Colour.YELLOW: 6, Colour.RED: 9}


def test_verified_information_deducts_from_unit_and_person(make_warning, people, org):
    warning = make_warning(person=people["buyer"], verified=True)
    deductions = list(Deduction.objects.filter(warning=warning).select_related("rule"))
    assert {(d.person_id, d.points, d.rule.code) for d in deductions} == {
        (None, 3, "complaint_verified"),
        (people["buyer"].pk, 3, "complaint_verified"),
    }
    assert unit_standing(org.finance, 2026).points == 3
    assert person_standing(people["buyer"], 2026).points == 3


def test_unfounded_information_deducts_nothing(make_warning, users, org):
    from earlywarning.services.intake import warning_verify

    warning = make_warning()
    warning_verify(warning=warning, found=False, reason="查无实据", by=users["inspector"])
    assert not Deduction.objects.exists()
    assert unit_standing(org.finance, 2026).colour == ""


@pytest.mark.parametrize(
    "sources, points, colour",
    [
        ([SourceType.HOTLINE], 2, ""),
        ([SourceType.COMPLAINT], 3, Colour.BLUE),
        ([SourceType.COMPLAINT, SourceType.INSPECTION], 5, Colour.BLUE),
        ([SourceType.COMPLAINT, SourceType.COMPLAINT], 6, Colour.YELLOW),
        ([SourceType.COMPLAINT] * 3, 9, Colour.RED),
        ([SourceType.COMPLAINT] * 5, 15, Colour.RED),
    ],
)
def test_totals_set_the_colour(make_warning, org, sources, points, colour):
    for i, source in enumerate(sources):
        make_warning(source=source, summary=f"问题{i}", verified=True)
    standing = unit_standing(org.finance, 2026)
    assert (standing.points, standing.colour) == (points, colour)
    assert standing.remaining == max(12 - points, 0)


def test_totals_are_per_year(make_warning, org):
    make_warning(verified=True, received_on=datetime.date(2025, 12, 30))
    make_warning(verified=True, summary="另一件", received_on=datetime.date(2026, 1, 2))
    assert unit_standing(org.finance, 2025).points == 3
    assert unit_standing(org.finance, 2026).points == 3


def test_thresholds_and_rules_are_data(make_warning, org):
    ColourThreshold.objects.filter(colour=Colour.BLUE).update(min_points=2)
    DeductionRule.objects.filter(code="hotline_verified").update(points=4)
    make_warning(source=SourceType.HOTLINE, verified=True)
    assert unit_standing(org.finance, 2026).points == 4
    assert unit_standing(org.finance, 2026).colour == Colour.BLUE
    # A rule changed later does not rewrite points already deducted.
    DeductionRule.objects.filter(code="hotline_verified").update(points=1)
    assert unit_standing(org.finance, 2026).points == 4


def test_a_chosen_rule_overrides_the_source_default(make_warning, org):
    rule = DeductionRule.objects.get(code="appraisal_low")
    warning = make_warning(verified=True, rule=rule)
    assert Deduction.objects.get(warning=warning).rule == rule


def test_a_major_case_is_scored_by_the_major_case_rule(make_warning, org):
    make_warning(verified=True, major=True)
    assert unit_standing(org.finance, 2026).points == 6


def test_unit_page_shows_colour_and_handling(make_warning, org, login, users):
    for i in range(2):
        make_warning(summary=f"问题{i}", verified=True)
    body = (
        login(users["leader"])
        .get(reverse("earlywarning:unit_history", args=[org.finance.pk]), {"year": 2026})
        .content.decode()
    )
    yellow = ColourThreshold.objects.get(colour=Colour.YELLOW)
    assert 'id="points">6<' in body
    assert str(yellow.get_colour_display()) in body
    assert yellow.handling in body
    assert _("Flagged for accountability") in body


def test_person_page_shows_their_own_total(make_warning, people, login, users):
    make_warning(person=people["buyer"], verified=True)
    make_warning(summary="单位问题", verified=True)
    response = login(users["inspector"]).get(
        reverse("earlywarning:person_history", args=[people["buyer"].pk]), {"year": 2026}
    )
    assert 'id="points">3<' in response.content.decode()

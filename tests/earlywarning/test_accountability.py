"""A unit or person warned twice in a year, or with a major case, is flagged with its leaders."""

import datetime

from django.urls import reverse

from earlywarning.standing import flagged_units, person_accountability, unit_accountability


def test_one_warning_does_not_flag(make_warning, org, people):
    make_warning(verified=True)
    assert not unit_accountability(org.finance, 2026).flagged


def test_the_second_warning_flags_the_unit_and_lists_its_leaders(make_warning, org, people):
    make_warning(verified=True)
    make_warning(summary="第二次", verified=True)
    flag = unit_accountability(org.finance, 2026)
    assert flag.flagged and flag.warnings == 2
    assert [(person.name, post) for person, post in flag.leaders] == [("周局长", "局长")]


def test_unverified_or_last_years_warnings_do_not_count(make_warning, org, people):
    make_warning(verified=True)
    make_warning(summary="待核实")
    make_warning(summary="去年", verified=True, received_on=datetime.date(2025, 6, 1))
    assert not unit_accountability(org.finance, 2026).flagged


def test_a_major_case_flags_at_once(make_warning, org, people):
    make_warning(verified=True, major=True)
    flag = unit_accountability(org.finance, 2026)
    assert flag.flagged and flag.major and flag.warnings == 1


def test_a_person_warned_twice_is_flagged_with_their_unit_leaders(make_warning, people):
    buyer = people["buyer"]
    make_warning(person=buyer, verified=True)
    assert not person_accountability(buyer, 2026).flagged
    make_warning(person=buyer, summary="第二次", verified=True)
    flag = person_accountability(buyer, 2026)
    assert flag.flagged
    assert [p.name for p, _ in flag.leaders] == [buyer.name, "周局长"]


def test_flag_shows_on_the_unit_page_and_dashboard(make_warning, org, people, login, users):
    make_warning(verified=True)
    make_warning(summary="第二次", verified=True)
    client = login(users["inspector"])
    page = client.get(reverse("earlywarning:unit_history", args=[org.finance.pk]), {"year": 2026})
    assert 'id="accountability"' in page.content.decode()
    assert "周局长" in page.content.decode()
    assert [unit for unit, _ in flagged_units([org.finance.pk, org.tax.pk], 2026)] == [org.finance]
    dashboard = client.get(reverse("earlywarning:index"), {"year": 2026}).content.decode()
    assert "周局长" in dashboard

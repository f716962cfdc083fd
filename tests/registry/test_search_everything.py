"""One search box across risk points, powers, people, units and warnings,
scoped like every page: what a user may not open is never found."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlywarning.choices import SourceType
from earlywarning.models import WarningInfo
from earlywarning.services.intake import warning_record
from powers.models import PowerCategory, PowerItem
from registry.models import Person
from registry.searching import PER_KIND

SEARCH = reverse("registry:search")


def power(unit, code: str, name: str) -> PowerItem:
    return PowerItem.objects.create(
        unit=unit, code=code, name=name, category=PowerCategory.objects.first()
    )


def warning(unit, summary: str, by, **fields) -> WarningInfo:
    info = WarningInfo(
        unit=unit,
        source_type=SourceType.COMPLAINT,
        received_on=datetime.date(2026, 3, 1),
        summary=summary,
        facts="群众来信反映相关问题。",
        **fields,
    )
    return warning_record(warning=info, by=by)


def sections(response) -> dict[str, str]:
    """{kind key: the section's HTML} of the results page."""
    html = response.content.decode()
    found = {}
    for key in ("risk_points", "powers", "people", "units", "warnings"):
        start = html.find(f'id="search-{key}"')
        if start >= 0:
            found[key] = html[start : html.find("</section>", start)]
    return found


@pytest.fixture
def searchable(org, users, make_point):
    """A 采购 thing of every kind in the finance bureau, and one in the tax bureau."""
    return {
        "point": make_point(name="采购需求量身定制", code="CZ-001"),
        "tax_point": make_point(name="采购稽查走过场", post=org.tax_inspector),
        "power": power(org.finance, "QL-001", "政府采购监督"),
        "tax_power": power(org.tax, "QL-002", "采购稽查"),
        "person": Person.objects.create(unit=org.finance, name="采购员李四"),
        "warning": warning(org.finance, "采购中央空调未公开招标", users["inspector"]),
    }


def test_the_box_is_in_every_pages_header(login, users):
    response = login(users["staff"]).get(reverse("registry:riskpoint_list"))
    assert f'action="{SEARCH}"' in response.content.decode()


def test_results_are_grouped_by_kind_with_links(login, users, searchable):
    response = login(users["inspector"]).get(SEARCH, {"q": "采购"})
    found = sections(response)
    assert set(found) >= {"risk_points", "powers", "people", "warnings"}
    point, warning = searchable["point"], searchable["warning"]
    assert reverse("registry:riskpoint_detail", args=[point.pk]) in found["risk_points"]
    assert reverse("powers:power_detail", args=[searchable["power"].pk]) in found["powers"]
    assert reverse("assessment:person_file", args=[searchable["person"].pk]) in found["people"]
    assert reverse("earlywarning:warning_detail", args=[warning.pk]) in found["warnings"]
    # A point is found by its ledger code too.
    by_code = sections(login(users["inspector"]).get(SEARCH, {"q": "CZ-001"}))
    assert point.name in by_code["risk_points"]


def test_a_unit_leader_finds_only_their_own_unit(login, users, searchable):
    found = sections(login(users["leader"]).get(SEARCH, {"q": "采购"}))
    assert searchable["point"].name in found["risk_points"]
    assert searchable["tax_point"].name not in found["risk_points"]
    assert searchable["power"].name in found["powers"]
    assert searchable["tax_power"].name not in found.get("powers", "")


def test_units_are_found_inside_the_users_scope(login, users, org):
    found = sections(login(users["taxhead"]).get(SEARCH, {"q": "局"}))
    assert org.tax.name in found["units"]
    assert org.finance.name not in found["units"]


def test_warnings_only_for_those_who_read_warnings(login, users, searchable):
    # A post holder reaches their own post's points, not the warnings page.
    found = sections(login(users["staff"]).get(SEARCH, {"q": "采购"}))
    assert "warnings" not in found
    assert searchable["warning"].summary not in str(found)


def test_the_complainant_is_never_searched_nor_shown(login, users, org):
    warning(
        org.finance,
        "食堂采购账目不清",
        users["inspector"],
        complainant_name="张举报",
        complainant_contact="13800000000",
    )
    client = login(users["inspector"])
    assert sections(client.get(SEARCH, {"q": "张举报"})) == {}
    assert sections(client.get(SEARCH, {"q": "13800000000"})) == {}
    page = client.get(SEARCH, {"q": "食堂"}).content.decode()
    assert "食堂采购账目不清" in page and "张举报" not in page


def test_nobody_without_a_role_finds_anything(login, users, searchable):
    response = login(users["nobody"]).get(SEARCH, {"q": "采购"})
    assert response.status_code == 200
    assert sections(response) == {}
    assert "没有与“采购”相符的内容" in response.content.decode()


def test_each_kind_is_cut_at_the_limit_in_a_fixed_number_of_queries(
    login, users, org, make_point, django_assert_max_num_queries
):
    client = login(users["inspector"])

    def count_queries(rows: int) -> int:
        for n in range(rows):
            make_point(name=f"采购事项{n}")
            power(org.finance, f"QL-{rows}-{n}", f"采购事项{n}")
            Person.objects.create(unit=org.finance, name=f"采购员{n}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH, {"q": "采购"})
        assert response.status_code == 200
        return len(queries), response

    few, _ = count_queries(2)
    many, response = count_queries(PER_KIND * 3)
    assert many == few, f"{few} queries with a few rows, {many} with many"
    assert sections(response)["risk_points"].count("<li>") == PER_KIND
    with django_assert_max_num_queries(few):
        client.get(SEARCH, {"q": "采购"})


def test_an_empty_query_searches_nothing(login, users, searchable, django_assert_max_num_queries):
    client = login(users["inspector"])
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "   "})
    assert sections(response) == {}

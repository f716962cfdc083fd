"""The API's list filters are the list pages' own: the same parameters give the same
rows on the page and through the API (warnings, disposal cases, rectification items,
powers), and a bad value is a 400 naming the parameter where the page leaves it out."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from earlywarning.models import DisposalCase, WarningInfo
from pdca.models import RectificationItem
from powers.models import PowerItem
from registry.demo import seed_demo
from tests.api.support import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def inspector(demo):
    return get_user_model().objects.get(username="inspector")


def page_ids(client, url: str, params: dict) -> set[int]:
    """Every row the list page shows for ``params``, page by page."""
    ids, number = set(), 1
    while True:
        response = client.get(url, {**params, "page": number})
        assert response.status_code == 200
        page = response.context["page"]
        ids |= {row.pk for row in page.object_list}
        if not page.has_next():
            return ids
        number += 1


def api_ids(api, url: str, params: dict) -> set[int]:
    """Every row the API lists for ``params``, following the cursor."""
    ids, response = set(), api.get(url, {**params, "page_size": 200})
    while True:
        assert response.status_code == 200, response.json()
        ids |= {row["id"] for row in response.json()["results"]}
        if not response.json()["next"]:
            return ids
        response = api.get(response.json()["next"])


def first(model, field: str):
    return model.objects.exclude(**{field: None}).values_list(field, flat=True).first()


def cases():
    """(page url, API url, list of parameter sets), built from the demo's own values."""
    warning = WarningInfo.objects.order_by("-received_on").first()
    year = str(warning.received_on.year)
    item = RectificationItem.objects.first()
    power = PowerItem.objects.first()
    return [
        ("/warnings/information/", "/api/v1/warnings/", [
            {"year": year},
            {"year": year, "unit": str(warning.unit_id)},
            {"year": year, "verification": warning.verification},
            {"year": year, "source": warning.source_type},
        ]),
        ("/warnings/cases/", "/api/v1/disposal-cases/", [
            {},  # open cases by default, on both
            {"status": ""},
            {"status": "", "unit": str(first(DisposalCase, "unit_id"))},
            {"overdue": "1"},
        ]),
        ("/pdca/rectification/", "/api/v1/pdca/rectification-items/", [
            {},
            {"status": item.status},
            {"unit": str(item.unit_id)},
            {"overdue": "1"},
            {"mine": "1"},
        ]),
        ("/powers/", "/api/v1/powers/", [
            {},
            {"unit": str(power.unit_id)},
            {"q": power.name[:2]},
            {"major": "yes"},
            {"gap": "no_steps"},
        ]),
    ]  # fmt: skip


def test_the_same_parameters_give_the_same_rows_on_the_page_and_through_the_api(
    client, inspector
):
    client.force_login(inspector)
    api = token_client(inspector)
    compared = 0
    for page_url, api_url, parameter_sets in cases():
        for params in parameter_sets:
            on_page = page_ids(client, page_url, params)
            assert api_ids(api, api_url, params) == on_page, (api_url, params)
            compared += bool(on_page)
    assert compared >= 10, "the demo should give most filters rows to compare"


@pytest.mark.parametrize(
    "url, params, field",
    [
        ("/api/v1/warnings/", {"verification": "nonsense"}, "verification"),
        ("/api/v1/disposal-cases/", {"step": "9"}, "step"),
        ("/api/v1/pdca/rectification-items/", {"unit": "x"}, "unit"),
        ("/api/v1/powers/", {"major": "maybe"}, "major"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(inspector, url, params, field):
    response = token_client(inspector).get(url, params)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]

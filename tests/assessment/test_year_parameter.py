"""A year typed into the address bar is checked, not an error page (issue 12, finding 11)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Person

BAD_YEARS = ["-1", "0", "99999999999999999999", "1e9", "二〇二六"]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_integrity_pages_take_any_year_without_an_error(users, org, login, year):
    person = Person.objects.get(user=users["staff"])
    client = login(users["inspector"])
    for url in [
        reverse("assessment:person_file", args=[person.pk]),
        reverse("assessment:unit_integrity", args=[org.finance.pk]),
    ]:
        response = client.get(url, {"year": year})
        assert response.status_code == 200, url
        # The page falls back to the current year rather than an impossible one.
        assert response.context["year"] == timezone.localdate().year


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_register_and_warnings_take_any_year_without_an_error(users, login, year):
    client = login(users["inspector"])
    assert client.get(reverse("registry:riskpoint_list"), {"year": year}).status_code == 200
    assert client.get(reverse("earlywarning:warning_list"), {"year": year}).status_code == 200

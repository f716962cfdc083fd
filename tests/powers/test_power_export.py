"""Exporting power lists to Excel: powers on one sheet, flow steps on the second, scoped."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from powers.models import PowerPost

pytestmark = pytest.mark.django_db


def test_export_has_powers_and_their_steps(
    org, users, login, make_power, django_assert_max_num_queries
):
    power = make_power("CZ-1", name="政府采购方式变更审批", steps=["受理", "审核"], is_major=True)
    PowerPost.objects.create(power=power, post=org.buyer, role="undertake")
    make_power("SW-1", unit=org.tax, name="税务事项")
    client = login(users["leader"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("powers:power_export"))
    book = load_workbook(io.BytesIO(response.content))
    powers = list(book["权力清单"].values)
    steps = list(book["运行流程"].values)
    assert powers[0][:3] == ("单位", "事项编码", "事项名称")
    assert [row[1:3] for row in powers[1:]] == [("CZ-1", "政府采购方式变更审批")]
    assert powers[1][7] == "采购经办岗" and powers[1][11] == "重大"
    assert [row[1:4] for row in steps[1:]] == [("CZ-1", 1, "受理"), ("CZ-1", 2, "审核")]

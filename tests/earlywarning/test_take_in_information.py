"""Taking in warning information: by hand, from other records once, and verifying it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from earlywarning.choices import SourceType, Verification
from earlywarning.models import WarningInfo
from earlywarning.services.intake import intake_from_source, warning_verify


def test_discipline_staff_take_in_information_through_the_form(login, users, org, people):
    client = login(users["inspector"])
    response = client.post(
        reverse("earlywarning:warning_create"),
        {
            "unit": org.finance.pk,
            "person": people["buyer"].pk,
            "source_type": SourceType.HOTLINE,
            "received_on": "2026-03-01",
            "summary": "评审专家名单外泄",
            "facts": "热线反映评审专家名单提前泄露。",
            "complainant_name": "张三",
        },
    )
    warning = WarningInfo.objects.get()
    assert response.status_code == 302
    assert (warning.person, warning.created_by, warning.verification) == (
        people["buyer"],
        users["inspector"],
        Verification.PENDING,
    )


def test_bad_input_names_the_field(login, users, org, people):
    client = login(users["inspector"])
    response = client.post(
        reverse("earlywarning:warning_create"),
        {
            "unit": org.finance.pk,
            "person": people["taxman"].pk,  # works in the tax bureau
            "source_type": SourceType.COMPLAINT,
            "received_on": "2026-03-01",
            "summary": "x",
            "facts": "y",
            "risk_point_code": "NO-SUCH",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "risk_point_code" in errors
    assert not WarningInfo.objects.exists()


def test_a_risk_point_code_links_the_point(login, users, org, point_with_measures):
    login(users["inspector"]).post(
        reverse("earlywarning:warning_create"),
        {
            "unit": org.finance.pk,
            "source_type": SourceType.SELF_REPORT,
            "received_on": "2026-03-01",
            "summary": "自查发现",
            "facts": "自查发现需求条款倾向性。",
            "risk_point_code": "CZ-001",
        },
    )
    assert WarningInfo.objects.get().risk_point == point_with_measures


def test_the_same_source_record_is_taken_in_once(org):
    args = dict(
        source_type=SourceType.INSPECTION,
        source_id=41,
        unit=org.finance,
        summary="验收记录不全",
        facts="抽查发现验收单缺签字",
        received_on=datetime.date(2026, 3, 1),
    )
    first, created = intake_from_source(**args)
    again, created_again = intake_from_source(**args)
    assert created and not created_again and first == again
    assert WarningInfo.objects.count() == 1


def test_verification_needs_a_reason_and_happens_once(make_warning, users):
    warning = make_warning()
    with pytest.raises(ValidationError) as error:
        warning_verify(warning=warning, found=True, reason="  ", by=users["inspector"])
    assert "verification_reason" in error.value.error_dict
    warning_verify(warning=warning, found=True, reason="属实", by=users["inspector"])
    with pytest.raises(ValidationError):
        warning_verify(warning=warning, found=False, reason="改判", by=users["inspector"])


def test_verify_through_the_page(make_warning, users, login):
    warning = make_warning()
    client = login(users["inspector"])
    url = reverse("earlywarning:warning_verify", args=[warning.pk])
    response = client.post(
        url, {"verification": "unfounded", "verification_reason": ""}, follow=True
    )
    assert _("This field is required.") in response.content.decode()
    client.post(url, {"verification": "unfounded", "verification_reason": "查无实据"})
    warning.refresh_from_db()
    assert (warning.verification, warning.verification_reason) == ("unfounded", "查无实据")


def test_a_list_page_has_a_fixed_number_of_queries(
    make_warning, users, login, django_assert_max_num_queries
):
    for i in range(15):
        make_warning(summary=f"问题{i}", verified=i % 2 == 0)
    client = login(users["inspector"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("earlywarning:warning_list"), {"year": 2026})
    assert response.context["page"].paginator.count == 15

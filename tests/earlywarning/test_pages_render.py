"""Every early-warning page renders on the demo data, for discipline staff and for a unit leader."""

import pytest
from django.db import transaction
from django.urls import reverse

from earlywarning.models import DisposalCase, InformationOfficer, Notice, WarningInfo
from registry.demo import FIXTURE_DIR, _Seeder, read_fixtures


@pytest.fixture
def demo(db):
    from django.apps import apps

    units, users = read_fixtures(FIXTURE_DIR)
    with transaction.atomic():
        _Seeder(None).run(units, users)
    apps.get_app_config("earlywarning").seed_demo()


def _urls() -> list[str]:
    warning = WarningInfo.objects.exclude(complainant_name="").first()
    case = DisposalCase.objects.first()
    return [
        reverse("earlywarning:index"),
        reverse("earlywarning:rules"),
        reverse("earlywarning:warning_list"),
        reverse("earlywarning:warning_detail", args=[warning.pk]),
        reverse("earlywarning:case_list") + "?status=open&step=2",
        reverse("earlywarning:case_detail", args=[case.pk]),
        reverse("earlywarning:notice_detail", args=[Notice.objects.first().pk]),
        reverse("earlywarning:unit_history", args=[warning.unit_id]),
        reverse("earlywarning:officer_list"),
        reverse("earlywarning:report_create", args=[InformationOfficer.objects.first().pk]),
        reverse("earlywarning:analysis"),
        reverse("earlywarning:warning_create"),
    ]


def test_discipline_staff_reach_every_page(demo, client, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="inspector"))
    for url in _urls():
        with django_assert_max_num_queries(30):
            response = client.get(url)
        assert response.status_code == 200, url


def test_a_unit_leader_reads_their_unit_and_is_refused_the_rest(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="leader"))  # 财政局
    own = WarningInfo.objects.filter(unit__code="CZ").first()
    other = WarningInfo.objects.filter(unit__code="YY").first()
    assert client.get(reverse("earlywarning:warning_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("earlywarning:warning_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("earlywarning:warning_create")).status_code == 403
    assert client.get(reverse("earlywarning:index")).status_code == 200

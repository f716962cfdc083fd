"""Every page of the app: login required, rendered for a user with access, in Chinese."""

import pytest
from django.urls import reverse

from assessment import appraisal as service
from assessment.grading import point_grade
from assessment.models import GradingModel
from registry.models import Person


@pytest.fixture
def pages(users, org, make_point, answers):
    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])
    appraisal = service.appraisal_open(unit=org.finance, year=2026, by=users["inspector"])
    person = Person.objects.get(user=users["staff"])
    model = GradingModel.objects.get(is_current=True)
    return [
        reverse("assessment:index"),
        reverse("assessment:point_grading", args=[point.pk]),
        reverse("assessment:override_list"),
        reverse("assessment:model_list"),
        reverse("assessment:model_detail", args=[model.pk]),
        reverse("assessment:my_monitoring"),
        reverse("assessment:monitoring_problems"),
        reverse("assessment:units_map"),
        reverse("assessment:unit_map", args=[org.finance.pk]),
        reverse("assessment:unit_integrity", args=[org.finance.pk]),
        reverse("assessment:appraisal_list"),
        reverse("assessment:appraisal_detail", args=[appraisal.pk]),
        reverse("assessment:checklist", args=[appraisal.pk]),
        reverse("assessment:self_report", args=[appraisal.pk]),
        reverse("assessment:notice_list"),
        reverse("assessment:person_list"),
        reverse("assessment:person_file", args=[person.pk]),
    ]


def test_pages_need_a_login(pages, client):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_pages_render_for_the_inspector(pages, users, login):
    client = login(users["inspector"])
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="zh-hans"' in response.content.decode(), url


def test_someone_without_roles_sees_empty_lists_not_errors(pages, users, login):
    client = login(users["nobody"])
    for url in [
        reverse("assessment:index"),
        reverse("assessment:my_monitoring"),
        reverse("assessment:units_map"),
    ]:
        assert client.get(url).status_code == 200

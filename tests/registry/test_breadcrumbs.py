"""Detail pages say where they sit: a trail derived from the URL name and the object."""

import re

from django.urls import reverse


def trail(response) -> list[str]:
    html = response.content.decode()
    match = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', html, re.S)
    if not match:
        return []
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", match[1])]


def test_a_risk_point_sits_in_the_register(login, users, point_with_measures):
    client = login(users["inspector"])
    response = client.get(reverse("registry:riskpoint_detail", args=[point_with_measures.pk]))
    assert trail(response) == ["风险台账", point_with_measures.name]
    assert f'href="{reverse("registry:riskpoint_list")}"' in response.content.decode()


def test_a_points_history_sits_under_the_point(login, users, point_with_measures):
    client = login(users["inspector"])
    url = reverse("registry:riskpoint_history", args=[point_with_measures.pk])
    response = client.get(url)
    assert trail(response) == ["风险台账", point_with_measures.name, "变更记录"]
    detail = reverse("registry:riskpoint_detail", args=[point_with_measures.pk])
    assert f'<a href="{detail}">' in response.content.decode()


def test_a_grading_page_of_another_app_leads_back_to_its_point(login, users, point_with_measures):
    client = login(users["inspector"])
    response = client.get(reverse("assessment:point_grading", args=[point_with_measures.pk]))
    assert trail(response) == ["风险台账", point_with_measures.name, "等级评定"]


def test_pages_at_the_top_have_no_trail(login, users):
    response = login(users["inspector"]).get(reverse("registry:riskpoint_list"))
    assert trail(response) == []
    assert 'class="breadcrumbs"' not in response.content.decode()

"""Decomposition onto posts: a power's posts and people, a post's powers."""

import pytest
from django.urls import reverse

from powers.models import PowerPost

pytestmark = pytest.mark.django_db


def test_assigning_posts_with_roles(org, users, login, make_power):
    power = make_power("CZ-CG-001", name="政府采购方式审批")
    client = login(users["admin"])
    url = reverse("powers:assignments_edit", args=[power.pk])
    assert client.post(url, {"post": org.buyer.pk, "role": "undertake"}).status_code == 302
    assert client.post(url, {"post": org.director.pk, "role": "approve"}).status_code == 302
    roles = set(power.assignments.values_list("post__name", "role"))
    assert roles == {("采购经办岗", "undertake"), ("局长", "approve")}


def test_the_same_post_and_role_twice_is_refused(org, users, login, make_power):
    power = make_power("CZ-1")
    PowerPost.objects.create(power=power, post=org.buyer, role="undertake")
    response = login(users["admin"]).post(
        reverse("powers:assignments_edit", args=[power.pk]),
        {"post": org.buyer.pk, "role": "undertake"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert power.assignments.count() == 1


def test_a_post_of_another_unit_is_not_offered(org, users, login, make_power):
    power = make_power("CZ-1")
    response = login(users["admin"]).post(
        reverse("powers:assignments_edit", args=[power.pk]),
        {"post": org.tax_inspector.pk, "role": "undertake"},
    )
    assert "post" in response.context["form"].errors
    assert not power.assignments.exists()


def test_power_page_lists_posts_and_their_current_holders(org, users, login, make_power):
    power = make_power("CZ-1")
    PowerPost.objects.create(power=power, post=org.buyer, role="undertake")
    body = login(users["leader"]).get(reverse("powers:power_detail", args=[power.pk]))
    body = body.content.decode()
    assert "采购经办岗" in body and "王采购" in body  # the fixture's holder of the post


def test_post_page_lists_its_powers(org, users, login, make_power):
    power = make_power("CZ-1", name="采购合同备案")
    make_power("CZ-2", name="未分解事项")
    PowerPost.objects.create(power=power, post=org.buyer, role="review")
    body = login(users["staff"]).get(reverse("powers:post_detail", args=[org.buyer.pk]))
    body = body.content.decode()
    assert "采购合同备案" in body and "未分解事项" not in body


def test_removing_an_assignment(org, users, login, make_power):
    power = make_power("CZ-1")
    assignment = PowerPost.objects.create(power=power, post=org.buyer, role="undertake")
    client = login(users["admin"])
    client.post(reverse("powers:assignment_remove", args=[power.pk, assignment.pk]))
    assert not power.assignments.exists()
    assert PowerPost.history.filter(history_type="-").get().history_user == users["admin"]


def test_post_page_of_another_unit_is_not_found(org, users, login):
    response = login(users["taxhead"]).get(reverse("powers:post_detail", args=[org.buyer.pk]))
    assert response.status_code == 404

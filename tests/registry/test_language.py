"""Simplified Chinese by default; English when the user switches."""

from django.urls import reverse


def test_register_is_in_chinese_by_default(point_with_measures, users, login):
    body = login(users["inspector"]).get(reverse("registry:riskpoint_list")).content.decode()
    assert "风险台账" in body
    assert "二级" in body
    assert "Risk register" not in body


def test_switching_to_english_translates_the_register(point_with_measures, users, login):
    client = login(users["inspector"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/register/"})
    assert response.status_code == 302
    body = client.get(reverse("registry:riskpoint_list")).content.decode()
    assert "Risk register" in body
    assert "Level 2" in body
    assert "风险台账" not in body
    # User data stays as entered.
    assert "采购需求量身定制" in body


def test_detail_page_labels_follow_the_language(point_with_measures, users, login):
    client = login(users["inspector"])
    url = reverse("registry:riskpoint_detail", args=[point_with_measures.pk])
    assert "前期预防" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "Prior prevention" in client.get(url).content.decode()


def test_login_page_lists_demo_logins_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    assert "demo12345" in client.get(reverse("login")).content.decode()
    settings.DEMO_MODE = False
    assert "demo12345" not in client.get(reverse("login")).content.decode()


def test_forbidden_reason_is_translated(point_with_measures, users, login):
    client = login(users["auditor"])
    url = reverse("registry:riskpoint_edit", args=[point_with_measures.pk])
    assert "您可以查看该风险点，但无权修改。" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "You may read this risk point but not change it." in client.get(url).content.decode()

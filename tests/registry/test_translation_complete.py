"""The Chinese UI speaks Chinese: words with two meanings, empty choices, language
names, and command-line messages on a fresh clone."""

import shutil

from django.urls import reverse

from registry.management.commands.compile_translations import compile_stale


def test_the_language_picker_names_each_language_in_itself(client, login, users):
    html = login(users["staff"]).get(reverse("registry:riskpoint_list")).content.decode()
    assert ">简体中文</option>" in html
    assert ">English</option>" in html
    assert "英语" not in html


def test_dropdowns_offer_a_word_instead_of_dashes(login, users):
    client = login(users["staff"])
    form = client.get(reverse("registry:riskpoint_create")).content.decode()
    assert "---------" not in form
    assert "请选择…" in form
    filters = client.get(reverse("registry:riskpoint_list")).content.decode()
    assert "---------" not in filters
    assert ">全部</option>" in filters


def test_a_score_reads_as_points_and_a_count_as_risk_points(login, users):
    rules = login(users["inspector"]).get(reverse("earlywarning:rules")).content.decode()
    assert '<th class="num">分值</th>' in rules
    assert "风险点数" not in rules


def test_launching_an_appraisal_is_not_a_status(login, users):
    page = login(users["inspector"]).get(reverse("assessment:appraisal_list")).content.decode()
    assert "发起考核</button>" in page


def test_a_fresh_clone_compiles_its_catalogues_before_a_command(settings, tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], locale, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [locale]
    assert not list(locale.rglob("*.mo"))
    assert compile_stale() >= 1
    assert (locale / "zh_Hans" / "LC_MESSAGES" / "django.mo").stat().st_size > 1000
    assert compile_stale() == 0  # nothing stale: a command costs a few stat calls

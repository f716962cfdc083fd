"""The feedback limit counts visitors, not the proxy in front of the site; and it needs a
cache every web process shares."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory

from registry import notice
from registry.models import NoticeFeedback
from registry.proxies import client_address
from tests.registry.test_public_notice import notice_url, on_notice  # noqa: F401

PROXY = "10.1.0.5"


def address(remote: str, forwarded: str = "", trusted=("10.1.0.0/24",), settings=None) -> str:
    settings.TRUSTED_PROXIES = list(trusted)
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_the_address_is_read_from_the_right_past_trusted_proxies(settings):
    assert address(PROXY, "203.0.113.7", settings=settings) == "203.0.113.7"
    # What the client wrote itself (left) is not believed; the hop our proxy saw is.
    assert address(PROXY, "1.1.1.1, 203.0.113.7", settings=settings) == "203.0.113.7"
    # Two proxies of ours in a row.
    assert address(PROXY, "203.0.113.7, 10.1.0.9", settings=settings) == "203.0.113.7"
    # A visitor talking to the site directly cannot pick an address.
    assert address("198.51.100.2", "203.0.113.7", settings=settings) == "198.51.100.2"
    # No trusted proxies configured: the header is ignored.
    assert address(PROXY, "203.0.113.7", trusted=(), settings=settings) == PROXY


@pytest.fixture
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_visitors_behind_the_proxy_each_have_their_own_limit(
    client,
    on_notice,  # noqa: F811
    settings,
    monkeypatch,
    _fresh_cache,  # noqa: F811
):
    settings.FEEDBACK_PER_HOUR, settings.TRUSTED_PROXIES = 2, [PROXY]
    monkeypatch.setattr(notice, "_this_hour", lambda: "2026032010")

    def post(visitor: str):
        data = {"name": "", "contact": "", "risk_point": "", "message": "采购环节公开不够"}
        return client.post(
            notice_url(on_notice), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor
        )

    assert [post("203.0.113.7").status_code for _ in range(3)] == [302, 302, 429]
    assert post("198.51.100.2").status_code == 302
    assert NoticeFeedback.objects.count() == 3


def test_check_deploy_warns_about_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    out = StringIO()
    call_command("check", "--deploy", stdout=out, stderr=out, fail_level="CRITICAL")
    assert "registry.W001" in out.getvalue()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/4",
        }
    }
    out = StringIO()
    call_command("check", "--deploy", stdout=out, stderr=out, fail_level="CRITICAL")
    assert "registry.W001" not in out.getvalue()


def test_production_settings_refuse_to_start_without_a_shared_cache(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DJANGO_TESTING"}} | {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "VAR_DIR": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-c", "import config.settings"], env=env, capture_output=True, text=True
    )
    assert run.returncode != 0 and "CACHE_URL" in run.stderr

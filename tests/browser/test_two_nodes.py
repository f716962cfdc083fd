"""Two web nodes and a worker on one PostgreSQL, Redis and file storage, as a
cluster runs them: a sign-in on node A holds on node B, a signed letter filed
through A downloads through B, and a ledger uploaded through A is checked by the worker
and committed from B.

Real processes: two gunicorn nodes and a Celery worker, started here against
the test database; a browser talks to both. It needs PostgreSQL and Redis, so
it runs in CI's second pass; in CI a missing service fails it.
"""

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "registry" / "data" / "risk-ledger-sample.xlsx"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def cluster_env(tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor != "postgresql" or not broker.startswith("redis://"):
        reason = "two nodes share PostgreSQL and Redis: this runs in CI's second pass"
        if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail(f"CI=true with PostgreSQL but no Redis broker: {reason}")
        pytest.skip(reason)
    base = broker.rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DJANGO_TESTING": "1",  # the test process hashed the password with the fast hasher
        "DJANGO_DEBUG": "1",
        "DEMO_MODE": "0",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": f"{base}/11",
        "CACHE_URL": f"{base}/12",
        "MEDIA_ROOT": str(tmp_path / "media"),  # the storage every node shares
        "LOG_FORMAT": "text",
    }
    subprocess.run(["redis-cli", "-n", "11", "FLUSHDB"], check=False, capture_output=True)
    return env


@pytest.fixture
def processes(cluster_env, tmp_path):
    started: list[subprocess.Popen] = []

    def start(name: str, *command: str) -> subprocess.Popen:
        env = {**cluster_env, "VAR_DIR": str(tmp_path / name)}
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_ready(url: str, tmp_path: Path, name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"node {name} did not start:\n{(tmp_path / f'{name}.log').read_text()[-3000:]}")


@pytest.fixture
def nodes(processes, tmp_path) -> dict[str, str]:
    urls = {}
    for name in ("a", "b"):
        port = _free_port()
        processes(
            name,
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "config.wsgi",
        )
        urls[name] = f"http://127.0.0.1:{port}"
    processes(
        "worker",
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "--pool=solo",
    )
    for name, url in urls.items():
        _wait_ready(url, tmp_path, name)
    return urls


def test_sign_in_on_a_holds_on_b_and_files_cross_nodes(browser, nodes, org, tmp_path):
    from django.contrib.auth import get_user_model

    from programme.services.letters import letters_issue
    from registry.choices import Role
    from registry.models import Person, RiskPoint
    from registry.services import role_grant
    from tests.registry.ledger_support import make_sample_units

    make_sample_units(org.district)
    org_person = Person.objects.create(unit=org.finance, name="刘会计")
    admin = get_user_model().objects.create_user("clusteradmin", password="demo12345")
    role_grant(user=admin, role=Role.ADMIN, unit=org.district, by=None)
    batch = letters_issue(
        unit=org.finance,
        year=2026,
        kind="commitment",
        title="2026年度廉政承诺书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 3, 31),
        by=admin,
    )

    page = browser.new_context(locale="zh-CN").new_page()
    a, b = nodes["a"], nodes["b"]
    page.goto(f"{a}/accounts/login/")
    page.fill("input[name=username]", "clusteradmin")
    page.fill("input[name=password]", "demo12345")
    with page.expect_navigation():
        page.click("button[type=submit]")

    # The session made on A is valid on B (cookies are per host, not per port).
    page.goto(f"{b}/ledgers/")
    assert "/accounts/login/" not in page.url

    # A signed commitment letter filed through A is served by B from the shared storage.
    scan = tmp_path / "承诺书.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a signed commitment\n%%EOF\n")
    page.goto(f"{a}/programme/letters/batches/{batch.pk}/")
    row = page.locator(f"#letters tr[data-person='{org_person.name}']")
    row.locator("input[name=signed_on]").fill("2026-03-01")
    row.locator("input[name=scan]").set_input_files(str(scan))
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    letter = batch.letters.get(person=org_person)
    assert letter.scan
    download = page.context.request.get(f"{b}/programme/letters/{letter.pk}/scan/")
    assert download.status == 200
    assert download.body() == scan.read_bytes()
    assert "attachment" in download.headers["content-disposition"]

    page.goto(f"{a}/ledgers/")
    page.set_input_files("input[name=file]", str(SAMPLE))
    page.check("input[name=create_missing]")
    with page.expect_navigation():
        page.click("#ledger-upload button[type=submit]")
    batch_path = page.url.removeprefix(a)
    # The worker checks the file that node A stored; A's page shows the preview.
    expect(page.locator("#count-created")).to_have_text("36", timeout=60_000)

    page.goto(f"{b}{batch_path}")
    with page.expect_navigation():
        page.click("#ledger-confirm button[type=submit]")
    expect(page.locator("#ledger-changes")).to_be_visible(timeout=60_000)
    assert RiskPoint.objects.count() == 36
    page.context.close()

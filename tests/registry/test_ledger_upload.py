"""The browser flow without a browser: upload → check → preview → commit → summary, and who may."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from registry.models import ImportBatch, ImportState, RiskPoint
from tests.registry.ledger_support import ROW, ledger, make_sample_units, sample_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, data: bytes, capture, name="台账.xlsx", **fields):
    with capture(execute=True):
        return client.post("/ledgers/", {"file": SimpleUploadedFile(name, data), **fields})


def test_upload_preview_confirm_and_summary(org, users, login, django_capture_on_commit_callbacks):
    make_sample_units(org.district)
    client = login(users["admin"])
    response = upload(
        client, sample_bytes(), django_capture_on_commit_callbacks, create_missing="on"
    )
    batch = ImportBatch.objects.get()
    assert response.url == f"/ledgers/{batch.pk}/"
    assert batch.state == ImportState.READY and batch.created_count == 36
    assert len(batch.sha256) == 64 and batch.created_by == users["admin"]

    preview = client.get(response.url).content.decode()
    assert (
        "ledger-confirm" in preview and "国库支付岗" in preview and RiskPoint.objects.count() == 0
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledgers/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.state == ImportState.COMMITTED and RiskPoint.objects.count() == 36
    assert batch.changes.count() == 36
    summary = client.get(f"/ledgers/{batch.pk}/").content.decode()
    point = RiskPoint.objects.get(name="密印管理与资金拨付")
    assert f"/register/{point.pk}/" in summary
    assert batch.file_name in client.get("/ledgers/history/").content.decode()


def test_a_second_commit_does_nothing(org, users, login, django_capture_on_commit_callbacks):
    client = login(users["admin"])
    upload(client, ledger([ROW]), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/ledgers/{batch.pk}/commit/")
    assert RiskPoint.objects.count() == 1


def test_progress_is_a_small_json(org, users, login, django_capture_on_commit_callbacks):
    client = login(users["admin"])
    upload(client, ledger([ROW]), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    data = json.loads(client.get(f"/ledgers/{batch.pk}/progress/").content)
    assert data["state"] == "ready" and data["running"] is False and data["progress"] == 100


def test_a_bad_file_gets_its_message_on_the_batch(
    org, users, login, django_capture_on_commit_callbacks
):
    client = login(users["admin"])
    response = upload(client, b"not a workbook", django_capture_on_commit_callbacks, name="a.txt")
    assert response.status_code == 200 and "a.txt" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_errors_are_listed_and_there_is_no_confirm(
    org, users, login, django_capture_on_commit_callbacks
):
    client = login(users["admin"])
    upload(client, ledger([[*ROW[:6], "五级", ROW[7]]]), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    page = client.get(f"/ledgers/{batch.pk}/").content.decode()
    assert batch.state == ImportState.INVALID and "五级" in page and "ledger-confirm" not in page
    client.post(f"/ledgers/{batch.pk}/commit/")
    assert RiskPoint.objects.count() == 0


def test_who_may_import_and_see_a_batch(org, users, login, django_capture_on_commit_callbacks):
    assert login(users["nobody"]).get("/ledgers/").status_code == 403
    assert login(users["auditor"]).get("/ledgers/").status_code == 403
    upload(login(users["admin"]), ledger([ROW]), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    other = login(users["depthead"])
    assert other.get("/ledgers/").status_code == 200
    assert other.get(f"/ledgers/{batch.pk}/").status_code == 404
    assert other.get(f"/ledgers/{batch.pk}/progress/").status_code == 404


def run_command(capsys, *args) -> tuple[int, str]:
    try:
        call_command("import_ledger", *args)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, capsys.readouterr().out


def test_the_command_imports_reports_and_exits(org, users, tmp_path, capsys):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(ledger([ROW]))
    bad.write_bytes(ledger([[*ROW[:4], "", *ROW[5:]], [*ROW[:6], "五级", ROW[7]]]))

    assert run_command(capsys, str(good), "--dry-run")[0] == 0 and RiskPoint.objects.count() == 0
    code, out = run_command(capsys, str(bad), "--user", "admin")
    assert code == 1 and out.splitlines()[:2][0].startswith("台账!3 风险点名称: ")
    assert out.splitlines()[1].startswith("台账!4 风险等级: ") and RiskPoint.objects.count() == 0
    code, out = run_command(capsys, str(good), "--format", "json", "--user", "admin")
    assert code == 0
    assert json.loads(out) == {
        "ok": True, "committed": True, "created": 1, "updated": 0, "unchanged": 0,
        "would_create": 1, "would_update": 0, "errors": [],
    }  # fmt: skip
    assert RiskPoint.objects.get().history.get().history_user == users["admin"]
    assert ImportBatch.objects.get().state == ImportState.COMMITTED


def test_the_command_exits_2_on_an_unreadable_file(org, tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    code, out = run_command(capsys, str(path), "--format", "json")
    assert code == 2 and json.loads(out)["ok"] is False
    assert run_command(capsys, str(tmp_path / "missing.xlsx"))[0] == 2

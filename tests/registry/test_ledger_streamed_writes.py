"""An import's COPYs run on a background thread (``bulk.streaming``) while the next
rows are made: what they write is there for the next query, and a refused row or an
error of the import itself leaves nothing written and no thread behind."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from registry.ledger import bulk, engine, risk_point_write
from registry.models import Department, Measure, Post, RiskPoint
from tests.registry.ledger_support import ledger, run

pytestmark = pytest.mark.django_db


def _departments(unit, names) -> list[dict]:
    return [{"unit_id": unit.id, "name": name} for name in names]


def test_rows_copied_in_a_stream_are_seen_by_the_next_query(org, users):
    names = [f"科{i}" for i in range(3000)]
    with transaction.atomic(), bulk.streaming():
        bulk.insert_with_history(
            Department, _departments(org.finance, names), user=users["admin"], reason="导入"
        )
        assert Department.objects.filter(unit=org.finance, name__startswith="科").count() == 3000
    history = Department.history.filter(name__startswith="科")
    assert history.count() == 3000
    assert set(history.values_list("history_user", flat=True)) == {users["admin"].pk}


def test_a_row_the_database_refuses_raises_and_nothing_is_kept(org, users):
    threads = threading.active_count()
    with pytest.raises(IntegrityError):
        with transaction.atomic(), bulk.streaming():
            for chunk in (["科1", "科2"], ["科3", "科1"], ["科4"]):  # 科1 twice in one unit
                bulk.insert_with_history(
                    Department, _departments(org.finance, chunk), user=None, reason=""
                )
    assert not Department.objects.filter(name__startswith="科").exists()
    assert threading.active_count() == threads


def test_an_error_of_the_import_itself_drops_what_is_queued(org):
    threads = threading.active_count()
    with pytest.raises(ValueError, match="a bad row"):
        with transaction.atomic(), bulk.streaming():
            bulk.insert(Department, _departments(org.finance, ["科1", "科2"]))
            raise ValueError("a bad row")
    assert not Department.objects.filter(name__startswith="科").exists()
    assert threading.active_count() == threads


# A ledger is planned and written a chunk of rows at a time (``engine.CHUNK_ROWS``);
# three rows a chunk here (the first one row), so a dozen rows make five chunks.


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_ROWS", 3)


def _rows(count: int, *, department="新科室", post="新岗位") -> list[list]:
    return [
        [i, "区财政局", department, post, f"风险{i}", "岗位职责风险", "二级", "1、甲\n2、乙"]
        for i in range(1, count + 1)
    ]


def _history_count() -> int:
    return sum(model.history.count() for model in (RiskPoint, Measure, Department, Post))


def test_an_error_in_the_last_chunk_leaves_the_register_untouched(org, users, small_chunks):
    rows = _rows(12)
    rows[10][6] = "五级"  # rows 11 and 12 of the data, in the fourth chunk
    rows[11][5] = "未知类别"
    history = _history_count()

    result = run(ledger(rows), by=users["admin"], create_missing=True)

    assert not result.ok and not result.committed and result.written == (0, 0)
    assert [(p.row, p.column) for p in result.errors] == [(13, "风险等级"), (14, "风险类别")]
    assert not RiskPoint.objects.exists() and not Measure.objects.exists()
    assert not Department.objects.filter(name="新科室").exists()
    assert _history_count() == history


def test_every_error_of_every_chunk_is_reported(org, users, small_chunks):
    rows = _rows(12)
    for index in (1, 5, 9):  # one bad row in each of three chunks
        rows[index][6] = "五级"
    rows[10][4] = "风险1"  # the same point as the first row, three chunks later

    result = run(ledger(rows), by=users["admin"], create_missing=True)

    assert [(p.row, p.column) for p in result.errors] == [
        (4, "风险等级"), (8, "风险等级"), (12, "风险等级"), (13, "风险点名称"),
    ]  # fmt: skip
    assert "3" in result.errors[-1].message  # the same risk point as row 3
    assert not RiskPoint.objects.exists()


def test_the_preview_and_the_commit_agree_across_chunks(org, users, small_chunks):
    data = ledger(_rows(11))
    previewed = run(data, by=users["admin"], create_missing=True, dry_run=True)

    committed = run(data, by=users["admin"], create_missing=True)

    assert committed.committed and committed.written == (11, 0)
    for name in ("created", "updated", "unchanged", "samples", "notes", "warnings"):
        assert getattr(committed, name) == getattr(previewed, name), name
    assert len(committed.notes) == 2  # one new department, one new post, for every chunk
    assert Department.objects.filter(name="新科室").count() == 1
    assert Post.objects.filter(name="新岗位").count() == 1
    assert RiskPoint.objects.filter(post__name="新岗位").count() == 11
    assert Measure.objects.filter(risk_point__post__name="新岗位").count() == 22
    assert RiskPoint.history.filter(history_type="+").count() == 11


def test_importing_a_chunked_file_again_changes_nothing(org, users, small_chunks):
    data = ledger(_rows(10))
    run(data, by=users["admin"], create_missing=True)
    history = _history_count()

    again = run(data, by=users["admin"], create_missing=True)

    assert again.committed and (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert _history_count() == history


def test_a_key_broken_in_a_later_chunk_fails_cleanly(org, users, small_chunks, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks foreign keys only when the test's transaction commits")
    create_points = risk_point_write._create_points
    calls = []

    def one_broken_key(targets, pks, history):
        calls.append(len(targets))
        if len(calls) == 3:
            targets[0].values["category_id"] = 10**9  # no such category
        return create_points(targets, pks, history)

    monkeypatch.setattr(risk_point_write, "_create_points", one_broken_key)
    threads = threading.active_count()

    with pytest.raises(IntegrityError):
        run(ledger(_rows(12, department="政府采购科", post="采购经办岗")), by=users["admin"])

    assert not RiskPoint.objects.exists() and not Measure.objects.exists()
    assert not RiskPoint.history.exists()
    assert threading.active_count() == threads

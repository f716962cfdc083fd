"""An import's COPYs run on a background thread (``bulk.streaming``) while the next
rows are made: what they write is there for the next query, and a refused row or an
error of the import itself leaves nothing written and no thread behind."""

import threading

import pytest
from django.db import IntegrityError, transaction

from registry.ledger import bulk
from registry.models import Department

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

"""The migration carries numbered notices over to documents: the early-warning notices
keep their printed numbers, the appraisal's (never numbered) follow them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("registry", "0021_documents"),
    ("earlywarning", "0003_case_evidence_random_name_and_original_name"),
    ("assessment", "0003_uploads_random_names_and_checked_types"),
]
AFTER = [("registry", "0021_documents"), ("earlywarning", "0004_notices_are_documents")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_notices_become_documents_of_the_one_numbering():
    old = _migrate(BEFORE)
    try:
        Unit = old.get_model("registry", "Unit")
        unit = Unit.objects.create(code="M", name="迁移区", kind="district", path="/1/", depth=0)
        Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
        unit.refresh_from_db()
        warning = old.get_model("earlywarning", "WarningInfo").objects.create(
            unit=unit, source_type="complaint", received_on=datetime.date(2026, 3, 1),
            summary="s", facts="采购未招标", verification="verified",
        )  # fmt: skip
        at = timezone.make_aware(datetime.datetime(2026, 3, 10, 9))
        Notice = old.get_model("earlywarning", "Notice")
        for number in (1, 2):
            Notice.objects.create(
                kind="rectification", year=2026, number=number, unit=unit, warning=warning,
                issued_to="局党组", facts="采购未招标", required_action="重新招标",
                deadline=datetime.date(2026, 5, 1), issued_at=at,
            )  # fmt: skip
        old.get_model("assessment", "RectificationNotice").objects.create(
            unit=unit, year=2026, issued_at=at, deadline=datetime.date(2026, 6, 1), text="整改"
        )
        new = _migrate(AFTER)
    finally:
        _migrate(_latest())
    documents = new.get_model("registry", "Document").objects.order_by("number")
    rows = [(d.kind.code, d.number, d.year) for d in documents]
    assert rows == [
        ("rectification_notice", 1, 2026),
        ("rectification_notice", 2, 2026),
        ("rectification_notice", 3, 2026),  # the appraisal's, after the printed ones
    ]
    counter = new.get_model("registry", "DocumentCounter").objects.get()
    assert counter.last_number == 3
    notices = new.get_model("earlywarning", "Notice").objects.order_by("pk")
    assert [n.document.number for n in notices] == [1, 2]


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()

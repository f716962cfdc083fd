"""The migration turns the fixed origins of rectification items into sources as data:
every existing item keeps its origin, now a row with a name."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("pdca", "0003_evidence_random_names"), ("registry", "0023_document_kind_label")]
AFTER = [("pdca", "0008_sources_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_existing_items_keep_their_origin_as_a_source():
    old = _migrate(BEFORE)
    try:
        Unit = old.get_model("registry", "Unit")
        unit = Unit.objects.create(code="M", name="迁移区", kind="district", path="/1/", depth=0)
        owner = old.get_model(*settings.AUTH_USER_MODEL.split(".")).objects.create(username="owner")
        Item = old.get_model("pdca", "RectificationItem")
        for origin in ("inspection", "rectification_notice", "other"):
            Item.objects.create(
                unit=unit, source=origin, title=origin, owner=owner,
                deadline=datetime.date(2026, 6, 1),
            )  # fmt: skip
        new = _migrate(AFTER)
    finally:
        _migrate(_latest())
    items = new.get_model("pdca", "RectificationItem").objects.order_by("pk")
    assert [(i.title, i.source.name) for i in items] == [
        ("inspection", "季度抽查"),
        ("rectification_notice", "考核整改通知"),
        ("other", "其他"),
    ]

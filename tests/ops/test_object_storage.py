"""With STORAGE_BACKEND=s3, uploaded files live in S3-compatible object
storage: a ledger uploaded by one node is read back by the worker from the
bucket, and /readyz fails while the storage is unreachable.

A local S3 server (moto's, from PyPI) stands in for the object store.
"""

import socket

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.registry.ledger_support import make_sample_units

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

pytestmark = pytest.mark.django_db

BUCKET = "register-test"
SAMPLE = "tests/registry/data/risk-ledger-sample.xlsx"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield server, client
    server.stop()


def test_a_ledger_is_stored_in_the_bucket_and_checked_from_it(s3, org, new_user_with_role):
    from registry.choices import Role
    from registry.ledger import batches

    _, client = s3
    make_sample_units(org.district)
    admin = new_user_with_role("s3admin", Role.ADMIN, org.district)
    with open(SAMPLE, "rb") as sample:
        upload = SimpleUploadedFile("台账.xlsx", sample.read())
    batch = batches.batch_upload(
        upload=upload,
        by=admin,
        sheet="",
        options={"create_missing": True},
        sheet_type="risk_points",
    )
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert batch.file.name in keys
    assert "storages.backends.s3" in type(default_storage._wrapped).__module__

    checked = batches.batch_check(batch_id=batch.pk)
    assert checked.error_count == 0
    assert checked.created_count == 36


def test_readyz_fails_while_the_object_store_is_down(s3, client):
    server, _ = s3
    assert client.get("/readyz").json()["checks"]["storage"]["ok"] is True
    server.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
    server.start()

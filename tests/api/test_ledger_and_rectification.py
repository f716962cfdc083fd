"""Writes beyond the register: a ledger upload returns the batch to poll; a bad file is
a 400 on the ``file`` field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import ImportState
from tests.api.support import token_client
from tests.registry.ledger_support import make_sample_units, sample_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_ledger_upload_returns_the_batch_to_poll(org, users, django_capture_on_commit_callbacks):
    make_sample_units(org.district)
    client = token_client(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api:ledgerbatch-list"),
            {"file": SimpleUploadedFile("台账.xlsx", sample_bytes()), "create_missing": "true"},
            format="multipart",
        )
    assert response.status_code == 202, response.json()
    batch = response.json()
    polled = client.get(reverse("api:ledgerbatch-detail", args=[batch["id"]])).json()
    assert polled["state"] == ImportState.READY
    assert polled["created_count"] == 36
    assert (
        token_client(users["staff"])
        .get(reverse("api:ledgerbatch-detail", args=[batch["id"]]))
        .status_code
        == 404
    )


def test_a_file_that_is_not_a_ledger_is_refused_on_its_field(users):
    response = token_client(users["admin"]).post(
        reverse("api:ledgerbatch-list"),
        {"file": SimpleUploadedFile("notes.txt", b"not a workbook")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"

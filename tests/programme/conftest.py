"""Fixtures for the programme's records: the finance bureau's people holding posts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import Person, PostTenure


def scan(name: str = "signed.pdf", content: bytes = b"%PDF-1.4 signed") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def people(org, users) -> dict[str, Person]:
    """王采购 (the staff login, buyer) plus a director, a budget clerk and one without a post."""
    start = datetime.date(2024, 1, 1)
    found = {"buyer": Person.objects.get(name="王采购")}
    for key, name, post in [
        ("director", "周局长", org.director),
        ("clerk", "李预算", org.budget_clerk),
        ("driver", "赵司机", None),
    ]:
        found[key] = Person.objects.create(unit=org.finance, name=name)
        if post:
            PostTenure.objects.create(person=found[key], post=post, start_date=start)
    return found

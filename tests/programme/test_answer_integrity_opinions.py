"""Integrity opinions for cadre selection: a draft from the integrity file, signed,
numbered and kept in the person's file; discipline staff only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessment.models import IntegrityAdjustment
from programme.models import OpinionReply
from programme.services import opinions as service
from registry.models import Person


@pytest.fixture
def cadre(org):
    return Person.objects.create(unit=org.finance, name="周明")


def test_the_draft_is_built_from_the_integrity_file(org, users, cadre):
    IntegrityAdjustment.objects.create(person=cadre, year=2025, points=-5, reason="违规收受礼品")
    draft = service.opinion_draft(cadre, 2025)
    assert "周明" in draft and "违规收受礼品：-5" in draft and "85" in draft


def test_sign_issues_a_numbered_opinion_kept_in_the_file(org, users, cadre, login):
    request = service.opinion_request_record(
        asked_by="区委组织部", purpose="拟提拔任用", people=[cadre], by=users["inspector"],
        received_on=datetime.date(2026, 11, 26),
    )  # fmt: skip
    client = login(users["inspector"])
    detail = reverse("programme:opinion_detail", args=[request.pk])
    assert "周明" in client.get(detail).content.decode()
    client.post(
        reverse("programme:opinion_sign", args=[request.pk, cadre.pk]),
        {"body": "经查阅廉政档案，无不良记录。同意。"},
    )
    reply = OpinionReply.objects.get()
    assert reply.document.kind.code == "integrity_opinion" and reply.document.person == cadre
    assert reply.document.number == 1 and reply.document.addressee == "区委组织部"
    file = client.get(reverse("assessment:person_file", args=[cadre.pk])).content.decode()
    assert reply.document.reference in file
    assert login(users["leader"]).get(detail).status_code == 403


def test_only_the_persons_discipline_staff_record_a_request(org, users, cadre):
    with pytest.raises(PermissionDenied):
        service.opinion_request_record(
            asked_by="区委组织部", purpose="x", people=[cadre], by=users["leader"]
        )

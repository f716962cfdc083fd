"""A person's letters, signed or still out, appear in their integrity file (廉政档案)."""

import datetime

import pytest
from django.urls import reverse

from programme.services.letters import letter_file_signed, letters_issue
from tests.programme.conftest import scan

pytestmark = pytest.mark.django_db


def test_the_file_lists_the_persons_letters_of_the_year(
    org, users, people, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    commitment = letters_issue(
        unit=org.finance,
        year=2026,
        kind="commitment",
        title="2026年度廉政承诺书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 2, 28),
        by=users["inspector"],
    )
    letters_issue(
        unit=org.finance,
        year=2026,
        kind="responsibility",
        title="2026年度党风廉政建设责任书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 2, 28),
        posts=[org.director],
        by=users["inspector"],
    )
    letter_file_signed(
        letter=commitment.letters.get(person=people["director"]),
        scan=scan(),
        signed_on=datetime.date(2026, 2, 9),
        by=users["inspector"],
    )
    url = reverse("assessment:person_file", args=[people["director"].pk])

    body = login(users["inspector"]).get(url + "?year=2026").content.decode()

    assert "2026年度廉政承诺书" in body and "2026-02-09" in body
    assert "2026年度党风廉政建设责任书" in body
    assert (
        'id="integrity-letters"'
        not in login(users["inspector"]).get(url + "?year=2025").content.decode()
    )


def test_the_person_reads_their_own_letters_but_not_others(
    org, users, people, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    batch = letters_issue(
        unit=org.finance,
        year=2026,
        kind="commitment",
        title="2026年度廉政承诺书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 2, 28),
        by=users["inspector"],
    )
    own = batch.letters.get(person=people["buyer"])
    other = batch.letters.get(person=people["director"])
    for letter in (own, other):
        letter_file_signed(
            letter=letter, scan=scan(), signed_on=datetime.date(2026, 2, 9), by=users["inspector"]
        )
    client = login(users["staff"])

    assert client.get(reverse("programme:letter_download", args=[own.pk])).status_code == 200
    assert client.get(reverse("programme:letter_download", args=[other.pk])).status_code == 403


def test_a_signed_commitment_letter_counts_as_the_years_signed_commitment(
    org, users, people, settings, tmp_path
):
    from assessment.integrity import integrity_indexes

    settings.MEDIA_ROOT = tmp_path
    batch = letters_issue(
        unit=org.finance,
        year=2026,
        kind="commitment",
        title="2026年度廉政承诺书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 2, 28),
        by=users["inspector"],
    )
    director, buyer = people["director"], people["buyer"]
    letter_file_signed(
        letter=batch.letters.get(person=director),
        scan=scan(),
        signed_on=datetime.date(2026, 2, 9),
        by=users["inspector"],
    )

    indexes = integrity_indexes([director, buyer], 2026)

    def unsigned(person) -> bool:
        return any("承诺" in term.label for term in indexes[person.pk].terms)

    assert not unsigned(director)  # signed letter: no deduction
    assert unsigned(buyer)  # letter still out: the deduction stands
    assert indexes[director.pk].total > indexes[buyer.pk].total

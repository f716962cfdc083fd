"""Discipline staff issue letters in a batch, file the signed scans and read the collection rate."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programme.choices import LetterKind, LetterLevel
from programme.models import Letter, LetterBatch
from programme.selectors import batch_progress
from programme.services.letters import letter_file_signed, letters_issue
from tests.programme.conftest import scan

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 2, 1)


def issue(unit, by, kind=LetterKind.COMMITMENT, posts=()):
    return letters_issue(
        unit=unit,
        year=2026,
        kind=kind,
        title="2026年度廉政承诺书",
        issued_on=ISSUED,
        due_on=datetime.date(2026, 2, 28),
        posts=posts,
        by=by,
    )


def test_a_commitment_batch_gives_everyone_in_the_unit_a_letter(org, users, people):
    batch = issue(org.finance, users["inspector"])

    names = set(batch.letters.values_list("person__name", flat=True))
    assert names == {"王采购", "周局长", "李预算", "赵司机"}
    assert batch.history.first().history_user == users["inspector"]
    assert Letter.history.filter(history_user=users["inspector"]).count() == 4


def test_responsibility_letters_go_level_by_level_to_the_chosen_posts(org, users, people):
    batch = issue(
        org.finance, users["inspector"], LetterKind.RESPONSIBILITY, [org.director, org.buyer]
    )

    levels = dict(batch.letters.values_list("person__name", "level"))
    assert levels == {"周局长": LetterLevel.LEADER_IN_CHARGE, "王采购": LetterLevel.DEPARTMENT_HEAD}


def test_responsibility_letters_need_posts_and_a_unit_gets_one_batch_per_kind(org, users, people):
    with pytest.raises(ValidationError) as refused:
        issue(org.finance, users["inspector"], LetterKind.RESPONSIBILITY)
    assert "posts" in refused.value.error_dict

    issue(org.finance, users["inspector"])
    with pytest.raises(ValidationError) as twice:
        issue(org.finance, users["inspector"])
    assert "kind" in twice.value.error_dict
    assert LetterBatch.objects.count() == 1


def test_only_discipline_staff_and_administrators_issue(org, users, people):
    with pytest.raises(PermissionDenied):
        issue(org.finance, users["leader"])
    assert issue(org.finance, users["admin"]).letters.count() == 4


def test_two_signed_letters_of_four_make_a_fifty_percent_collection_rate(
    org, users, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    batch = issue(org.finance, users["inspector"])
    for key in ("director", "buyer"):
        letter = batch.letters.get(person=people[key])
        letter_file_signed(
            letter=letter, scan=scan(), signed_on=datetime.date(2026, 2, 10), by=users["inspector"]
        )

    assert batch_progress([batch])[batch.pk] == {
        "issued": 4,
        "signed": 2,
        "missing": 2,
        "rate": 50.0,
    }
    filed = batch.letters.get(person=people["director"])
    # Kept like every scanned commitment: under a random name, the original name beside it.
    assert filed.scan.name.startswith("commitments/") and "signed" not in filed.scan.name
    assert filed.scan_name == "signed.pdf" and filed.uploaded_by == users["inspector"]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("scan", {"scan": None}),
        ("scan", {"scan": scan("letter.exe")}),
        ("signed_on", {"signed_on": datetime.date(2026, 1, 5)}),
    ],
)
def test_a_bad_scan_or_date_is_refused_naming_the_field(
    org, users, people, field, kwargs, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    letter = issue(org.finance, users["inspector"]).letters.first()
    args = {"scan": scan(), "signed_on": datetime.date(2026, 2, 10)} | kwargs

    with pytest.raises(ValidationError) as refused:
        letter_file_signed(letter=letter, by=users["inspector"], **args)

    assert field in refused.value.error_dict
    letter.refresh_from_db()
    assert not letter.is_signed


def issue_url(org):
    return reverse("programme:batch_issue", args=[org.finance.pk])


def test_the_issue_page_with_permission_without_and_out_of_scope(org, users, people, login):
    form = {
        "kind": "commitment",
        "year": "2026",
        "title": "2026年度廉政承诺书",
        "issued_on": "2026-02-01",
        "due_on": "2026-02-28",
    }
    assert login(users["leader"]).get(issue_url(org)).status_code == 403
    assert login(users["taxhead"]).get(issue_url(org)).status_code == 404

    response = login(users["inspector"]).post(issue_url(org), form)

    batch = LetterBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "programme:batch_detail", args=[batch.pk]
    )


def test_the_issue_page_names_the_field_at_fault(org, users, people, login):
    form = {
        "kind": "commitment",
        "year": "2026",
        "title": "承诺书",
        "issued_on": "2026-03-01",
        "due_on": "2026-02-01",
    }
    body = login(users["inspector"]).post(issue_url(org), form).content.decode()

    assert "不能早于" in body or "cannot be due before" in body
    assert not LetterBatch.objects.exists()


def test_the_batch_page_shows_the_rate_and_files_a_scan(
    org, users, people, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    batch = issue(org.finance, users["inspector"])
    letter = batch.letters.get(person=people["clerk"])
    client = login(users["inspector"])

    client.post(
        reverse("programme:letter_signed", args=[letter.pk]),
        {"signed_on": "2026-02-10", "scan": scan()},
    )

    page = client.get(reverse("programme:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="rate">25.0%' in page and 'id="signed">1<' in page
    download = client.get(reverse("programme:letter_download", args=[letter.pk]))
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    )
    assert "attachment" in download["Content-Disposition"]


def test_the_batch_and_scan_pages_refuse_out_of_scope_and_unauthorised(
    org, users, people, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    batch = issue(org.finance, users["inspector"])
    letter = batch.letters.get(person=people["director"])
    letter_file_signed(letter=letter, scan=scan(), signed_on=ISSUED, by=users["inspector"])
    detail = reverse("programme:batch_detail", args=[batch.pk])
    download = reverse("programme:letter_download", args=[letter.pk])
    signed = reverse("programme:letter_signed", args=[letter.pk])

    assert login(users["taxhead"]).get(detail).status_code == 404
    assert login(users["taxhead"]).get(download).status_code == 404
    assert login(users["leader"]).get(detail).status_code == 200
    assert login(users["leader"]).get(download).status_code == 403  # not the person's file reader
    assert login(users["leader"]).post(signed, {"signed_on": "2026-02-10"}).status_code == 403
    remind = reverse("programme:batch_remind", args=[batch.pk])
    assert login(users["leader"]).post(remind).status_code == 403


def test_a_person_who_joins_later_gets_a_letter_in_the_issued_batch(org, users, people, login):
    from registry.models import Person

    batch = issue(org.finance, users["inspector"])
    newcomer = Person.objects.create(unit=org.finance, name="孙新人")
    outsider = Person.objects.create(unit=org.tax, name="钱稽查")
    page = reverse("programme:batch_detail", args=[batch.pk])
    add = reverse("programme:batch_add", args=[batch.pk])

    assert login(users["leader"]).post(add, {"people": [newcomer.pk]}).status_code == 403
    client = login(users["inspector"])
    assert "孙新人" in client.get(page).content.decode()  # offered: no letter yet
    client.post(add, {"people": [outsider.pk]})  # another unit's person is not offered
    assert not batch.letters.filter(person=outsider).exists()

    client.post(add, {"people": [newcomer.pk]})
    letter = batch.letters.get(person=newcomer)
    assert letter.history.first().history_user == users["inspector"]
    assert batch_progress([batch])[batch.pk]["issued"] == 5
    with pytest.raises(ValidationError) as twice:
        from programme.services.letters import letters_add

        letters_add(batch=batch, people=[newcomer], by=users["inspector"])
    assert "孙新人" in str(twice.value)

"""Official documents: one numbering per kind, issuer and year; A4 print view; PDF; scope."""

import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from registry.documents import kinds
from registry.documents.dates import chinese_date
from registry.documents.models import Document, DocumentIssuer, DocumentKind
from registry.documents.pdf import document_pdf
from registry.documents.services import document_issue, issuer_for
from registry.models import Person

DAY = datetime.date(2026, 12, 1)


def issue(org, users, kind=kinds.INTERNAL_CIRCULAR, day=DAY, unit=None, **fields):
    return document_issue(
        kind=kind,
        unit=unit or org.finance,
        title=fields.pop("title", ""),
        body=fields.pop("body", "经查，该局存在问题。\n请认真整改。"),
        issued_on=day,
        by=users["inspector"],
        **fields,
    )


def test_dates_are_written_in_chinese_numerals():
    assert chinese_date(DAY) == "二〇二六年十二月一日"
    assert chinese_date(datetime.date(2025, 10, 31)) == "二〇二五年十月三十一日"
    assert chinese_date(datetime.date(2030, 1, 19)) == "二〇三〇年一月十九日"


def test_every_kind_the_seeds_use_is_data(db):
    names = set(DocumentKind.objects.values_list("name", flat=True))
    assert {
        "谈话提醒记录", "预警通知书", "整改通知书", "内部通报",
        "监察建议书", "廉情通报", "廉政提醒卡", "廉政意见回复",
    } <= names  # fmt: skip


def test_numbers_run_per_kind_issuer_and_year(org, users):
    district_issuer = DocumentIssuer.objects.create(
        name="中共示范区纪律检查委员会", abbreviation="示纪", unit=org.district
    )
    first, second = issue(org, users), issue(org, users)
    other_kind = issue(org, users, kind=kinds.TALK_REMINDER)
    next_year = issue(org, users, day=datetime.date(2027, 1, 4))
    default = issue(org, users, issuer=DocumentIssuer.objects.get(is_default=True))
    assert issuer_for(org.treasury) == district_issuer
    assert [d.number for d in (first, second, other_kind, next_year, default)] == [1, 2, 1, 1, 1]
    assert first.reference == "示纪通〔2026〕第1号"
    assert next_year.reference == "示纪通〔2027〕第1号"
    assert first.title == "内部通报" and first.signature == "中共示范区纪律检查委员会"


def test_a_number_given_in_a_failed_transaction_is_given_again(org, users):
    issue(org, users)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(org, users)
        raise RuntimeError("the caller's insert failed")
    assert issue(org, users).number == 2


def test_only_discipline_staff_issue(org, users):
    with pytest.raises(PermissionDenied):
        document_issue(
            kind=kinds.INTERNAL_CIRCULAR, unit=org.finance, title="", body="x", by=users["leader"]
        )


@pytest.mark.parametrize("code", [
    kinds.TALK_REMINDER, kinds.WARNING_NOTICE, kinds.RECTIFICATION_NOTICE,
    kinds.INTERNAL_CIRCULAR, kinds.SUPERVISION_ADVICE, kinds.INTEGRITY_BULLETIN,
    kinds.REMINDER_CARD, kinds.INTEGRITY_OPINION,
])  # fmt: skip
def test_every_kind_renders_as_a_pdf_with_its_number_and_title(org, users, code):
    kind = DocumentKind.objects.get(code=code)
    document = issue(org, users, kind=kind, body=kind.draft_body(unit=org.finance))
    reader = PdfReader(io.BytesIO(document_pdf(document)))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert len(reader.pages) >= 1
    assert document.reference in text and kind.name in text
    assert "二〇二六年十二月一日" in text


def test_the_print_view_and_the_pdf_download(org, users, login):
    document = issue(org, users, title="关于区财政局违规采购问题的内部通报", addressee="各科室")
    client = login(users["leader"])
    page = client.get(reverse("registry:document_detail", args=[document.pk])).content.decode()
    assert document.reference in page and "关于区财政局违规采购问题的内部通报" in page
    assert "二〇二六年十二月一日" in page and "document_print.css" in page
    response = client.get(reverse("registry:document_pdf", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_access_follows_the_scope_of_the_subject(org, users, login):
    circular = issue(org, users)
    person = Person.objects.create(unit=org.finance, name="周某")
    opinion = issue(org, users, kind=kinds.INTEGRITY_OPINION, person=person)

    def detail(user: str, document) -> int:
        url = reverse("registry:document_detail", args=[document.pk])
        return login(users[user]).get(url).status_code

    assert detail("leader", circular) == 200
    assert detail("taxhead", circular) == 404  # another unit's document
    assert detail("leader", opinion) == 404  # confidential: discipline staff only
    assert detail("inspector", opinion) == 200
    listed = login(users["leader"]).get(reverse("registry:document_list")).content.decode()
    assert circular.reference in listed and opinion.reference not in listed
    assert login(users["nobody"]).get(reverse("registry:document_list")).status_code == 403


def test_issue_and_correct_through_the_pages(org, users, login):
    client = login(users["inspector"])
    form = client.get(reverse("registry:document_create") + "?kind=supervision_advice")
    assert "请于收到本建议书之日起三十日内书面回复" in form.content.decode()
    kind = DocumentKind.objects.get(code=kinds.SUPERVISION_ADVICE)
    response = client.post(
        reverse("registry:document_create"),
        {"kind": kind.pk, "unit": org.finance.pk, "title": "", "addressee": "区财政局",
         "body": "建议完善采购内控制度。"},
    )  # fmt: skip
    document = Document.objects.get()
    assert response.status_code == 302 and document.number == 1
    client.post(
        reverse("registry:document_edit", args=[document.pk]),
        {"title": "监察建议书", "addressee": "区财政局党组", "body": "建议完善政府采购内控制度。"},
    )
    document.refresh_from_db()
    assert document.addressee == "区财政局党组" and document.number == 1
    assert document.history.count() == 2
    assert login(users["leader"]).get(reverse("registry:document_create")).status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_at_once_get_consecutive_numbers(org, users):
    if connection.vendor != "postgresql":
        pytest.skip("the row lock on the counter is what this exercises: PostgreSQL")
    issue(org, users)  # the counter row exists; both writers queue on its lock
    start = threading.Barrier(2)
    numbers: list[int] = []
    errors: list[Exception] = []

    def writer() -> None:
        try:
            start.wait(timeout=10)
            for _ in range(10):
                numbers.append(issue(org, users).number)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert sorted(numbers) == list(range(2, 22))  # gap-free, no number twice
    stored = Document.objects.order_by("number").values_list("number", flat=True)
    assert list(stored) == list(range(1, 22))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_creating_the_first_counter_row_at_once(org, users):
    if connection.vendor != "postgresql":
        pytest.skip("the unique counter row under concurrent inserts: PostgreSQL")
    start = threading.Barrier(2)
    numbers: list[int] = []

    def writer() -> None:
        try:
            start.wait(timeout=10)
            numbers.append(issue(org, users, kind=kinds.TALK_REMINDER).number)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(numbers) == [1, 2]

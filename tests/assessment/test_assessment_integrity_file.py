"""Integrity files: a person's posts, points, commitments and appraisals; the index with its formula."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import integrity
from assessment.choices import AppraisalGrade, AppraisalStatus
from assessment.integrity import integrity_indexes, register_section
from assessment.models import Appraisal, Commitment, IntegrityAdjustment
from registry.models import Measure, Person, PostTenure


@pytest.fixture
def director(org):
    person = Person.objects.create(unit=org.finance, name="周局长", title="局长")
    PostTenure.objects.create(
        person=person, post=org.director, start_date=datetime.date(2021, 3, 1)
    )
    PostTenure.objects.create(
        person=person,
        post=org.budget_clerk,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2021, 2, 28),
    )
    return person


def file_url(person, year=2026) -> str:
    return reverse("assessment:person_file", args=[person.pk]) + f"?year={year}"


def test_the_file_shows_posts_points_commitments_and_appraisals(
    director, users, login, make_point, org
):
    make_point(post=org.director, level=1, name="大额资金安排决策")
    Commitment.objects.create(
        person=director,
        year=2026,
        signed_on=datetime.date(2026, 2, 28),
        file=SimpleUploadedFile("c.pdf", b"%PDF"),
    )
    Appraisal.objects.create(
        unit=org.finance,
        year=2026,
        status=AppraisalStatus.PUBLISHED,
        final_score=Decimal("86.50"),
        grade=AppraisalGrade.GOOD,
    )

    body = login(users["inspector"]).get(file_url(director)).content.decode()

    assert "局长" in body and "预算审核岗" in body and "2021-02-28" in body
    assert "大额资金安排决策" in body
    assert "2026-02-28" in body and "86.50" in body


def test_the_index_follows_the_formula(director, users, org, make_point):
    point = make_point(post=org.director, responsible_person=director, name="x")
    for i in range(7):
        Measure.objects.create(
            risk_point=point,
            defence_line="prevention",
            text=f"m{i}",
            due_date=datetime.date(2026, 1, 10),
        )
    Appraisal.objects.create(
        unit=org.finance,
        year=2026,
        status=AppraisalStatus.PUBLISHED,
        grade=AppraisalGrade.QUALIFIED,
    )
    IntegrityAdjustment.objects.create(
        person=director, year=2026, points=3, reason="拒收礼金主动上交"
    )

    index = integrity_indexes([director], 2026)[director.pk]

    assert [t.points for t in index.terms] == [-10, -8, -10, 3]  # overdue capped at 10
    assert index.total == 75


def test_the_index_is_clamped_and_shown_with_its_terms(director, users, login):
    IntegrityAdjustment.objects.create(person=director, year=2026, points=-100, reason="严重违纪")
    assert integrity_indexes([director], 2026)[director.pk].total == 0
    body = login(users["inspector"]).get(file_url(director)).content.decode()
    assert 'id="index-total">0<' in body and "严重违纪" in body


def test_leaders_are_listed_with_their_index_in_a_fixed_number_of_queries(
    director, users, login, org, django_assert_max_num_queries
):
    for i in range(5):
        person = Person.objects.create(unit=org.finance, name=f"副局长{i}")
        post = org.director.__class__.objects.create(unit=org.finance, name=f"副局长岗{i}")
        PostTenure.objects.create(person=person, post=post, start_date=datetime.date(2025, 1, 1))
    client = login(users["inspector"])
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("assessment:unit_integrity", args=[org.finance.pk]) + "?year=2026"
        )
    assert response.content.decode().count("/assessment/people/") == 6


def test_higher_apps_add_sections(director, users, login, monkeypatch):
    monkeypatch.setattr(integrity, "_sections", [])
    register_section(
        lambda person, year: {
            "title": f"预警记录 {year}",
            "template": "assessment/_css.html",
            "context": {},
        }
    )
    register_section(lambda person, year: None)
    body = login(users["inspector"]).get(file_url(director)).content.decode()
    assert "预警记录 2026" in body


def test_who_reads_an_integrity_file(director, users, login, org):
    assert login(users["auditor"]).get(file_url(director)).status_code == 200
    assert login(users["depthead"]).get(file_url(director)).status_code == 404
    assert login(users["taxhead"]).get(file_url(director)).status_code == 404
    own = Person.objects.get(user=users["staff"])
    assert login(users["staff"]).get(file_url(own)).status_code == 200


def test_the_file_offers_no_single_scan_upload_any_more(director, users, login):
    """Commitments come back as signed commitment letters (the programme's batches)."""
    body = login(users["inspector"]).get(file_url(director)).content.decode()
    assert 'id="commitment-form"' not in body
    assert (
        login(users["inspector"]).post(f"/assessment/people/{director.pk}/commitments/").status_code
        == 404
    )


def test_an_earlier_scan_must_be_a_scan_and_downloads_under_its_name(director, users, login):
    data = {"person": director, "year": 2026, "signed_on": datetime.date(2026, 2, 20)}
    svg = SimpleUploadedFile("承诺书.svg", b"<svg><script>alert(1)</script></svg>")
    with pytest.raises(ValidationError):
        integrity.commitment_record(file=svg, by=users["inspector"], **data)
    assert not Commitment.objects.exists()

    pdf = SimpleUploadedFile("周局长承诺书.pdf", b"%PDF-1.4")
    commitment = integrity.commitment_record(file=pdf, by=users["inspector"], **data)
    assert "周局长" not in commitment.file.name
    client = login(users["inspector"])
    assert 'id="commitments"' in client.get(file_url(director)).content.decode()
    download = client.get(reverse("assessment:commitment_file", args=[commitment.pk]))
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''" in download["Content-Disposition"]
    assert "%E5%91%A8%E5%B1%80%E9%95%BF" in download["Content-Disposition"]
    assert login(users["taxhead"]).get(download.wsgi_request.path).status_code == 404


def test_points_of_a_former_post_the_reader_cannot_open_are_not_linked(
    users, login, make_point, org
):
    own = Person.objects.get(user=users["staff"])
    PostTenure.objects.create(
        person=own,
        post=org.tax_inspector,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    former = make_point(post=org.tax_inspector, name="稽查选案随意")
    current = make_point(name="采购需求量身定制")
    body = login(users["staff"]).get(file_url(own)).content.decode()
    assert "稽查选案随意" in body
    assert reverse("registry:riskpoint_detail", args=[former.pk]) not in body
    assert reverse("registry:riskpoint_detail", args=[current.pk]) in body
    # What is linked opens: a link the file shows never leads to a 404.
    assert (
        login(users["staff"])
        .get(reverse("registry:riskpoint_detail", args=[current.pk]))
        .status_code
        == 200
    )


def test_an_adjustment_outside_a_request_names_who_recorded_it(director, users):
    adjustment = integrity.adjustment_record(
        person=director, year=2026, points=-5, reason="通报批评", by=users["inspector"]
    )
    assert adjustment.history.get().history_user == users["inspector"]
    with pytest.raises(PermissionDenied):
        integrity.adjustment_record(
            person=director, year=2026, points=5, reason="表扬", by=users["auditor"]
        )
    with pytest.raises(ValidationError, match="points"):
        integrity.adjustment_record(
            person=director, year=2026, points=500, reason="过多", by=users["inspector"]
        )
    assert IntegrityAdjustment.objects.count() == 1

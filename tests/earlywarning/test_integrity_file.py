"""The person's warnings and deductions in their integrity file (assessment app)."""

import pytest
from django.template.loader import render_to_string

from earlywarning.integrity import deduction_terms, warnings_section

integrity = pytest.importorskip("assessment.integrity")


def test_the_section_is_registered_and_shows_warnings_and_deductions(make_warning, people):
    buyer = people["buyer"]
    assert integrity.sections_for(buyer, 2026) == []  # nothing to show yet
    make_warning(person=buyer, verified=True, complainant_name="举报人甲")
    [section] = [
        s for s in integrity.sections_for(buyer, 2026) if s["template"].startswith("earlywarning/")
    ]
    html = render_to_string(section["template"], section["context"])
    assert "采购中央空调未公开招标" in html and "−3" in html
    assert "举报人甲" not in html
    assert warnings_section(buyer, 2025) is None


def test_deductions_lower_the_integrity_index(make_warning, people):
    buyer = people["buyer"]
    make_warning(person=buyer, verified=True)
    assert [points for _, points in deduction_terms([buyer], 2026)[buyer.pk]] == [-3]
    index = integrity.integrity_indexes([buyer], 2026)[buyer.pk]
    assert any(term.points == -3 for term in index.terms)

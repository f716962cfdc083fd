"""A numbered document in Chromium: the A4 sheet in the official-document layout."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_document_prints_on_an_a4_sheet(page, login, screenshot):
    from registry.demo import seed_demo
    from registry.documents.models import Document

    seed_demo()
    document = Document.objects.filter(kind__code="internal_circular").get()
    login(page, "inspector")
    page.goto("/documents/")
    page.click(f"text={document.reference}")
    sheet = page.locator("#document")
    expect(page.locator("#document-number")).to_have_text(document.reference)
    expect(page.locator("#document-title")).to_have_text(document.title)
    expect(page.locator("#document-date")).to_have_text(document.date_in_words)
    issuer = page.locator("#document-issuer")
    expect(issuer).to_have_text(document.issuer.name)
    assert issuer.evaluate("e => getComputedStyle(e).color") == "rgb(204, 0, 0)"  # red
    width = sheet.bounding_box()["width"]
    assert abs(width - 210 / 25.4 * 96) < 2, "the sheet is 210 mm wide"
    screenshot(page, "document-a4")
    page.emulate_media(media="print")
    expect(page.locator(".document-tools")).to_be_hidden()
    screenshot(page, "document-a4-print")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("#document-pdf")
    assert download.value.suggested_filename.endswith(".pdf")

"""A document as a PDF, rendered on the server by WeasyPrint from the print view's HTML.

WeasyPrint lays out HTML and CSS with Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0)
and embeds the CJK fonts fontconfig finds (fonts-noto-cjk), so the PDF keeps the text:
it can be searched, copied and read back (the tests read it with pypdf).
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from registry.documents.models import Document

STYLESHEET = "css/document_print.css"


def document_pdf(document: Document, request=None) -> bytes:
    from weasyprint import CSS, HTML  # imported late: it loads Pango when first used

    html = render_to_string(
        "registry/documents/document_print.html", {"document": document, "pdf": True}, request
    )
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def filename(document: Document) -> str:
    return f"document-{document.kind.code}-{document.year}-{document.number}.pdf"

"""Every uploaded file, whatever it supports: what may come in, where it is kept, how it goes out.

A kind of upload names the file types it accepts and the setting that limits its size.
A file is accepted by its name's extension AND by the bytes it starts with (the
browser's content type is not trusted), so an SVG or HTML page renamed ``.png`` is
refused. Files are kept through Django's storage API under random names, and only
ever leave through a view that has checked the object's scope: as an attachment,
with ``nosniff``, never rendered in the site's origin. ``/media/`` is not served.
"""

import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Office files are ZIP (docx, xlsx, OFD) or OLE (doc, xls) containers.
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = {".pdf": ((b"%PDF",), "application/pdf")}
IMAGES = {
    ".png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
}
XLSX = {".xlsx": ((ZIP,), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
OFFICE = {
    **XLSX,
    ".docx": ((ZIP,), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".doc": ((OLE,), "application/msword"),
    ".xls": ((OLE,), "application/vnd.ms-excel"),
    ".ofd": ((ZIP,), "application/ofd"),
}


@dataclass(frozen=True)
class Kind:
    """A kind of upload: its folder in storage, its types and the setting limiting its size."""

    folder: str
    types: dict  # extension → (signatures, content type)
    limit_setting: str
    default_limit: int = 10 * MB

    def max_bytes(self) -> int:
        return int(getattr(settings, self.limit_setting, self.default_limit))


DOCUMENTS = {**PDF, **IMAGES, **OFFICE}
KINDS = {
    "appraisal": Kind("appraisal", DOCUMENTS, "UPLOAD_MAX_BYTES"),
    "commitment": Kind("commitments", {**PDF, **IMAGES}, "UPLOAD_MAX_BYTES"),
    "case_evidence": Kind("earlywarning/evidence", DOCUMENTS, "UPLOAD_MAX_BYTES"),
    "inspection_evidence": Kind("pdca/evidence", DOCUMENTS, "PDCA_EVIDENCE_MAX_BYTES"),
    "ledger": Kind("ledgers", XLSX, "LEDGER_MAX_UPLOAD_BYTES", 20 * MB),
    # Written by the export worker, never uploaded: the limit is not checked.
    "export": Kind("exports", XLSX, "EXPORT_MAX_BYTES", 2048 * MB),
}


def check(upload, *, kind: str) -> None:
    """Refuse an upload of the wrong type, size or content, naming the file."""
    rules = KINDS[kind]
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in rules.types:
        accepted = ", ".join(sorted(e.lstrip(".") for e in rules.types))
        raise ValidationError(
            _("%(name)s: only these file types are accepted: %(types)s.")
            % {"name": name, "types": accepted},
            code="file_type",
        )
    if upload.size > rules.max_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(rules.max_bytes()),
            },
            code="file_size",
        )
    if not any(_head(upload).startswith(s) for s in rules.types[extension][0]):
        raise ValidationError(
            _("%(name)s does not look like a %(type)s file.")
            % {"name": name, "type": extension.lstrip(".")},
            code="file_content",
        )


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head


@deconstructible
class UploadValidator:
    """``check`` for a form or model field; files already in storage are not read again."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, value) -> None:
        if isinstance(value, FieldFile):
            if value._committed:
                return
            value = value.file
        if value:
            check(value, kind=self.kind)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and other.kind == self.kind


@deconstructible
class RandomName:
    """``upload_to``: the kind's folder, the month, a random name, the checked extension.

    The uploader's name is never part of the path (it may collide, carry a path or be
    guessed); models keep it in a field of their own for the download.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, instance, filename: str) -> str:
        rules = KINDS[self.kind]
        extension = os.path.splitext(filename)[1].lower()
        extension = extension if extension in rules.types else ""
        return f"{rules.folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.kind == self.kind


def attachment(stored, *, filename: str = "") -> FileResponse:
    """A stored file as a download under its original name (RFC 5987 for Chinese names).

    Call it only with a file fetched through the user's scope. The content type comes
    from the checked extension, and ``nosniff`` stops a browser guessing another.
    """
    filename = filename or os.path.basename(stored.name)
    extension = os.path.splitext(stored.name)[1].lower()
    content_type = next(
        (k.types[extension][1] for k in KINDS.values() if extension in k.types),
        "application/octet-stream",
    )
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

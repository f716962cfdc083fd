"""Evidence files: what may be uploaded, checked on size, name and content."""

import os
import uuid

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca import conf
from pdca.models import EvidenceFile

# Extension → the bytes such a file starts with. Office files are ZIP (docx,
# xlsx) or OLE (doc, xls); the browser's content type is not trusted.
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".ofd": (ZIP,),
}


def check_upload(upload) -> str:
    """The upload's extension if it is acceptable; a ValidationError naming the file if not."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("%(name)s: only these file types are accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(e.lstrip(".") for e in SIGNATURES))}
        )
    if upload.size > conf.evidence_max_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(conf.evidence_max_bytes()),
            }
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("%(name)s does not look like a %(type)s file.")
            % {"name": name, "type": extension.lstrip(".")}
        )
    return extension


def store(uploads, *, by, checklist_item=None, rectification_item=None) -> list[EvidenceFile]:
    """Check every upload first, then store them: one bad file stores none."""
    for upload in uploads:
        check_upload(upload)
    stored = []
    for upload in uploads:
        evidence = EvidenceFile(
            checklist_item=checklist_item,
            rectification_item=rectification_item,
            token=uuid.uuid4().hex,
            original_name=os.path.basename(upload.name)[:255],
            size=upload.size,
            uploaded_at=timezone.now(),
            uploaded_by=by,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
        stored.append(evidence)
    return stored

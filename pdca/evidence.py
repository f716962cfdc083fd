"""Evidence files: checked by the rules every upload follows (registry.uploads), then stored."""

import os
import uuid

from django.utils import timezone

from pdca.models import EvidenceFile
from registry.uploads import check


def store(uploads, *, by, checklist_item=None, rectification_item=None) -> list[EvidenceFile]:
    """Check every upload first, then store them: one bad file stores none."""
    for upload in uploads:
        check(upload, kind="inspection_evidence")
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

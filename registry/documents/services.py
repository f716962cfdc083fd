"""Issuing documents: one numbering for every kind, gap-free under concurrency."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.documents.models import Document, DocumentCounter, DocumentIssuer, DocumentKind
from registry.models import Person, Unit
from registry.scoping import is_discipline_staff


def kind_by_code(code: str) -> DocumentKind:
    try:
        return DocumentKind.objects.get(code=code)
    except DocumentKind.DoesNotExist:
        raise ValidationError(
            _("There is no document kind “%(code)s”; an administrator adds it.") % {"code": code}
        ) from None


def issuer_for(unit: Unit) -> DocumentIssuer:
    """The issuer of the unit's district, or the default issuer."""
    root = f"/{unit.path.split('/')[1]}/"
    issuer = (
        DocumentIssuer.objects.filter(unit__path__startswith=root).order_by("pk").first()
        or DocumentIssuer.objects.filter(is_default=True).first()
    )
    if issuer is None:
        raise ValidationError(_("No document issuer is set up; an administrator adds one."))
    return issuer


def next_number(*, kind: DocumentKind, issuer: DocumentIssuer, year: int) -> int:
    """The next number of the series. The counter row stays locked until the caller's
    transaction ends, so the document insert and the count commit or fail together:
    no two documents share a number and no number is skipped."""
    # A second writer creating the same row waits on the unique index, then finds it.
    DocumentCounter.objects.get_or_create(kind=kind, issuer=issuer, year=year)
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, issuer=issuer, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def document_issue(
    *,
    kind: DocumentKind | str,
    unit: Unit,
    title: str,
    body: str,
    by,
    addressee: str = "",
    person: Person | None = None,
    issued_on: datetime.date | None = None,
    issuer: DocumentIssuer | None = None,
    check_access: bool = True,
) -> Document:
    """Number and record a document about ``unit`` (and ``person``), issued by ``by``.

    Only the unit's discipline-inspection staff issue documents; services of other apps
    that checked this themselves pass ``check_access=False`` (e.g. after a migration).
    """
    if check_access and not is_discipline_staff(by, unit):
        raise PermissionDenied(
            _("Only discipline-inspection staff issue documents about %(unit)s.") % {"unit": unit}
        )
    kind = kind_by_code(kind) if isinstance(kind, str) else kind
    issuer = issuer or issuer_for(unit)
    issued_on = issued_on or timezone.localdate()
    document = Document(
        kind=kind,
        issuer=issuer,
        year=issued_on.year,
        number=1,
        title=title.strip() or kind.name,
        addressee=addressee.strip(),
        body=body.strip(),
        signature=issuer.name,
        issued_on=issued_on,
        unit=unit,
        person=person,
        issued_by=by if getattr(by, "pk", None) else None,
    )
    document.full_clean(exclude=["number"], validate_unique=False, validate_constraints=False)
    document.number = next_number(kind=kind, issuer=issuer, year=document.year)
    document._history_user = document.issued_by
    document.save()
    return document


@transaction.atomic
def document_revise(*, document: Document, by, title: str, addressee: str, body: str) -> Document:
    """Correct the text of an issued document; its number stays (the history keeps the old)."""
    if not is_discipline_staff(by, document.unit):
        raise PermissionDenied(_("Only discipline-inspection staff edit this document."))
    document.title, document.addressee, document.body = (
        title.strip(),
        addressee.strip(),
        body.strip(),
    )
    document.full_clean()
    document._history_user = by
    document.save()
    return document

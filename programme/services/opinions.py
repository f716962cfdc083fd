"""Integrity opinions: a request recorded, a draft built from each person's integrity
file, and the signed opinion issued as a numbered document."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.integrity import integrity_indexes
from programme.models import OpinionReply, OpinionRequest
from registry.documents import kinds
from registry.documents.services import document_issue
from registry.models import Person
from registry.scoping import is_discipline_staff


@transaction.atomic
def opinion_request_record(
    *, asked_by: str, purpose: str, people: list[Person], by,
    letter_ref: str = "", received_on: datetime.date | None = None,
) -> OpinionRequest:  # fmt: skip
    if not people:
        raise ValidationError({"people": _("Name at least one person.")})
    outside = [p.name for p in people if not is_discipline_staff(by, p.unit)]
    if outside:
        raise PermissionDenied(
            _("You are not discipline staff for: %(people)s") % {"people": "、".join(outside)}
        )
    request = OpinionRequest(
        asked_by=asked_by.strip(), purpose=purpose.strip(), letter_ref=letter_ref.strip(),
        received_on=received_on or timezone.localdate(), recorded_by=by,
    )  # fmt: skip
    request.full_clean()
    request._history_user = by
    request.save()
    request.people.set(people)
    return request


def opinion_draft(person: Person, year: int) -> str:
    """The opinion's starting text: the person's integrity index for the year, term by term
    (commitment letters, appraisal, overdue measures, warnings and deductions)."""
    index = integrity_indexes([person], year)[person.pk]
    lines = [
        _("On inspection of the integrity file of %(person)s (%(unit)s), we reply as follows:")
        % {"person": person.name, "unit": person.unit.name},
        _("Integrity index for %(year)d: %(total)d points.") % {"year": year, "total": index.total},
    ]
    lines += [f"{term.label}：{term.points:+d}" for term in index.terms]
    if not index.terms:
        lines.append(_("No warning, deduction or other problem is on record."))
    lines.append(_("Discipline staff's opinion: "))
    return "\n".join(lines)


@transaction.atomic
def opinion_sign(*, request: OpinionRequest, person: Person, body: str, by) -> OpinionReply:
    """Issue the edited opinion as a numbered 廉政意见回复 kept in the person's file."""
    if not request.people.filter(pk=person.pk).exists():
        raise ValidationError(_("%(person)s is not named in this request.") % {"person": person})
    if OpinionReply.objects.filter(request=request, person=person).exists():
        raise ValidationError(_("The opinion on %(person)s is already signed.") % {"person": person})
    document = document_issue(
        kind=kinds.INTEGRITY_OPINION, unit=person.unit, person=person, by=by,
        title=_("Integrity opinion on %(person)s") % {"person": person.name},
        addressee=request.asked_by, body=body,
    )  # fmt: skip
    return OpinionReply.objects.create(request=request, person=person, document=document)


def opinions_section(person: Person, year: int) -> dict | None:
    """assessment.integrity section: the opinions given on the person (numbers only: the
    documents are confidential to discipline staff)."""
    replies = list(
        OpinionReply.objects.filter(person=person).select_related(
            "request", "document__kind", "document__issuer"
        )
    )
    if not replies:
        return None
    return {
        "title": _("Integrity opinions"),
        "template": "programme/_integrity_opinions.html",
        "context": {"replies": replies},
    }

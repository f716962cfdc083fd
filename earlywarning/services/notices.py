"""Issuing numbered warning and rectification notices, as documents of the one numbering."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import is_discipline_staff
from earlywarning.choices import NoticeKind
from earlywarning.models import Notice
from registry.documents import kinds
from registry.documents.services import document_issue
from registry.notifications import notify
from registry.roles import APPROVE
from registry.scoping import users_with

DOCUMENT_KINDS = {
    NoticeKind.WARNING: kinds.WARNING_NOTICE,
    NoticeKind.RECTIFICATION: kinds.RECTIFICATION_NOTICE,
}


def notice_text(notice: Notice) -> str:
    """The printed text: the facts, what to do and by when."""
    return "\n".join(
        [
            _("1. Facts"),
            *notice.facts.splitlines(),
            _("2. Required action"),
            *notice.required_action.splitlines(),
            _("3. Deadline"),
            _("Report the result in writing by %(date)s.")
            % {"date": f"{notice.deadline:%Y-%m-%d}"},
        ]
    )


@transaction.atomic
def notice_issue(*, notice: Notice, by, now: datetime.datetime | None = None) -> Notice:
    """Number the notice as a document and record it as issued, to whom and by whom."""
    now = now or timezone.now()
    if not is_discipline_staff(by, notice.unit):
        raise PermissionDenied(_("Only discipline-inspection staff issue notices to this unit."))
    if not notice.warning.is_verified:
        raise ValidationError(_("Notices are issued only on verified warning information."))
    notice.issued_by = by
    notice.issued_at = now
    notice.full_clean(exclude=["document"])
    notice.document = document_issue(
        kind=DOCUMENT_KINDS[NoticeKind(notice.kind)],
        unit=notice.unit,
        title="",  # the kind's name, as the document kind (data) spells it
        addressee=notice.issued_to,
        body=notice_text(notice),
        issued_on=timezone.localtime(now).date(),
        by=by,
    )
    notice._history_user = by
    notice.save()
    notify(
        recipients=users_with(APPROVE, unit=notice.unit),
        title=_("%(kind)s %(reference)s was issued to your unit")
        % {"kind": notice.get_kind_display(), "reference": notice.reference},
        body=notice.required_action,
        url=reverse("earlywarning:notice_detail", args=[notice.pk]),
    )
    return notice

"""Rectification to closure (限期整改, 销号), as checked transitions, and the daily sweep.

open ──owner submits evidence──▶ evidence_submitted ──inspector verifies──▶ verified
  ▲                                      │                                   │
  └────── verification fails (reopened) ─┘                  inspector closes (销号)
                                                                             ▼
                                                                           closed
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca import evidence
from pdca.access import may_verify
from pdca.choices import RectificationStatus as S
from pdca.models import RectificationItem
from registry.notifications import notify

OWNER, INSPECTOR = "owner", "inspector"


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    sources: frozenset
    target: str
    actor: str


STEPS = {
    s.name: s
    for s in [
        Step(
            "submit",
            gettext_lazy("Submit evidence"),
            frozenset({S.OPEN}),
            S.EVIDENCE_SUBMITTED,
            OWNER,
        ),
        Step(
            "verify",
            gettext_lazy("Verified"),
            frozenset({S.EVIDENCE_SUBMITTED}),
            S.VERIFIED,
            INSPECTOR,
        ),
        Step(
            "reject",
            gettext_lazy("Verification failed: reopen"),
            frozenset({S.EVIDENCE_SUBMITTED}),
            S.OPEN,
            INSPECTOR,
        ),
        Step("close", gettext_lazy("Close off"), frozenset({S.VERIFIED}), S.CLOSED, INSPECTOR),
    ]
}


def may_take(user, item: RectificationItem, step: Step) -> bool:
    return item.owner_id == user.pk if step.actor == OWNER else may_verify(user, item)


def available_steps(user, item: RectificationItem) -> list[Step]:
    return [s for s in STEPS.values() if item.status in s.sources and may_take(user, item, s)]


@transaction.atomic
def rectification_advance(
    *,
    item: RectificationItem,
    step_name: str,
    by,
    comment: str = "",
    uploads=(),
    new_deadline: datetime.date | None = None,
) -> RectificationItem:
    """Check, act and record one step; the reason for a refusal names who may act."""
    step = STEPS[step_name]
    item = (
        RectificationItem.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=item.pk)
    )
    if not may_take(by, item, step):
        raise PermissionDenied(_refusal(step))
    if item.status not in step.sources:
        raise ValidationError(
            _("The item is “%(status)s”; “%(step)s” is not possible now.")
            % {"status": item.get_status_display(), "step": step.label}
        )
    _apply(item, step, by=by, comment=comment, uploads=uploads, new_deadline=new_deadline)
    item._history_user = by
    item._change_reason = f"{step.label}: {comment}".strip(": ")[:100]
    item.save()
    _notify_step(item, step, by, comment)
    return item


def _refusal(step: Step) -> str:
    if step.actor == OWNER:
        return _("Only the owner of this rectification item submits its evidence.")
    return _(
        "Only the item's inspector or discipline staff above the unit verify and close rectification."
    )


def _apply(item, step: Step, *, by, comment, uploads, new_deadline) -> None:
    if step.name == "submit":
        if not comment.strip():
            raise ValidationError({"comment": _("Describe how the problem was put right.")})
        item.evidence_note = comment
        evidence.store(uploads, by=by, rectification_item=item)
    elif step.name == "reject":
        if not comment.strip():
            raise ValidationError({"comment": _("Say why verification failed.")})
        if new_deadline is not None:
            if new_deadline <= timezone.localdate():
                raise ValidationError({"new_deadline": _("The new deadline must be after today.")})
            item.deadline = new_deadline
        item.reopened_count += 1
        item.overdue_flagged_on = None
    elif step.name == "close":
        item.closed_at = timezone.now()
    item.status = step.target


def _notify_step(item, step: Step, by, comment: str) -> None:
    recipient = item.inspector if step.actor == OWNER else item.owner
    if recipient is None or recipient == by:
        return
    notify(
        recipients=[recipient],
        title=_("Rectification “%(title)s”: %(status)s")
        % {"title": item.title[:60], "status": item.get_status_display()},
        body=comment,
        url=reverse("pdca:rectification_detail", args=[item.pk]),
    )


def flag_overdue(*, today: datetime.date) -> int:
    """Mark items that passed their deadline since the last sweep and tell their owners
    and inspectors, once. A fixed number of queries, however many items there are."""
    with transaction.atomic():
        newly = RectificationItem.objects.overdue(today).filter(overdue_flagged_on__isnull=True)
        people = Q(pk__in=newly.values("owner_id")) | Q(pk__in=newly.values("inspector_id"))
        recipients = list(get_user_model().objects.filter(people).only("pk"))
        # A marker for the sweep, not a change of the item: no history row. A
        # second worker sweeping at the same time updates nothing and so tells nobody.
        flagged = newly.update(overdue_flagged_on=today)
        if flagged:
            notify(
                recipients=recipients,
                title=_("Rectification items are overdue"),
                body=_(
                    "Items you own or inspect passed their deadline without verified rectification."
                ),
                url=reverse("pdca:rectification_list") + "?overdue=1",
            )
    return flagged

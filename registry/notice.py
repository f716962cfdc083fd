"""Public notice (公示) of a unit's approved risk list, and the comments it invites.

Anyone on the intranet may read a list on notice or in effect and leave a
comment while the notice runs, without logging in and without giving a name.
Comments reach the unit's discipline-inspection staff as a task, and only them:
the unit's own leaders may send the list back, but they are the ones the
comment may be about, so they never see a comment, its writer or contact.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import RiskPointStatus as S
from registry.models import Measure, NoticeFeedback, RiskList, RiskPoint
from registry.notifications import notify
from registry.scoping import discipline_staff_for, is_discipline_staff

PUBLIC_STATUSES = (S.ON_NOTICE, S.ACTIVE)
RATE_WINDOW_SECONDS = 3600
NOTICE_ENDED = gettext_lazy(
    "The public notice of this list has ended; comments are no longer accepted."
)


# Reads -------------------------------------------------------------------------


def public_points(risk_list: RiskList) -> QuerySet:
    """What the public sees of a list: its points on notice or in effect, with measures.

    An approved point whose revision is on notice is left out: the revision
    shown in its place is what will be in effect.
    """
    revision_on_notice = RiskPoint.objects.filter(revision_of=OuterRef("pk"), status=S.ON_NOTICE)
    return (
        RiskPoint.objects.filter(
            unit_id=risk_list.unit_id, year=risk_list.year, status__in=PUBLIC_STATUSES
        )
        .exclude(Q(status=S.ACTIVE) & Exists(revision_on_notice))
        .select_related("department", "post", "category")
        .prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("sort_order", "id"))
        )
        .order_by(
            F("department__sort_order").asc(nulls_first=True),
            "department__name",
            "post__name",
            "level",
            "id",
        )
    )


def get_feedback_for(*, user, pk: int) -> NoticeFeedback:
    """A comment the user may handle; a 404 otherwise, whether it exists or not."""
    feedback = get_object_or_404(
        NoticeFeedback.objects.select_related("risk_list__unit", "risk_point", "handled_by"), pk=pk
    )
    if not is_discipline_staff(user, feedback.risk_list.unit):
        raise Http404
    return feedback


# Rate limit ----------------------------------------------------------------------


def _this_hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def feedback_allowed(address: str) -> bool:
    """Count one submission from ``address`` this hour; False once over the limit.

    ``add`` then ``incr`` are each atomic in the cache, so concurrent requests
    cannot both slip under the limit. Addresses are keyed by a keyed hash, so
    the cache holds no visitor's address in the clear.
    """
    digest = salted_hmac("notice-feedback", f"{address}|{_this_hour()}").hexdigest()
    key = f"notice-feedback:{digest}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count <= settings.FEEDBACK_PER_HOUR


def seconds_to_next_window() -> int:
    now = timezone.now()
    return RATE_WINDOW_SECONDS - (now.minute * 60 + now.second)


# Forms -------------------------------------------------------------------------


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = NoticeFeedback
        fields = ["name", "contact", "risk_point", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "message": {
                "max_length": gettext_lazy(
                    "The comment may be at most %(limit_value)d characters long; "
                    "it has %(show_value)d."
                ),
                "required": gettext_lazy("Write your comment."),
            }
        }

    def __init__(self, *args, points: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["risk_point"]
        field.queryset = points.select_related(None).prefetch_related(None).only("pk", "name")
        field.empty_label = gettext_lazy("The list as a whole")
        field.label = gettext_lazy("Risk point it concerns (optional)")


class FeedbackHandleForm(forms.Form):
    response = forms.CharField(
        label=gettext_lazy("How it was handled"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Say how the comment was handled.")},
    )


# Writes ------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(
    *,
    risk_list: RiskList,
    risk_point: RiskPoint | None = None,
    name: str = "",
    contact: str = "",
    message: str,
) -> NoticeFeedback:
    """Record a comment on a list on notice and tell the unit's discipline staff."""
    if not risk_list.notice_running:
        raise ValidationError(NOTICE_ENDED)
    if risk_point is not None and (risk_point.unit_id, risk_point.year) != (
        risk_list.unit_id,
        risk_list.year,
    ):
        raise ValidationError({"risk_point": _("That risk point is not on this list.")})
    feedback = NoticeFeedback(
        risk_list=risk_list, risk_point=risk_point, name=name, contact=contact, message=message
    )
    feedback.full_clean()
    # The writer may happen to be logged in; the comment stays anonymous anyway.
    feedback._history_user = None
    feedback.save()
    # The email carries the comment but not the writer's name or contact:
    # those stay in the register, behind the handling page's scope check.
    notify(
        recipients=discipline_staff_for(risk_list.unit),
        title=_("New comment on the public notice of %(unit)s") % {"unit": risk_list.unit},
        body="\n".join(filter(None, [risk_point.name if risk_point else "", message])),
        url=reverse("registry:feedback_handle", args=[feedback.pk]),
    )
    return feedback


@transaction.atomic
def feedback_handle(*, feedback: NoticeFeedback, by, response: str) -> NoticeFeedback:
    """Record how a comment was handled; it leaves the handlers' task lists."""
    feedback = (
        NoticeFeedback.objects.select_for_update()
        .select_related("risk_list__unit")
        .get(pk=feedback.pk)
    )
    if not is_discipline_staff(by, feedback.risk_list.unit):
        raise PermissionDenied(_("You may not handle comments on this unit's notice."))
    if feedback.handled_at:
        raise ValidationError(_("This comment has already been handled."))
    if not response.strip():
        raise ValidationError({"response": _("Say how the comment was handled.")})
    feedback.handled_by, feedback.handled_at, feedback.response = by, timezone.now(), response
    feedback._history_user = by
    feedback.save(update_fields=["handled_by", "handled_at", "response"])
    return feedback

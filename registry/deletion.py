"""Deleting never loses audit data: what may not be deleted, and why.

A point that went on public notice or took effect, what it was signed with,
and the people and post tenures its approval names are the audit record. They
are refused here once, for every path: the Django admin asks ``refusal`` to
explain itself on the confirmation page, and ``refuse_deletion`` (a
``pre_delete`` receiver) stops any other code, bulk deletes included. The refusal
is raised inside Django's delete transaction, so a caller that goes on working
after it wraps the delete in its own ``transaction.atomic()``.
"""

from django.db.models import ProtectedError, Q
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

from registry.models import Measure, Person, PostTenure, RiskPoint, SignOff
from registry.services import FROZEN_STATUSES


def refusal(obj) -> str | None:
    """Why ``obj`` may not be deleted, or None when it may."""
    check = _CHECKS.get(type(obj))
    return check(obj) if check else None


def _risk_point(point: RiskPoint) -> str | None:
    if point.status not in FROZEN_STATUSES:
        return None
    # A revision whose content and sign-offs were taken over by the original
    # point is only a copy: the workflow removes it once it takes effect.
    if point.revision_of_id and not point.sign_offs.exists():
        return None
    return _(
        "Risk point “%(point)s” cannot be deleted: it is %(status)s, and points that were "
        "on notice or in effect stay on record with their sign-offs. Set its status to "
        "Retired instead."
    ) % {"point": point.name, "status": point.get_status_display()}


def _measure(measure: Measure) -> str | None:
    point = measure.risk_point
    if point.status not in FROZEN_STATUSES:
        return None
    return _(
        "Measure “%(measure)s” cannot be deleted: risk point “%(point)s” was signed with it "
        "(%(status)s). Change it through a revision of the point."
    ) % {"measure": measure, "point": point.name, "status": point.get_status_display()}


def _sign_off(sign_off: SignOff) -> str | None:
    # Named by its point: a sign-off goes only with its point, which says why it stays.
    return _risk_point(sign_off.risk_point)


def _approved_points_naming(person: Person, post_id: int | None = None):
    named = (
        Q(responsible_person=person) | Q(supervisor=person) | Q(measures__responsible_person=person)
    )
    if person.user_id:
        named |= Q(sign_offs__by_id=person.user_id)
    points = RiskPoint.objects.filter(named, status__in=FROZEN_STATUSES)
    if post_id is not None:
        points = points.filter(post_id=post_id)
    return points.distinct()


def _person(person: Person) -> str | None:
    point = _approved_points_naming(person).first()
    if point is None:
        return None
    return _(
        "Person “%(person)s” cannot be deleted: approved risk points name them, e.g. "
        "“%(point)s”. Mark the person inactive instead."
    ) % {"person": person.name, "point": point.name}


def _tenure(tenure: PostTenure) -> str | None:
    point = _approved_points_naming(tenure.person, tenure.post_id).first()
    if point is None:
        return None
    return _(
        "The tenure of “%(person)s” in post “%(post)s” cannot be deleted: approved risk "
        "points of that post name them, e.g. “%(point)s”. End the tenure instead."
    ) % {"person": tenure.person.name, "post": tenure.post.name, "point": point.name}


_CHECKS = {
    RiskPoint: _risk_point,
    SignOff: _sign_off,
    Person: _person,
    PostTenure: _tenure,
    Measure: _measure,
}

# Measures are replaced by the workflow itself when a revision takes effect (with
# history), so only the admin refuses them; every other rule holds everywhere.
_GUARDED_EVERYWHERE = (RiskPoint, SignOff, Person, PostTenure)


def refuse_deletion(sender, instance, **kwargs) -> None:
    reason = refusal(instance)
    if reason:
        raise ProtectedError(reason, {instance})


def connect() -> None:
    for model in _GUARDED_EVERYWHERE:
        pre_delete.connect(refuse_deletion, sender=model, dispatch_uid=f"refuse-{model.__name__}")

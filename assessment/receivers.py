"""Keeping monitors current when the organisation changes (receivers of registry signals).

Resolution runs after the transaction commits, so a failed save leaves no
trace and the registry's own writes are not slowed down inside their
transactions. Bulk writes that bypass signals are caught by the nightly
``assessment.tasks.resolve_all_monitors``.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from assessment.models import PointGrading
from assessment.monitoring import monitors_resolve, points_in_subtrees
from registry.models import Person, PostTenure, RiskPoint, RoleAssignment, Unit


def _resolve_later(unit_paths) -> None:
    paths = [p for p in unit_paths if p]
    if paths:
        transaction.on_commit(lambda: monitors_resolve(points=points_in_subtrees(paths)))


def _role_units_of(user_id) -> list[str]:
    if not user_id:
        return []
    return list(RoleAssignment.objects.filter(user_id=user_id).values_list("unit__path", flat=True))


@receiver(post_save, sender=RiskPoint, dispatch_uid="assessment_point_saved")
def point_saved(sender, instance: RiskPoint, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    if created and instance.revision_of_id:
        _copy_grading(instance.revision_of_id, instance)
    pk = instance.pk
    transaction.on_commit(lambda: monitors_resolve(points=RiskPoint.objects.filter(pk=pk)))


def _copy_grading(source_id: int, target: RiskPoint) -> None:
    """A revision starts from the original's grading, and hands its own back when approved."""
    grading = PointGrading.objects.filter(point_id=source_id).first()
    if grading is None:
        return
    options = list(grading.answers.values_list("pk", flat=True))
    grading.pk, grading.point = None, target
    grading._history_user = getattr(target, "_history_user", None)
    grading.save()
    grading.answers.set(options)


@receiver(pre_delete, sender=RiskPoint, dispatch_uid="assessment_revision_replaced")
def revision_deleted(sender, instance: RiskPoint, **kwargs) -> None:
    """An approved revision replaces its original and is deleted: its grading is copied
    across (a copy, because the deletion already collected the revision's own row)."""
    if (
        not instance.revision_of_id
        or not PointGrading.objects.filter(point_id=instance.pk).exists()
    ):
        return
    original = RiskPoint.objects.get(pk=instance.revision_of_id)
    PointGrading.objects.filter(point=original).delete()
    original._history_user = getattr(instance, "_history_user", None)
    _copy_grading(instance.pk, original)


@receiver([post_save, post_delete], sender=RoleAssignment, dispatch_uid="assessment_role_changed")
def role_changed(sender, instance: RoleAssignment, **kwargs) -> None:
    unit = Unit.objects.filter(pk=instance.unit_id).values_list("path", flat=True).first()
    _resolve_later([unit])


@receiver(
    m2m_changed,
    sender=RoleAssignment.departments.through,
    dispatch_uid="assessment_role_departments",
)
def role_departments_changed(sender, instance, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, RoleAssignment):
        _resolve_later([instance.unit.path])


@receiver(post_save, sender=Person, dispatch_uid="assessment_person_changed")
def person_changed(sender, instance: Person, raw=False, **kwargs) -> None:
    if not raw:
        _resolve_later(_role_units_of(instance.user_id))


@receiver([post_save, post_delete], sender=PostTenure, dispatch_uid="assessment_tenure_changed")
def tenure_changed(sender, instance: PostTenure, raw=False, **kwargs) -> None:
    if not raw:
        user_id = (
            Person.objects.filter(pk=instance.person_id).values_list("user_id", flat=True).first()
        )
        _resolve_later(_role_units_of(user_id))


@receiver(post_save, sender=get_user_model(), dispatch_uid="assessment_user_changed")
def user_changed(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    # Logins are saved on every sign-in (last_login); only activation matters here.
    if raw or created or (update_fields and "is_active" not in update_fields):
        return
    _resolve_later(_role_units_of(instance.pk))

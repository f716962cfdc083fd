"""Special inspections (专项检查) and unannounced checks (明察暗访), planned by discipline
staff for units they oversee, optionally narrowed to some posts or powers. Each unit gets
an inspection with the same checklist, findings and rectification as a drawn one."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from pdca.access import oversees
from pdca.choices import SourceKind
from pdca.models import FindingSource, Inspection
from pdca.services.draws import checklist_create
from powers.models import PowerItem
from registry.choices import RiskPointStatus
from registry.models import Measure, Post, Unit
from registry.scoping import is_discipline_staff


def may_plan(user) -> bool:
    """Discipline staff of some unit plan inspections (for the units they oversee)."""
    return user.is_authenticated and is_discipline_staff(user)


@transaction.atomic
def inspection_plan(
    *,
    source: FindingSource,
    title: str,
    units: list[Unit],
    posts: list[Post] = (),
    powers: list[PowerItem] = (),
    by,
) -> list[Inspection]:
    """One inspection per unit, its checklist the measures of the risk points in scope:
    the unit's points in effect, or only those of the chosen posts and powers when some
    of them belong to the unit."""
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    if outside := [u for u in units if not oversees(by, u)]:
        raise PermissionDenied(
            _("Only discipline-inspection staff of %(unit)s plan inspections of it.")
            % {"unit": outside[0]}
        )
    if source.kind != SourceKind.PLANNED or not source.is_active:
        raise ValidationError({"source": _("Inspections of this source are not planned here.")})
    unit_ids = {u.pk for u in units}
    for field, chosen in (("posts", posts), ("powers", powers)):
        if any(c.unit_id not in unit_ids for c in chosen):
            raise ValidationError({field: _("Choose only posts and powers of the chosen units.")})
    now = timezone.now()
    inspections = [
        Inspection(
            source=source,
            title=title.strip(),
            unit=unit,
            inspector=by,
            planned_by=by,
            planned_at=now,
        )
        for unit in units
    ]
    inspections = bulk_create_with_history(inspections, Inspection, default_user=by)
    for inspection in inspections:
        inspection.posts.set([p for p in posts if p.unit_id == inspection.unit_id])
        inspection.powers.set([p for p in powers if p.unit_id == inspection.unit_id])
    _build_checklists(inspections, posts, powers, by)
    return inspections


def _build_checklists(inspections: list[Inspection], posts, powers, by) -> None:
    by_unit = {i.unit_id: i for i in inspections}
    narrowed: dict[int, Q] = defaultdict(Q)
    for post in posts:
        narrowed[post.unit_id] |= Q(risk_point__post=post)
    for power in powers:
        narrowed[power.unit_id] |= Q(risk_point__power_step_links__step__power=power)
    scope = Q()
    for unit_id in by_unit:
        scope |= Q(risk_point__unit_id=unit_id) & narrowed.get(unit_id, Q())
    rows = (
        Measure.objects.filter(scope, risk_point__status=RiskPointStatus.ACTIVE)
        .distinct()
        .order_by("risk_point__unit_id", "risk_point__level", "risk_point_id", "sort_order", "pk")
        .values_list(
            "pk",
            "text",
            "risk_point_id",
            "risk_point__unit_id",
            "risk_point__level",
            "risk_point__name",
        )
    )
    checklist_create(rows, by_unit=by_unit, by=by)

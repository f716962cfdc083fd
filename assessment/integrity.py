"""Integrity files (廉政档案) and the integrity index (廉洁指数).

Extension points for higher apps (which must not be imported from here):

``register_section(callable)``
    Adds a section to every person's integrity file. The callable takes
    ``(person, year)`` and returns ``{"title": str, "template": str,
    "context": dict}`` or ``None`` to show nothing. The early-warning app
    registers its warnings and deductions this way in its
    ``AppConfig.ready()``::

        from assessment.integrity import register_section
        register_section(warnings_section)

``register_commitment_source(callable)``
    Another record that counts as the person's signed integrity commitment for a
    year (the programme app's signed commitment letters). The callable takes
    ``(person_ids, year)`` and returns the ids of those who signed, in one query.

``register_index_term(callable, rule)``
    Adds terms to the integrity index. The callable takes ``(people, year)``
    (a list of ``Person``) and returns ``{person_id: [(label, points), ...]}``
    with negative points for deductions; it should query in bulk, because
    leader lists compute many people at once. ``rule`` (a callable returning the
    translated sentence) says how the term is counted, from the same constants:
    it becomes part of the formula shown to users (``index_formula()``).

The index of a person for a year (100-point, clamped to 0–100)::

    100
    − 10 if no integrity commitment is signed for the year
    − the unit's appraisal deduction (excellent 0, good 3, qualified 8, unqualified 15)
    − 2 per overdue measure of the risk points the person is responsible for (at most 10)
    + recorded adjustments (commendations and deductions, with reasons)
    + the terms of registered providers: early-warning deductions (warnings under the
      12-point scheme) and rectification items not closed by their deadline (pdca)
"""

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from assessment.access import can_keep_integrity_file
from assessment.choices import AppraisalGrade, AppraisalStatus
from assessment.models import Appraisal, Commitment, IntegrityAdjustment
from registry.choices import MeasureStatus
from registry.models import Measure, Person, PostTenure

NO_COMMITMENT = -10
APPRAISAL_DEDUCTION = {
    AppraisalGrade.EXCELLENT: 0,
    AppraisalGrade.GOOD: -3,
    AppraisalGrade.QUALIFIED: -8,
    AppraisalGrade.UNQUALIFIED: -15,
}
PER_OVERDUE_MEASURE, OVERDUE_CAP = -2, -10

_sections: list[Callable] = []
_index_terms: list[Callable] = []
_index_rules: list = []
_commitment_sources: list[Callable] = []


@transaction.atomic
def commitment_record(
    *, person: Person, year: int, signed_on: date, file, note: str = "", by
) -> Commitment:
    """File a person's signed commitment for a year (history names ``by``)."""
    _refuse_unless_keeper(person, by)
    commitment = Commitment(
        person=person,
        year=year,
        signed_on=signed_on,
        file=file,
        file_name=os.path.basename(file.name or "")[
            :255
        ],  # the upload is stored under a random name
        note=note,
        uploaded_by=by,
    )
    commitment.full_clean()
    commitment._history_user = by
    commitment.save()
    return commitment


@transaction.atomic
def adjustment_record(
    *, person: Person, year: int, points: int, reason: str, by
) -> IntegrityAdjustment:
    """Record a commendation or deduction on a person's index (history names ``by``)."""
    _refuse_unless_keeper(person, by)
    adjustment = IntegrityAdjustment(
        person=person, year=year, points=points, reason=reason, recorded_by=by
    )
    adjustment.full_clean()
    adjustment._history_user = by
    adjustment.save()
    return adjustment


def _refuse_unless_keeper(person: Person, by) -> None:
    if not can_keep_integrity_file(by, person):
        raise PermissionDenied(
            _("Only discipline-inspection staff and administrators keep integrity files.")
        )


def register_section(section: Callable) -> None:
    if section not in _sections:
        _sections.append(section)


def register_commitment_source(source: Callable) -> None:
    if source not in _commitment_sources:
        _commitment_sources.append(source)


def register_index_term(term: Callable, rule=None) -> None:
    if term not in _index_terms:
        _index_terms.append(term)
        if rule:
            _index_rules.append(rule)


def index_formula() -> list[str]:
    """How the index is computed, term by term, from the constants the computation uses."""
    return [
        _("Start from 100."),
        _("%(points)d without a signed integrity commitment for the year.")
        % {"points": NO_COMMITMENT},
        _("The unit's published appraisal: %(grades)s.")
        % {
            "grades": ", ".join(
                f"{AppraisalGrade(grade).label} {points}"
                for grade, points in APPRAISAL_DEDUCTION.items()
            )
        },
        _("%(each)d per overdue measure of the person's own risk points (at most %(cap)d).")
        % {"each": PER_OVERDUE_MEASURE, "cap": OVERDUE_CAP},
        *(rule() for rule in _index_rules),
        _("Recorded commendations and deductions, with their reasons."),
        _("Kept between 0 and 100."),
    ]


def sections_for(person: Person, year: int) -> list[dict]:
    return [s for s in (section(person, year) for section in _sections) if s]


@dataclass
class Term:
    label: str
    points: int


@dataclass
class IntegrityIndex:
    person: Person
    year: int
    terms: list[Term] = field(default_factory=list)

    @property
    def total(self) -> int:
        return max(0, min(100, 100 + sum(t.points for t in self.terms)))


def integrity_indexes(people: list[Person], year: int) -> dict[int, IntegrityIndex]:
    """The index of each person for ``year``, in a fixed number of queries."""
    ids = [p.pk for p in people]
    signed = set(
        Commitment.objects.filter(person_id__in=ids, year=year).values_list("person_id", flat=True)
    )
    for source in _commitment_sources:
        signed |= set(source(ids, year))
    grades = dict(
        Appraisal.objects.filter(
            unit_id__in={p.unit_id for p in people}, year=year, status=AppraisalStatus.PUBLISHED
        ).values_list("unit_id", "grade")
    )
    overdue = _overdue_measures(ids, year)
    adjustments = defaultdict(list)
    for person_id, points, reason in IntegrityAdjustment.objects.filter(
        person_id__in=ids, year=year
    ).values_list("person_id", "points", "reason"):
        adjustments[person_id].append(Term(reason, points))
    extra = defaultdict(list)
    for provider in _index_terms:
        for person_id, terms in (provider(people, year) or {}).items():
            extra[person_id] += [Term(str(label), points) for label, points in terms]
    result = {}
    for person in people:
        index = IntegrityIndex(person, year)
        if person.pk not in signed:
            index.terms.append(
                Term(_("No integrity commitment signed for the year"), NO_COMMITMENT)
            )
        if grade := grades.get(person.unit_id):
            index.terms.append(
                Term(
                    _("Unit appraisal: %(grade)s") % {"grade": AppraisalGrade(grade).label},
                    APPRAISAL_DEDUCTION[grade],
                )
            )
        if count := overdue.get(person.pk):
            points = max(OVERDUE_CAP, PER_OVERDUE_MEASURE * count)
            index.terms.append(
                Term(
                    _("%(count)d overdue measure(s) on own risk points") % {"count": count}, points
                )
            )
        index.terms += adjustments[person.pk] + extra[person.pk]
        result[person.pk] = index
    return result


def _overdue_measures(person_ids: list[int], year: int) -> dict[int, int]:
    cutoff = min(date.today(), date(year, 12, 31))
    rows = (
        Measure.objects.filter(
            risk_point__responsible_person_id__in=person_ids,
            risk_point__year=year,
            due_date__lt=cutoff,
        )
        .exclude(status=MeasureStatus.DONE)
        .values("risk_point__responsible_person_id")
        .annotate(n=Count("pk"))
    )
    return {row["risk_point__responsible_person_id"]: row["n"] for row in rows}


def leaders_of(unit, year: int) -> list[Person]:
    """People who held a leadership-team post of ``unit`` at some time in ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    tenures = PostTenure.objects.filter(
        post__unit=unit, post__department__isnull=True, start_date__lte=end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return list(
        Person.objects.filter(pk__in=tenures.values("person_id"))
        .select_related("unit")
        .order_by("name")
    )

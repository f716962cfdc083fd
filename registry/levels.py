"""Where a graded risk point's level must come from.

The register stores the level on the point; an app above it (assessment) may
decide it from recorded factors. That app registers a source here, so the
register can keep the level of a graded point out of the ordinary edit form
and refuse to approve a point whose level differs from its grading — without
importing the app that grades (apps depend downward).
"""

from collections.abc import Callable, Iterable
from typing import Protocol

from django.utils.translation import gettext as _

# Each source maps point ids to the level their grading gives (override included).
LevelSource = Callable[[list[int]], dict[int, int]]
_sources: list[LevelSource] = []


def register_level_source(source: LevelSource) -> None:
    if source not in _sources:
        _sources.append(source)


def graded_levels(point_ids: Iterable[int]) -> dict[int, int]:
    """{point id: level its grading gives} for the graded ones among ``point_ids``."""
    ids = [pk for pk in point_ids if pk]
    levels: dict[int, int] = {}
    if ids:
        for source in _sources:
            levels.update(source(ids))
    return levels


def is_graded(point) -> bool:
    return bool(point.pk) and point.pk in graded_levels([point.pk])


def differs_from_grading(point, graded_level: int | None) -> str:
    """Why ``point`` may not be approved at its level, or "" when its level is its grading's."""
    if graded_level is None or point.level == graded_level:
        return ""
    return _(
        "“%(point)s” is level %(level)s but its grading gives level %(graded)s: "
        "grade it again or record an override with a reason first."
    ) % {"point": point.name, "level": point.level, "graded": graded_level}


# --- h15home: grading inside the risk point's own form ---------------------------
# An app that grades may offer its factor questions on the create and edit form,
# so a new point's level comes from recorded factors rather than a hand-picked
# level. The source answers three things for the register's form view.


class GradingFormSource(Protocol):
    def form(self, *, data, point, user):
        """A bound or unbound form of factor questions for ``point``, or None."""

    def level(self, form) -> int:
        """The level the valid ``form``'s answers give."""

    def save(self, form, *, point, by) -> None:
        """Record the answers on the saved ``point`` (inside the caller's transaction)."""


_grading_forms: list[GradingFormSource] = []


def register_grading_form(source: GradingFormSource) -> None:
    if source not in _grading_forms:
        _grading_forms.append(source)


def grading_form_for(*, data, point, user) -> tuple[GradingFormSource, object] | None:
    for source in _grading_forms:
        form = source.form(data=data, point=point, user=user)
        if form is not None:
            return source, form
    return None
# The level palette, defined here once: level 1 the darkest, most saturated red, level 3
# the lightest, so the eye ranks levels the way the programme does. ``static/css/app.css``
# carries the same values as --l1…--l3 for the pages (tests/registry/test_level_palette.py
# keeps the two equal); SVG files drawn on the server take them from here.
LEVEL_COLOURS = {1: "#99000d", 2: "#de4b2c", 3: "#fcae91"}
# Text drawn on a level's colour, and a pale tint of it for large areas.
LEVEL_INK = {1: "#ffffff", 2: "#ffffff", 3: "#5a1a0f"}
LEVEL_TINTS = {1: "#f9dcdc", 2: "#fde5dd", 3: "#fff3ec"}

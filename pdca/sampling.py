"""The draw itself, as pure functions: quarters, the quota and the seeded choice.

Nothing here reads the database, so a stored draw (seed, candidates, previous
units) can be re-run anywhere and must give the same units.
"""

import datetime
import random
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = QUARTER.match(text.strip())
        if not match:
            raise ValueError(
                _("“%(text)s” is not a quarter; write it like 2026Q1.") % {"text": text}
            )
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next().first_day - datetime.timedelta(days=1)

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def is_quarter_end(day: datetime.date) -> bool:
    return day == Quarter.of(day).last_day


def quota(count: int, percent: int) -> int:
    """⌈count × percent / 100⌉ in integers, so 10% of 11 units is 2, never 1.1 rounded down."""
    return -(-count * percent // 100)


def choose(*, seed: int, candidates: list[list[int]], previous: list[int], size: int) -> list[int]:
    """Draw ``size`` unit ids from ``candidates`` ([unit id, weight] pairs).

    Units drawn the quarter before are taken only when the others are not
    enough. Weights favour units (e.g. with more level-1 points); with equal
    weights every unit has the same chance.
    """
    rng = random.Random(seed)
    drawn_before = set(previous)
    fresh = [c for c in candidates if c[0] not in drawn_before]
    again = [c for c in candidates if c[0] in drawn_before]
    picked = _weighted_sample(rng, fresh, min(size, len(fresh)))
    if len(picked) < size:
        picked += _weighted_sample(rng, again, size - len(picked))
    return picked


def _weighted_sample(rng: random.Random, pool: list[list[int]], k: int) -> list[int]:
    # Efraimidis–Spirakis: each unit gets the key u^(1/w); the k largest keys
    # win. One pass, no replacement, and uniform when all weights are equal.
    keyed = [(rng.random() ** (1 / max(weight, 1)), unit_id) for unit_id, weight in pool]
    keyed.sort(reverse=True)
    return [unit_id for _key, unit_id in keyed[:k]]


def sample_level3(*, seed: int, unit_id: int, measure_ids: list[int], percent: int) -> set[int]:
    """The level-3 measures a unit's checklist includes: a seeded share of them."""
    rng = random.Random(seed * 1_000_003 + unit_id)
    ordered = sorted(measure_ids)
    return set(rng.sample(ordered, quota(len(ordered), percent)))

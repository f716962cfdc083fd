"""The grading function on every cell of the default matrix, and at the band edges."""

import pytest
from django.core.exceptions import ValidationError

from assessment.choices import Axis
from assessment.defaults import BANDS, MATRIX, PROFILES
from assessment.scoring import ModelSnapshot, grade


def options_scoring(snapshot: ModelSnapshot, axis: str, target: int) -> list[int]:
    """One option per factor of ``axis`` whose scores add up to ``target`` (greedy)."""
    chosen, left = [], target
    for factor in (f for f in snapshot.factors.values() if f.axis == axis):
        by_score = sorted(factor.scores.items(), key=lambda item: item[1], reverse=True)
        option, score = next(((o, s) for o, s in by_score if s <= left), by_score[-1])
        chosen.append(option)
        left -= score
    assert left == 0, f"cannot reach {target} on {axis}"
    return chosen


@pytest.fixture
def snapshot(model) -> ModelSnapshot:
    return ModelSnapshot.load(model)


@pytest.mark.parametrize(("cell", "level"), sorted(MATRIX.items()))
def test_every_matrix_cell(snapshot, cell, level):
    likelihood_band, harm_band = cell
    likelihood = BANDS["likelihood"][likelihood_band]
    harm = BANDS["harm"][harm_band]
    chosen = options_scoring(snapshot, Axis.LIKELIHOOD, likelihood) + options_scoring(
        snapshot, Axis.HARM, harm
    )

    result = grade(snapshot, chosen)

    assert (result.likelihood_band, result.harm_band) == cell
    assert (result.likelihood_score, result.harm_score) == (likelihood, harm)
    assert result.level == level


@pytest.mark.parametrize(("score", "band"), [(0, 1), (2, 1), (3, 2), (5, 2), (6, 3), (8, 3)])
def test_band_edges(snapshot, score, band):
    chosen = options_scoring(snapshot, Axis.LIKELIHOOD, score) + options_scoring(
        snapshot, Axis.HARM, 0
    )
    assert grade(snapshot, chosen).likelihood_band == band


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_guidance_profiles_grade_as_the_domain_notes_say(answers, snapshot, level):
    """Major matters → 1; procurement and approval → 2; coordination posts → 3."""
    assert grade(snapshot, answers(level)).level == level


def test_a_missing_factor_is_named(answers, snapshot):
    chosen = answers(2)[:-1]
    with pytest.raises(ValidationError) as error:
        grade(snapshot, chosen)
    assert "社会关注度" in str(error.value)


def test_two_answers_to_one_factor_are_refused(answers, snapshot):
    chosen = answers(2) + answers(1)[:1]
    with pytest.raises(ValidationError):
        grade(snapshot, chosen)


def test_profiles_cover_every_factor(snapshot):
    assert all(len(profile) == len(snapshot.factors) for profile in PROFILES.values())

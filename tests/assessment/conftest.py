"""Fixtures for the grading and appraisal tests: the seeded default model and answers by code."""

import pytest

from assessment.defaults import PROFILES
from assessment.models import FactorOption, GradingModel


@pytest.fixture
def model(db) -> GradingModel:
    return GradingModel.objects.get(is_current=True)


@pytest.fixture
def answers(model):
    """Option ids for ``{factor code: option code}``; a level (1–3) means that level's profile."""
    options = {
        (o.factor.code, o.code): o.pk
        for o in FactorOption.objects.filter(factor__grading_model=model).select_related("factor")
    }

    def pick(profile, **changes) -> list[int]:
        chosen = dict(PROFILES[profile]) if isinstance(profile, int) else dict(profile)
        chosen.update(changes)
        return [options[(factor, option)] for factor, option in chosen.items()]

    return pick


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what services leave for after the commit (monitor resolution, notifications)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

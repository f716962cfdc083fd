"""Copying a grading model: every copied row has its history, naming who copied."""

import pytest

from assessment.grading import grading_model_copy
from assessment.models import AxisBand, Factor, FactorOption, MatrixCell
from tests.conftest import make_user


@pytest.fixture
def superuser(db):
    return make_user("root", superuser=True)


def test_every_copied_row_has_history_with_the_user(
    model, superuser, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        copy = grading_model_copy(model=model, by=superuser)
    copied = {
        Factor: Factor.objects.filter(grading_model=copy),
        FactorOption: FactorOption.objects.filter(factor__grading_model=copy),
        AxisBand: AxisBand.objects.filter(grading_model=copy),
        MatrixCell: MatrixCell.objects.filter(grading_model=copy),
    }
    for model_class, rows in copied.items():
        ids = list(rows.values_list("pk", flat=True))
        history = model_class.history.filter(id__in=ids)
        assert ids and history.count() == len(ids), model_class.__name__
        assert set(history.values_list("history_user", flat=True)) == {superuser.pk}
    assert copy.history.get().history_user == superuser

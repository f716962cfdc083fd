"""A superuser works in the Django admin: every page opens; frozen grading stays frozen."""

from django.urls import reverse
from django.utils import timezone

from assessment.models import Factor, GradingModel


def test_the_admin_index_and_a_grading_factor_open(users, login, org):
    client = login(_superuser())
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:assessment_factor_changelist")).status_code == 200
    assert client.get(reverse("admin:assessment_factor_add")).status_code == 200
    factor = Factor.objects.first()
    change = client.get(reverse("admin:assessment_factor_change", args=[factor.pk]))
    assert change.status_code == 200


def test_a_frozen_versions_parts_are_read_only_in_the_admin(users, login, org):
    model = GradingModel.objects.get(is_current=True)
    model.frozen_at = timezone.now()
    model.save(update_fields=["frozen_at"])
    client = login(_superuser())
    page = client.get(reverse("admin:assessment_gradingmodel_change", args=[model.pk]))
    assert page.status_code == 200
    factor = model.factors.first()
    factor_page = client.get(reverse("admin:assessment_factor_change", args=[factor.pk]))
    assert factor_page.status_code == 200
    assert factor_page.context["has_change_permission"] is False
    assert factor_page.context["has_delete_permission"] is False


def _superuser():
    from tests.conftest import make_user

    return make_user("root", superuser=True)

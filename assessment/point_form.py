"""The grading factors asked on the risk point's own create and edit form, so the
level follows from them (a ``registry.levels`` grading-form source)."""

from assessment.access import can_grade
from assessment.forms import GradingForm
from assessment.grading import factors_with_options, point_grade
from assessment.models import GradingModel, PointGrading
from assessment.scoring import ModelSnapshot, grade
from registry.services import FROZEN_STATUSES


class GradingInPointForm:
    prefix = "grading"

    def form(self, *, data, point, user):
        if point.pk and (point.status in FROZEN_STATUSES or not can_grade(user, point)):
            return None
        model = GradingModel.objects.filter(is_current=True).first()
        factors = factors_with_options(model) if model else []
        if not factors:
            return None
        existing = (
            PointGrading.objects.filter(point_id=point.pk).prefetch_related("answers").first()
            if point.pk
            else None
        )
        if existing and existing.override_level:
            # An override stands until it is withdrawn on the grading page.
            return None
        chosen = {o.pk for o in existing.answers.all()} if existing else set()
        form = GradingForm(data, factors=factors, chosen=chosen, prefix=self.prefix)
        form.grading_model = model
        return form

    def level(self, form) -> int:
        return grade(ModelSnapshot.load(form.grading_model), form.option_ids()).level

    def save(self, form, *, point, by) -> None:
        point_grade(point=point, option_ids=form.option_ids(), by=by)


grading_in_point_form = GradingInPointForm()

"""Gradings over the API: the recorded factors and the level they give, for the points
the caller sees (scoped through ``RiskPoint.objects.visible_to``)."""

from rest_framework import serializers

from assessment.models import PointGrading
from registry.api.scoped import ScopedReadOnlyViewSet
from registry.models import RiskPoint


class PointGradingSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointGrading
        fields = [
            "id", "point", "grading_model", "answers", "likelihood_score", "harm_score",
            "likelihood_band", "harm_band", "computed_level", "override_level",
            "override_reason",
        ]  # fmt: skip


class GradingViewSet(ScopedReadOnlyViewSet):
    serializer_class = PointGradingSerializer
    filterset_fields = ["point", "computed_level", "override_level"]

    def scoped_queryset(self):
        points = RiskPoint.objects.visible_to(self.request.user)
        return PointGrading.objects.filter(point__in=points).prefetch_related("answers")

"""The power list over the API: powers with their flow steps and discretion bands,
read as the power pages read them (``PowerItem.objects.visible_to``)."""

from rest_framework import serializers

from powers.forms import PowerFilterForm
from powers.models import DiscretionBand, FlowStep, PowerItem
from powers.selectors import filter_powers
from registry.api.scoped import ScopedReadOnlyViewSet


class FlowStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = FlowStep
        fields = [
            "id", "order", "name", "post", "time_limit", "duty", "control",
            "complaint_channel", "risk_points",
        ]  # fmt: skip


class DiscretionBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscretionBand
        exclude = ["power"]


class PowerItemSerializer(serializers.ModelSerializer):
    steps = FlowStepSerializer(many=True, read_only=True)
    discretion_bands = DiscretionBandSerializer(many=True, read_only=True)

    class Meta:
        model = PowerItem
        fields = "__all__"


class PowerItemViewSet(ScopedReadOnlyViewSet):
    serializer_class = PowerItemSerializer
    page_filters = (PowerFilterForm, filter_powers)  # the power list's own filters

    def scoped_queryset(self):
        return PowerItem.objects.visible_to(self.request.user).prefetch_related(
            "steps__risk_points", "discretion_bands"
        )

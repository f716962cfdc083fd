"""The PDCA cycle over the API: cycles, draws, inspections and rectification items,
scoped as the cycle's pages scope them; rectification steps and evidence go through
``pdca.services.rectification`` with the page's own form."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from pdca import selectors
from pdca.filtering import RectificationFilterForm, filter_rectification
from pdca.forms import StepForm
from pdca.models import Cycle, Inspection, RectificationItem
from pdca.services.rectification import STEPS
from registry.api.errors import form_errors
from registry.api.scoped import ScopedReadOnlyViewSet, body


class CycleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cycle
        fields = ["id", "district", "year", "previous", "created_at"]


class DrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    district = serializers.IntegerField(source="district_id")
    quarter = serializers.CharField()
    percent = serializers.IntegerField()
    weighted = serializers.BooleanField()
    selected = serializers.ListField(child=serializers.IntegerField())
    drawn_at = serializers.DateTimeField()


class InspectionSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="code", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id", "draw", "source", "source_name", "title", "unit", "inspector", "planned_by",
            "planned_at", "status", "completed_at", "summary",
        ]  # fmt: skip


class RectificationItemSerializer(serializers.ModelSerializer):
    # The source's code, as when the origins were fixed choices; its name beside it.
    source = serializers.SlugRelatedField(slug_field="code", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    reference = serializers.SerializerMethodField()
    repeat = serializers.SerializerMethodField()

    class Meta:
        model = RectificationItem
        fields = [
            "id", "unit", "cycle", "source", "source_name", "reference", "repeat", "title",
            "owner", "inspector", "deadline", "status", "evidence_note", "closed_at",
            "reopened_count", "created_at",
        ]  # fmt: skip

    def get_reference(self, item) -> str:
        return item.finding.reference if item.finding else ""

    def get_repeat(self, item) -> bool:
        """The finding is a repeat (屡查屡犯) of an earlier one."""
        return bool(item.finding and item.finding.repeat_of_id)


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[s.name for s in STEPS.values()])
    comment = serializers.CharField(required=False, allow_blank=True)
    new_deadline = serializers.DateField(required=False, allow_null=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class CycleViewSet(ScopedReadOnlyViewSet):
    serializer_class = CycleSerializer
    filterset_fields = ["year", "district"]

    def scoped_queryset(self):
        return Cycle.objects.visible_to(self.request.user)


class DrawViewSet(ScopedReadOnlyViewSet):
    serializer_class = DrawSerializer
    filterset_fields = ["quarter", "district"]

    def scoped_queryset(self):
        return selectors.visible_draws(self.request.user)


class InspectionViewSet(ScopedReadOnlyViewSet):
    serializer_class = InspectionSerializer
    filterset_fields = ["draw", "unit", "status"]

    def scoped_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related("source")


class RectificationItemViewSet(ScopedReadOnlyViewSet):
    serializer_class = RectificationItemSerializer
    page_filters = (RectificationFilterForm, filter_rectification)  # the list page's own

    def scoped_queryset(self):
        return RectificationItem.objects.visible_to(self.request.user).select_related(
            "source", "finding"
        )

    @extend_schema(
        request={
            "multipart/form-data": StepInputSerializer,
            "application/json": StepInputSerializer,
        },
        responses=RectificationItemSerializer,
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Submit evidence, verify, reject, close or extend, as the item's page does."""
        item = selectors.get_item(user=request.user, pk=pk)
        sent = body(StepInputSerializer, request)
        sent.pop("files", None)
        form = StepForm(sent, request.FILES)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        if data["step"] not in STEPS:
            raise PermissionDenied(_("This step does not exist."))
        form.advance(item, by=request.user)
        return Response(RectificationItemSerializer(self.get_object()).data)

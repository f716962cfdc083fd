"""The register's endpoints: organisation, risk points with measures, lists, sign-offs,
change history and ledger uploads."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from registry import selectors
from registry.api import serializers as s
from registry.api.errors import form_errors
from registry.api.scoped import ScopedReadOnlyViewSet, body
from registry.api.writes import risk_point_act, risk_point_save_from_data
from registry.filtersets import RiskPointFilterSet
from registry.history import object_history
from registry.history_registry import tracked_models
from registry.ledger.forms import LedgerUploadForm
from registry.ledger.problems import BadFile
from registry.models import (
    ImportBatch,
    Measure,
    Person,
    RiskList,
    RiskPoint,
    SignOff,
)
from registry.roles import FILL, HISTORY, VIEW
from registry.scoping import (
    can_read_history,
    can_write_register,
    scope_for,
    visible_departments,
    visible_posts,
    visible_units,
)
from registry.services import FROZEN_STATUSES
from registry.workflow import open_revision


class UnitViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.UnitSerializer

    def scoped_queryset(self):
        return visible_units(self.request.user)


class DepartmentViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.DepartmentSerializer

    def scoped_queryset(self):
        return visible_departments(self.request.user)


class PostViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.PostSerializer

    def scoped_queryset(self):
        return visible_posts(self.request.user)


class PersonViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.PersonSerializer

    def scoped_queryset(self):
        return Person.objects.filter(unit__in=visible_units(self.request.user))


@extend_schema_view(
    create=extend_schema(request=s.RiskPointInputSerializer),
    partial_update=extend_schema(request=s.RiskPointInputSerializer),
)
class RiskPointViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """Risk points with their measures; filters as on the register page."""

    serializer_class = s.RiskPointSerializer
    filterset_class = RiskPointFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        measures = Prefetch("measures", queryset=Measure.objects.order_by("sort_order", "id"))
        return RiskPoint.objects.visible_to(self.request.user).prefetch_related(measures)

    def create(self, request, *args, **kwargs):
        if not can_write_register(request.user):
            raise PermissionDenied(_("Your roles do not allow writing risk points."))
        body = self._input(request)
        point = risk_point_save_from_data(risk_point=RiskPoint(), data=body, by=request.user)
        return Response(self._read(point), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        point = self.get_object()
        if not selectors.can_edit_risk_point(user=request.user, risk_point=point):
            raise PermissionDenied(_("You may read this risk point but not change it."))
        if point.status in FROZEN_STATUSES:
            raise PermissionDenied(
                _("A point on notice or in effect is not edited in place: open a revision instead.")
            )
        body = self._input(request, partial=True)
        risk_point_save_from_data(risk_point=point, data=body, by=request.user)
        return Response(self._read(point))

    @extend_schema(request=s.TransitionInputSerializer, responses=s.RiskPointSerializer)
    @action(detail=True, methods=["post"])
    def act(self, request, pk=None):
        """A workflow step: submit, sign, review, approve, decide, or return."""
        point = self.get_object()
        serializer = s.TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        risk_point_act(point=point, data=serializer.validated_data, by=request.user)
        return Response(self._read(point))

    @extend_schema(request=None, responses={201: s.RiskPointSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Open a draft revision of a point on notice or in effect; returns the revision."""
        point = self.get_object()
        if not scope_for(request.user).allows(FILL, point):
            raise PermissionDenied(_("You may read this risk point but not change it."))
        revision = open_revision(point=point, by=request.user)
        return Response(self._read(revision), status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.SignOffSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="sign-offs", pagination_class=None)
    def sign_offs(self, request, pk=None):
        point = self.get_object()
        rows = (
            SignOff.objects.filter(risk_point=point)
            .select_related("by__person")
            .order_by("at", "id")
        )
        return Response(s.SignOffSerializer(rows, many=True).data)

    @staticmethod
    def _input(request, partial: bool = False) -> dict:
        # What the body sent (not defaults), so a PATCH keeps the fields it leaves out.
        return body(s.RiskPointInputSerializer, request, partial=partial)

    def _read(self, point: RiskPoint) -> dict:
        return self.get_serializer(self.scoped_queryset().get(pk=point.pk)).data


class RiskListViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.RiskListSerializer

    def scoped_queryset(self):
        return RiskList.objects.filter(unit__in=visible_units(self.request.user))

    @extend_schema(responses=s.SignOffSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="sign-offs")
    def sign_offs(self, request, pk=None):
        """The sign-offs of the points of this list the caller sees."""
        risk_list = self.get_object()
        points = RiskPoint.objects.visible_to(request.user).filter(
            unit=risk_list.unit, year=risk_list.year
        )
        rows = (
            SignOff.objects.filter(risk_list=risk_list, risk_point__in=points)
            .select_related("by__person")
            .order_by("-id")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.SignOffSerializer(page, many=True).data)


class HistoryView(APIView):
    """The change history of one object, as the history page shows it."""

    @extend_schema(
        responses=s.HistoryEntrySerializer(many=True),
        parameters=[OpenApiParameter("model", str, OpenApiParameter.PATH)],
    )
    def get(self, request, model: str, pk: int):
        if model not in tracked_models():
            raise Http404
        reader = can_read_history(request.user)
        entries = object_history(
            viewer=request.user, model_key=model, pk=pk, action=HISTORY if reader else VIEW
        )
        if not entries:
            raise Http404
        if not reader:
            raise PermissionDenied(
                _("Only auditors, discipline staff and admins read change history.")
            )
        return Response(s.HistoryEntrySerializer(entries, many=True).data)


class LedgerBatchViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Ledger uploads: POST a file, then poll the batch until it is checked."""

    serializer_class = s.ImportBatchSerializer

    def scoped_queryset(self):
        batches_seen = ImportBatch.objects.all()
        if not self.request.user.is_superuser:
            batches_seen = batches_seen.filter(created_by_id=self.request.user.pk)
        return batches_seen

    def list(self, request, *args, **kwargs):
        _require_importer(request.user)
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": s.LedgerUploadSerializer},
        responses={202: s.ImportBatchSerializer},
    )
    def create(self, request, *args, **kwargs):
        _require_importer(request.user)
        form = LedgerUploadForm(body(s.LedgerUploadSerializer, request), request.FILES)
        if not form.is_valid():
            raise form_errors(form)
        try:
            batch = form.upload(by=request.user)
        except BadFile as error:
            raise ValidationError({"file": [error.message]}) from None
        return Response(s.ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


def _require_importer(user) -> None:
    if not can_write_register(user):
        raise PermissionDenied(_("Your roles do not allow importing risk points."))

"""Early warning over the API: warning information, disposal cases and notices for
whoever reads the unit as a whole (``earlywarning.access``). Complainant details are
shown to the unit's discipline staff only, everyone else gets null; intake goes
through the intake page's form and ``warning_record``."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from earlywarning import access, selectors
from earlywarning.filtering import CaseFilterForm, WarningFilterForm, filter_cases, filter_warnings
from earlywarning.forms import WarningForm
from earlywarning.models import DisposalCase, Notice, WarningInfo
from earlywarning.services.intake import warning_record
from registry.api.errors import form_errors
from registry.api.scoped import ScopedReadOnlyViewSet, body

COMPLAINANT_FIELDS = ("complainant_name", "complainant_contact", "complainant_note")


class WarningSerializer(serializers.ModelSerializer):
    complainant_name = serializers.CharField(allow_null=True, read_only=True)
    complainant_contact = serializers.CharField(allow_null=True, read_only=True)
    complainant_note = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = WarningInfo
        fields = [
            "id", "unit", "person", "risk_point", "source_type", "received_on", "summary",
            "facts", "verification", "verification_reason", "is_major", "verified_at",
            "created_at", *COMPLAINANT_FIELDS,
        ]  # fmt: skip

    def to_representation(self, warning):
        data = super().to_representation(warning)
        if not access.is_discipline_staff(self.context["request"].user, warning.unit):
            data.update(dict.fromkeys(COMPLAINANT_FIELDS))
        return data


class WarningInputSerializer(serializers.Serializer):
    """The intake page's fields."""

    unit = serializers.IntegerField()
    person = serializers.IntegerField(required=False, allow_null=True)
    source_type = serializers.CharField()
    received_on = serializers.DateField()
    summary = serializers.CharField()
    facts = serializers.CharField()
    risk_point_code = serializers.CharField(required=False, allow_blank=True)
    complainant_name = serializers.CharField(required=False, allow_blank=True)
    complainant_contact = serializers.CharField(required=False, allow_blank=True)
    complainant_note = serializers.CharField(required=False, allow_blank=True)


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisposalCase
        fields = [
            "id", "warning", "unit", "person", "step", "status", "step_started_at", "deadline",
            "resolution", "opened_at", "closed_at",
        ]  # fmt: skip


class NoticeSerializer(serializers.ModelSerializer):
    # A notice is a numbered document (registry.documents): its number lives there.
    year = serializers.IntegerField(source="document.year", read_only=True)
    number = serializers.IntegerField(source="document.number", read_only=True)
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id", "kind", "year", "number", "reference", "unit", "warning", "case", "issued_to", "facts",
            "required_action", "deadline",
        ]  # fmt: skip


class NoticeFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="document__year")

    class Meta:
        model = Notice
        fields = ["unit", "kind"]


class WholeUnitReaderViewSet(ScopedReadOnlyViewSet):
    """Lists need a grant on a whole unit, as the warning pages do (403 otherwise)."""

    def list(self, request, *args, **kwargs):
        if not access.reads_any(request.user):
            raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
        return super().list(request, *args, **kwargs)


@extend_schema_view(create=extend_schema(request=WarningInputSerializer))
class WarningViewSet(mixins.CreateModelMixin, WholeUnitReaderViewSet):
    serializer_class = WarningSerializer
    page_filters = (WarningFilterForm, filter_warnings)  # the warning list's own filters

    def scoped_queryset(self):
        return selectors.warnings_for(self.request.user)

    def create(self, request, *args, **kwargs):
        if not access.is_discipline_staff(request.user):
            raise PermissionDenied(
                _("Only discipline-inspection staff take in warning information.")
            )
        form = WarningForm(body(WarningInputSerializer, request), user=request.user)
        if not form.is_valid():
            raise form_errors(form)
        warning = warning_record(warning=form.instance, by=request.user)
        shown = self.get_serializer(self.scoped_queryset().get(pk=warning.pk)).data
        return Response(shown, status=status.HTTP_201_CREATED)


class CaseViewSet(WholeUnitReaderViewSet):
    serializer_class = CaseSerializer
    page_filters = (CaseFilterForm, filter_cases)  # the case list's own filters

    def scoped_queryset(self):
        return selectors.cases_for(self.request.user)


class NoticeViewSet(WholeUnitReaderViewSet):
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter

    def scoped_queryset(self):
        notices = Notice.objects.select_related("document__kind", "document__issuer")
        return access.readable(notices, self.request.user)

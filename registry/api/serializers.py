"""What the API shows of the register. People carry no private fields: no login,
no contact details, nothing the organisation page keeps for administrators."""

from rest_framework import serializers

from registry.models import (
    Department,
    ImportBatch,
    Measure,
    Person,
    Post,
    RiskList,
    RiskPoint,
    SignOff,
    Unit,
)
from registry.people import display_name


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "depth", "is_active"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "unit", "name", "is_active"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "unit", "department", "name", "duties", "is_key_post", "is_active"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "unit", "department", "name", "title", "is_active"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = [
            "id", "defence_line", "text", "responsible_person", "due_date", "status", "sort_order"
        ]  # fmt: skip


class RiskPointSerializer(serializers.ModelSerializer):
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = RiskPoint
        fields = [
            "id", "unit", "department", "post", "scope", "code", "name", "manifestation",
            "category", "level", "discovery_method", "responsible_person", "supervisor",
            "time_limit", "status", "year", "remarks", "status_changed_at", "revision_of",
            "created_at", "updated_at", "measures",
        ]  # fmt: skip


class MeasureInputSerializer(serializers.Serializer):
    """A measure to keep, change (with ``id``), add (without) or remove (``delete``)."""

    id = serializers.IntegerField(required=False)
    defence_line = serializers.CharField(required=False)
    text = serializers.CharField(required=False, allow_blank=True)
    responsible_person = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(required=False)
    delete = serializers.BooleanField(required=False, default=False)


class RiskPointInputSerializer(serializers.Serializer):
    """The fields of the register's edit page (the page's form validates them)."""

    unit = serializers.IntegerField()
    scope = serializers.CharField()
    department = serializers.IntegerField(required=False, allow_null=True)
    post = serializers.IntegerField(required=False, allow_null=True)
    code = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField()
    manifestation = serializers.CharField(required=False, allow_blank=True)
    category = serializers.IntegerField()
    level = serializers.IntegerField(required=False)
    discovery_method = serializers.CharField(required=False, allow_blank=True)
    responsible_person = serializers.IntegerField(required=False, allow_null=True)
    supervisor = serializers.IntegerField(required=False, allow_null=True)
    time_limit = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False)
    remarks = serializers.CharField(required=False, allow_blank=True)
    measures = MeasureInputSerializer(many=True, required=False)


class TransitionInputSerializer(serializers.Serializer):
    """A workflow step on one point, as the point page's action form takes it."""

    action = serializers.ChoiceField(
        choices=["submit", "sign", "review", "approve", "decide", "return"]
    )
    list_version = serializers.IntegerField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    to_draft = serializers.BooleanField(required=False, default=False)
    meeting_date = serializers.DateField(required=False, allow_null=True)
    minutes_ref = serializers.CharField(required=False, allow_blank=True, max_length=100)
    attendees = serializers.ListField(child=serializers.IntegerField(), required=False)
    notice_days = serializers.IntegerField(required=False, allow_null=True)


class RiskListSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskList
        fields = [
            "id", "unit", "year", "version", "returns_count", "last_action_at",
            "meeting_date", "minutes_ref", "notice_days",
        ]  # fmt: skip


class SignOffSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = SignOff
        fields = [
            "id", "risk_point", "risk_list", "action", "from_status", "to_status", "by", "at",
            "comment", "content_hash", "meeting_date", "minutes_ref",
        ]  # fmt: skip

    def get_by(self, sign_off) -> str:
        return display_name(sign_off.by)


class FieldChangeSerializer(serializers.Serializer):
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    change_type = serializers.CharField()
    object_label = serializers.CharField()
    user_label = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class ImportBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = [
            "id", "sheet_type", "file_name", "state", "progress", "progress_text", "message",
            "created_count", "updated_count", "unchanged_count", "error_count", "created_at",
            "committed_at",
        ]  # fmt: skip


class LedgerUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    sheet = serializers.CharField(required=False, allow_blank=True)
    sheet_type = serializers.CharField(required=False, allow_blank=True)
    create_missing = serializers.BooleanField(required=False, default=False)
    year = serializers.IntegerField(required=False, allow_null=True)

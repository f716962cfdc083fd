"""The Django admin for superusers: organisation, register and reference data.

Deletion here follows ``registry.deletion``: what the audit record needs is refused
on the confirmation page, with the reason.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from registry import deletion
from registry.ledger.sheets import sheet_types
from registry.models import (
    ColumnMapping,
    Department,
    HeaderSynonym,
    Measure,
    Notification,
    OutboxMessage,
    Person,
    Post,
    PostTenure,
    RiskCategory,
    RiskPoint,
    RoleAssignment,
    RoleProposal,
    Unit,
)
from registry.notifications import email_retry_now
from registry.services import FROZEN_STATUSES


class KeepsAuditRecord:
    """Refuses, with the reason, to delete what ``registry.deletion`` keeps."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        reasons = [reason for obj in objs if (reason := deletion.refusal(obj))]
        return deleted, counts, perms_needed, [*reasons, *protected]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "department", "is_active"]
    search_fields = ["name", "unit__name", "department__name"]
    autocomplete_fields = ["unit", "department"]


class TenureInline(admin.TabularInline):
    model = PostTenure
    extra = 0
    autocomplete_fields = ["post"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Tenures named by approved points stay; end them instead.
        return super().has_delete_permission(request, obj) and not (
            obj is not None and deletion.refusal(obj) is not None
        )


@admin.register(Person)
class PersonAdmin(KeepsAuditRecord, SimpleHistoryAdmin):
    list_display = ["name", "title", "unit", "department", "user", "is_active"]
    search_fields = ["name", "unit__name", "employee_number"]
    autocomplete_fields = ["unit", "department", "user"]
    inlines = [TenureInline]


@admin.register(PostTenure)
class PostTenureAdmin(KeepsAuditRecord, SimpleHistoryAdmin):
    list_display = ["person", "post", "start_date", "end_date"]
    autocomplete_fields = ["person", "post"]


@admin.register(RiskCategory)
class RiskCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "synonyms", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    autocomplete_fields = ["responsible_person"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A point on notice or in effect keeps the measures it was signed with.
        return super().has_delete_permission(request, obj) and not (
            obj is not None and obj.status in FROZEN_STATUSES
        )


@admin.register(RiskPoint)
class RiskPointAdmin(KeepsAuditRecord, SimpleHistoryAdmin):
    list_display = ["name", "unit", "scope", "level", "category", "status", "year"]
    list_filter = ["scope", "level", "category", "status", "year"]
    search_fields = ["name", "code", "manifestation", "unit__name"]
    autocomplete_fields = ["unit", "department", "post", "responsible_person", "supervisor"]
    list_select_related = ["unit", "category"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(KeepsAuditRecord, SimpleHistoryAdmin):
    list_display = ["__str__", "risk_point", "defence_line", "status", "due_date"]
    list_filter = ["defence_line", "status"]
    search_fields = ["text", "risk_point__name"]
    autocomplete_fields = ["risk_point", "responsible_person"]
    list_select_related = ["risk_point"]


@admin.register(RoleProposal)
class RoleProposalAdmin(SimpleHistoryAdmin):
    """Read-only: proposals are confirmed or declined on the roles page (目录提议的角色),
    under the role policy; deleting one lets the directory propose it again."""

    list_display = ["user", "role", "unit", "state", "source", "proposed_at", "decided_by"]
    list_filter = ["state", "role", "source"]
    search_fields = ["user__username", "unit__name", "groups"]
    list_select_related = ["user", "unit", "decided_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    """Read-only: roles are granted and revoked on the role screen, through
    ``role_grant``/``role_revoke``, which apply the role policy and the permissions."""

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    filter_horizontal = ["departments"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HeaderSynonymForm(forms.ModelForm):
    """Sheet type and column chosen from those the importer knows."""

    class Meta:
        model = HeaderSynonym
        fields = ["sheet_type", "column", "text"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        types = sheet_types()
        self.fields["sheet_type"] = forms.ChoiceField(
            label=HeaderSynonym._meta.get_field("sheet_type").verbose_name,
            choices=[(k, t.label) for k, t in types.items()],
        )
        self.fields["column"] = forms.ChoiceField(
            label=HeaderSynonym._meta.get_field("column").verbose_name,
            choices=[(t.label, [(c.key, c.label) for c in t.columns]) for t in types.values()],
        )

    def clean(self):
        cleaned = super().clean()
        sheet_type = sheet_types().get(cleaned.get("sheet_type", ""))
        if sheet_type is None or cleaned.get("column") not in {c.key for c in sheet_type.columns}:
            self.add_error("column", _("This sheet type has no such column."))
        return cleaned


@admin.register(HeaderSynonym)
class HeaderSynonymAdmin(admin.ModelAdmin):
    """Administrators teach the importer the headers their units' ledgers use."""

    form = HeaderSynonymForm
    list_display = ["text", "column", "sheet_type"]
    list_filter = ["sheet_type", "column"]
    search_fields = ["text"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    """Mappings users chose in the import's mapping step; delete one to be asked again."""

    list_display = ["__str__", "sheet_type", "created_by", "updated_at"]
    list_filter = ["sheet_type"]
    readonly_fields = ["sheet_type", "signature", "headers", "choices", "created_by", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Each recipient's notice and the fate of its email (queued, sent, failed and why)."""

    list_display = [
        "title",
        "recipient",
        "created_at",
        "email_state",
        "email_attempts",
        "email_error",
    ]
    list_filter = ["email_state", "created_at"]
    search_fields = ["title", "recipient__username", "email_error"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry_email"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Retry the email now"))
    def retry_email(self, request, queryset) -> None:
        count = email_retry_now(notifications=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be retried within a minute.",
                "%(count)d emails will be retried within a minute.",
                count,
            )
            % {"count": count},
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Tasks user actions enqueued; unsent ones wait for the broker."""

    list_display = ["__str__", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# h19docs: official documents (kinds and issuers as data)
import registry.documents.admin  # noqa: E402, F401

"""The calendar is data: admins edit the default calendar and each cycle's dates here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pdca.models import (
    Cycle,
    Deadline,
    DeadlineTemplate,
    FindingSource,
    Phase,
    PhaseTemplate,
    RectificationItem,
    SamplingDraw,
    UnitDeadline,
)


class DeadlineTemplateInline(admin.TabularInline):
    model = DeadlineTemplate
    extra = 0


@admin.register(PhaseTemplate)
class PhaseTemplateAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "stage",
        "start_month",
        "start_day",
        "end_month",
        "end_day",
        "sort_order",
    ]
    inlines = [DeadlineTemplateInline]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "district", "year", "previous"]
    readonly_fields = ["previous", "created_by"]
    inlines = [PhaseInline, DeadlineInline]


@admin.register(UnitDeadline)
class UnitDeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "deadline", "due_on", "reason"]
    autocomplete_fields = ["unit"]


@admin.register(SamplingDraw)
class SamplingDrawAdmin(admin.ModelAdmin):
    """Read-only: a draw is evidence of fairness and is never edited."""

    list_display = ["quarter", "district", "percent", "weighted", "drawn_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RectificationItem)
class RectificationItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "owner", "deadline", "status"]
    list_filter = ["status", "source"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit", "owner", "inspector"]
    readonly_fields = ["finding", "closed_at", "reopened_count", "overdue_flagged_on"]


@admin.register(FindingSource)
class FindingSourceAdmin(SimpleHistoryAdmin):
    """Sources of rectification are data; a code in use stays as it is."""

    list_display = ["name", "code", "kind", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["kind", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from registry.models import (
    Department,
    Measure,
    Notification,
    OutboxMessage,
    Person,
    Post,
    PostTenure,
    RiskCategory,
    RiskPoint,
    RoleAssignment,
    Unit,
)
from registry.notifications import email_retry_now


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


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "unit", "department", "user", "is_active"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit", "department", "user"]
    inlines = [TenureInline]


@admin.register(PostTenure)
class PostTenureAdmin(SimpleHistoryAdmin):
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


@admin.register(RiskPoint)
class RiskPointAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "scope", "level", "category", "status", "year"]
    list_filter = ["scope", "level", "category", "status", "year"]
    search_fields = ["name", "code", "manifestation", "unit__name"]
    autocomplete_fields = ["unit", "department", "post", "responsible_person", "supervisor"]
    list_select_related = ["unit", "category"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "risk_point", "defence_line", "status", "due_date"]
    list_filter = ["defence_line", "status"]
    search_fields = ["text", "risk_point__name"]
    autocomplete_fields = ["risk_point", "responsible_person"]
    list_select_related = ["risk_point"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    filter_horizontal = ["departments"]


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

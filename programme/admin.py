"""Administrators correct programme records here; everyday work goes through the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programme.models import (
    Attendance,
    EducationActivity,
    EducationKind,
    Filing,
    FilingDeadline,
    Letter,
    LetterBatch,
    RecordedItem,
    RevisionPlan,
    Rule,
    RuleChange,
)


class LetterInline(admin.TabularInline):
    model = Letter
    extra = 0
    raw_id_fields = ["person", "post"]


@admin.register(LetterBatch)
class LetterBatchAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "kind", "issued_on", "due_on"]
    list_filter = ["kind", "year"]
    inlines = [LetterInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(EducationActivity)
class EducationActivityAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "unit", "kind", "held_on"]
    list_filter = ["kind"]
    inlines = [AttendanceInline]


class RuleChangeInline(admin.TabularInline):
    model = RuleChange
    extra = 0


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "reference", "in_force"]
    raw_id_fields = ["risk_points", "measures"]
    inlines = [RuleChangeInline]


@admin.register(RevisionPlan)
class RevisionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["task", "unit", "owner", "due_on", "done_on", "overdue_since"]
    raw_id_fields = ["owner", "rule"]


@admin.register(Filing)
class FilingAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "filed_on", "due_on", "receipt"]


for model in (EducationKind, FilingDeadline, Letter, RecordedItem):
    admin.site.register(model, SimpleHistoryAdmin)

"""Administrators edit the scheme's data here: rules, thresholds, step deadlines."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from earlywarning.models import ColourThreshold, DeductionRule, StepDeadline


@admin.register(DeductionRule)
class DeductionRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "points", "source_type", "is_active", "sort_order"]
    list_editable = ["points", "is_active"]
    list_filter = ["is_active", "source_type"]


@admin.register(ColourThreshold)
class ColourThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["colour", "min_points"]
    list_editable = ["min_points"]


@admin.register(StepDeadline)
class StepDeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["step", "days"]
    list_editable = ["days"]

"""Administrators edit the grading model, checklist, questionnaire, thresholds and veto
items (一票否决) here.

A frozen grading-model version is read-only: its grades were approved.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessment.models import (
    AppraisalVeto,
    AxisBand,
    ChecklistItem,
    Factor,
    FactorOption,
    GradeThreshold,
    GradingModel,
    MatrixCell,
    RectificationNotice,
    SurveyQuestion,
    VetoRule,
)


class FrozenReadOnly:
    """Model admins that refuse changes under a frozen version.

    ``has_add_permission`` keeps the model admin's own signature (no object): the
    admin's app list calls it for every model.
    """

    def _frozen(self, obj) -> bool:
        model = obj if isinstance(obj, GradingModel) else getattr(obj, "grading_model", None)
        return bool(model is not None and model.refresh_frozen())

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


class FrozenReadOnlyInline(FrozenReadOnly):
    """Inlines are asked with the parent object: no rows are added under a frozen version."""

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not self._frozen(obj)


class FactorInline(FrozenReadOnlyInline, admin.TabularInline):
    model = Factor
    extra = 0
    show_change_link = True


class AxisBandInline(FrozenReadOnlyInline, admin.TabularInline):
    model = AxisBand
    extra = 0


class MatrixCellInline(FrozenReadOnlyInline, admin.TabularInline):
    model = MatrixCell
    extra = 0


@admin.register(GradingModel)
class GradingModelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "is_current", "frozen_at"]
    readonly_fields = ["is_current", "frozen_at", "frozen_reason"]
    # The version stays editable for its notes; its parts are guarded by the inlines.
    inlines = [FactorInline, AxisBandInline, MatrixCellInline]


class FactorOptionInline(FrozenReadOnlyInline, admin.TabularInline):
    model = FactorOption
    extra = 0


@admin.register(Factor)
class FactorAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "axis", "grading_model", "sort_order"]
    list_filter = ["grading_model", "axis"]
    inlines = [FactorOptionInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "weight", "sort_order", "is_active"]
    list_editable = ["weight", "sort_order", "is_active"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "sort_order", "is_active"]


@admin.register(GradeThreshold)
class GradeThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["grade", "min_score"]


@admin.register(VetoRule)
class VetoRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(AppraisalVeto)
class AppraisalVetoAdmin(SimpleHistoryAdmin):
    """Vetoes are recorded and withdrawn on the appraisal page, which keeps the grade in
    step; here they are only read."""

    list_display = ["appraisal", "rule", "recorded_at", "recorded_by", "withdrawn_at"]
    list_filter = ["rule"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RectificationNotice)
class RectificationNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "deadline", "issued_at", "adopted_at"]
    list_filter = ["year"]

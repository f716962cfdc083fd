"""Breadcrumbs of grading and appraisal (see registry/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from registry.breadcrumbs import Crumb, register

register(
    {
        "assessment:index": Crumb(_("Grading and appraisal")),
        "assessment:point_grading": Crumb(_("Grading"), "registry:riskpoint_detail", "point"),
        "assessment:model_list": Crumb(_("Grading model"), "assessment:index"),
        "assessment:model_detail": Crumb(None, "assessment:model_list", "model"),
        "assessment:regrade_detail": Crumb(
            _("Regrade"), "assessment:model_detail", "run", up=lambda run: run.grading_model
        ),
        "assessment:appraisal_list": Crumb(_("Annual appraisals"), "assessment:index"),
        "assessment:appraisal_detail": Crumb(None, "assessment:appraisal_list", "appraisal"),
        "assessment:self_report": Crumb(
            _("Self-report"), "assessment:appraisal_detail", "appraisal"
        ),
        "assessment:checklist": Crumb(_("Checklist"), "assessment:appraisal_detail", "appraisal"),
        "assessment:veto_record": Crumb(_("Veto"), "assessment:appraisal_detail", "appraisal"),
        "assessment:person_list": Crumb(_("Integrity files"), "assessment:index"),
        "assessment:person_file": Crumb(None, "assessment:person_list", "person"),
        "assessment:units_map": Crumb(_("Risk maps"), "assessment:index"),
        "assessment:unit_map": Crumb(None, "assessment:units_map", "unit"),
        "assessment:unit_integrity": Crumb(None, "assessment:index", "unit"),
    }
)

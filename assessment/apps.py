from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Risk grading and appraisal")

    def ready(self) -> None:
        from assessment import receivers  # noqa: F401  (connects the signal receivers)
        from assessment.grading import levels_from_grading
        from registry.levels import register_level_source

        register_level_source(levels_from_grading)

        from assessment.point_form import grading_in_point_form
        from registry.levels import register_grading_form

        register_grading_form(grading_in_point_form)
        from assessment.rollup import grading_filters
        from registry.filtersets import register_point_filter

        for name, make_filter in grading_filters().items():
            register_point_filter(name, make_filter)

    def seed_demo(self, stdout=None) -> dict[str, int]:
        from assessment.demo import seed_demo

        return seed_demo(stdout=stdout)

    def demo_labels(self) -> dict[str, str]:
        return {
            "gradings": _("gradings"),
            "monitor_assignments": _("monitor assignments"),
            "appraisals": _("appraisals"),
            "commitments": _("signed commitments"),
        }

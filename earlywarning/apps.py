from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


# The design calls this app "warnings"; a top-level package of that name would
# be shadowed by Python's own ``warnings`` module, hence "earlywarning".
class EarlyWarningConfig(AppConfig):
    name = "earlywarning"
    verbose_name = _("Early warning and disposal")

    def ready(self) -> None:
        from earlywarning.home import warnings_panel
        from earlywarning.integrity import deduction_rule, deduction_terms, warnings_section
        from earlywarning.pdca_intake import finding_saved
        from registry.home import register_home_panel

        register_home_panel(warnings_panel)

        # Inspection findings become warning information as soon as they are recorded.
        post_save.connect(finding_saved, sender="pdca.Finding", dispatch_uid="ew-finding")
        # Late or missing major-matter pre-reports (programme) and other sibling sources.
        from earlywarning.services.intake import warning_raised_received
        from registry.signals import warning_raised

        warning_raised.connect(warning_raised_received, dispatch_uid="ew-warning-raised")
        try:
            from assessment.integrity import register_index_term, register_section
        except ImportError:  # the integrity file is not there: nothing to add to
            return
        register_section(warnings_section)
        register_index_term(deduction_terms, deduction_rule)

    def seed_demo(self, stdout=None) -> dict[str, int]:
        from earlywarning.demo import seed_demo

        return seed_demo(stdout=stdout)

    def demo_labels(self) -> dict[str, str]:
        return {
            "officers": _("information officers"),
            "officer_reports": _("officer reports"),
            "warnings": _("warning information"),
            "cases": _("disposal cases"),
            "notices": _("notices"),
        }

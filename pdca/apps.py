from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdcaConfig(AppConfig):
    name = "pdca"
    verbose_name = _("PDCA cycle")

    def ready(self) -> None:
        from pdca.home import cycle_panel
        from registry.home import register_home_panel

        register_home_panel(cycle_panel)
        from assessment.integrity import register_index_term
        from pdca.integrity import rectification_terms, rule

        register_index_term(rectification_terms, rule)

    def seed_demo(self, stdout=None) -> dict[str, int]:
        from pdca.demo import seed_demo

        return seed_demo(stdout=stdout)

    def demo_labels(self) -> dict[str, str]:
        return {
            "pdca_cycles": _("annual cycles"),
            "pdca_draws": _("sampling draws"),
            "pdca_findings": _("inspection findings"),
            "pdca_earlier_items": _("rectification items"),
            "pdca_other_sources": _("findings of special inspections and audits"),
        }

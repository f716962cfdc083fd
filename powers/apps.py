from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "powers"
    verbose_name = _("Power lists")

    def seed_demo(self, stdout=None) -> dict[str, int]:
        """Demo power lists for the demo district (called by ``manage.py seed_demo``)."""
        from powers.demo import seed_demo

        return seed_demo(stdout=stdout)

    def ready(self) -> None:
        import powers.ledger  # noqa: F401 — registers the power list as a ledger sheet type

    def demo_labels(self) -> dict[str, str]:
        return {
            "power_categories": _("power categories"),
            "power_items": _("powers"),
            "power_posts": _("posts assigned to powers"),
            "flow_steps": _("flow steps"),
            "step_risk_points": _("risk points on flow steps"),
            "discretion_bands": _("discretion bands"),
        }

"""Breadcrumbs of the PDCA cycle (see registry/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from registry.breadcrumbs import Crumb, register

register(
    {
        "pdca:index": Crumb(_("PDCA cycle")),
        "pdca:cycle_dashboard": Crumb(None, "pdca:index", "cycle"),
        "pdca:carried_points": Crumb(_("Carried-over points"), "pdca:cycle_dashboard", "cycle"),
        "pdca:draw_list": Crumb(_("Quarterly sampling"), "pdca:index"),
        "pdca:draw_detail": Crumb(None, "pdca:draw_list", "draw"),
        "pdca:inspection_detail": Crumb(
            None,
            lambda inspection: (
                "pdca:inspection_list" if inspection.is_planned else "pdca:draw_detail"
            ),
            "inspection",
            up=lambda inspection: None if inspection.is_planned else inspection.draw,
        ),
        "pdca:inspection_list": Crumb(
            _("Special inspections and unannounced checks"), "pdca:index"
        ),
        "pdca:inspection_plan": Crumb(_("Plan an inspection"), "pdca:inspection_list"),
        "pdca:external_finding_create": Crumb(
            _("Record a finding from a patrol, audit or review"), "pdca:rectification_list"
        ),
        "pdca:rectification_sheet": Crumb(None, "pdca:rectification_list", "sheet"),
        "pdca:rectification_list": Crumb(_("Rectification items"), "pdca:index"),
        "pdca:rectification_detail": Crumb(None, "pdca:rectification_list", "item"),
    }
)

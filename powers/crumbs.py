"""Breadcrumbs of the power lists (see registry/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from registry.breadcrumbs import Crumb, register

register(
    {
        "powers:index": Crumb(_("Power lists")),
        "powers:power_create": Crumb(_("New power"), "powers:index"),
        "powers:power_detail": Crumb(None, "powers:index", "power"),
        "powers:power_edit": Crumb(_("Edit"), "powers:power_detail", "power"),
        "powers:power_history": Crumb(_("Change history"), "powers:power_detail", "power"),
        "powers:assignments_edit": Crumb(_("Posts"), "powers:power_detail", "power"),
        "powers:steps_edit": Crumb(_("Flow steps"), "powers:power_detail", "power"),
        "powers:step_edit": Crumb(_("Flow steps"), "powers:power_detail", "power"),
        "powers:bands_edit": Crumb(_("Discretion standards"), "powers:power_detail", "power"),
        "powers:band_edit": Crumb(_("Discretion standards"), "powers:power_detail", "power"),
        "powers:flow_print": Crumb(_("Flow chart"), "powers:power_detail", "power"),
        "powers:post_detail": Crumb(None, "powers:index", "post"),
        "powers:coverage_index": Crumb(_("Coverage"), "powers:index"),
    }
)

"""Breadcrumbs of the register's pages (see registry/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from registry.breadcrumbs import Crumb, register

register(
    {
        "registry:riskpoint_list": Crumb(_("Risk register")),
        "registry:riskpoint_create": Crumb(_("New risk point"), "registry:riskpoint_list"),
        "registry:riskpoint_detail": Crumb(None, "registry:riskpoint_list", "risk_point"),
        "registry:riskpoint_edit": Crumb(_("Edit"), "registry:riskpoint_detail", "risk_point"),
        "registry:riskpoint_history": Crumb(
            _("Change history"), "registry:riskpoint_detail", "risk_point"
        ),
        "registry:risklist_index": Crumb(_("Risk lists")),
        "registry:risklist_detail": Crumb(None, "registry:risklist_index", "risk_list"),
        "registry:org_index": Crumb(_("Organisation")),
        "registry:org_unit": Crumb(None, "registry:org_index", "unit"),
        "registry:org_post": Crumb(None, "registry:org_unit", "post", up=lambda post: post.unit),
        "registry:ledger_history": Crumb(_("Import history")),
        "registry:ledger_import": Crumb(_("Import a ledger"), "registry:ledger_history"),
        "registry:ledger_batch": Crumb(None, "registry:ledger_history", "batch"),
        "registry:search": Crumb(_("Search")),
    }
)

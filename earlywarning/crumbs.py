"""Breadcrumbs of early warning (see registry/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from registry.breadcrumbs import Crumb, register

register(
    {
        "earlywarning:index": Crumb(_("Early warning")),
        "earlywarning:warning_list": Crumb(_("Warning information"), "earlywarning:index"),
        "earlywarning:warning_create": Crumb(_("New warning"), "earlywarning:warning_list"),
        "earlywarning:warning_detail": Crumb(None, "earlywarning:warning_list", "warning"),
        "earlywarning:case_list": Crumb(_("Disposal cases"), "earlywarning:index"),
        "earlywarning:case_detail": Crumb(None, "earlywarning:case_list", "case"),
        "earlywarning:unit_history": Crumb(None, "earlywarning:index", "unit"),
        "earlywarning:person_history": Crumb(None, "earlywarning:index", "person"),
        "earlywarning:officer_list": Crumb(_("Information officers"), "earlywarning:index"),
        "earlywarning:rules": Crumb(_("Deduction rules"), "earlywarning:index"),
        "earlywarning:analysis": Crumb(_("Quarterly analysis"), "earlywarning:index"),
    }
)

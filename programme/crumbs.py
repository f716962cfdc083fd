"""Breadcrumbs of the programme records (see registry/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from registry.breadcrumbs import Crumb, register

register(
    {
        "programme:index": Crumb(_("Programme records")),
        "programme:unit": Crumb(None, "programme:index", "unit"),
        "programme:batch_detail": Crumb(None, "programme:unit", "batch", up=lambda b: b.unit),
        "programme:activity_detail": Crumb(None, "programme:unit", "activity", up=lambda a: a.unit),
        "programme:rule_detail": Crumb(None, "programme:unit", "rule", up=lambda r: r.unit),
        "programme:filing_overview": Crumb(_("Filing upward"), "programme:index"),
        "programme:filing_detail": Crumb(None, "programme:filing_overview", "filing"),
    }
)

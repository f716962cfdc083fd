from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdcaConfig(AppConfig):
    name = "pdca"
    verbose_name = _("PDCA cycle")

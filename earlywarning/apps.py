from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# The design calls this app "warnings"; a top-level package of that name would
# be shadowed by Python's own ``warnings`` module, hence "earlywarning".
class EarlyWarningConfig(AppConfig):
    name = "earlywarning"
    verbose_name = _("Early warning and disposal")

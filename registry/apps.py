from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from registry.text import clean_every_form_text_field


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Organisation and risk register")

    def ready(self) -> None:
        clean_every_form_text_field()

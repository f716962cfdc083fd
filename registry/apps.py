from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Organisation and risk register")

    def ready(self) -> None:
        from registry import deletion

        deletion.connect()

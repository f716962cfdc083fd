from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from registry import checks, sessions  # noqa: F401  (register the deploy checks, login hook)
from registry.empty_choice import translate_empty_choices
from registry.text import clean_every_form_text_field


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Organisation and risk register")

    def ready(self) -> None:
        clean_every_form_text_field()
        translate_empty_choices()
        import registry.ledger.organisation  # noqa: F401 — registers the organisation sheet type
        from registry import deletion

        deletion.connect()

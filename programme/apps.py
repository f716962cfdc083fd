from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme records")

    def ready(self) -> None:
        """Plug the records into the lower apps through their extension points."""
        import programme.ledger_rules  # noqa: F401  (registers the rules ledger)
        import programme.ledgers  # noqa: F401  (registers the attendance ledger)
        from assessment.checklist_sources import register_checklist_scorer
        from assessment.integrity import register_commitment_source, register_section
        from pdca.extra_tables import register_cycle_table
        from programme.appraisal import score_from_records
        from programme.education import education_section
        from programme.integrity import letters_section, signed_commitment_letters
        from programme.pdca_table import programme_table
        from programme.services.filing import file_on_effect
        from registry.signals import list_took_effect

        register_section(letters_section)
        register_section(education_section)
        from programme.services.opinions import opinions_section

        register_section(opinions_section)
        register_commitment_source(signed_commitment_letters)
        register_checklist_scorer(score_from_records)
        register_cycle_table(programme_table)
        list_took_effect.connect(file_on_effect, dispatch_uid="programme-file-upward")

    def seed_demo(self, stdout=None) -> dict[str, int]:
        from programme.demo import seed_demo

        return seed_demo(stdout=stdout)

    def demo_labels(self) -> dict[str, str]:
        return {
            "programme_education": _("education activities"),
            "programme_rules": _("rules"),
            "programme_letters": _("letters"),
            "programme_prereports": _("major-matter pre-reports"),
            "programme_opinions": _("integrity opinion requests"),
        }

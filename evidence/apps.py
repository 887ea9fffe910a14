from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"

    def ready(self) -> None:
        # A pathway's activation page warns when its badge also has an evidence policy;
        # pathways, below evidence, asks through this one check.
        from pathways.selectors import register_award_warning

        from .selectors.policies import evidence_policy_warning

        register_award_warning(evidence_policy_warning)

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "placements.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Registers the casework permissions with django-rules, and the
        # dashboard panel providers.
        from . import rules  # noqa: F401
        from .panels import (  # noqa: F401
            assessments,
            plans,
            requests,
            safeguarding,
            sessions,
            wellbeing,
        )
        from .rules import (  # noqa: F401
            assessments as assessment_rules,
            plans as plan_rules,
            requests as request_rules,
            safeguarding as safeguarding_rules,
            sessions as session_rules,
            wellbeing as wellbeing_rules,
        )

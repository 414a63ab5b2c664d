from importlib import import_module

from django.apps import AppConfig

# The parts of the work; each has a rules module (permissions registered with
# django-rules) and a panels module (dashboard providers) to load at start-up.
PARTS = ("requests", "plans", "sessions", "wellbeing", "safeguarding", "assessments")
# Parts with rules but no dashboard panel of their own (merges flag duplicates on
# the requests panel).
RULES_ONLY = ("merges",)
# The roles whose dashboard panel shows casework (casework/dashboard/<role>.html,
# after placements' and supervision's parts).
DASHBOARD_ROLES = (
    "student",
    "practice_educator",
    "coordinator",
    "school_contact",
    "social_worker",
    "team_manager",
)


class CaseworkConfig(AppConfig):
    name = "placements.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        import_module(f"{self.name}.rules")
        for part in PARTS:
            import_module(f"{self.name}.rules.{part}")
            import_module(f"{self.name}.panels.{part}")
        for part in RULES_ONLY:
            import_module(f"{self.name}.rules.{part}")
        # Placements and portal never import casework (docs/architecture.md): what
        # they need from here comes through their registries. The anonymisation
        # guard refuses the names of the children and carers on the student's and
        # PE's work; the dashboard panels show casework's parts.
        from placements.services.anonymisation import protected_names_source
        from portal.dashboard import panel_template

        from .selectors import names_on_work

        protected_names_source(names_on_work)
        for role in DASHBOARD_ROLES:
            panel_template(role, f"casework/dashboard/{role}.html", order=50)

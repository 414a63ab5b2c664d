from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role

# The parts of the work; each has a rules module (permissions registered with
# django-rules) and a dashboard module (its dashboard panel) to load at start-up.
PARTS = ("requests", "plans", "sessions", "wellbeing", "safeguarding", "assessments")
# Parts with rules but no dashboard panel of their own (merges flag duplicates on
# the requests panel; term dates are linked from the school contact's panel, the
# schools a service works with from the co-ordinator's requests panel).
RULES_ONLY = ("merges", "terms", "school_services")
# The roles that work with children's records (rules.CHILD_ROLES); the dashboard
# panel of each shows casework (casework/dashboard/<role>.html, after placements'
# and supervision's parts).
CASEWORK_ROLES = (
    Role.STUDENT,
    Role.PRACTICE_EDUCATOR,
    Role.COORDINATOR,
    Role.SCHOOL_CONTACT,
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
)


def _names_on_work(**people) -> set[str]:
    # The selector is looked up at each call, so it stays the one place to change.
    from . import selectors

    return selectors.names_on_work(**people)


class CaseworkConfig(AppConfig):
    name = "placements.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        import_module(f"{self.name}.rules")
        for part in PARTS:
            import_module(f"{self.name}.rules.{part}")
            import_module(f"{self.name}.dashboard.{part}")
        for part in RULES_ONLY:
            import_module(f"{self.name}.rules.{part}")
        # Placements and portal never import casework (docs/architecture.md): what
        # they need from here comes through their registries. The anonymisation
        # guard refuses the names of the children and carers on the student's and
        # PE's work; the dashboard panels show casework's parts.
        from placements.services.anonymisation import protected_names_source
        from portal.dashboard import panel_template
        from portal.navigation import nav_section

        protected_names_source(_names_on_work)
        for role in CASEWORK_ROLES:
            panel_template(role, f"casework/dashboard/{role.value}.html", order=50)
        # The header's sections (portal.navigation), each shown to those its list page
        # lets in; `also` marks the section current on the pages of its records that
        # sit outside its address (a plan's sessions, wellbeing measures and closures).
        nav_section(
            _("Children"), "casework:child_list", order=20, also=("/portal/casework/merges/",)
        )
        nav_section(_("Requests"), "casework:request_list", order=30)
        nav_section(
            _("Plans"),
            "casework:plan_list",
            order=40,
            also=(
                "/portal/casework/sessions/",
                "/portal/casework/wellbeing/",
                "/portal/casework/plan-children/",
            ),
        )
        nav_section(_("Assessments"), "casework:assessment_list", order=50)
        nav_section(_("Safeguarding"), "casework:concern_list", order=60)

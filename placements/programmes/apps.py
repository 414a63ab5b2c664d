from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _names_on_groups(**people) -> set[str]:
    # Looked up at each call, so the selector stays the one place to change.
    from .selectors.cofacilitation import names_on_groups

    return names_on_groups(**people)


class ProgrammesConfig(AppConfig):
    """Programmes for families (issue 18): POCAR now, the Children's Program later.

    Nothing earlier imports this app (docs/architecture.md): portal/urls.py mounts
    its public pages by string, and seed_demo calls its seed."""

    name = "placements.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from cms.facts import register_figure
        from placements.services.anonymisation import protected_names_source
        from portal.navigation import nav_section

        from . import dashboard, rules  # noqa: F401  (permissions and the dashboard panels)
        from .models import Leader
        from .selectors.programmes import certified_leaders_now

        # A student co-facilitating a group writes evidence the university reads: the
        # anonymisation guard refuses the names of the families on their groups.
        protected_names_source(_names_on_groups)

        # Public pages may show how many certified leaders there are (issue 19, R5).
        register_figure(
            "programmes.certified_leaders",
            "Certified Children's Program leaders (valid today)",
            certified_leaders_now,
            changes_with=[Leader],
        )

        # Every staff page of the app sits under /portal/programmes/.
        nav_section(
            _("Programmes"), "programmes:referral_list", order=75, also=("/portal/programmes/",)
        )

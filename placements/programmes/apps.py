from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Programmes for families (issue 18): POCAR now, the Children's Program later.

    Nothing earlier imports this app (docs/architecture.md): portal/urls.py mounts
    its public pages by string, and seed_demo calls its seed."""

    name = "placements.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from portal.navigation import nav_section

        from . import rules  # noqa: F401  (registers the permissions)

        # Every staff page of the app sits under /portal/programmes/.
        nav_section(
            "Programmes", "programmes:referral_list", order=75, also=("/portal/programmes/",)
        )

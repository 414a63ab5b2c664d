from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # The dashboard module registers its panel providers; signals books the
        # weekly sessions when a learning agreement is saved; exports registers
        # the supervision log with the background document exports. Placements
        # never imports supervision (docs/architecture.md): oversight,
        # placement_section, progress, timeline and seed fill its registries for
        # the RAG status, the placement page's section, the progress panel's
        # "What is next", the timeline and the demo data.
        from portal.navigation import nav_section_also

        from . import (  # noqa: F401
            dashboard,
            exports,
            oversight,
            placement_section,
            progress,
            seed,
            signals,
            timeline,
        )

        # Files on observations and feedback sheets (portal.attachments).
        from .services import observation_attachments

        observation_attachments.register()

        # Supervision's pages are about a placement: the header marks Placements on them.
        nav_section_also("placements:placement_list", "/portal/supervision/")

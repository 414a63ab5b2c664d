from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Placements and practice learning"

    def ready(self) -> None:
        # The transition table registers its permissions; the dashboard module
        # registers its panel providers; visits adds its section and timeline entries.
        from portal.navigation import nav_section

        from . import dashboard, transitions, visits  # noqa: F401
        from .services import evidence_attachments

        # Files on capability evidence (portal.attachments): who sees them, retention.
        evidence_attachments.register()

        # The header's sections (portal.navigation): each shows to those its page lets in.
        nav_section(_("Placements"), "placements:placement_list", order=10)
        nav_section(_("People"), "placements:people", order=90)
        nav_section(_("Allocation"), "placements:allocation", order=91)

        # The placement list's CSV and XLSX are made in the background (portal.exports):
        # about the person who asked, with the list's filters as its parameters.
        from portal import exports

        from .views.export import EXPORT_PERMISSION, PLACEMENT_LIST, render_placement_list

        exports.register(
            PLACEMENT_LIST,
            render=render_placement_list,
            permission=EXPORT_PERMISSION,
            scope=EXPORT_PERMISSION,
            job=True,
        )

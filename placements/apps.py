from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Placements and practice learning"

    def ready(self) -> None:
        # The transition table registers its permissions; the dashboard module
        # registers its panel providers.
        from portal.navigation import nav_section

        from . import dashboard, transitions  # noqa: F401

        # The header's sections (portal.navigation): each shows to those its page lets in.
        nav_section("Placements", "placements:placement_list", order=10)
        nav_section("People", "placements:people", order=90)
        nav_section("Allocation", "placements:allocation", order=91)

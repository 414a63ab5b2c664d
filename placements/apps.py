from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Placements and practice learning"

    def ready(self) -> None:
        # The transition table registers its permissions; the dashboard module
        # registers its panel providers.
        from . import dashboard, transitions  # noqa: F401

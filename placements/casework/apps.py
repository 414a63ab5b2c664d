from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "placements.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Registers the casework permissions with django-rules.
        from . import rules  # noqa: F401

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # The dashboard module registers its panel providers.
        from . import dashboard  # noqa: F401

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # The dashboard module registers its panel providers; signals books the
        # weekly sessions when a learning agreement is saved.
        from . import dashboard, signals  # noqa: F401

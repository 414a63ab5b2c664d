from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # The dashboard module registers its panel providers; signals books the
        # weekly sessions when a learning agreement is saved; exports registers
        # the supervision log with the background document exports.
        from . import dashboard, exports, signals  # noqa: F401

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self):
        from . import signals  # noqa: F401 - connects the agreement receiver

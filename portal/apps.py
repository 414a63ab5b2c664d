from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import signals, workingdays  # noqa: F401  (workingdays: its request signals)

from django.apps import AppConfig


class LifestoryConfig(AppConfig):
    name = "lifestory"
    verbose_name = "Life Story Books"

    def ready(self) -> None:
        from . import dashboard, rules  # noqa: F401  (permissions registered on import)

        dashboard.register()

from django.apps import AppConfig


class LifestoryConfig(AppConfig):
    name = "lifestory"
    verbose_name = "Life Story Books"

    def ready(self) -> None:
        from portal.reminders import reminder_source

        from . import dashboard, rules  # noqa: F401  (permissions registered on import)
        from .reminders import life_story_deadlines

        dashboard.register()
        reminder_source(life_story_deadlines)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifestoryConfig(AppConfig):
    name = "lifestory"
    verbose_name = "Life Story Books"

    def ready(self) -> None:
        from portal.navigation import nav_section
        from portal.reminders import reminder_source

        from . import dashboard, rules  # noqa: F401  (permissions registered on import)
        from .reminders import life_story_deadlines

        dashboard.register()
        reminder_source(life_story_deadlines)
        # A header section (portal.navigation), shown to those the book list lets in.
        nav_section(_("Life Story Books"), "lifestory:book_list", order=70)
        # Photos attached to evidence and observations are cleaned as the books' are.
        from portal.attachments.content import image_cleaner

        from .media import clean_image

        image_cleaner(clean_image)

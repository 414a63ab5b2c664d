from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "portal.attachments"
    label = "attachments"
    verbose_name = "Attachments"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (files go with their rows)

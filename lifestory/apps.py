from django.apps import AppConfig


class LifestoryConfig(AppConfig):
    name = "lifestory"
    verbose_name = "Life Story Books"

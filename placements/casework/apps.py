from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "placements.casework"
    label = "casework"
    verbose_name = "Casework"

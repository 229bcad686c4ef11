from django.apps import AppConfig


class BeslutConfig(AppConfig):
    name = "beslut"
    verbose_name = "Beslut"

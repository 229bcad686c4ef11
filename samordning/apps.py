from django.apps import AppConfig


class SamordningConfig(AppConfig):
    name = "samordning"
    verbose_name = "Förbundet och användare"

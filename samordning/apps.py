from django.apps import AppConfig


class SamordningConfig(AppConfig):
    name = "samordning"
    verbose_name = "Förbundet och användare"

    def ready(self):
        # Connects the login receiver that starts the session clock.
        from samordning import middleware  # noqa: F401

from django.apps import AppConfig


class AnsokningarConfig(AppConfig):
    name = "ansokningar"
    verbose_name = "Ansökningar"

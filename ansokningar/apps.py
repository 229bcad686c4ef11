from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnsokningarConfig(AppConfig):
    name = "ansokningar"
    verbose_name = "Ansökningar"

    def ready(self):
        from samordning import audit

        # How this app's newer actions read in the history lists (the shared
        # table in samordning.audit holds the older ones).
        audit.HANDLINGAR.setdefault("ansokan.bilaga_borttagen", _("Bilaga borttagen"))

"""What a meeting's kallelse was when it went out (issue 10, item 4).

Every sending of a kallelse (the first, and each revision the sekreterare
sends after the papers changed) is a Kallelseutskick: the kallelse PDF as
sent, with its SHA-256, and the föredragningslista it listed (innehall), so
the packet can say what changed since. Never changed after it is written.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beslut.models.sammantrade import Sammantrade


class Kallelseutskick(models.Model):
    sammantrade = models.ForeignKey(
        Sammantrade, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="utskick"
    )
    nummer = models.PositiveIntegerField(_("utskick"), help_text=_("1 för kallelsen, 2 och uppåt för revideringar."))
    pdf = models.FileField(upload_to="kallelser/%Y/")
    sha256 = models.CharField(max_length=64)
    skickad = models.DateTimeField(_("skickad"), auto_now_add=True)
    skickad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skickad av"), on_delete=models.PROTECT, related_name="+"
    )
    # The föredragningslista as sent: per ärende its id, number, type, title
    # and what its documents were (beslut.services.kallelse.innehall).
    innehall = models.JSONField(_("innehåll"))
    andringar = models.TextField(_("ändringar"), blank=True)

    class Meta:
        verbose_name = _("utskick av kallelse")
        verbose_name_plural = _("utskick av kallelser")
        ordering = ["sammantrade", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["sammantrade", "nummer"], name="unikt_kallelseutskick"),
        ]

    def __str__(self):
        return f"{self.sammantrade} kallelse {self.nummer}"

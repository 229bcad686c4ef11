"""Avvikelserapporter: the insatsägare tells the förbund that the insats
has changed significantly (insatser.avvikelser: rapportera → hantera, and
from "kräver nytt beslut" a beslutsförslag)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from insatser.models.insats import Insats
from samordning.models import version_field

INGA_PERSONUPPGIFTER = _(
    "Skriv inga personuppgifter om deltagare (namn, personnummer, hälsa eller liknande): "
    "beskriv förändringen och ange deltagare bara som antal."
)


class Avvikelse(models.Model):
    """A significant change reported by the insatsägare: what changed, since
    when and what it means for goals, budget, participants and staffing.
    The handläggare notes it or finds that it needs a new decision; then a
    beslutsförslag may be drafted from it (`beslutsforslag`)."""

    class Status(models.TextChoices):
        INLAMNAD = "inlamnad", _("Ny, ej hanterad")
        NOTERAD = "noterad", _("Noterad")
        KRAVER_BESLUT = "kraver_beslut", _("Kräver nytt beslut")

    insats = models.ForeignKey(
        Insats, verbose_name=_("insats"), on_delete=models.PROTECT, related_name="avvikelser"
    )
    vad = models.TextField(_("vad har förändrats"), help_text=INGA_PERSONUPPGIFTER)
    sedan = models.DateField(_("sedan när"))
    konsekvenser = models.TextField(
        _("konsekvenser för mål, budget, deltagare och bemanning"), help_text=INGA_PERSONUPPGIFTER
    )
    atgarder = models.TextField(
        _("vad ni gör eller föreslår"), blank=True, help_text=INGA_PERSONUPPGIFTER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INLAMNAD
    )
    inlamnad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlämnad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inlamnad = models.DateTimeField(_("inlämnad"))
    hanterad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hanterad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hanterad = models.DateTimeField(_("hanterad"), null=True, blank=True)
    kommentar = models.TextField(
        _("handläggarens kommentar"), blank=True, help_text=INGA_PERSONUPPGIFTER
    )
    # The proposal drafted from it ("kräver nytt beslut"): the way from the
    # report to the board's decision.
    beslutsforslag = models.ForeignKey(
        "beslut.Beslutsforslag",
        verbose_name=_("beslutsförslag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="avvikelser",
    )
    version = version_field()

    class Meta:
        verbose_name = _("avvikelserapport")
        verbose_name_plural = _("avvikelserapporter")
        ordering = ["-inlamnad", "-id"]
        indexes = [models.Index(fields=["status", "inlamnad"], name="avvikelse_status_inlamnad")]

    def __str__(self):
        return _("Avvikelse i %(insats)s från %(datum)s") % {
            "insats": self.insats,
            "datum": self.sedan,
        }

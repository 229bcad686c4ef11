"""What a decision did to its case (issue 10, item 9).

A decided § drives its case once its protokoll (or the § alone, omedelbart)
is justerat; a delegationsbeslut drives it when the förbundschef fastställer
it. Either way one Beslutsverkan records what was done (the insats granted
or extended, the application closed, sent back or moved to the next
meeting) and so that it is done once: beslut.services.verkstallighet.

A Delegationsbeslut is the decision the förbundschef takes alone: the
fastställd version of a delegation proposal is its document, and it is
reported (anmäls) at the organ's next meeting.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansokningar.models import Ansokan
from beslut.models.forslag import Beslutsforslag, FaststalldVersion
from beslut.models.protokoll import Paragraf
from beslut.models.sammantrade import Arende


class Delegationsbeslut(models.Model):
    """A decision taken on delegation: one per proposal, its document the
    fastställd version's PDF."""

    forslag = models.OneToOneField(
        Beslutsforslag, verbose_name=_("beslutsförslag"), on_delete=models.PROTECT, related_name="delegationsbeslut"
    )
    dokument = models.ForeignKey(
        FaststalldVersion, verbose_name=_("beslutsdokument"), on_delete=models.PROTECT, related_name="+"
    )
    beslutsdatum = models.DateField(_("beslutsdatum"), db_index=True)
    beslutat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beslutat av"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("delegationsbeslut")
        verbose_name_plural = _("delegationsbeslut")
        ordering = ["beslutsdatum", "id"]

    def __str__(self):
        return f"{self.forslag} ({self.beslutsdatum.isoformat()})"


class Beslutsverkan(models.Model):
    """What one decision (a § or a delegationsbeslut) did to its case."""

    class Utfall(models.TextChoices):
        BEVILJAD = "beviljad", _("Ny insats beviljad")
        UTOKAD = "utokad", _("Insatsen förlängd med ett nytt beviljande")
        AVSLAGEN = "avslagen", _("Ansökan avslagen")
        ATERREMISS = "aterremiss", _("Återremitterad till beredning")
        BORDLAGD = "bordlagd", _("Bordlagd till nästa sammanträde")
        INGEN = "ingen", _("Ingen verkan på ärendet")

    paragraf = models.OneToOneField(
        Paragraf, verbose_name=_("paragraf"), null=True, blank=True, on_delete=models.PROTECT, related_name="verkan"
    )
    delegationsbeslut = models.OneToOneField(
        Delegationsbeslut, null=True, blank=True, on_delete=models.PROTECT, related_name="verkan"
    )
    ansokan = models.ForeignKey(
        Ansokan, verbose_name=_("ansökan"), null=True, blank=True, on_delete=models.PROTECT, related_name="beslutsverkan"
    )
    utfall = models.CharField(_("verkan"), max_length=20, choices=Utfall.choices)
    insats = models.ForeignKey(
        "insatser.Insats", verbose_name=_("insats"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beviljande = models.OneToOneField(
        "insatser.Beviljande", null=True, blank=True, on_delete=models.PROTECT, related_name="beslutsverkan"
    )
    # Bordläggning: the ärende on the next meeting's list; None while the
    # organ has no planned meeting to take it (it waits, see ta_upp_bordlagda).
    nytt_arende = models.ForeignKey(
        Arende, verbose_name=_("nytt ärende"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Återremiss: the board's instruction to the beredning, as decided.
    instruktion = models.TextField(_("styrelsens uppdrag"), blank=True)
    anmarkning = models.TextField(_("anmärkning"), blank=True, help_text=_("Varför beslutet inte ändrade ärendet."))
    verkstalld = models.DateTimeField(_("verkställt"), auto_now_add=True)
    verkstalld_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verkställt av"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    meddelande_skickat = models.DateTimeField(_("beslutsmeddelande skickat"), null=True, blank=True)

    class Meta:
        verbose_name = _("beslutets verkan")
        verbose_name_plural = _("beslutens verkan")
        ordering = ["-verkstalld", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paragraf__isnull=False, delegationsbeslut__isnull=True)
                | models.Q(paragraf__isnull=True, delegationsbeslut__isnull=False),
                name="verkan_av_paragraf_eller_delegationsbeslut",
            ),
        ]

    def __str__(self):
        return f"{self.paragraf or self.delegationsbeslut}: {self.get_utfall_display()}"

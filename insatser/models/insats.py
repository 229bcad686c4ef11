"""Funded initiatives (insatser) and what the förbund has granted them.

An insats is born from a granted application; a tilläggsansökan extends it.
A förbund that starts using the system registers the insatser it already
funds, with their earlier grants (insatser.services.registrera_insats).
The follow-up itself (rekvisitioner, rapporter) comes in later issues.
"""

from typing import NamedTuple

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordning.formatting import datum_lang, paragraf
from samordning.models import Organisation, version_field


class Insats(models.Model):
    class Status(models.TextChoices):
        PAGAR = "pagar", _("Pågår")
        AVSLUTAD = "avslutad", _("Avslutad")

    namn = models.CharField(_("insatsens namn"), max_length=200)
    insatsagare = models.ForeignKey(
        Organisation,
        verbose_name=_("insatsägare"),
        on_delete=models.PROTECT,
        related_name="insatser",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PAGAR
    )
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    # The day it was closed (insatser.services.avsluta_insats): from then on
    # only what was paid counts, the rest goes back to the year's funds.
    avslutad_datum = models.DateField(_("avslutad"), null=True, blank=True)
    # Who closed it and the note they wrote (the closing page requires one
    # when no slutrapport is in the system): shown on the insats page, not
    # only in the audit trail. Cleared when a decision reopens the insats.
    avslutad_av = models.ForeignKey(
        "samordning.User",
        verbose_name=_("avslutad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    avslut_notering = models.TextField(
        _("notering om avslutet"),
        blank=True,
        help_text=_("Skriv inga personuppgifter om deltagare."),
    )
    kategori = models.ForeignKey(
        "ansokningar.Insatskategori",
        verbose_name=_("inriktning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The parties that run the insats with the insatsägare: a tilläggsansökan
    # starts with them when the insats has no application in the system.
    samverkansparter = models.ManyToManyField(
        Organisation, verbose_name=_("samverkansparter"), blank=True, related_name="+"
    )
    version = version_field()

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["namn"]

    def __str__(self):
        return self.namn

    def kategori_fast(self):
        """The national inriktning is fixed once the insats is in use: when it
        has a category and an application refers to it, the category stays
        (Uppföljning Finsam reports the insats under it). A missing category
        may always be filled in."""
        return self.kategori_id is not None and self.ansokningar.exists()


class Beviljande(models.Model):
    """One decision that granted the insats money for a period."""

    class Organ(models.TextChoices):
        STYRELSE = "styrelse", _("Förbundsstyrelsen")
        AU = "au", _("Arbetsutskottet")
        DELEGATION = "delegation", _("Förbundschefen på delegation")

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="beviljanden")
    beslutsdatum = models.DateField(_("beslutsdatum"))
    # Who decided and under which §: a tilläggsansökan's beslutsförslag
    # recounts the earlier decisions by them (seed 001).
    organ = models.CharField(
        _("beslutande organ"), max_length=20, choices=Organ.choices, blank=True
    )
    paragraf = models.PositiveIntegerField(_("paragraf (§)"), null=True, blank=True)
    diarienummer = models.CharField(_("diarienummer"), max_length=30, blank=True)
    period_fran = models.DateField(_("från"))
    period_till = models.DateField(_("till"))
    belopp = models.PositiveBigIntegerField(_("beviljat belopp (kr)"))
    # The application this decision granted (None: registered by hand), so
    # that application does not count its own grant among the earlier ones.
    ansokan = models.ForeignKey(
        "ansokningar.Ansokan",
        verbose_name=_("ansökan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The staffing the grant paid for, when it was a post ("en funktion på
    # 25 %"): what an extension is compared with.
    tjanstgoringsgrad = models.DecimalField(
        _("tjänstgöringsgrad (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("beviljande")
        verbose_name_plural = _("beviljanden")
        ordering = ["period_fran"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_till__gte=models.F("period_fran")),
                name="beviljande_period_i_ordning",
                violation_error_message=_("Till-datum kan inte vara före från-datum."),
            ),
            models.CheckConstraint(
                condition=models.Q(belopp__gt=0),
                name="beviljande_belopp_positivt",
                violation_error_message=_("Ett beviljande har ett belopp större än 0 kr."),
            ),
        ]

    def __str__(self):
        return f"{self.insats} {self.period_fran}–{self.period_till}"

    @property
    def beslut_text(self):
        """The decision as a document names it: "Förbundsstyrelsen 14 mars
        2018, § 12 (SFU 2018/7)"; only what is known."""
        text = (
            f"{self.get_organ_display()} {datum_lang(self.beslutsdatum)}"
            if self.organ
            else datum_lang(self.beslutsdatum)
        )
        if self.paragraf:
            text += f", {paragraf(self.paragraf)}"
        if self.diarienummer:
            text += f" ({self.diarienummer})"
        return text


class Beviljat(NamedTuple):
    summa: int
    period: tuple | None  # (first day, last day), None without grants


def beviljat(beviljanden):
    """What grants add up to: their total and the period from the first
    grant's start to the last grant's end. Works on loaded grants, so it runs
    no query (the list page sums in SQL: selectors.for_list)."""
    beviljanden = list(beviljanden)
    if not beviljanden:
        return Beviljat(0, None)
    return Beviljat(
        sum(b.belopp for b in beviljanden),
        (min(b.period_fran for b in beviljanden), max(b.period_till for b in beviljanden)),
    )

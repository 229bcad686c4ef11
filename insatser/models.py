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
        Organisation, verbose_name=_("insatsägare"), on_delete=models.PROTECT, related_name="insatser"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PAGAR)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
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
    organ = models.CharField(_("beslutande organ"), max_length=20, choices=Organ.choices, blank=True)
    paragraf = models.PositiveIntegerField(_("paragraf (§)"), null=True, blank=True)
    diarienummer = models.CharField(_("diarienummer"), max_length=30, blank=True)
    period_fran = models.DateField(_("från"))
    period_till = models.DateField(_("till"))
    belopp = models.PositiveBigIntegerField(_("beviljat belopp (kr)"))
    # The application this decision granted (None: registered by hand), so
    # that application does not count its own grant among the earlier ones.
    ansokan = models.ForeignKey(
        "ansokningar.Ansokan", verbose_name=_("ansökan"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
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
        text = f"{self.get_organ_display()} {datum_lang(self.beslutsdatum)}" if self.organ else datum_lang(self.beslutsdatum)
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


class Arsbudget(models.Model):
    """The förbund's funds for one calendar year: the members' contributions
    (Medlemsbidrag) plus the eget kapital brought forward from earlier years.
    What the year's decisions commit is computed from them (insatser.ekonomi)."""

    ar = models.PositiveSmallIntegerField(
        _("år"), unique=True, error_messages={"unique": _("Det finns redan en årsbudget för det året.")}
    )
    eget_kapital = models.PositiveBigIntegerField(
        _("eget kapital från tidigare år (kr)"),
        default=0,
        help_text=_("Det egna kapital som förs över från tidigare år, i hela kronor."),
    )
    version = version_field()

    class Meta:
        verbose_name = _("årsbudget")
        verbose_name_plural = _("årsbudgetar")
        ordering = ["-ar"]

    def __str__(self):
        return f"Årsbudget {self.ar}"


class Medlemsbidrag(models.Model):
    """One member's contribution to a year's funds (the state half through
    Försäkringskassan, the region a quarter, the kommuner a quarter together
    split as they agreed)."""

    arsbudget = models.ForeignKey(Arsbudget, on_delete=models.CASCADE, related_name="bidrag")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("medlem"), on_delete=models.PROTECT, related_name="+"
    )
    belopp = models.PositiveBigIntegerField(_("bidrag (kr)"))

    class Meta:
        verbose_name = _("medlemsbidrag")
        verbose_name_plural = _("medlemsbidrag")
        ordering = ["organisation__namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["arsbudget", "organisation"],
                name="ett_bidrag_per_medlem_och_ar",
                violation_error_message=_("Medlemmen har redan ett bidrag för året."),
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.belopp} kr"


class Rekvisition(models.Model):
    """A claim of actual costs for a period, drawn on one grant
    (insatser.rekvisitioner: lamna_in → attestera → markera_betald, or
    returnera with the handläggare's comment)."""

    class Status(models.TextChoices):
        INLAMNAD = "inlamnad", _("Inlämnad")
        ATTESTERAD = "attesterad", _("Attesterad")
        RETURNERAD = "returnerad", _("Returnerad")
        BETALD = "betald", _("Betald")

    insats = models.ForeignKey(Insats, verbose_name=_("insats"), on_delete=models.PROTECT, related_name="rekvisitioner")
    beviljande = models.ForeignKey(
        Beviljande, verbose_name=_("beviljande"), on_delete=models.PROTECT, related_name="rekvisitioner"
    )
    period_fran = models.DateField(_("från"))
    period_till = models.DateField(_("till"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INLAMNAD)
    kommentar = models.TextField(_("kommentar"), blank=True)
    inlamnad_av = models.ForeignKey(
        "samordning.User", verbose_name=_("inlämnad av"), on_delete=models.PROTECT, related_name="+"
    )
    inlamnad = models.DateTimeField(_("inlämnad"))
    attesterad_av = models.ForeignKey(
        "samordning.User", verbose_name=_("attesterad av"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    attesterad = models.DateTimeField(_("attesterad"), null=True, blank=True)
    betald = models.DateField(_("betald"), null=True, blank=True)
    bilaga = models.FileField(_("bilaga"), upload_to="rekvisitioner/%Y/", blank=True)
    filnamn = models.CharField(_("filnamn"), max_length=200, blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("rekvisition")
        verbose_name_plural = _("rekvisitioner")
        ordering = ["period_fran", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_till__gte=models.F("period_fran")),
                name="rekvisition_period_i_ordning",
                violation_error_message=_("Till-datum kan inte vara före från-datum."),
            ),
        ]

    def __str__(self):
        return f"{self.insats} {self.period_fran}–{self.period_till}"

    @property
    def summa(self):
        """The claimed total in kronor (uses prefetched rader when there are)."""
        return sum(rad.belopp for rad in self.rader.all())


class Rekvisitionsrad(models.Model):
    """One budget category's claimed amount; the categories are the
    application form's (ansokningar.models.Budgetrad.Avsnitt)."""

    class Kategori(models.TextChoices):
        LON = "lon", _("Lönekostnader")
        LOKAL = "lokal", _("Lokalkostnader")
        OVRIG = "ovrig", _("Övriga kostnader")

    rekvisition = models.ForeignKey(Rekvisition, on_delete=models.CASCADE, related_name="rader")
    kategori = models.CharField(_("kategori"), max_length=10, choices=Kategori.choices)
    belopp = models.PositiveBigIntegerField(_("belopp (kr)"))

    class Meta:
        verbose_name = _("rekvisitionsrad")
        verbose_name_plural = _("rekvisitionsrader")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rekvisition", "kategori"], name="rekvisitionsrad_en_per_kategori"),
        ]

    def __str__(self):
        return f"{self.get_kategori_display()}: {self.belopp} kr"

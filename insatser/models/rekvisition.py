"""Claims of actual costs against a grant (insatser.rekvisitioner)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from insatser.models.insats import Beviljande, Insats
from samordning.models import version_field


class Rekvisition(models.Model):
    """A claim of actual costs for a period, drawn on one grant
    (insatser.rekvisitioner: lamna_in → attestera → markera_betald, or
    returnera with the handläggare's comment)."""

    class Status(models.TextChoices):
        INLAMNAD = "inlamnad", _("Inlämnad")
        ATTESTERAD = "attesterad", _("Attesterad")
        RETURNERAD = "returnerad", _("Returnerad")
        BETALD = "betald", _("Betald")

    insats = models.ForeignKey(
        Insats, verbose_name=_("insats"), on_delete=models.PROTECT, related_name="rekvisitioner"
    )
    beviljande = models.ForeignKey(
        Beviljande,
        verbose_name=_("beviljande"),
        on_delete=models.PROTECT,
        related_name="rekvisitioner",
    )
    period_fran = models.DateField(_("från"))
    period_till = models.DateField(_("till"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INLAMNAD
    )
    # The insatsägare's own words to the kansli; the handläggare's reason
    # for a return is returkommentar, so neither overwrites the other.
    kommentar = models.TextField(
        _("kommentar"),
        blank=True,
        help_text=_("Skriv inga uppgifter om enskilda deltagare: bara antal."),
    )
    inlamnad_av = models.ForeignKey(
        "samordning.User", verbose_name=_("inlämnad av"), on_delete=models.PROTECT, related_name="+"
    )
    inlamnad = models.DateTimeField(_("inlämnad"))
    attesterad_av = models.ForeignKey(
        "samordning.User",
        verbose_name=_("attesterad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attesterad = models.DateTimeField(_("attesterad"), null=True, blank=True)
    returnerad_av = models.ForeignKey(
        "samordning.User",
        verbose_name=_("returnerad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returnerad = models.DateTimeField(_("returnerad"), null=True, blank=True)
    returkommentar = models.TextField(_("varför den returnerades"), blank=True)
    betald = models.DateField(_("betald"), null=True, blank=True)
    betald_av = models.ForeignKey(
        "samordning.User",
        verbose_name=_("betalning registrerad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A returned claim stays as it was returned (what the kansli saw, and
    # why it came back); the corrected one is a new claim that replaces it.
    # One-to-one: a returned claim is replaced at most once.
    ersatter = models.OneToOneField(
        "self",
        verbose_name=_("ersätter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ersatt_av",
    )
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
    def nummer(self):
        """The claim's number as people read and quote it ("Rekvisition 1274"):
        the key as plain digits, never grouped as an amount is ("1 274")."""
        return str(self.pk)

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
            models.UniqueConstraint(
                fields=["rekvisition", "kategori"], name="rekvisitionsrad_en_per_kategori"
            ),
        ]

    def __str__(self):
        return f"{self.get_kategori_display()}: {self.belopp} kr"

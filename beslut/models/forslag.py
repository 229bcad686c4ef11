"""The förbundschef's decision proposal with clauses from an editable
library (in sets, one chosen). A proposal is edited freely until
"fastställd": that freezes a version whose PDF is stored with its SHA-256
and never changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansokningar.models import Ansokan
from samordning.models import version_field


class Klausul(models.Model):
    """A clause in the library. Placeholders in braces ({insats}, {belopp} …,
    listed in klausuler.PLACEHOLDERS) are filled from the case. Which
    clauses come with a new proposal is the chosen KlausulUppsattning's."""

    class Typ(models.TextChoices):
        BIFALL = "bifall", _("Bifall")
        VILLKOR = "villkor", _("Villkor vid bifall")
        AVSLAG = "avslag", _("Avslag")
        OVRIGT = "ovrigt", _("Övrigt")

    namn = models.CharField(_("namn"), max_length=100)
    typ = models.CharField(_("används vid"), max_length=20, choices=Typ.choices)
    text = models.TextField(_("text"), help_text=_("Skriv satsen utan ”att”, t.ex. ”bevilja finansiellt stöd …”."))
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    version = version_field()

    class Meta:
        verbose_name = _("beslutssats i biblioteket")
        verbose_name_plural = _("satsbibliotek")
        ordering = ["typ", "ordning", "id"]

    def __str__(self):
        return self.namn


class KlausulUppsattning(models.Model):
    """A clause set: the library clauses a new proposal gets by itself, and
    how their {belopp}, {fran} and {till} are written. Förbund differ (seed
    001 grants in one clause, "… maximalt 316 000 kronor"; others grant and
    then "avsätta maximalt 450 000 kr … 2025-01-01 till 2026-12-31"), so the
    förbund chooses one set (`vald`), and may write its own."""

    class Beloppformat(models.TextChoices):
        KR = "kr", _("450 000 kr")
        KRONOR = "kronor", _("450 000 kronor")

    class Datumformat(models.TextChoices):
        ISO = "iso", _("2025-01-01")
        LANG = "lang", _("1 januari 2025")

    namn = models.CharField(
        _("namn"), max_length=100, unique=True,
        error_messages={"unique": _("Det finns redan en uppsättning med det namnet.")},
    )  # fmt: skip
    beskrivning = models.TextField(_("beskrivning"), blank=True)
    beloppformat = models.CharField(
        _("belopp skrivs"), max_length=10, choices=Beloppformat.choices, default=Beloppformat.KR
    )
    datumformat = models.CharField(_("datum skrivs"), max_length=10, choices=Datumformat.choices, default=Datumformat.ISO)
    klausuler = models.ManyToManyField(
        Klausul, verbose_name=_("satser"), related_name="uppsattningar", blank=True
    )
    # The förbund's choice: at most one row is chosen (the constraint), and
    # the service that chooses keeps it exactly one.
    vald = models.BooleanField(_("förbundets val"), default=False, editable=False)
    version = version_field()

    class Meta:
        verbose_name = _("uppsättning beslutssatser")
        verbose_name_plural = _("uppsättningar beslutssatser")
        ordering = ["namn", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vald"], condition=models.Q(vald=True), name="en_vald_klausuluppsattning"
            )
        ]

    def __str__(self):
        return self.namn


class Beslutsforslag(models.Model):
    class Instans(models.TextChoices):
        STYRELSE = "styrelse", _("Förbundsstyrelsen")
        AU = "au", _("Arbetsutskottet föreslår förbundsstyrelsen")
        DELEGATION = "delegation", _("Förbundschefen på delegation")

    class Utfall(models.TextChoices):
        BIFALL = "bifall", _("Bifall")
        AVSLAG = "avslag", _("Avslag")
        OVRIGT = "ovrigt", _("Ärende utan ansökan")

    ansokan = models.ForeignKey(
        Ansokan, verbose_name=_("ansökan"), null=True, blank=True, on_delete=models.PROTECT, related_name="beslutsforslag"
    )
    diarienummer = models.CharField(_("diarienummer"), max_length=30, blank=True)
    datum = models.DateField(_("datum"))
    handlaggare = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handläggare"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    titel = models.CharField(_("rubrik"), max_length=250)
    undertitel = models.CharField(_("underrubrik"), max_length=100, blank=True, help_text=_("T.ex. Tilläggsansökan."))
    instans = models.CharField(_("vem beslutar"), max_length=20, choices=Instans.choices, default=Instans.STYRELSE)
    utfall = models.CharField(_("förslag"), max_length=20, choices=Utfall.choices, default=Utfall.BIFALL)
    belopp = models.PositiveBigIntegerField(_("maximalt belopp (kr)"), null=True, blank=True)
    period_fran = models.DateField(_("period från"), null=True, blank=True)
    period_till = models.DateField(_("period till"), null=True, blank=True)
    arendet = models.TextField(_("Ärendet"), blank=True)
    bedomning = models.TextField(_("Bedömning"), blank=True)
    undertecknare = models.CharField(_("underskrift, namn"), max_length=200, blank=True)
    undertecknare_titel = models.CharField(_("underskrift, titel"), max_length=200, blank=True)
    foredragande = models.BooleanField(_("skriv ”Föredragande”"), default=False)
    version = version_field()
    skapad_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    skapad = models.DateTimeField(auto_now_add=True)
    andrad = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("beslutsförslag")
        verbose_name_plural = _("beslutsförslag")
        ordering = ["-datum", "-id"]

    def __str__(self):
        return self.titel

    def over_delegationsgrans(self, forbund):
        """Whether the amount is more than the förbundschef may decide on
        delegation. The limit is on money granted: never for an avslag."""
        return self.utfall != self.Utfall.AVSLAG and forbund.over_delegationsgrans(self.belopp)


class Beslutssats(models.Model):
    forslag = models.ForeignKey(Beslutsforslag, on_delete=models.CASCADE, related_name="satser")
    ordning = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("sats"))
    klausul = models.ForeignKey(
        Klausul,
        verbose_name=_("från biblioteket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Satsen i biblioteket den fylldes i från; den fylls i på nytt när belopp eller period ändras."),
    )

    class Meta:
        ordering = ["ordning", "id"]
        verbose_name = _("beslutssats")
        verbose_name_plural = _("beslutssatser")

    def __str__(self):
        return self.text[:60]


class FaststalldVersion(models.Model):
    """A frozen version: what a meeting sends to the board. Never changes."""

    forslag = models.ForeignKey(Beslutsforslag, on_delete=models.PROTECT, related_name="versioner")
    nummer = models.PositiveIntegerField()
    faststalld = models.DateTimeField(_("fastställd"), auto_now_add=True)
    faststalld_av = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("fastställd av"), on_delete=models.PROTECT, related_name="+")
    innehall = models.JSONField(_("innehåll"), help_text=_("Förslagets innehåll som det fastställdes, för jämförelse."))
    pdf = models.FileField(upload_to="beslutsforslag/%Y/")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("fastställd version")
        verbose_name_plural = _("fastställda versioner")
        ordering = ["forslag", "nummer"]
        constraints = [models.UniqueConstraint(fields=["forslag", "nummer"], name="unikt_versionsnummer")]

    def __str__(self):
        return f"{self.forslag} v{self.nummer}"

"""Beredning and beslutsförslag.

The year's inriktning (goals, prioritised target groups, distribution
guideline, frame), the handläggare's beredning of an application, and the
förbundschef's decision proposal with clauses from an editable library.
A proposal is edited freely until "fastställd": that freezes a version whose
PDF is stored with its SHA-256 and never changes.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansokningar.models import Ansokan, Insatskategori, PrioriteradMalgrupp
from samordning.models import version_field


class Verksamhetsinriktning(models.Model):
    """The board's inriktning for one year (seed 002)."""

    ar = models.PositiveSmallIntegerField(_("år"), unique=True)
    mal = models.TextField(_("mål för förbundet"), blank=True)
    prioriterade_malgrupper = models.ManyToManyField(
        PrioriteradMalgrupp, verbose_name=_("prioriterade målgrupper"), blank=True
    )
    ram = models.PositiveBigIntegerField(_("ram för insatser (kr)"), default=0)
    version = version_field()

    class Meta:
        verbose_name = _("verksamhetsinriktning")
        verbose_name_plural = _("verksamhetsinriktningar")
        ordering = ["-ar"]

    def __str__(self):
        return f"Inriktning {self.ar}"

    @classmethod
    def forsta_lediga_ar(cls, fran):
        """The first year from `fran` on that has no inriktning yet: what a
        new one is most likely for."""
        tagna = set(cls.objects.filter(ar__gte=fran).values_list("ar", flat=True))
        ar = fran
        while ar in tagna:
            ar += 1
        return ar

    @classmethod
    def i_kraft(cls, datum, queryset=None):
        """The inriktning in force on `datum`: the latest whose year is not
        after it (an inriktning holds until the board adopts the next), or
        None when there is none."""
        qs = cls.objects.all() if queryset is None else queryset
        return qs.filter(ar__lte=datum.year).order_by("-ar").first()


class Fordelning(models.Model):
    """The guideline share of the year's money for one category (60/30/10 %)."""

    inriktning = models.ForeignKey(Verksamhetsinriktning, on_delete=models.CASCADE, related_name="fordelning")
    kategori = models.ForeignKey(Insatskategori, verbose_name=_("kategori"), on_delete=models.PROTECT)
    procent = models.PositiveSmallIntegerField(_("andel i %"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("fördelning")
        verbose_name_plural = _("fördelning")
        ordering = ["kategori__ordning"]
        constraints = [models.UniqueConstraint(fields=["inriktning", "kategori"], name="en_andel_per_kategori")]

    def __str__(self):
        return f"{self.kategori}: {self.procent} %"


class Beredning(models.Model):
    class Rekommendation(models.TextChoices):
        BIFALL = "bifall", _("Bifall")
        AVSLAG = "avslag", _("Avslag")
        KOMPLETTERING = "komplettering", _("Komplettering")

    class Svar(models.TextChoices):
        JA = "ja", _("Ja")
        NEJ = "nej", _("Nej")
        EJ_TILLAMPLIGT = "ej_tillampligt", _("Ej tillämpligt")

    ansokan = models.OneToOneField(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="beredning")
    # Each checklist point is answered ja, nej or ej tillämpligt (a
    # structural insats has no target group of working age); blank is not
    # answered yet. Only ja and nej go into the drafted Bedömning.
    malgrupp_arbetsfor = models.CharField(
        _("Målgruppen är i arbetsför ålder (16–64 år)"), max_length=20, choices=Svar.choices, blank=True
    )
    malgrupp_prioriterad = models.CharField(
        _("Målgruppen finns bland inriktningens prioriterade målgrupper"), max_length=20, choices=Svar.choices, blank=True
    )
    minst_tva_parter = models.CharField(
        _("Minst två parter står bakom insatsen"), max_length=20, choices=Svar.choices, blank=True
    )
    matbara_mal = models.CharField(_("Målen är mätbara"), max_length=20, choices=Svar.choices, blank=True)
    budget_rimlig = models.CharField(_("Budgeten är rimlig"), max_length=20, choices=Svar.choices, blank=True)
    diskuterad_lokus = models.CharField(
        _("Ansökan har diskuterats i lokusgruppen"), max_length=20, choices=Svar.choices, blank=True
    )
    alla_signerat = models.CharField(_("Alla parter har skrivit under"), max_length=20, choices=Svar.choices, blank=True)
    # The inriktning the board will decide under: for a multi-year
    # application one inriktning, not one per calendar year. Chosen by the
    # handläggare; the page proposes the one in force on the planned date.
    inriktning = models.ForeignKey(
        Verksamhetsinriktning,
        verbose_name=_("Inriktning som ansökan bedöms mot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beredningar",
    )
    planerat_beslutsdatum = models.DateField(
        _("Planerat beslutsdatum"),
        null=True,
        blank=True,
        help_text=_("Dagen styrelsen väntas besluta; inriktningen som gäller då föreslås."),
    )
    anteckningar = models.TextField(_("Anteckningar"), blank=True)
    rekommendation = models.CharField(
        _("Beredningsgruppens rekommendation"), max_length=20, choices=Rekommendation.choices, blank=True
    )
    rekommendation_datum = models.DateField(_("Datum för rekommendationen"), null=True, blank=True)
    handlaggare = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handläggare"), on_delete=models.PROTECT, related_name="+")
    uppdaterad = models.DateTimeField(auto_now=True)
    version = version_field()

    CHECKLIST = [
        "malgrupp_arbetsfor",
        "malgrupp_prioriterad",
        "minst_tva_parter",
        "matbara_mal",
        "budget_rimlig",
        "diskuterad_lokus",
        "alla_signerat",
    ]

    class Meta:
        verbose_name = _("beredning")
        verbose_name_plural = _("beredningar")

    def __str__(self):
        return f"Beredning av {self.ansokan}"


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

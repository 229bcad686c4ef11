"""The year's inriktning (goals, prioritised target groups, distribution
guideline, frame) and the handläggare's beredning of an application
against the inriktning the board decides under."""

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

"""The protokoll of a meeting (issue 10): who was there (per § when people
come and go), the paragraphs with their decisions, jäv, omröstning, and the
justering that freezes it.

§ numbers run on through the calendar year per organ and are taken from a
locked series (Paragrafserie), so a number is never reused or skipped even
when two secretaries work at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beslut.models.sammantrade import Arende, Organ, Sammantrade, Uppdrag
from samordning.models import version_field


class Paragrafserie(models.Model):
    """The last § number used per organ and year; locked while one is taken."""

    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    ar = models.PositiveSmallIntegerField(_("år"))
    senaste = models.PositiveIntegerField(_("senaste paragraf"), default=0)

    class Meta:
        verbose_name = _("paragrafserie")
        verbose_name_plural = _("paragrafserier")
        constraints = [models.UniqueConstraint(fields=["organ", "ar"], name="en_paragrafserie_per_organ_och_ar")]

    def __str__(self):
        return f"{self.organ} {self.ar}: {self.senaste}"


class Paragraf(models.Model):
    """An ärende as the protokoll records it, under its § number."""

    class Beslut(models.TextChoices):
        BIFALL = "bifall", _("Bifall enligt förslaget")
        ANDRAT = "andrat", _("Bifall med ändringar")
        AVSLAG = "avslag", _("Avslag")
        ATERREMISS = "aterremiss", _("Återremiss")
        BORDLAGGNING = "bordlaggning", _("Bordläggning")
        NOTERAT = "noterat", _("Informationen noteras")
        BESLUTAT = "beslutat", _("Beslut enligt texten")

    arende = models.OneToOneField(Arende, verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="paragraf")
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    ar = models.PositiveSmallIntegerField(_("år"))
    nummer = models.PositiveIntegerField(_("paragraf"))
    beslut = models.CharField(_("beslut"), max_length=20, choices=Beslut.choices, blank=True)
    # The adopted text: the att-clauses moved verbatim from the fastställd
    # proposal, edited when the board changed them.
    beslutstext = models.TextField(_("beslutstext"), blank=True)
    belopp = models.PositiveBigIntegerField(_("beslutat belopp (kr)"), null=True, blank=True)
    period_fran = models.DateField(_("period från"), null=True, blank=True)
    period_till = models.DateField(_("period till"), null=True, blank=True)
    anteckningar = models.TextField(_("protokollsanteckningar"), blank=True)
    reservationer = models.TextField(_("reservationer"), blank=True)
    omrostning = models.BooleanField(_("omröstning begärd"), default=False)
    # What a ja and a nej vote meant (the proposition order the chair put):
    # the protokoll must state it for the vote count to be intelligible.
    ja_forslag = models.CharField(_("Ja-röst för"), max_length=500, blank=True)
    nej_forslag = models.CharField(_("Nej-röst för"), max_length=500, blank=True)
    instruktion = models.TextField(_("styrelsens uppdrag vid återremiss"), blank=True)
    omedelbart_justerad = models.DateTimeField(_("omedelbart justerad"), null=True, blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["organ", "ar", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "ar", "nummer"], name="unik_paragraf_per_organ_och_ar"),
        ]

    def __str__(self):
        return f"§\u00a0{self.nummer} {self.arende}"


class Narvaro(models.Model):
    """One person at the meeting. From/to an ärende when they came late or
    left early (None: from the start, to the end)."""

    class Typ(models.TextChoices):
        BESLUTANDE = "beslutande", _("Beslutande ledamot")
        TJANSTGORANDE = "tjanstgorande", _("Tjänstgörande ersättare")
        ERSATTARE = "ersattare", _("Ersättare, ej tjänstgörande")
        OVRIG = "ovrig", _("Övriga närvarande")

    sammantrade = models.ForeignKey(Sammantrade, on_delete=models.CASCADE, related_name="narvaro")
    uppdrag = models.ForeignKey(Uppdrag, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    namn = models.CharField(_("namn"), max_length=200)
    titel = models.CharField(_("titel eller uppdrag"), max_length=200, blank=True)
    typ = models.CharField(_("närvaro"), max_length=20, choices=Typ.choices)
    ersatter = models.ForeignKey(
        Uppdrag, verbose_name=_("tjänstgör för"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fran_arende = models.ForeignKey(
        Arende, verbose_name=_("från och med"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    till_arende = models.ForeignKey(
        Arende, verbose_name=_("till och med"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ordning = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        ordering = ["sammantrade", "ordning", "id"]

    def __str__(self):
        return self.namn


class Jav(models.Model):
    """A member who declared jäv in a § and takes no part in it."""

    paragraf = models.ForeignKey(Paragraf, on_delete=models.CASCADE, related_name="jav")
    uppdrag = models.ForeignKey(Uppdrag, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        constraints = [models.UniqueConstraint(fields=["paragraf", "uppdrag"], name="ett_jav_per_person_och_paragraf")]

    def __str__(self):
        return f"{self.uppdrag.person} {self.paragraf}"


class Rost(models.Model):
    class Svar(models.TextChoices):
        JA = "ja", _("Ja")
        NEJ = "nej", _("Nej")
        AVSTAR = "avstar", _("Avstår")

    paragraf = models.ForeignKey(Paragraf, on_delete=models.CASCADE, related_name="roster")
    uppdrag = models.ForeignKey(Uppdrag, on_delete=models.PROTECT, related_name="+")
    svar = models.CharField(_("röst"), max_length=10, choices=Svar.choices)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [models.UniqueConstraint(fields=["paragraf", "uppdrag"], name="en_rost_per_person_och_paragraf")]

    def __str__(self):
        return f"{self.uppdrag.person}: {self.get_svar_display()}"


class Justering(models.Model):
    """The ordförande or a justerare attesting the protokoll (or, for
    omedelbar justering, one §)."""

    class Roll(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        JUSTERARE = "justerare", _("Justerare")

    sammantrade = models.ForeignKey(Sammantrade, on_delete=models.CASCADE, related_name="justeringar")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    roll = models.CharField(_("roll"), max_length=20, choices=Roll.choices)
    paragraf = models.ForeignKey(Paragraf, null=True, blank=True, on_delete=models.CASCADE, related_name="justeringar")
    invandning = models.TextField(_("invändning"), blank=True)
    attesterad = models.DateTimeField(_("justerat"), null=True, blank=True)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["roll", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sammantrade", "person", "paragraf"], name="en_justering_per_person",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.get_roll_display()}: {self.person}"


class Protokoll(models.Model):
    """The justerat protokoll: its PDF, stored once with its SHA-256 and
    never changed (beslut.services.protokoll)."""

    sammantrade = models.OneToOneField(Sammantrade, on_delete=models.PROTECT, related_name="protokoll")
    pdf = models.FileField(upload_to="protokoll/%Y/")
    sha256 = models.CharField(max_length=64)
    justerat = models.DateTimeField(_("justerat"))

    class Meta:
        verbose_name = _("justerat protokoll")
        verbose_name_plural = _("justerade protokoll")

    def __str__(self):
        return f"Protokoll {self.sammantrade}"

"""The board's organs, their members and their meetings (issue 10).

An organ (förbundsstyrelse, arbetsutskott, beredningsgrupp) has members
with a seat each (Uppdrag): ledamot or ersättare, appointed by a member
organisation for a term, possibly ordförande or vice ordförande; an
ersättare stands in for named ledamöter, or for the party's when none is
named. A meeting (Sammantrade) of an organ moves planerat → kallelse
skickad → genomfört → protokoll justerat → anslaget, each step a service
(beslut.services.sammantrade). Its föredragningslista is its Arenden in
order.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beslut.models.forslag import FaststalldVersion
from samordning.models import Organisation, version_field


class Organ(models.Model):
    class Typ(models.TextChoices):
        STYRELSE = "styrelse", _("Förbundsstyrelse")
        AU = "au", _("Arbetsutskott")
        BEREDNINGSGRUPP = "beredningsgrupp", _("Beredningsgrupp")
        OVRIGT = "ovrigt", _("Annat organ")

    namn = models.CharField(_("namn"), max_length=100, unique=True, help_text=_("T.ex. Förbundsstyrelsen."))
    typ = models.CharField(_("typ"), max_length=20, choices=Typ.choices)
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    version = version_field()

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["ordning", "namn"]

    def __str__(self):
        return self.namn


class Uppdrag(models.Model):
    """A person's seat in an organ for a term."""

    class Roll(models.TextChoices):
        LEDAMOT = "ledamot", _("Ledamot")
        ERSATTARE = "ersattare", _("Ersättare")

    class Funktion(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        VICE = "vice", _("Vice ordförande")

    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="uppdrag")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="uppdrag"
    )
    roll = models.CharField(_("roll"), max_length=20, choices=Roll.choices)
    funktion = models.CharField(_("funktion"), max_length=20, choices=Funktion.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("utsedd av"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Den medlemsorganisation som utsett personen."),
    )
    fran = models.DateField(_("mandatperiod från"))
    till = models.DateField(_("mandatperiod till"), null=True, blank=True)
    # An ersättare stands in for these ledamöter; none named: for the
    # ledamöter the same organisation appointed.
    ersatter = models.ManyToManyField(
        "self", verbose_name=_("ersättare för"), symmetrical=False, blank=True, related_name="ersattare"
    )
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    version = version_field()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["organ", "roll", "ordning", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(till__isnull=True) | models.Q(till__gte=models.F("fran")),
                name="uppdrag_period_i_ordning",
                violation_error_message=_("Mandatperioden kan inte sluta innan den börjar."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_roll_display().lower()}, {self.organ})"

    def galler(self, datum):
        return self.fran <= datum and (self.till is None or datum <= self.till)


class Sammantrade(models.Model):
    class Status(models.TextChoices):
        PLANERAT = "planerat", _("Planerat")
        KALLAT = "kallat", _("Kallelse skickad")
        GENOMFORT = "genomfort", _("Genomfört")
        JUSTERAT = "justerat", _("Protokoll justerat")
        ANSLAGET = "anslaget", _("Anslaget")

    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="sammantraden")
    datum = models.DateField(_("datum"))
    starttid = models.TimeField(_("klockan"))
    sluttid = models.TimeField(_("slutar"), null=True, blank=True)
    plats = models.CharField(_("plats"), max_length=200, blank=True)
    lank = models.URLField(_("länk till digitalt möte"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANERAT, db_index=True)
    sekreterare = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sekreterare"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    kallelse_skickad = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    anslaget = models.DateField(_("anslaget"), null=True, blank=True)
    forvaringsplats = models.CharField(_("förvaringsplats"), max_length=200, blank=True)
    version = version_field()
    skapad_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    skapad = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-datum", "-starttid"]

    def __str__(self):
        return f"{self.organ} {self.datum.isoformat()}"

    @property
    def nedtages(self):
        """The first day the anslag may be taken down: three weeks for
        laglighetsprövning (kommunallagen 13 kap.)."""
        return self.anslaget + datetime.timedelta(weeks=3) if self.anslaget else None


class Arende(models.Model):
    """One point of the föredragningslista, in its order."""

    class Typ(models.TextChoices):
        OPPNANDE = "oppnande", _("Öppnande")
        DAGORDNING = "dagordning", _("Fastställande av dagordning")
        JUSTERARE = "justerare", _("Val av justerare")
        FOREGAENDE = "foregaende", _("Föregående protokoll")
        BESLUT = "beslut", _("Beslutsärende")
        INFORMATION = "information", _("Informationsärende")
        DELEGATION = "delegation", _("Anmälan av delegationsbeslut")
        MEDDELANDEN = "meddelanden", _("Meddelanden")
        OVRIGA = "ovriga", _("Övriga frågor")
        AVSLUTNING = "avslutning", _("Avslutning")

    sammantrade = models.ForeignKey(
        Sammantrade, verbose_name=_("sammanträde"), on_delete=models.CASCADE, related_name="arenden"
    )
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    typ = models.CharField(_("typ"), max_length=20, choices=Typ.choices)
    rubrik = models.CharField(_("rubrik"), max_length=250)
    beskrivning = models.TextField(_("beskrivning"), blank=True)
    # A beslutsärende carries one fastställd version, never a draft.
    forslag_version = models.ForeignKey(
        FaststalldVersion, verbose_name=_("beslutsförslag"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="arenden",
    )
    # An ärende moved here by bordläggning from an earlier meeting.
    bordlagt_fran = models.ForeignKey(
        "self", verbose_name=_("bordlagt från"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = version_field()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["sammantrade", "ordning", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(typ="beslut") | models.Q(forslag_version__isnull=True),
                name="bara_beslutsarende_har_forslag",
                violation_error_message=_("Bara ett beslutsärende har ett beslutsförslag."),
            ),
        ]

    def __str__(self):
        return self.rubrik


class Handling(models.Model):
    """A document (PDF) that goes with an ärende, e.g. for information."""

    arende = models.ForeignKey(Arende, verbose_name=_("ärende"), on_delete=models.CASCADE, related_name="handlingar")
    fil = models.FileField(upload_to="handlingar/%Y/")
    filnamn = models.CharField(_("filnamn"), max_length=200)
    sha256 = models.CharField(max_length=64)
    storlek = models.PositiveIntegerField()
    ordning = models.PositiveSmallIntegerField(default=0)
    uppladdad_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uppladdad = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["ordning", "id"]

    def __str__(self):
        return self.filnamn

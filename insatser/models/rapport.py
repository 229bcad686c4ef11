"""The reports an insats owes the förbund (services in insatser.rapporter).

Rapportplan: which reports the handläggare asks of one insats. Rapport: one
owed report with its period and due date, generated from the plan and the
insats's granted period; the insatsägare fills it in (progress per goal,
participant counts) and submits it, the handläggare accepts it or asks for
more. Paminnelse: one reminder e-mail sent for a report at one step, so the
daily command never sends the same reminder twice.

Participants are counts only, never persons: the förbund keeps no personal
data about participants (Uppföljning Finsam asks for counts per kön).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from insatser.models.insats import Insats
from samordning.models import version_field

INGA_PERSONUPPGIFTER = _(
    "Skriv inga personuppgifter om deltagare: inga namn, personnummer eller annat "
    "som kan peka ut en enskild person. Förbundet tar bara emot antal."
)


class Rapportplan(models.Model):
    """Which reports one insats owes; set by the handläggare."""

    class Lagesrapporter(models.TextChoices):
        KVARTAL = "kvartal", _("Lägesrapport varje kvartal")
        TERTIAL = "tertial", _("Lägesrapport varje tertial")
        INGA = "inga", _("Inga lägesrapporter")

    insats = models.OneToOneField(
        Insats, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="rapportplan"
    )
    lagesrapporter = models.CharField(
        _("lägesrapporter"),
        max_length=10,
        choices=Lagesrapporter.choices,
        default=Lagesrapporter.KVARTAL,
    )
    arsrapport = models.BooleanField(_("årsrapport för varje kalenderår"), default=True)
    slutrapport = models.BooleanField(_("slutrapport när insatsen är slut"), default=True)
    # Reports due before the plan was first set are not asked for: a förbund
    # that registers an insats it has funded for years starts following it up
    # now, not with a pile of overdue reports for periods long gone.
    galler_fran = models.DateField(_("gäller för rapporter som förfaller från"))
    version = version_field()

    class Meta:
        verbose_name = _("rapportplan")
        verbose_name_plural = _("rapportplaner")

    def __str__(self):
        return f"{self.insats}: {self.get_lagesrapporter_display()}"


class Rapport(models.Model):
    """One report an insats owes for a period, due on `forfallodatum`."""

    class Typ(models.TextChoices):
        LAGESRAPPORT = "lagesrapport", _("Lägesrapport")
        ARSRAPPORT = "arsrapport", _("Årsrapport")
        SLUTRAPPORT = "slutrapport", _("Slutrapport")

    class Status(models.TextChoices):
        EJ_INLAMNAD = "ej_inlamnad", _("Ej inlämnad")
        INLAMNAD = "inlamnad", _("Inlämnad")
        GODKAND = "godkand", _("Godkänd")
        KOMPLETTERING = "komplettering", _("Komplettering begärd")

    insats = models.ForeignKey(
        Insats, verbose_name=_("insats"), on_delete=models.CASCADE, related_name="rapporter"
    )
    typ = models.CharField(_("typ"), max_length=20, choices=Typ.choices)
    period_fran = models.DateField(_("period från"))
    period_till = models.DateField(_("period till"))
    forfallodatum = models.DateField(_("förfallodatum"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EJ_INLAMNAD
    )
    inlamnad_av = models.ForeignKey(
        "samordning.User",
        verbose_name=_("inlämnad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inlamnad = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    hanterad_av = models.ForeignKey(
        "samordning.User",
        verbose_name=_("hanterad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hanterad = models.DateTimeField(_("hanterad"), null=True, blank=True)
    kommentar = models.TextField(_("handläggarens kommentar"), blank=True)
    fritext = models.TextField(_("övrigt om perioden"), blank=True, help_text=INGA_PERSONUPPGIFTER)

    # Participant counts for the period, per kön (Uppföljning Finsam counts
    # women and men; "annan" also holds those whose kön is not stated).
    # pagaende: already taking part when the period began; avslutade: left
    # during the period, of whom some to work and some to studies.
    nya_kvinnor = models.PositiveIntegerField(_("nya – kvinnor"), default=0)
    nya_man = models.PositiveIntegerField(_("nya – män"), default=0)
    nya_annan = models.PositiveIntegerField(_("nya – annan eller ej angivet"), default=0)
    pagaende_kvinnor = models.PositiveIntegerField(_("pågående – kvinnor"), default=0)
    pagaende_man = models.PositiveIntegerField(_("pågående – män"), default=0)
    pagaende_annan = models.PositiveIntegerField(_("pågående – annan eller ej angivet"), default=0)
    avslutade_kvinnor = models.PositiveIntegerField(_("avslutade – kvinnor"), default=0)
    avslutade_man = models.PositiveIntegerField(_("avslutade – män"), default=0)
    avslutade_annan = models.PositiveIntegerField(
        _("avslutade – annan eller ej angivet"), default=0
    )
    arbete_kvinnor = models.PositiveIntegerField(_("till arbete – kvinnor"), default=0)
    arbete_man = models.PositiveIntegerField(_("till arbete – män"), default=0)
    arbete_annan = models.PositiveIntegerField(_("till arbete – annan eller ej angivet"), default=0)
    studier_kvinnor = models.PositiveIntegerField(_("till studier – kvinnor"), default=0)
    studier_man = models.PositiveIntegerField(_("till studier – män"), default=0)
    studier_annan = models.PositiveIntegerField(
        _("till studier – annan eller ej angivet"), default=0
    )

    version = version_field()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["forfallodatum", "typ", "id"]
        constraints = [
            # The key the plan regenerates by (insatser.rapporter.generera).
            models.UniqueConstraint(
                fields=["insats", "typ", "period_fran"], name="rapport_en_per_typ_och_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_till__gte=models.F("period_fran")),
                name="rapport_period_i_ordning",
                violation_error_message=_("Till-datum kan inte vara före från-datum."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "forfallodatum"], name="rapport_status_forfaller")
        ]

    def __str__(self):
        return f"{self.get_typ_display()} {self.period_fran}–{self.period_till} ({self.insats})"

    @property
    def kan_andras_av_insatsagaren(self):
        return self.status in (self.Status.EJ_INLAMNAD, self.Status.KOMPLETTERING)


KON = ("kvinnor", "man", "annan")
DELTAGARFALT = ("nya", "pagaende", "avslutade", "arbete", "studier")


class Malrapport(models.Model):
    """Progress on one of the insats's goals (an effektmål or insatsmål of
    one of its applications) in one report."""

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="malrader")
    # The goal's text is kept as well: the report says what it answered even
    # if the goal row were ever removed.
    mal = models.ForeignKey(
        "ansokningar.Mal",
        verbose_name=_("mål"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    maltext = models.TextField(_("målet"))
    text = models.TextField(
        _("hur arbetet mot målet går"), blank=True, help_text=INGA_PERSONUPPGIFTER
    )

    class Meta:
        verbose_name = _("måluppföljning")
        verbose_name_plural = _("måluppföljningar")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "mal"], name="malrapport_en_per_mal"),
        ]

    def __str__(self):
        return self.maltext[:60]


class Paminnelse(models.Model):
    """A reminder e-mail sent for a report at one step; the unique
    constraint makes the daily command send each at most once."""

    class Steg(models.TextChoices):
        FORE = "fore_7", _("7 dagar före förfallodagen")
        FORFALLEN = "forfallen", _("Förfallen")
        FORSENAD = "forsenad_14", _("14 dagar försenad")

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="paminnelser")
    steg = models.CharField(_("steg"), max_length=20, choices=Steg.choices)
    skickad = models.DateTimeField(_("skickad"))
    antal_mottagare = models.PositiveIntegerField(_("antal mottagare"), default=0)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["skickad", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "steg"], name="paminnelse_en_per_steg"),
        ]

    def __str__(self):
        return f"{self.rapport}: {self.get_steg_display()}"

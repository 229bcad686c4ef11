"""The shared core: the förbund itself, its member organisations, the
lokusgrupper, users with their roles, and the audit trail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordning.formatting import tidpunkt
from samordning.validators import validate_diarieprefix, validate_organisationsnummer


def version_field():
    """The row's version for the optimistic check (samordning.errors.bump_version,
    and samordning.admin for every admin page of a model that has one): raised
    at every save, so a save from a page opened before another's is refused."""
    return models.PositiveIntegerField(
        default=1, help_text=_("Räknas upp vid varje sparning; skyddar mot att två skriver över varandra.")
    )


class Forbund(models.Model):
    """The one förbund this installation serves; a single row (pk=1)."""

    namn = models.CharField(_("namn"), max_length=200)
    organisationsnummer = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        validators=[validate_organisationsnummer],
    )
    diarieprefix = models.CharField(
        _("diarieprefix"),
        max_length=10,
        validators=[validate_diarieprefix],
        help_text=_("Står före årtal och löpnummer, t.ex. SFU i SFU 2026/14."),
    )
    adress = models.CharField(_("postadress"), max_length=200, blank=True)
    logotyp = models.ImageField(_("logotyp"), upload_to="forbund/", blank=True)
    overenskommelse = models.TextField(
        _("överenskommelse"),
        blank=True,
        help_text=_(
            "Den fasta texten under rubriken Överenskommelse i ansökan. "
            "Sökande kan inte ändra den."
        ),
    )
    # The standard decision conditions are clauses of type "villkor" in the
    # clause library (beslut.Klausul): one place, editable by the förbundschef.
    class Beslutsstil(models.TextChoices):
        ATT = "att", _("Att-satser")
        NUMRERAD = "numrerad", _("Numrerade satser")

    beslutsstil = models.CharField(
        _("stil för beslutssatser"), max_length=10, choices=Beslutsstil.choices, default=Beslutsstil.ATT
    )
    delegationsgrans = models.PositiveIntegerField(
        _("delegationsgräns (kr)"),
        null=True,
        blank=True,
        help_text=_("Belopp som förbundschefen får besluta om på delegation."),
    )
    version = version_field()

    class Meta:
        verbose_name = _("förbund")
        verbose_name_plural = _("förbund")

    def __str__(self):
        return self.namn

    def save(self, *args, **kwargs):
        self.pk = 1  # one förbund per installation
        super().save(*args, **kwargs)

    def over_delegationsgrans(self, belopp):
        """Whether `belopp` is more than the förbundschef may decide on
        delegation (no limit set: never)."""
        return self.delegationsgrans is not None and belopp is not None and belopp > self.delegationsgrans

    @classmethod
    def get(cls):
        forbund = cls.objects.filter(pk=1).first()
        return forbund or cls(pk=1, namn=str(_("Samordningsförbundet")), diarieprefix="SF")


class Organisation(models.Model):
    class Typ(models.TextChoices):
        KOMMUN = "kommun", _("Kommun")
        REGION = "region", _("Region")
        FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
        ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
        ANNAN = "annan", _("Annan")

    namn = models.CharField(
        _("namn"), max_length=200, unique=True, error_messages={"unique": _("Det finns redan en organisation med det namnet.")}
    )
    typ = models.CharField(_("typ"), max_length=20, choices=Typ.choices)
    organisationsnummer = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        validators=[validate_organisationsnummer],
    )
    medlem = models.BooleanField(_("medlem i förbundet"), default=True)
    version = version_field()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["namn"]

    def __str__(self):
        return self.namn


class Lokusgrupp(models.Model):
    """The local group of the four parties in one kommun."""

    namn = models.CharField(
        _("namn"), max_length=200, unique=True, error_messages={"unique": _("Det finns redan en lokusgrupp med det namnet.")}
    )
    kommun = models.OneToOneField(
        Organisation,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="lokusgrupp",
        limit_choices_to={"typ": Organisation.Typ.KOMMUN},
    )
    organisationer = models.ManyToManyField(
        Organisation,
        verbose_name=_("medverkande organisationer"),
        related_name="lokusgrupper",
        blank=True,
    )
    version = version_field()

    class Meta:
        verbose_name = _("lokusgrupp")
        verbose_name_plural = _("lokusgrupper")
        ordering = ["namn"]

    def __str__(self):
        return self.namn


class LokusgruppRepresentant(models.Model):
    lokusgrupp = models.ForeignKey(
        Lokusgrupp, on_delete=models.CASCADE, related_name="representanter"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    anvandare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representant"),
        on_delete=models.CASCADE,
        related_name="lokusuppdrag",
    )

    class Meta:
        verbose_name = _("representant i lokusgrupp")
        verbose_name_plural = _("representanter i lokusgrupp")
        constraints = [
            models.UniqueConstraint(
                fields=["lokusgrupp", "anvandare"], name="unik_representant"
            )
        ]

    def __str__(self):
        return f"{self.anvandare} ({self.organisation})"


class Roll(models.TextChoices):
    SOKANDE = "sokande", _("Sökande")
    HANDLAGGARE = "handlaggare", _("Handläggare")
    FORBUNDSCHEF = "forbundschef", _("Förbundschef")
    LEDAMOT = "ledamot", _("Styrelseledamot")
    ERSATTARE = "ersattare", _("Ersättare i styrelsen")
    SEKRETERARE = "sekreterare", _("Sekreterare")
    ADMINISTRATOR = "administrator", _("Administratör")


# Who works in the förbund's office and may see every organisation's cases.
KANSLI = frozenset(
    {Roll.HANDLAGGARE, Roll.FORBUNDSCHEF, Roll.SEKRETERARE, Roll.ADMINISTRATOR}
)
STYRELSE = frozenset({Roll.LEDAMOT, Roll.ERSATTARE})


class User(AbstractUser):
    roll = models.CharField(
        _("roll"), max_length=20, choices=Roll.choices, default=Roll.SOKANDE
    )
    titel = models.CharField(
        _("titel"), max_length=200, blank=True, help_text=_("T.ex. Förbundschef.")
    )
    organisationer = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisationer"),
        related_name="anvandare",
        blank=True,
        help_text=_("De organisationer användaren företräder."),
    )
    # Signing an application commits the organisation ("samtliga parters
    # behöriga beslutsfattare", seed 004): only someone the organisation has
    # authorised may, so representing it is not enough.
    behorig_for = models.ManyToManyField(
        Organisation,
        verbose_name=_("behörig företrädare för"),
        related_name="behoriga_foretradare",
        blank=True,
        help_text=_(
            "Organisationer som användaren är behörig att skriva under ansökningar för "
            "(behörig företrädare). Måste vara bland de organisationer användaren företräder."
        ),
    )
    version = version_field()

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["first_name", "last_name"]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # Only the administratör reaches Django's admin site.
        self.is_staff = self.roll == Roll.ADMINISTRATOR or self.is_superuser
        super().save(*args, **kwargs)

    # The administratör role is what grants the admin site, not Django's
    # per-model permissions: nobody has to remember to tick them as well.
    def has_perm(self, perm, obj=None):
        if self.is_active and self.roll == Roll.ADMINISTRATOR:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and self.roll == Roll.ADMINISTRATOR:
            return True
        return super().has_module_perms(app_label)

    @property
    def is_kansli(self):
        return self.roll in KANSLI

    @property
    def is_styrelse(self):
        return self.roll in STYRELSE


class AuditEntry(models.Model):
    """Who did what to which object, when, and with which data.

    Written by services inside the same transaction as the change itself
    (see samordning.audit.record), so an entry exists exactly when the
    change does.
    """

    tidpunkt = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    anvandare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handling = models.CharField(_("handling"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("objekttyp"), on_delete=models.PROTECT)
    object_id = models.CharField(_("objektets id"), max_length=64)
    objekt = GenericForeignKey("content_type", "object_id")
    objekt_text = models.CharField(_("objekt"), max_length=255)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelselogg")
        ordering = ["-tidpunkt", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{tidpunkt(self.tidpunkt)} {self.handling_text} {self.objekt_text}"

    @property
    def handling_text(self):
        from samordning.audit import label

        return label(self.handling)

"""The application (ansökan) as the förbund's form has it: parties, purpose,
goals, period, target group, method, follow-up, budget per party, and the
parties' signatures. Headings and labels follow the Word form users know."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordning.models import Lokusgrupp, Organisation, version_field


class Inriktning(models.TextChoices):
    """The national follow-up's two kinds; fixed once an insats is created."""

    INDIVID = "individ", _("Individinriktad")
    STRUKTUR = "struktur", _("Strukturövergripande")


class Insatskategori(models.Model):
    """The förbund's own categories (e.g. kompetenshöjande), each counted as
    one of the national inriktningar."""

    namn = models.CharField(_("namn"), max_length=100, unique=True)
    inriktning = models.CharField(_("nationell inriktning"), max_length=20, choices=Inriktning.choices)
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # Edited in the admin: its version check (samordning.admin.AuditedMixin).
    version = version_field()

    class Meta:
        verbose_name = _("insatskategori")
        verbose_name_plural = _("insatskategorier")
        ordering = ["ordning", "namn"]

    def __str__(self):
        return self.namn


class PrioriteradMalgrupp(models.Model):
    namn = models.CharField(_("namn"), max_length=200, unique=True)
    ordning = models.PositiveSmallIntegerField(_("ordning"), default=0)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    # Edited in the admin: its version check (samordning.admin.AuditedMixin).
    version = version_field()

    class Meta:
        verbose_name = _("prioriterad målgrupp")
        verbose_name_plural = _("prioriterade målgrupper")
        ordering = ["ordning", "namn"]

    def __str__(self):
        return self.namn


class Diarieserie(models.Model):
    """The last number used per year; locked while a number is taken, so
    numbers are unique and without gaps even when many submit at once."""

    ar = models.PositiveSmallIntegerField(_("år"), unique=True)
    senaste = models.PositiveIntegerField(_("senaste löpnummer"), default=0)

    class Meta:
        verbose_name = _("diarieserie")
        verbose_name_plural = _("diarieserier")

    def __str__(self):
        return f"{self.ar}: {self.senaste}"


class Ansokan(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        INLAMNAD = "inlamnad", _("Inlämnad")
        KOMPLETTERING = "komplettering", _("Komplettering begärd")
        UNDER_BEREDNING = "beredning", _("Under beredning")
        ATERKALLAD = "aterkallad", _("Återkallad")
        # Set by the decision that drives the case (beslut.services.verkstallighet).
        BEVILJAD = "beviljad", _("Beviljad")
        AVSLAGEN = "avslagen", _("Avslagen")

    class Typ(models.TextChoices):
        NY = "ny", _("Ny ansökan")
        TILLAGG = "tillagg", _("Tilläggsansökan")

    typ = models.CharField(_("typ av ansökan"), max_length=10, choices=Typ.choices, default=Typ.NY)
    insats = models.ForeignKey(
        "insatser.Insats",
        verbose_name=_("insats som förlängs"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ansokningar",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UTKAST, db_index=True)
    diarie_ar = models.PositiveSmallIntegerField(_("diarieår"), null=True, blank=True)
    diarie_lopnummer = models.PositiveIntegerField(_("löpnummer"), null=True, blank=True)
    diarienummer = models.CharField(_("diarienummer"), max_length=30, blank=True, db_index=True)

    namn = models.CharField(_("Insatsens namn"), max_length=200)
    insatsagare = models.ForeignKey(
        Organisation, verbose_name=_("Insatsägare"), on_delete=models.PROTECT, related_name="ansokningar"
    )
    lokusgrupp = models.ForeignKey(
        Lokusgrupp, verbose_name=_("lokusgrupp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="ansokningar"
    )
    syfte = models.TextField(_("Beskriv syftet med insatsen"), blank=True)
    bakgrund = models.TextField(_("Beskriv bakgrunden till/behovet av insatsen"), blank=True)
    startdatum = models.DateField(_("Planerat startdatum"), null=True, blank=True)
    slutdatum = models.DateField(_("Planerat slutdatum"), null=True, blank=True)
    intag_slutdatum = models.DateField(_("Planerat slutdatum för intag av personer i insatsen"), null=True, blank=True)
    malgrupp = models.TextField(_("Beskriv målgrupp för insatsen"), blank=True)
    antal_deltagare = models.PositiveIntegerField(
        _("Förväntat antal deltagare per år"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    metod = models.TextField(_("Beskriv metod/metoder ni kommer använda"), blank=True)
    uppfoljning = models.TextField(_("Beskriv metod för uppföljning och utvärdering av målen"), blank=True)
    tillvaratas = models.TextField(_("Beskriv hur ni tänker ta tillvara resultaten från insatsen"), blank=True)
    kategori = models.ForeignKey(
        Insatskategori, verbose_name=_("Inriktning"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prioriterade_malgrupper = models.ManyToManyField(
        PrioriteradMalgrupp, verbose_name=_("Prioriterade målgrupper som insatsen riktar sig till"), blank=True
    )
    diskuterad = models.BooleanField(
        _("Har ansökan diskuterats i lokusgrupp eller beredningsgrupp?"), null=True, blank=True
    )
    diskuterad_hur = models.TextField(_("Hur och när har ansökan diskuterats?"), blank=True)
    overenskommelse = models.TextField(_("Överenskommelse"), blank=True)

    # Budget totals, recomputed on the server at every save (the source of truth).
    summa_forbund = models.PositiveBigIntegerField(_("Totalt från Samordningsförbundet"), default=0)
    summa_egen = models.PositiveBigIntegerField(_("Summa egenfinansiering"), default=0)
    summa_ovrig = models.PositiveBigIntegerField(_("Övrig finansiering"), default=0)
    summa_total = models.PositiveBigIntegerField(_("Total kostnad för insatsen"), default=0)

    version = models.PositiveIntegerField(default=1)
    skapad_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    skapad = models.DateTimeField(auto_now_add=True)
    andrad = models.DateTimeField(_("ändrad"), auto_now=True)
    inlamnad = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    inlamnad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlämnad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Den som senast lämnade in ansökan; får förbundets frågor om den."),
    )

    class Meta:
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        ordering = ["-diarie_ar", "-diarie_lopnummer", "-skapad"]
        constraints = [
            models.UniqueConstraint(fields=["diarie_ar", "diarie_lopnummer"], name="unikt_diarienummer"),
        ]
        indexes = [models.Index(fields=["insatsagare", "status"])]

    def __str__(self):
        return f"{self.diarienummer} {self.namn}".strip()

    @property
    def fast_kategori_id(self):
        """The inriktning a tilläggsansökan must keep: the national follow-up
        fixes an insats's inriktning once created, and the extension continues
        that insats. None when free (a new application, or an insats without
        an inriktning yet). Delar stay free: a del with another inriktning is
        reported as an insats of its own."""
        if self.typ == self.Typ.TILLAGG and self.insats_id:
            return self.insats.kategori_id
        return None


class Part(models.Model):
    """A party to the application: the huvudinsatsägare (ordning 0) and the
    delinsatsägare/samverkansparter. Budget columns follow this order."""

    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="parter")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    ordning = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["ordning"]
        constraints = [models.UniqueConstraint(fields=["ansokan", "organisation"], name="unik_part")]

    def __str__(self):
        return self.organisation.namn

    @property
    def huvud(self):
        return self.ordning == 0

    @property
    def signerad(self):
        # The reverse one-to-one raises (an AttributeError subclass) when unsigned.
        return hasattr(self, "underskrift")

    @property
    def signerad_aktuell(self):
        """Signed, and the application has not been changed since."""
        return self.signerad and self.underskrift.version >= self.ansokan.version


class Del(models.Model):
    """A part (del) of the insats with its own period, inriktning and target
    group; the national follow-up counts each inriktning as its own insats."""

    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="delar")
    ordning = models.PositiveSmallIntegerField(default=0)
    namn = models.CharField(_("Delens namn"), max_length=200)
    startdatum = models.DateField(_("Startdatum"), null=True, blank=True)
    slutdatum = models.DateField(_("Slutdatum"), null=True, blank=True)
    kategori = models.ForeignKey(
        Insatskategori, verbose_name=_("Inriktning"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    malgrupp = models.TextField(_("Målgrupp"), blank=True)

    class Meta:
        verbose_name = _("del")
        verbose_name_plural = _("delar")
        ordering = ["ordning", "id"]

    def __str__(self):
        return self.namn


class Mal(models.Model):
    class Typ(models.TextChoices):
        OVERGRIPANDE = "overgripande", _("Övergripande mål")
        EFFEKT = "effekt", _("Effektmål")
        INSATS = "insats", _("Insatsmål")

    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="mal")
    del_av = models.ForeignKey(Del, null=True, blank=True, on_delete=models.CASCADE, related_name="mal")
    typ = models.CharField(max_length=20, choices=Typ.choices)
    text = models.TextField(_("mål"))
    ordning = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["typ", "ordning", "id"]

    def __str__(self):
        return self.text[:60]


class Budgetrad(models.Model):
    class Avsnitt(models.TextChoices):
        LON = "lon", _("Lönekostnader")
        LOKAL = "lokal", _("Lokalkostnader")
        OVRIG = "ovrig", _("Övriga kostnader")
        EGEN_LON = "egen_lon", _("Egenfinansiering – lönekostnader")
        EGEN_LOKAL = "egen_lokal", _("Egenfinansiering – lokalkostnader")
        EGEN_OVRIG = "egen_ovrig", _("Egenfinansiering – övriga kostnader")
        OVRIG_FIN = "ovrig_fin", _("Övrig finansiering")

    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="budgetrader")
    # The del the cost belongs to (None: the whole insats), so the follow-up
    # can report each del separately. A removed del leaves its money in the
    # budget, counted for the whole insats, rather than losing it.
    del_av = models.ForeignKey(
        Del, verbose_name=_("del"), null=True, blank=True, on_delete=models.SET_NULL, related_name="budgetrader"
    )
    avsnitt = models.CharField(max_length=20, choices=Avsnitt.choices)
    benamning = models.CharField(_("benämning"), max_length=200)
    standard = models.BooleanField(default=False, help_text=_("En fast rad i blanketten: kan inte tas bort eller döpas om."))
    tjanst_procent = models.DecimalField(
        _("tjänst i %"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    fran = models.DateField(_("från"), null=True, blank=True)
    till = models.DateField(_("till"), null=True, blank=True)
    ordning = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["ordning", "id"]

    def __str__(self):
        return self.benamning


class Budgetbelopp(models.Model):
    rad = models.ForeignKey(Budgetrad, verbose_name=_("budgetrad"), on_delete=models.CASCADE, related_name="belopp")
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="belopp")
    belopp = models.PositiveBigIntegerField(_("belopp (kr)"))

    class Meta:
        verbose_name = _("budgetbelopp")
        verbose_name_plural = _("budgetbelopp")
        constraints = [models.UniqueConstraint(fields=["rad", "part"], name="ett_belopp_per_part")]

    def __str__(self):
        return f"{self.rad}: {self.belopp}"


class Budgetradsar(models.Model):
    """The sökande's own split of a budget line's money over the calendar
    years of its period (issue 9: förbund budget per year). A line without
    rows here is split by whole months (budget.fordelning_per_ar); when
    rows exist they add up to the line's sum (the form refuses otherwise)."""

    rad = models.ForeignKey(Budgetrad, verbose_name=_("budgetrad"), on_delete=models.CASCADE, related_name="arsbelopp")
    ar = models.PositiveSmallIntegerField(_("år"))
    belopp = models.PositiveBigIntegerField(_("belopp (kr)"))

    class Meta:
        verbose_name = _("budgetrad per år")
        verbose_name_plural = _("budgetrader per år")
        ordering = ["ar"]
        constraints = [models.UniqueConstraint(fields=["rad", "ar"], name="ett_belopp_per_rad_och_ar")]

    def __str__(self):
        return f"{self.rad} {self.ar}: {self.belopp}"


class Underskrift(models.Model):
    """A party's representative stands behind the application ("ställer sig
    bakom ansökan"). Name and title are copied: they are what was signed."""

    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="underskrifter")
    part = models.OneToOneField(Part, on_delete=models.CASCADE, related_name="underskrift")
    anvandare = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.PROTECT, related_name="+")
    namn = models.CharField(max_length=200)
    titel = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200)
    tidpunkt = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(help_text=_("Den version av ansökan som skrevs under."))
    # Copied like the name: the capacity the person signed in. Signatures
    # from before behörighet was recorded stay False.
    behorig = models.BooleanField(_("som behörig företrädare"), default=False)

    class Meta:
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")

    def __str__(self):
        return f"{self.organisation}: {self.namn}"


class Bilaga(models.Model):
    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="bilagor")
    fil = models.FileField(upload_to="bilagor/%Y/")
    filnamn = models.CharField(_("filnamn"), max_length=200)
    typ = models.CharField(max_length=10)
    storlek = models.PositiveIntegerField()
    uppladdad_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uppladdad = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["uppladdad"]

    def __str__(self):
        return self.filnamn


class Komplettering(models.Model):
    ansokan = models.ForeignKey(Ansokan, verbose_name=_("ansökan"), on_delete=models.CASCADE, related_name="kompletteringar")
    begaran = models.TextField(_("Vad behöver kompletteras?"))
    begard_av = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("begärd av"), on_delete=models.PROTECT, related_name="+")
    begard = models.DateTimeField(_("begärd"), auto_now_add=True)
    besvarad = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("begäran om komplettering")
        verbose_name_plural = _("begäranden om komplettering")
        ordering = ["begard"]

    def __str__(self):
        return self.begaran[:60]

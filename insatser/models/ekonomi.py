"""The förbund's own money per calendar year (insatser.ekonomi computes from it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samordning.models import Organisation, version_field


class Arsbudget(models.Model):
    """The förbund's funds for one calendar year: the members' contributions
    (Medlemsbidrag) plus the eget kapital brought forward from earlier years.
    What the year's decisions commit is computed from them (insatser.ekonomi)."""

    ar = models.PositiveSmallIntegerField(
        _("år"),
        unique=True,
        error_messages={"unique": _("Det finns redan en årsbudget för det året.")},
    )
    eget_kapital = models.PositiveBigIntegerField(
        _("eget kapital från tidigare år (kr)"),
        default=0,
        help_text=_("Det egna kapital som förs över från tidigare år, i hela kronor."),
    )
    # Where the figures come from (the members' agreement, the board's
    # budget decision): the ekonomi page is read by the board, which asks.
    underlag = models.TextField(
        _("underlag"),
        blank=True,
        help_text=_(
            "Vilka beslut bidragen och det egna kapitalet bygger på, t.ex. "
            "medlemssamrådets överenskommelse och styrelsens budgetbeslut med datum och paragraf."
        ),
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

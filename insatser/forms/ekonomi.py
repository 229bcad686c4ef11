"""The year's funds: eget kapital, the basis of the figures, and one
contribution per member organisation (a field each, named by the
organisation's id, so a posted line can only be one the page offered)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from insatser.ekonomi import OVRIGA, TYPGRUPP
from samordning.fields import Form, KronorField, long_text

TYPNAMN = {
    "stat": _("staten genom Försäkringskassan"),
    "region": _("regionen"),
    "kommuner": _("kommunerna"),
    "ovriga": _("övriga"),
}


class ArsbudgetForm(Form):
    eget_kapital = KronorField(
        label=_("Eget kapital från tidigare år (kr)"),
        required=False,
        help_text=_("I hela kronor, t.ex. 250 000. Tomt räknas som 0 kr."),
        error_messages={"too_big": _("Beloppet är orimligt stort. Stämmer antalet nollor?")},
    )
    underlag = long_text(
        forms.CharField(
            label=_("Underlag"),
            required=False,
            help_text=_(
                "Vilka beslut bidragen och det egna kapitalet bygger på, t.ex. medlemssamrådets "
                "överenskommelse och styrelsens budgetbeslut med datum och paragraf. "
                "Skriv inga uppgifter om enskilda deltagare."
            ),
        ),
        rows=3,
    )

    def __init__(self, *args, medlemmar, **kwargs):
        self.medlemmar = list(medlemmar)
        super().__init__(*args, **kwargs)
        for org in self.medlemmar:
            self.fields[self.falt(org)] = KronorField(
                label=org.namn,
                required=False,
                help_text=_("Andel för %(typ)s. Tomt: inget bidrag i år.")
                % {"typ": TYPNAMN[TYPGRUPP.get(org.typ, OVRIGA)]},
                error_messages={
                    "too_big": _("Beloppet är orimligt stort. Stämmer antalet nollor?")
                },
            )

    @staticmethod
    def falt(org):
        return f"bidrag_{org.pk}"

    def bidrag_fields(self):
        return [self[self.falt(org)] for org in self.medlemmar]

    def bidrag(self):
        """{Organisation: kr or None} from the cleaned data."""
        return {org: self.cleaned_data.get(self.falt(org)) for org in self.medlemmar}

    @classmethod
    def initial_for(cls, budget, medlemmar):
        if budget is None:
            return {}
        stored = {b.organisation_id: b.belopp for b in budget.bidrag.all()}
        initial = {"eget_kapital": budget.eget_kapital, "underlag": budget.underlag}
        for org in medlemmar:
            if org.pk in stored:
                initial[cls.falt(org)] = stored[org.pk]
        return initial

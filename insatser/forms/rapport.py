"""The report forms: the insatsägare's report (progress per goal, participant
counts, free text), the handläggare's komplettering request and the plan.

Plain forms: a failed post never touches the report, every change goes
through insatser.rapporter, and what was typed comes back with the messages
next to their fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from insatser.models import Rapportplan
from insatser.models.rapport import DELTAGARFALT, INGA_PERSONUPPGIFTER, KON
from insatser.rapporter import ANTAL_FALT, KON_NAMN, kontrollera_antal
from samordning.fields import Form

MAX_ANTAL = 100_000  # participants in one period of one insats; more is a typo

RADER = {
    "nya": _("Nya under perioden"),
    "pagaende": _("Pågående sedan tidigare"),
    "avslutade": _("Avslutade under perioden"),
    "arbete": _("varav till arbete"),
    "studier": _("varav till studier"),
}
KOLUMNER = {"kvinnor": _("Kvinnor"), "man": _("Män"), "annan": _("Annan eller ej angivet")}
# Each count's own label, read alone (a screen reader in the cell, the error
# summary's "Avslutade till arbete – kvinnor: Ange antal (0 om inga).").
ETIKETTER = {
    "nya": _("Nya under perioden"),
    "pagaende": _("Pågående sedan tidigare"),
    "avslutade": _("Avslutade under perioden"),
    "arbete": _("Avslutade till arbete"),
    "studier": _("Avslutade till studier"),
}


def antal_falt(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_ANTAL,
        error_messages={
            "required": _("Ange antal (0 om inga)."),
            "invalid": _("Ange antalet som ett heltal, t.ex. 3."),
            "min_value": _("Antalet kan inte vara negativt."),
            "max_value": _("Antalet verkar orimligt stort: högst 100 000. Stämmer det?"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "antal"}),
    )


class RapportForm(Form):
    """`mal`: the goals to answer (insatser.rapporter.mal_for); each gets a
    field mal_<pk>. `kraver_mal`: submitting, so every goal needs an answer."""

    fritext = forms.CharField(
        label=_("Övrigt om perioden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=INGA_PERSONUPPGIFTER,
    )

    def __init__(self, *args, mal=(), kraver_mal=False, **kwargs):
        super().__init__(*args, **kwargs)
        for falt in DELTAGARFALT:
            for kon in KON:
                self.fields[f"{falt}_{kon}"] = antal_falt(f"{ETIKETTER[falt]} – {KON_NAMN[kon]}")
        self.mal = list(mal)
        for mal in self.mal:
            self.fields[f"mal_{mal.pk}"] = forms.CharField(
                label=mal.text,
                required=kraver_mal,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=INGA_PERSONUPPGIFTER,
                error_messages={
                    "required": _("Skriv hur arbetet mot målet har gått under perioden.")
                },
            )

    def clean(self):
        data = super().clean()
        for name, message in kontrollera_antal(data).items():
            self.add_error(name, message)
        return data

    def antal(self):
        return {name: self.cleaned_data[name] for name in ANTAL_FALT}

    def maltexter(self):
        return {mal.pk: self.cleaned_data.get(f"mal_{mal.pk}", "") for mal in self.mal}

    def tabell(self):
        """The counts as rows × kön columns, for the template's table."""
        return [(RADER[falt], [self[f"{falt}_{kon}"] for kon in KON]) for falt in DELTAGARFALT]

    def malfalt(self):
        """(goal, its field) in the goals' order."""
        return [(mal, self[f"mal_{mal.pk}"]) for mal in self.mal]


def initial_for(rapport, mal):
    """The form's starting values from the saved report."""
    initial = {name: getattr(rapport, name) for name in ANTAL_FALT}
    initial["fritext"] = rapport.fritext
    svar = {rad.mal_id: rad.text for rad in rapport.malrader.all()}
    for m in mal:
        initial[f"mal_{m.pk}"] = svar.get(m.pk, "")
    return initial


class KompletteringForm(Form):
    prefix = "komplettering"  # beside GodkannForm on one page: ids must differ
    kommentar = forms.CharField(
        label=_("Vad behöver kompletteras?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Insatsägaren får texten med e-post. Skriv inga personuppgifter om deltagare."),
        error_messages={"required": _("Skriv vad som behöver kompletteras.")},
    )


class GodkannForm(Form):
    prefix = "godkann"
    kommentar = forms.CharField(
        label=_("Kommentar (frivillig)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skriv inga personuppgifter om deltagare."),
    )


class PlanForm(Form):
    lagesrapporter = forms.ChoiceField(
        label=_("Lägesrapporter"),
        choices=Rapportplan.Lagesrapporter.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur ofta insatsen lämnar lägesrapport.")},
    )
    arsrapport = forms.BooleanField(label=_("Årsrapport för varje kalenderår"), required=False)
    slutrapport = forms.BooleanField(label=_("Slutrapport när insatsen är slut"), required=False)

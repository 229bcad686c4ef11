"""The avvikelserapport's forms: filing one (the insatsägare) and handling
it (the kansli). Plain forms: every change goes through insatser.avvikelser."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insatser.forms.insats import datum_falt
from insatser.models import Avvikelse
from insatser.models.avvikelse import INGA_PERSONUPPGIFTER
from samordning.fields import Form, long_text


class AvvikelseForm(Form):
    vad = long_text(
        forms.CharField(
            label=_("Vad har förändrats?"),
            help_text=_(
                "T.ex. en tjänst som står vakant, en part som lämnar, färre deltagare än planerat eller "
                "en ändrad metod."
            )
            + " "
            + INGA_PERSONUPPGIFTER,
            error_messages={"required": _("Beskriv vad som har förändrats.")},
        )
    )
    sedan = datum_falt(_("Sedan när?"), _("Ange sedan när förändringen gäller."))
    konsekvenser = long_text(
        forms.CharField(
            label=_("Konsekvenser för mål, budget, deltagare och bemanning"),
            help_text=_(
                "Vad förändringen betyder för insatsens mål, budget, deltagare (antal) och bemanning."
            )
            + " "
            + INGA_PERSONUPPGIFTER,
            error_messages={"required": _("Beskriv vad förändringen får för konsekvenser.")},
        )
    )
    atgarder = long_text(
        forms.CharField(
            label=_("Vad gör ni, eller vad föreslår ni? (frivilligt)"),
            required=False,
            help_text=INGA_PERSONUPPGIFTER,
        ),
        rows=3,
    )

    def clean_sedan(self):
        sedan = self.cleaned_data["sedan"]
        if sedan > timezone.localdate():
            raise forms.ValidationError(
                _("Rapportera förändringar som redan har skett; datumet kan inte vara i framtiden.")
            )
        return sedan


class HanteraForm(Form):
    status = forms.ChoiceField(
        label=_("Hantering"),
        choices=[
            (Avvikelse.Status.NOTERAD, _("Noterad: ingen åtgärd från förbundet behövs")),
            (Avvikelse.Status.KRAVER_BESLUT, _("Kräver nytt beslut")),
        ],
        initial=Avvikelse.Status.NOTERAD,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj hur avvikelsen hanteras."),
            "invalid_choice": _("Välj hur avvikelsen hanteras."),
        },
    )
    kommentar = long_text(
        forms.CharField(
            label=_("Kommentar till insatsägaren"),
            # The kansli's own wording: INGA_PERSONUPPGIFTER speaks to the insatsägare.
            help_text=_(
                "Varför avvikelsen är noterad, eller vad som behöver beslutas. Kommentaren visas för "
                "insatsägaren. Skriv inga personuppgifter om deltagare."
            ),
            error_messages={"required": _("Skriv en kommentar: varför den är noterad, eller vad som behöver beslutas.")},
        ),
        rows=3,
    )

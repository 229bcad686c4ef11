"""The closing page's form (insatser.services.avsluta_insats)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insatser.forms.insats import datum_falt
from samordning.fields import Form, long_text


class AvslutaForm(Form):
    datum = datum_falt(
        _("Avslutad den"),
        _("Ange dagen insatsen avslutas."),
        help_text=_("Normalt i dag; en tidigare dag om insatsen faktiskt avslutades då."),
    )
    notering = long_text(
        forms.CharField(
            label=_("Notering om avslutet"),
            required=False,
            help_text=_(
                "Krävs när ingen slutrapport finns i systemet: hur insatsen avslutades och var "
                "slutredovisningen finns. Skriv inga personuppgifter om deltagare."
            ),
        ),
        rows=3,
    )

    def __init__(self, *args, tidigast=None, **kwargs):
        """`tidigast`: selectors.Tidigast, the earliest closing day and why
        (the service checks it again under the insats's lock)."""
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate()
        self.tidigast = tidigast
        if tidigast is not None:
            self.fields["datum"].help_text = _(
                "Normalt i dag; en tidigare dag om insatsen faktiskt avslutades då, men tidigast %(dag)s."
            ) % {"dag": tidigast.dag.isoformat()}

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if self.tidigast is not None and datum < self.tidigast.dag:
            raise forms.ValidationError(self.tidigast.text)
        return datum

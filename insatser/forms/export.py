"""The choices of the Uppföljning Finsam export (insatser.views.export)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordning.fields import FORSTA_AR, SISTA_AR, Form

CSV, XLSX = "csv", "xlsx"
PER_INSATS, PER_DEL = "insats", "del"


def ar_falt(label):
    return forms.IntegerField(
        label=label,
        min_value=FORSTA_AR,
        max_value=SISTA_AR,
        error_messages={
            "required": _("Ange ett år, t.ex. 2025."),
            "invalid": _("Ange året med fyra siffror, t.ex. 2025."),
            "min_value": _("Ange ett år från och med %(limit_value)s."),
            "max_value": _("Ange ett år till och med %(limit_value)s."),
        },
    )


class ExportForm(Form):
    fran = ar_falt(_("Från år"))
    till = ar_falt(_("Till och med år"))
    niva = forms.ChoiceField(
        label=_("En rad per"),
        choices=[(PER_INSATS, _("insats och år")), (PER_DEL, _("del och år"))],
        initial=PER_INSATS,
        widget=forms.RadioSelect,
    )
    format = forms.ChoiceField(
        label=_("Filformat"),
        choices=[(XLSX, _("Excel (XLSX)")), (CSV, _("CSV, semikolonseparerad"))],
        initial=XLSX,
        widget=forms.RadioSelect,
    )

    @staticmethod
    def forval():
        """Last calendar year: the follow-up is reported after the year ends."""
        ar = timezone.localdate().year - 1  # in Stockholm: on New Year's Eve UTC is not yet there
        return {"fran": ar, "till": ar, "niva": PER_INSATS, "format": XLSX}

    def clean(self):
        data = super().clean()
        fran, till = data.get("fran"), data.get("till")
        if fran is not None and till is not None and till < fran:
            self.add_error("till", _("Till-året kan inte vara före från-året."))
        return data

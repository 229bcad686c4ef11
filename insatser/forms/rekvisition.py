"""The rekvisition forms: the insatsägare's claim, the handläggare's return
and payment. The rules on maxima and periods are the service's
(insatser.rekvisitioner); these check what can be checked from the input
alone, so a typo is told at its field before the service is asked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from insatser.forms.insats import datum_falt
from insatser.models import Rekvisitionsrad
from samordning.fields import Form, KronorField, validate_no_control, validate_visible
from samordning.formatting import kr

# What may verify a claim: an invoice or a ledger extract as PDF, or a
# photo or scan of a receipt. (extension: (magic bytes, …))
BILAGA_TYPER = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_BILAGA = 10 * 1024 * 1024


def falt(kategori):
    return f"belopp_{kategori}"


class BeviljandeChoice(forms.ModelChoiceField):
    def label_from_instance(self, b):
        return _("%(beslut)s: %(fran)s – %(till)s, högst %(belopp)s") % {
            "beslut": b.beslut_text,
            "fran": b.period_fran.isoformat(),
            "till": b.period_till.isoformat(),
            "belopp": kr(b.belopp),
        }


class RekvisitionForm(Form):
    """A claim: the grant, the period, one amount per budget category, a
    verifying attachment and a comment. `beviljanden`: the insats's grants."""

    beviljande = BeviljandeChoice(
        queryset=None,
        label=_("Beslut som pengarna rekvireras från"),
        empty_label=None,
        error_messages={
            "required": _("Välj det beslut pengarna rekvireras från."),
            "invalid_choice": _("Välj ett av insatsens beslut."),
        },
    )
    period_fran = datum_falt(_("Perioden från"), _("Ange periodens första dag."))
    period_till = datum_falt(_("Perioden till"), _("Ange periodens sista dag."))
    bilaga = forms.FileField(
        label=_("Verifikation (PDF, JPG eller PNG, högst 10 MB)"),
        required=False,
        help_text=_("Till exempel en resultatrapport eller faktura. Frivillig."),
    )
    kommentar = forms.CharField(
        label=_("Kommentar till förbundets kansli"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv inga uppgifter om enskilda deltagare: bara antal."),
    )

    def __init__(self, *args, beviljanden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beviljande"].queryset = beviljanden
        for kategori, label in Rekvisitionsrad.Kategori.choices:
            self.fields[falt(kategori)] = KronorField(
                label=label,
                required=False,
                error_messages={
                    "invalid": _("Ange beloppet i hela kronor med siffror, t.ex. 12 500.")
                },
            )
        self.rader_fel = ""

    def belopp_falt(self):
        """[(bound field, marked)] per category. A refusal of the amounts
        (over the maximum) marks the amounts typed, or all when none was."""
        falten = [self[falt(k)] for k in Rekvisitionsrad.Kategori.values]
        ifyllda = [f for f in falten if str(f.value() or "").strip()]
        return [(f, bool(f.errors) or bool(self.rader_fel and (f in ifyllda or not ifyllda))) for f in falten]

    def clean_bilaga(self):
        fil = self.cleaned_data.get("bilaga")
        if not fil:
            return None
        validate_no_control(fil.name)
        validate_visible(fil.name)
        ext = fil.name.rsplit(".", 1)[-1].lower() if "." in fil.name else ""
        if ext not in BILAGA_TYPER:
            raise forms.ValidationError(_("Bara PDF-, JPG- och PNG-filer kan bifogas."))
        if fil.size > MAX_BILAGA:
            raise forms.ValidationError(_("Filen är för stor: högst 10 MB."))
        head = fil.read(8)
        fil.seek(0)
        if not any(head.startswith(magic) for magic in BILAGA_TYPER[ext]):
            raise forms.ValidationError(
                _(
                    "Filens innehåll stämmer inte med filändelsen .%(ext)s. Ladda upp en riktig %(typ)s-fil."
                )
                % {"ext": ext, "typ": ext.upper()}
            )
        return fil

    def clean(self):
        data = super().clean()
        fran, till = data.get("period_fran"), data.get("period_till")
        if fran and till and till < fran:
            self.add_error("period_till", _("Till-datum kan inte vara före från-datum."))
        falten = [falt(k) for k in Rekvisitionsrad.Kategori.values]
        if not any(n in self.errors for n in falten) and not any(data.get(n) for n in falten):
            self.rader_fel = str(_("Ange minst ett belopp större än 0 kr."))
            raise forms.ValidationError(self.rader_fel, code="rader")
        return data

    def rader(self):
        """{kategori: kronor} of the cleaned form, zeros included (the service leaves them out)."""
        return {k: self.cleaned_data.get(falt(k)) or 0 for k in Rekvisitionsrad.Kategori.values}

    def visa_rader_fel(self, message):
        """The service refused the amounts (over the maximum): said at them."""
        self.rader_fel = str(message)


class ReturneraForm(Form):
    kommentar = forms.CharField(
        label=_("Varför returneras rekvisitionen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Insatsägaren ser kommentaren. Skriv inga uppgifter om enskilda deltagare."),
        error_messages={"required": _("Skriv varför rekvisitionen returneras.")},
    )


class BetaldForm(Form):
    datum = datum_falt(_("Utbetalningsdag"), _("Ange dagen pengarna betalades ut."))

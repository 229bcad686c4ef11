from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ansokningar.forms import MAX_TEXT, DateInput, too_long
from ansokningar.models import Insatskategori, PrioriteradMalgrupp
from beslut import klausuler
from beslut.models import Beredning, Beslutsforslag, Klausul, Verksamhetsinriktning
from samordning.models import KANSLI, User

MAX_SATS = 2_000


def _long_text(field, rows=8):
    field.widget = forms.Textarea(attrs={"rows": rows})
    field.validators.append(MaxLengthValidator(MAX_TEXT, message=too_long))
    return field


class BeredningForm(forms.ModelForm):
    class Meta:
        model = Beredning
        fields = [*Beredning.CHECKLIST, "anteckningar", "rekommendation", "rekommendation_datum"]
        widgets = {"rekommendation_datum": DateInput(), "rekommendation": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _long_text(self.fields["anteckningar"], rows=5)
        self.fields["rekommendation"].choices = [("", _("Ingen ännu")), *Beredning.Rekommendation.choices]

    def clean(self):
        data = super().clean()
        if data.get("rekommendation") and not data.get("rekommendation_datum"):
            self.add_error("rekommendation_datum", _("Ange vilket datum beredningsgruppen lämnade sin rekommendation."))
        return data


class ForslagForm(forms.ModelForm):
    class Meta:
        model = Beslutsforslag
        fields = [
            "titel", "undertitel", "diarienummer", "datum", "handlaggare", "instans", "utfall", "belopp",
            "period_fran", "period_till", "arendet", "bedomning", "undertecknare", "undertecknare_titel",
            "foredragande",
        ]  # fmt: skip
        widgets = {"datum": DateInput(), "period_fran": DateInput(), "period_till": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlaggare"].queryset = User.objects.filter(roll__in=KANSLI, is_active=True)
        _long_text(self.fields["arendet"], rows=14)
        _long_text(self.fields["bedomning"], rows=8)
        self.fields["belopp"].widget.attrs.update(min=0, step=1)
        self.fields["belopp"].error_messages.update(
            min_value=_("Beloppet kan inte vara negativt."), invalid=_("Ange beloppet i hela kronor.")
        )
        help = _("Stycken skiljs åt av en tom rad. Rader som börjar med ”- ” blir punktlistor; en kort rad för sig blir en rubrik.")
        self.fields["arendet"].help_text = help
        self.fields["bedomning"].help_text = help

    def clean(self):
        data = super().clean()
        if data.get("period_fran") and data.get("period_till") and data["period_till"] < data["period_fran"]:
            self.add_error("period_till", _("Periodens slut kan inte vara före dess början."))
        return data


def clean_satser(values, errors):
    satser = []
    for text in values:
        text = " ".join(text.split())
        if not text:
            continue
        if text.lower().startswith("att "):
            text = text[4:]  # the style adds "att" itself
        if len(text) > MAX_SATS:
            errors.setdefault("satser", []).append(_("En beslutssats får vara högst %(n)d tecken.") % {"n": MAX_SATS})
        satser.append(text)
    return satser


class KlausulForm(forms.ModelForm):
    class Meta:
        model = Klausul
        fields = ["namn", "typ", "text", "standard", "ordning", "aktiv"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if text.lower().startswith("att "):
            text = text[4:]
        if klausuler.unknown(text):
            raise forms.ValidationError(
                _("Okänd platshållare. Använd %(lista)s.")
                % {"lista": ", ".join("{" + p + "}" for p in klausuler.PLACEHOLDERS)}
            )
        return text


class InriktningForm(forms.ModelForm):
    class Meta:
        model = Verksamhetsinriktning
        fields = ["ar", "mal", "ram", "prioriterade_malgrupper"]
        widgets = {"prioriterade_malgrupper": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _long_text(self.fields["mal"], rows=8)
        self.fields["ar"].widget.attrs.update(min=2000, max=2100)
        self.fields["prioriterade_malgrupper"].queryset = PrioriteradMalgrupp.objects.all()
        current = {f.kategori_id: f.procent for f in self.instance.fordelning.all()} if self.instance.pk else {}
        self.kategorier = list(Insatskategori.objects.all())
        for k in self.kategorier:
            self.fields[f"andel_{k.pk}"] = forms.IntegerField(
                label=_("%(kategori)s, andel i %%") % {"kategori": k.namn},
                min_value=0,
                max_value=100,
                required=False,
                initial=current.get(k.pk),
                error_messages={"max_value": _("Högst 100 %."), "min_value": _("Kan inte vara negativ.")},
            )

    def clean(self):
        data = super().clean()
        total = sum(data.get(f"andel_{k.pk}") or 0 for k in self.kategorier)
        if total > 100:
            raise forms.ValidationError(_("Fördelningen får inte överstiga 100 %% (nu %(n)d %%).") % {"n": total})
        return data

    def fordelning(self):
        return {k: self.cleaned_data.get(f"andel_{k.pk}") or 0 for k in self.kategorier}

    def andel_fields(self):
        return [self[f"andel_{k.pk}"] for k in self.kategorier]

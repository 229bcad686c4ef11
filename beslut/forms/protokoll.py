"""The forms of the protokoll-keeping page: närvaro (a formset, a row per
person), justerare, and per § its decision, jäv and omröstning.

Choices come from the page's Underlag (read once), never from a queryset
per form, so a meeting of 20 §§ costs what a meeting of one does.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from beslut.models import Narvaro, Paragraf, Rost
from beslut.services import protokoll as prot
from samordning.fields import DateInput, Form, KronorField, long_text
from samordning.formatting import paragraf as paragrafnummer

MAX_NARVARO = 60


def _namn(uppdrag):
    return f"{uppdrag.person.get_full_name()} ({uppdrag.get_roll_display().lower()})"


class NarvaroForm(Form):
    """One person at the meeting. A seat (Uppdrag) for the organ's members;
    a name and title alone for others present."""

    uppdrag = forms.TypedChoiceField(label=_("Ledamot eller ersättare"), required=False, coerce=int, empty_value=None)
    namn = forms.CharField(label=_("Namn"), max_length=200, required=False)
    titel = forms.CharField(label=_("Titel eller uppdrag"), max_length=200, required=False)
    typ = forms.ChoiceField(label=_("Närvaro"), choices=[("", "–"), *Narvaro.Typ.choices], required=False)
    ersatter = forms.TypedChoiceField(label=_("Tjänstgör för"), required=False, coerce=int, empty_value=None)
    fran_arende = forms.TypedChoiceField(label=_("Från och med"), required=False, coerce=int, empty_value=None)
    till_arende = forms.TypedChoiceField(label=_("Till och med"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, sida=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sida = sida
        self.fields["uppdrag"].choices = [("", _("Ingen – övrig närvarande"))] + [
            (u.pk, _namn(u)) for u in sida.uppdrag
        ]
        self.fields["ersatter"].choices = [("", "–")] + [
            (u.pk, u.person.get_full_name()) for u in sida.uppdrag if u.roll == u.Roll.LEDAMOT
        ]
        arenden = [(a.pk, f"{paragrafnummer(a.paragraf.nummer)} {a.rubrik}") for a in sida.underlag.arenden]
        self.fields["fran_arende"].choices = [("", _("Från början")), *arenden]
        self.fields["till_arende"].choices = [("", _("Till slutet")), *arenden]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control form-control-sm" if name in ("namn", "titel") else "form-select form-select-sm"

    def clean(self):
        data = super().clean()
        uppdrag = self.sida.uppdrag_by_pk.get(data.get("uppdrag"))
        if not data.get("namn") and uppdrag is not None:
            data["namn"] = uppdrag.person.get_full_name()
        if not data.get("namn") and "namn" not in self.errors and self.has_changed():
            self.add_error("namn", _("Ange namnet, eller välj en ledamot eller ersättare."))
        if data.get("namn") and not data.get("typ") and "typ" not in self.errors:
            self.add_error("typ", _("Ange hur personen var närvarande."))
        return data

    def rad(self):
        """The row as the service takes it."""
        d, s = self.cleaned_data, self.sida
        return prot.Rad(
            typ=d["typ"], namn=d["namn"], titel=d.get("titel", ""),
            uppdrag=s.uppdrag_by_pk.get(d.get("uppdrag")), ersatter=s.uppdrag_by_pk.get(d.get("ersatter")),
            fran_arende=s.arende_by_pk.get(d.get("fran_arende")), till_arende=s.arende_by_pk.get(d.get("till_arende")),
        )  # fmt: skip


class BaseNarvaroFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("Formuläret kom inte fram helt. Ladda om sidan och försök igen."),
        "too_many_forms": _("Högst %(num)d personer kan sparas på en gång."),
        "too_few_forms": _("Ange minst en närvarande."),
    }

    def __init__(self, *args, sida=None, **kwargs):
        self.sida = sida
        super().__init__(*args, form_kwargs={"sida": sida}, **kwargs)

    def kept(self):
        """The rows to save: filled in and not marked to be removed."""
        return [
            f for f in self.forms
            if f.is_valid() and f.cleaned_data.get("namn") and not self._should_delete_form(f)
        ]  # fmt: skip

    def clean(self):
        if any(self.errors) or not self.management_form.is_valid():
            return
        kept = self.kept()
        for index, field, message in prot.narvarofel([f.rad() for f in kept], self.sida.underlag.arenden):
            kept[index].add_error(field, message)

    def rader(self):
        return [f.rad() for f in self.kept()]


NarvaroFormSet = forms.formset_factory(
    NarvaroForm, formset=BaseNarvaroFormSet, extra=2, can_delete=True, max_num=MAX_NARVARO, validate_max=True,
    absolute_max=MAX_NARVARO + 10,
)  # fmt: skip


def narvaro_formset(sida, data=None):
    initial = [
        {"uppdrag": n.uppdrag_id, "namn": n.namn, "titel": n.titel, "typ": n.typ, "ersatter": n.ersatter_id,
         "fran_arende": n.fran_arende_id, "till_arende": n.till_arende_id}
        for n in sida.underlag.narvaro
    ]  # fmt: skip
    return NarvaroFormSet(data, prefix="narvaro", initial=initial, sida=sida)


class JusterareForm(Form):
    ordforande = forms.TypedChoiceField(label=_("Ordförande"), coerce=int)
    justerare = forms.TypedMultipleChoiceField(
        label=_("Justerare"), coerce=int, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Välj minst en justerare.")},
    )  # fmt: skip

    def __init__(self, *args, sida=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sida = sida
        personer = [(p.pk, p.get_full_name()) for p in sida.personer]
        self.fields["ordforande"].choices = [("", _("Välj ordförande")), *personer]
        self.fields["justerare"].choices = personer

    def clean(self):
        data = super().clean()
        if data.get("ordforande") and data.get("ordforande") in (data.get("justerare") or []):
            self.add_error("justerare", _("Ordföranden justerar redan protokollet; välj någon annan som justerare."))
        return data


class BeslutForm(Form):
    """The decision of one §."""

    beslut = forms.ChoiceField(
        label=_("Beslut"), required=False, widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )
    beslutstext = forms.CharField(label=_("Beslutstext"), required=False)
    belopp = KronorField(label=_("Beslutat belopp (kr)"), required=False)
    period_fran = forms.DateField(label=_("Period från"), required=False, widget=DateInput())
    period_till = forms.DateField(label=_("Period till"), required=False, widget=DateInput())
    instruktion = forms.CharField(label=_("Styrelsens uppdrag vid återremiss"), required=False)
    reservationer = forms.CharField(label=_("Reservationer"), required=False)
    anteckningar = forms.CharField(label=_("Protokollsanteckningar"), required=False)

    def __init__(self, *args, paragraf, **kwargs):
        super().__init__(*args, prefix=f"p{paragraf.pk}", **kwargs)
        self.paragraf = paragraf
        arende = paragraf.arende
        self.fields["beslut"].choices = [("", _("Inget beslut ännu"))] + [
            (b, Paragraf.Beslut(b).label) for b in prot.tillatna_beslut(arende)
        ]
        for name in ("beslutstext", "instruktion", "reservationer", "anteckningar"):
            long_text(self.fields[name], rows=4 if name == "beslutstext" else 2)
        if Paragraf.Beslut.ATERREMISS not in prot.tillatna_beslut(arende):
            del self.fields["instruktion"]
        if arende.forslag_version_id:
            self.fields["beslutstext"].help_text = _(
                "Vid bifall enligt förslaget förs förslagets att-satser in ordagrant. Vid bifall med "
                "ändringar: en att-sats per rad."
            )
            self.fields["belopp"].help_text = _("Tomt: förslagets belopp och period.")
        else:
            for name in ("belopp", "period_fran", "period_till"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        for field, message in prot.beslutsfel(
            self.paragraf.arende, data.get("beslut", ""), data.get("beslutstext", ""), data.get("instruktion", ""),
            data.get("belopp"), self.paragraf.beslutstext,
        ):
            self.add_error(field, message)
        fran, till = data.get("period_fran"), data.get("period_till")
        if fran and till and till < fran:
            self.add_error("period_till", _("Till-datum kan inte vara före från-datum."))
        return data

    def data_for_service(self):
        return {name: self.cleaned_data.get(name) for name in prot.BESLUT_FIELDS if name in self.fields}


def beslut_initial(paragraf):
    p = paragraf
    text = p.beslutstext
    if not p.beslut and not text and p.arende.forslag_version_id:
        text = "\n".join(prot.forslagets_satser(p.arende))  # to start a changed text from
    return {
        "beslut": p.beslut, "beslutstext": text, "belopp": p.belopp if p.beslut == p.Beslut.ANDRAT else None,
        "period_fran": p.period_fran if p.beslut == p.Beslut.ANDRAT else None,
        "period_till": p.period_till if p.beslut == p.Beslut.ANDRAT else None,
        "instruktion": p.instruktion, "reservationer": p.reservationer, "anteckningar": p.anteckningar,
    }  # fmt: skip


class JavForm(Form):
    uppdrag = forms.TypedMultipleChoiceField(
        label=_("Anmäler jäv"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )  # fmt: skip

    def __init__(self, *args, paragraf, kandidater, **kwargs):
        super().__init__(*args, prefix=f"jav{paragraf.pk}", **kwargs)
        self.kandidater = kandidater
        self.fields["uppdrag"].choices = [(u.pk, u.person.get_full_name()) for u in kandidater]
        self.fields["uppdrag"].help_text = _("Den som anmäler jäv deltar inte i handläggningen och räknas inte bland de beslutande.")


class OmrostningForm(Form):
    """A vote per beslutande of the §: ja, nej, avstår, or none."""

    SVAR = [("", _("Ingen röst")), *Rost.Svar.choices]

    def __init__(self, *args, paragraf, beslutande, **kwargs):
        super().__init__(*args, prefix=f"rost{paragraf.pk}", **kwargs)
        self.beslutande = {u.pk: u for u in beslutande}
        # The proposition order: what a ja and a nej vote were for.
        self.fields["ja_forslag"] = forms.CharField(
            label=_("Ja-röst för (t.ex. förbundschefens förslag)"), required=False, max_length=500
        )
        self.fields["nej_forslag"] = forms.CharField(
            label=_("Nej-röst för (t.ex. avslag)"), required=False, max_length=500
        )
        for u in beslutande:
            self.fields[f"u{u.pk}"] = forms.ChoiceField(
                label=u.person.get_full_name(), choices=self.SVAR, required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )  # fmt: skip

    def clean(self):
        data = super().clean()
        ja, nej = data.get("ja_forslag", "").strip(), data.get("nej_forslag", "").strip()
        if (ja or nej) and not any(data.get(f"u{pk}") for pk in self.beslutande):
            self.add_error(
                "ja_forslag", _("Ange rösterna, eller lämna fälten tomma om ingen omröstning begärdes.")
            )
        elif ja and ja == nej:
            self.add_error("nej_forslag", _("Ja och nej kan inte gälla samma förslag."))
        return data

    def roster(self):
        return {
            self.beslutande[int(name[1:])]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("u") and value
        }

    def propositioner(self):
        return {name: self.cleaned_data.get(name, "") for name in ("ja_forslag", "nej_forslag")}

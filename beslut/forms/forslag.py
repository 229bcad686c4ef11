from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansokningar.models import Insatskategori, PrioriteradMalgrupp
from beslut import klausuler
from beslut.models import (
    Beredning,
    Beslutsforslag,
    Klausul,
    KlausulUppsattning,
    Verksamhetsinriktning,
)
from samordning.fields import (
    FORSTA_AR,
    SISTA_AR,
    DateInput,
    Form,
    KronorField,
    ModelForm,
    clean_list,
    limit_length,
    long_text,
    validate_visible,
)
from samordning.formatting import kr
from samordning.models import KANSLI, Forbund, User

MAX_SATS = 2_000


class BeredningForm(ModelForm):
    """The handläggare's beredning: the inriktning the case is assessed
    against, each checklist point answered ja, nej or ej tillämpligt (or not
    yet), the note and the beredningsgrupp's recommendation."""

    class Meta:
        model = Beredning
        fields = [
            "planerat_beslutsdatum", "inriktning", *Beredning.CHECKLIST, "anteckningar", "rekommendation",
            "rekommendation_datum",
        ]  # fmt: skip
        widgets = {
            "planerat_beslutsdatum": DateInput(),
            "rekommendation_datum": DateInput(),
            "rekommendation": forms.RadioSelect,
        }

    # Not answered yet is a choice of its own, last: a radio group cannot be
    # emptied once a button is chosen.
    SVAR = [*Beredning.Svar.choices, ("", _("Inte bedömd än"))]

    def __init__(self, *args, i_kraft=None, **kwargs):
        """`i_kraft`: the inriktning in force on the planned decision date,
        which an empty choice stands for (named in the help text)."""
        super().__init__(*args, **kwargs)
        long_text(self.fields["anteckningar"], rows=5)
        self.fields["rekommendation"].choices = [("", _("Ingen ännu")), *Beredning.Rekommendation.choices]
        for name in Beredning.CHECKLIST:
            field = self.fields[name]
            field.choices = self.SVAR
            field.widget = forms.RadioSelect(choices=self.SVAR, attrs={"class": "form-check-input"})
        field = self.fields["inriktning"]
        field.queryset = Verksamhetsinriktning.objects.order_by("-ar")
        field.empty_label = _("Den som gäller på det planerade beslutsdatumet")
        if i_kraft is not None:
            field.help_text = _(
                "Ansökan bedöms mot den inriktning styrelsen beslutar under, för hela perioden. "
                "Lämnas valet tomt gäller den inriktning som gäller på det planerade beslutsdatumet "
                "(nu %(inriktning)s)."
            ) % {"inriktning": i_kraft}
        else:
            field.help_text = _(
                "Ansökan bedöms mot den inriktning styrelsen beslutar under, för hela perioden. "
                "Ingen inriktning gäller på det planerade beslutsdatumet."
            )
        self.fields["planerat_beslutsdatum"].help_text = _(
            "Dagen styrelsen (eller förbundschefen på delegation) väntas besluta. Tomt: i dag."
        )

    def clean(self):
        data = super().clean()
        dag = data.get("rekommendation_datum")
        if data.get("rekommendation") and not dag:
            self.add_error("rekommendation_datum", _("Ange vilket datum beredningsgruppen lämnade sin rekommendation."))
        elif dag and dag > timezone.localdate():
            self.add_error("rekommendation_datum", _("Datumet kan inte ligga i framtiden."))
        # No lower bound: a beredningsgrupp often discusses an application
        # before it is diarieförd (the form asks when it was discussed).
        return data


class ForslagForm(ModelForm):
    class Meta:
        model = Beslutsforslag
        fields = [
            "titel", "undertitel", "diarienummer", "datum", "handlaggare", "instans", "utfall", "belopp",
            "period_fran", "period_till", "arendet", "bedomning", "undertecknare", "undertecknare_titel",
            "foredragande",
        ]  # fmt: skip
        widgets = {"datum": DateInput(), "period_fran": DateInput(), "period_till": DateInput()}

    # Whole kronor as the application form takes them: "1 540 400" typed
    # and shown with spaces, decimals refused with a message.
    belopp = KronorField(label=_("Maximalt belopp (kr)"), required=False)

    def __init__(self, *args, forbund=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.forbund = forbund  # when the view has it: its delegation limit, without another query
        self.fields["handlaggare"].queryset = User.objects.filter(roll__in=KANSLI, is_active=True)
        long_text(self.fields["arendet"], rows=14)
        long_text(self.fields["bedomning"], rows=8)
        help = _(
            "Stycken skiljs åt av en tom rad. Rader som börjar med ”- ” blir punktlistor och "
            "rader som börjar med ”# ” blir rubriker, t.ex. ”# Ansökan”."
        )
        self.fields["arendet"].help_text = help
        self.fields["bedomning"].help_text = help

    def clean(self):
        data = super().clean()
        if data.get("period_fran") and data.get("period_till") and data["period_till"] < data["period_fran"]:
            self.add_error("period_till", _("Periodens slut kan inte vara före dess början."))
        forbund = self.forbund or Forbund.get()
        grans = forbund.delegationsgrans
        som_sparat = Beslutsforslag(utfall=data.get("utfall"), belopp=data.get("belopp"))
        if data.get("instans") == Beslutsforslag.Instans.DELEGATION and som_sparat.over_delegationsgrans(forbund):
            self.add_error(
                "instans",
                _("Förbundschefen får besluta om högst %(grans)s på delegation; beloppet är %(belopp)s.")
                % {"grans": kr(grans), "belopp": kr(data["belopp"])},
            )
        return data


def clean_satser(texts, klausul_ids, errors):
    """The posted clauses as klausuler.Sats, in order: text normalised and
    checked by the shared text rules (a refused clause stays, with its
    message), the library link kept when it names a clause of the library."""
    ids = list(klausul_ids) + [""] * max(0, len(texts) - len(klausul_ids))
    # A huge or garbled id is no clause of the library (and no query).
    wanted = {int(i) for i in ids if str(i).isascii() and str(i).isdigit() and len(str(i)) < 10}
    known = set(Klausul.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    field = forms.CharField(
        max_length=MAX_SATS, error_messages={"max_length": _("En beslutssats får vara högst %(limit_value)s tecken.")}
    )
    posted = [(klausuler.normalise(text), klausul_id) for text, klausul_id in zip(texts, ids, strict=False)]
    posted = [(text, klausul_id) for text, klausul_id in posted if text]
    _kept, messages = clean_list(field, [text for text, _id in posted])
    if messages:
        fel = errors.setdefault("satser", [])
        fel.extend(m for m in messages if m not in fel)
    return [
        klausuler.Sats(text, int(klausul_id) if str(klausul_id).isdigit() and int(klausul_id) in known else None)
        for text, klausul_id in posted
    ]


class NyForslagForm(Form):
    """An ärende without an application: its title only, the rest on the edit page."""

    titel = forms.CharField(
        label=_("Rubrik"),
        max_length=Beslutsforslag._meta.get_field("titel").max_length,
        error_messages={"required": _("Ange ärendets rubrik.")},
    )


class KlausulForm(ModelForm):
    class Meta:
        model = Klausul
        fields = ["namn", "typ", "text", "ordning", "aktiv"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As long as a clause in a proposal may be (clean_satser): it becomes one.
        limit_length(self.fields["text"], MAX_SATS)

    def clean_text(self):
        text = klausuler.normalise(self.cleaned_data["text"])
        if klausuler.unknown(text):
            raise forms.ValidationError(
                _("Okänd platshållare. Använd %(lista)s.")
                % {"lista": ", ".join("{" + p + "}" for p in klausuler.PLACEHOLDERS)}
            )
        return text


class SatsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_typ_display()}: {obj.namn} – ”{obj.text}”"


class KlausulUppsattningForm(ModelForm):
    """A clause set on its own page: name, how it writes amounts and dates,
    and which library clauses a new proposal gets with it."""

    class Meta:
        model = KlausulUppsattning
        fields = ["namn", "beskrivning", "beloppformat", "datumformat"]
        widgets = {"beloppformat": forms.RadioSelect, "datumformat": forms.RadioSelect}

    satser = SatsChoiceField(
        label=_("Satser som kommer med ett nytt beslutsförslag"),
        # "Övrigt" clauses belong to no outcome: a set would never draft them.
        queryset=Klausul.objects.filter(typ__in=["bifall", "villkor", "avslag"]).order_by("typ", "ordning", "id"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Vid bifall kommer satserna för bifall och villkor med, vid avslag satserna för avslag, i bibliotekets "
            "ordning. Inaktiva satser kommer inte med."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        long_text(self.fields["beskrivning"], rows=2)
        self.fields["beloppformat"].help_text = _("Hur {belopp} skrivs i satserna.")
        self.fields["datumformat"].help_text = _("Hur {fran} och {till} skrivs i satserna.")
        if self.instance.pk and not self.is_bound:
            self.initial["satser"] = list(self.instance.klausuler.values_list("pk", flat=True))


class InriktningForm(ModelForm):
    class Meta:
        model = Verksamhetsinriktning
        fields = ["ar", "mal", "ram", "prioriterade_malgrupper"]
        widgets = {"prioriterade_malgrupper": forms.CheckboxSelectMultiple}

    ram = KronorField(label=_("Ram för insatser (kr)"))
    nya_malgrupper = forms.CharField(
        label=_("Nya prioriterade målgrupper, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Läggs till bland förbundets målgrupper och väljs för året."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        long_text(self.fields["mal"], rows=8)
        self.fields["mal"].help_text = _("Rader som börjar med ”- ” blir punktlistor och rader som börjar med ”# ” blir rubriker.")
        self.fields["ar"].widget.attrs.update(min=FORSTA_AR, max=SISTA_AR)
        if self.instance.pk:
            # A year's inriktning stays that year's; another year is a new one.
            self.fields["ar"].disabled = True
            self.fields["ar"].help_text = _("Året kan inte ändras. Skapa en ny inriktning för ett annat år.")
        else:
            self.initial["ram"] = None  # to be filled in, not a frame of 0 kr
        # The active groups, and those the year already has even if retired since.
        valda = Q(pk__in=self.instance.prioriterade_malgrupper.all()) if self.instance.pk else Q(pk__in=[])
        self.fields["prioriterade_malgrupper"].queryset = PrioriteradMalgrupp.objects.filter(Q(aktiv=True) | valda)
        current = {f.kategori_id: f.procent for f in self.instance.fordelning.all()} if self.instance.pk else {}
        self.kategorier = list(Insatskategori.objects.all())
        for k in self.kategorier:
            self.fields[f"andel_{k.pk}"] = forms.IntegerField(
                label=_("%(kategori)s, andel i %%") % {"kategori": k.namn},
                min_value=0,
                max_value=100,
                required=False,
                initial=current.get(k.pk),
                # Django fills these with %-formatting: a bare "%" would be a 500.
                error_messages={"max_value": _("Högst 100 %%."), "min_value": _("Kan inte vara negativ.")},
            )

    def clean_ar(self):
        ar = self.cleaned_data["ar"]
        if not FORSTA_AR <= ar <= SISTA_AR:
            raise forms.ValidationError(
                _("Ange ett år mellan %(forsta)s och %(sista)s.") % {"forsta": FORSTA_AR, "sista": SISTA_AR}
            )
        if Verksamhetsinriktning.objects.filter(ar=ar).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Det finns redan en inriktning för %(ar)s. Öppna den i listan för att ändra den.") % {"ar": ar}
            )
        return ar

    def clean(self):
        data = super().clean()
        names = [f"andel_{k.pk}" for k in self.kategorier]
        if any(name in self.errors for name in names):
            return data  # a share has its own message; a sum without it would mislead
        total = sum(data.get(name) or 0 for name in names)
        # No shares at all: the year has no guideline. Otherwise it is a whole.
        if total not in (0, 100):
            raise forms.ValidationError(
                _("Andelarna i riktlinjen ska tillsammans bli 100 %% (nu %(n)d %%).") % {"n": total}
            )
        return data

    def clean_nya_malgrupper(self):
        namn, sedda = [], set()
        max_length = PrioriteradMalgrupp._meta.get_field("namn").max_length
        for rad in self.cleaned_data["nya_malgrupper"].splitlines():
            rad = " ".join(rad.split()).strip(" •-–*·")
            if not rad or rad.casefold() in sedda:
                continue
            validate_visible(rad)  # a name identifies the group: nothing may hide in it
            if len(rad) > max_length:
                raise forms.ValidationError(
                    _("En målgrupp får vara högst %(n)d tecken: ”%(namn)s …”.") % {"n": max_length, "namn": rad[:40]}
                )
            sedda.add(rad.casefold())
            namn.append(rad)
        return namn

    def fordelning(self):
        return {k: self.cleaned_data.get(f"andel_{k.pk}") or 0 for k in self.kategorier}

    def andel_fields(self):
        return [self[f"andel_{k.pk}"] for k in self.kategorier]

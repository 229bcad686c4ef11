"""The application form, split the way the page is: the main fields (a
ModelForm), ordered goal lists, delar and budget rows. Lists arrive as
repeated inputs in page order, so reordering in the browser needs no
bookkeeping; each part is validated here and nothing typed is dropped."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ansokningar.budget import GEMENSAMT, SALARY, ar_i_perioden
from ansokningar.budget import manader as budget_manader
from ansokningar.models import Ansokan, Budgetrad, Insatskategori, Mal, PrioriteradMalgrupp
from samordning import formatting
from samordning.fields import (
    MAX_TEXT,
    DateInput,
    Form,
    KronorField,
    LengthValidator,
    ModelForm,
    clean_list,
    long_text,
    validate_no_control,
    validate_visible,
)
from samordning.models import Lokusgrupp, Organisation

MAX_GOAL = 2_000


class ProcentField(forms.DecimalField):
    """Tjänst i % as people write it: "50", "50,5", "50.5" or "50 %"; a
    saved value is shown the Swedish way, "100" and "50,5" (not "100.0")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return formatting.procent(value).removesuffix(f"{formatting.NBSP}%")
        return value


class TjanstgoringsgradField(ProcentField):
    """A post's tjänstgöringsgrad, 0–100 % with at most one decimal, with
    the förbund's word in every message: the budget's salary lines and an
    insats's earlier grants ask for it the same way."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tjänstgöringsgrad (%)"))
        kwargs.setdefault("required", False)
        super().__init__(
            min_value=0,
            max_value=100,  # so at most five digits, as the models store
            decimal_places=1,
            error_messages={
                # No lone "%": Django formats these messages with the limit (it was a 500).
                "max_value": _("Tjänstgöringsgraden kan vara högst %(limit_value)s procent."),
                "min_value": _("Tjänstgöringsgraden kan inte vara negativ."),
                "invalid": _("Ange tjänstgöringsgraden i procent som ett tal, t.ex. 50."),
                "max_decimal_places": _("Ange tjänstgöringsgraden med högst en decimal, t.ex. 50,5."),
            },
            **kwargs,
        )


def text_field(model_field, rows=5):
    return long_text(model_field.formfield(), rows)


class AnsokanForm(ModelForm):
    samverkansparter = forms.ModelMultipleChoiceField(
        label=_("Samverkansparter"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Minst en annan medlemsorganisation: en insats behöver minst två parter."),
    )
    diskuterad = forms.TypedChoiceField(
        label=Ansokan._meta.get_field("diskuterad").verbose_name,
        choices=[("", _("Ej besvarat")), ("ja", _("Ja")), ("nej", _("Nej"))],
        coerce=lambda v: {"ja": True, "nej": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Ansokan
        fields = [
            "namn",
            "syfte",
            "bakgrund",
            "startdatum",
            "slutdatum",
            "intag_slutdatum",
            "malgrupp",
            "antal_deltagare",
            "kategori",
            "lokusgrupp",
            "prioriterade_malgrupper",
            "metod",
            "uppfoljning",
            "tillvaratas",
            "diskuterad",
            "diskuterad_hur",
        ]
        widgets = {
            "startdatum": DateInput(),
            "slutdatum": DateInput(),
            "intag_slutdatum": DateInput(),
            "prioriterade_malgrupper": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, insatsagare, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["syfte", "bakgrund", "malgrupp", "metod", "uppfoljning", "tillvaratas", "diskuterad_hur"]:
            self.fields[name] = text_field(Ansokan._meta.get_field(name), rows=3 if name == "diskuterad_hur" else 6)
        self.fields["namn"].required = True
        self.fields["samverkansparter"].queryset = Organisation.objects.filter(medlem=True).exclude(pk=insatsagare.pk)
        self.fields["kategori"].queryset = Insatskategori.objects.all()
        self.fields["kategori"].empty_label = _("Välj inriktning")
        self.fast_kategori_id = self.instance.fast_kategori_id
        if self.fast_kategori_id:
            self.fields["kategori"].help_text = _(
                "Samma som för insatsen som förlängs: den nationella uppföljningen ändrar inte en insats inriktning. "
                "En del med annan inriktning redovisas som en egen insats."
            )
        self.fields["lokusgrupp"].queryset = Lokusgrupp.objects.all()
        self.fields["lokusgrupp"].label = _("Lokusgrupp")
        self.fields["lokusgrupp"].empty_label = _("Ingen lokusgrupp")
        self.fields["lokusgrupp"].help_text = _(
            "Den lokala samverkansgrupp ansökan hör till. Förvald är insatsägarens egen, om den har en."
        )
        self.fields["prioriterade_malgrupper"].queryset = PrioriteradMalgrupp.objects.filter(aktiv=True)
        self.fields["antal_deltagare"].widget.attrs.update(min=0)
        self.fields["antal_deltagare"].help_text = _(
            "Det antal deltagare ni räknar med att insatsen når under ett år, som ett tal, t.ex. 15."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["samverkansparter"] = [
                p.organisation_id for p in self.instance.parter.all() if p.ordning > 0
            ]
            self.initial["diskuterad"] = {True: "ja", False: "nej"}.get(self.instance.diskuterad, "")

    def clean_kategori(self):
        kategori = self.cleaned_data.get("kategori")
        fast = self.fast_kategori_id
        if fast and (kategori is None or kategori.pk != fast):
            namn = self.instance.insats.kategori.namn
            raise forms.ValidationError(
                _(
                    "En tilläggsansökan har samma inriktning som insatsen den förlänger: %(kategori)s. "
                    "Vill ni arbeta med en annan inriktning, lägg den i en egen del eller i en ny ansökan."
                ),
                params={"kategori": namn},
            )
        return kategori

    def clean(self):
        data = super().clean()
        start, end, intag = data.get("startdatum"), data.get("slutdatum"), data.get("intag_slutdatum")
        if start and end and end < start:
            self.add_error("slutdatum", _("Slutdatum kan inte vara före startdatum."))
        if intag and start and intag < start:
            self.add_error("intag_slutdatum", _("Sista dag för intag kan inte vara före startdatum."))
        if intag and end and intag > end:
            self.add_error("intag_slutdatum", _("Sista dag för intag kan inte vara efter slutdatum."))
        return data


def goal_list(values, field_label, errors, key):
    """Clean one ordered goal list: empty lines dropped, each goal by the
    shared text rules (a NUL byte, too long); refused goals stay in the list
    with the message, so the page shows them again."""
    too_long = _("Ett %(typ)s är för långt: högst %(max)s tecken.") % {
        "typ": field_label,
        "max": formatting.belopp(MAX_GOAL),
    }
    field = forms.CharField(required=False, max_length=MAX_GOAL, error_messages={"max_length": too_long})
    goals, messages = clean_list(field, values)
    if messages:
        errors.setdefault(key, []).extend(messages)
    return goals


GOAL_KEYS = {
    Mal.Typ.OVERGRIPANDE: "mal_overgripande",
    Mal.Typ.EFFEKT: "mal_effekt",
    Mal.Typ.INSATS: "mal_insats",
}


class DelForm(Form):
    namn = forms.CharField(label=_("Delens namn"), max_length=200)
    startdatum = forms.DateField(label=_("Startdatum"), required=False, widget=DateInput())
    slutdatum = forms.DateField(label=_("Slutdatum"), required=False, widget=DateInput())
    kategori = forms.ModelChoiceField(
        label=_("Inriktning"), queryset=Insatskategori.objects.all(), required=False, empty_label=_("Välj inriktning")
    )
    malgrupp = forms.CharField(
        label=_("Målgrupp"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        validators=[LengthValidator(MAX_TEXT)],  # no maxlength in the browser: see text_field()
    )

    def clean(self):
        data = super().clean()
        if data.get("startdatum") and data.get("slutdatum") and data["slutdatum"] < data["startdatum"]:
            self.add_error("slutdatum", _("Slutdatum kan inte vara före startdatum."))
        return data

    def check_within(self, start, end):
        """The del's period lies within the application's [start, end]."""
        outside(self, "startdatum", "slutdatum", start, end, *PERIOD_MESSAGES["del"])


# Per kind: (start before the period, end after it, start after its end,
# end before its start); the last two when a whole range lies outside.
PERIOD_MESSAGES = {
    "del": (
        _("Delen kan inte börja före insatsens planerade startdatum (%(datum)s)."),
        _("Delen kan inte sluta efter insatsens planerade slutdatum (%(datum)s)."),
        _("Delen kan inte börja efter insatsens planerade slutdatum (%(datum)s)."),
        _("Delen kan inte sluta före insatsens planerade startdatum (%(datum)s)."),
    ),
    "rad": (
        _("Tjänsten kan inte börja före insatsens planerade startdatum (%(datum)s)."),
        _("Tjänsten kan inte sluta efter insatsens planerade slutdatum (%(datum)s)."),
        _("Tjänsten kan inte börja efter insatsens planerade slutdatum (%(datum)s)."),
        _("Tjänsten kan inte sluta före insatsens planerade startdatum (%(datum)s)."),
    ),
    "rad_i_del": (
        _("Tjänsten kan inte börja före delens startdatum (%(datum)s)."),
        _("Tjänsten kan inte sluta efter delens slutdatum (%(datum)s)."),
        _("Tjänsten kan inte börja efter delens slutdatum (%(datum)s)."),
        _("Tjänsten kan inte sluta före delens startdatum (%(datum)s)."),
    ),
}


def outside(form, start_field, end_field, start, end, start_early, end_late, start_late, end_early):
    """Add a message to each of the valid form's dates that lies outside
    [start, end] (either may be None: not yet given), worded for the field
    it stands at. A date that already has a message (add_error drops it
    from cleaned_data) gets no second one."""
    checks = [(start_field, start_early, start_late), (end_field, end_early, end_late)]
    for name, before_msg, after_msg in checks:
        value = form.cleaned_data.get(name)
        if value and start and value < start:
            form.add_error(name, before_msg % {"datum": start.isoformat()})
        elif value and end and value > end:
            form.add_error(name, after_msg % {"datum": end.isoformat()})


class BudgetradForm(Form):
    avsnitt = forms.ChoiceField(choices=Budgetrad.Avsnitt.choices, widget=forms.HiddenInput)
    standard = forms.BooleanField(required=False, widget=forms.HiddenInput)
    benamning = forms.CharField(label=_("Benämning"), max_length=200, required=False)
    tjanst_procent = TjanstgoringsgradField()
    fran = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    till = forms.DateField(label=_("Till"), required=False, widget=DateInput())
    # The del the line belongs to, by its place on the page (delar get new
    # ids at every save); only offered when the application has delar.
    del_av = forms.TypedChoiceField(
        label=_("Del"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        error_messages={
            "invalid_choice": _("Delen finns inte längre i ansökan: välj en annan del eller hela insatsen."),
        },
    )

    # The split per year shown as the months' proposal when the page was
    # made ("2021:9000 2022:12000"): amounts posted as shown are no own
    # split, so they follow the next change of amount or dates.
    ar_forslag = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, org_ids, org_names=None, delar=(), ar=(), manader=None, **kwargs):
        """`delar`: [(index, name)] of the delar on the page; `ar`: the
        years to offer a split for (a bound form adds those posted);
        `manader`: {year: months} of the line's period, for the script
        that follows the amounts."""
        super().__init__(*args, **kwargs)
        self.org_ids = org_ids
        self.fields["del_av"].choices = [("", GEMENSAMT)] + [(str(i), namn) for i, namn in delar]
        for org_id in org_ids:
            self.fields[f"org{org_id}"] = KronorField(label=(org_names or {}).get(org_id, ""), required=False)
        self.manader = manader or {}
        posted = set()
        if self.is_bound:
            pattern = re.compile(rf"^{re.escape(self.add_prefix('ar_'))}(\d{{4}})$")
            posted = {int(m.group(1)) for key in self.data for m in [pattern.match(key)] if m}
        for year in sorted(set(ar) | posted):
            self._add_year(year)

    def _add_year(self, year):
        name = f"ar_{year}"
        if name not in self.fields:
            self.fields[name] = KronorField(
                label=str(year),
                required=False,
                error_messages={"invalid": _("Ange beloppet för %(ar)s i hela kronor, t.ex. 86 400.") % {"ar": year}},
            )

    def year_fields(self):
        return [self[name] for name in sorted(n for n in self.fields if n.startswith("ar_") and n[3:].isdigit())]

    def year_inputs(self):
        """[(BoundField, months of the period in its year or None)]."""
        return [(f, self.manader.get(int(f.name[3:]))) for f in self.year_fields()]

    def year_error_id(self):
        """The id of the first message among the years (the split's own
        stands at the first year), which a year's input without a message
        of its own points at."""
        fields = self.year_fields()
        with_errors = [f for f in fields if f.errors]
        return f"{with_errors[0].auto_id}_error" if with_errors else ""

    @staticmethod
    def forslag_text(split):
        return " ".join(f"{year}:{kr}" for year, kr in sorted(split.items()))

    def _forslag(self):
        result = {}
        for item in (self.cleaned_data.get("ar_forslag") or "").split():
            year, _sep, kr = item.partition(":")
            if not (year.isdigit() and kr.isdigit()):
                return None
            result[int(year)] = int(kr)
        return result

    def check_per_ar(self, start, end):
        """The sökande's own split of the line over its years, from the
        year fields, into cleaned_data["per_ar"] ({} = by months): blank
        fields, or the months' proposal as shown, are no own split. An own
        split names only years of [start, end] (the line's period) and adds
        up to the line's sum; otherwise a message at the first year."""
        self.cleaned_data["per_ar"] = {}
        years = ar_i_perioden(start, end)
        if not self.year_fields():  # a line shown without years (one year, no money yet, added in the browser)
            return
        if len(years) > 1:
            self.manader = budget_manader(start, end)
            for year in years:  # a year the new dates reach can be filled in when the page comes back
                self._add_year(year)
        fields = {int(name[3:]): name for name in self.fields if name.startswith("ar_") and name[3:].isdigit()}
        if any(name in self.errors for name in fields.values()):
            return
        posted = {year: self.cleaned_data.get(name) for year, name in fields.items()}
        if all(v is None for v in posted.values()):
            return
        split = {year: v or 0 for year, v in posted.items()}
        forslag = self._forslag()
        if forslag is not None and {y: v for y, v in split.items() if v} == {y: v for y, v in forslag.items() if v}:
            return
        first = fields[min(fields)]
        outside = [year for year, kr in sorted(split.items()) if kr and year not in years]
        if outside and years:  # (no period yet: its dates have their own messages)
            period = f"{start.isoformat()} – {end.isoformat()}"
            self.add_error(
                first,
                _(
                    "Raden gäller inte %(ar)s (perioden är %(period)s). Flytta beloppet till periodens år, "
                    "eller töm fälten så fördelas raden efter månaderna."
                )
                % {"ar": ", ".join(str(y) for y in outside), "period": period},
            )
            return
        summa = sum(self.cleaned_data.get("belopp", {}).values())
        if sum(split.values()) != summa:
            self.add_error(
                first,
                _(
                    "Beloppen per år blir %(per_ar)s men raden är %(summa)s. Ändra beloppen per år så att de "
                    "blir %(summa)s, eller töm fälten så fördelas raden efter månaderna."
                )
                % {"per_ar": formatting.kr(sum(split.values())), "summa": formatting.kr(summa)},
            )
            return
        if len(years) > 1 or not years:  # one year: the whole line is that year's anyway
            self.cleaned_data["per_ar"] = {year: kr for year, kr in split.items() if kr}

    def clean(self):
        data = super().clean()
        amounts = {org_id: data.get(f"org{org_id}") or 0 for org_id in self.org_ids}
        data["belopp"] = {k: v for k, v in amounts.items() if v}
        if data.get("fran") and data.get("till") and data["till"] < data["fran"]:
            self.add_error("till", _("Till-datum kan inte vara före från-datum."))
        salary = data.get("avsnitt") in SALARY
        details = data.get("tjanst_procent") is not None or data.get("fran") or data.get("till")
        if not data.get("benamning") and (data["belopp"] or details):
            # A salary line with only a percentage and dates would otherwise
            # vanish on save: say what is missing instead.
            self.add_error(
                "benamning", _("Ange befattning för tjänsten.") if salary else _("Ange vad kostnaden avser.")
            )
        return data

    def check_within(self, start, end, messages="rad"):
        """A salary line's dates lie within the application's period (or its
        del's, with messages="rad_i_del")."""
        outside(self, "fran", "till", start, end, *PERIOD_MESSAGES[messages])

    def is_empty(self):
        data = self.cleaned_data
        return not (data.get("benamning") or data.get("belopp") or data.get("standard"))

    def amount_fields(self):
        return [self[f"org{org_id}"] for org_id in self.org_ids]



_INDEX = re.compile(r"^(rad|del)-(\d+)-")


def indices(post, kind):
    found = {int(m.group(2)) for key in post for m in [_INDEX.match(key)] if m and m.group(1) == kind}
    return sorted(found)


class InsatsSelect(forms.Select):
    """The insatser a tilläggsansökan can extend, each option carrying the
    name and insatsägare the form fills in when it is chosen
    (static/js/ny_ansokan.js); the server fills them in as well."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        insats = getattr(value, "instance", None)
        if insats is not None:
            option["attrs"].update({"data-namn": insats.namn, "data-insatsagare": str(insats.insatsagare_id)})
        return option


class InsatsVal(forms.ModelChoiceField):
    def label_from_instance(self, insats):
        # Name, owner and kind: what tells two insatser apart and what the
        # tilläggsansökan will inherit.
        text = f"{insats.namn} – {insats.insatsagare.namn}"
        return f"{text}, {insats.kategori.namn.lower()}" if insats.kategori_id else text


class NyAnsokanForm(Form):
    # The form's order: Insatsens namn, then Insatsägare.
    namn = forms.CharField(
        label=_("Insatsens namn"),
        max_length=200,
        required=False,
        help_text=_("För en tilläggsansökan fylls insatsens namn i när du väljer insatsen nedan."),
    )
    insatsagare = forms.ModelChoiceField(label=_("Insatsägare"), queryset=Organisation.objects.none(), empty_label=None)
    typ = forms.ChoiceField(
        label=_("Typ av ansökan"), choices=Ansokan.Typ.choices, widget=forms.RadioSelect, initial=Ansokan.Typ.NY
    )
    insats = InsatsVal(
        label=_("Insats som ansökan förlänger"),
        queryset=None,
        required=False,
        widget=InsatsSelect,
        help_text=_(
            "Bara för tilläggsansökan: den pågående insats som ska förlängas. Ansökan får insatsens namn, "
            "insatsägare och inriktning, och samverkansparterna från insatsens senaste ansökan."
        ),
        error_messages={"invalid_choice": _("Välj en pågående insats som din organisation äger.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from insatser.access import forlangbara

        self.fields["insatsagare"].queryset = user.organisationer.all()
        self.fields["insats"].queryset = forlangbara(user).select_related("insatsagare", "kategori").order_by("namn")

    def clean(self):
        data = super().clean()
        insats = data.get("insats")
        if data.get("typ") == Ansokan.Typ.TILLAGG:
            if not insats and "insats" not in self.errors:
                self.add_error("insats", _("Välj vilken insats tilläggsansökan gäller."))
            elif insats:
                # The extension continues the insats: its name unless the
                # sökande typed another, and always its insatsägare.
                data["namn"] = data.get("namn") or insats.namn
                data["insatsagare"] = insats.insatsagare
        if data.get("typ") == Ansokan.Typ.NY:
            data["insats"] = None
            if not data.get("namn") and "namn" not in self.errors:
                self.add_error("namn", _("Ange insatsens namn."))
        return data


class KompletteringForm(Form):
    begaran = forms.CharField(
        label=_("Vad behöver kompletteras?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[LengthValidator(MAX_TEXT)],
        error_messages={"required": _("Skriv vad som behöver kompletteras.")},
    )


ALLOWED_ATTACHMENTS = {
    "pdf": (b"%PDF-", "application/pdf"),
    "docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
MAX_ATTACHMENT = 10 * 1024 * 1024


class BilagaForm(Form):
    fil = forms.FileField(
        label=_("Bilaga (PDF, DOCX eller XLSX, högst 10 MB)"),
        error_messages={"required": _("Välj en fil att ladda upp.")},
    )

    def clean_fil(self):
        import zipfile

        fil = self.cleaned_data["fil"]
        # The name is shown and stored: "fdp.\u202eexe.pdf" would read as another
        # file. Django's upload parser drops these today; this holds if it stops.
        validate_no_control(fil.name)
        validate_visible(fil.name)
        ext = fil.name.rsplit(".", 1)[-1].lower() if "." in fil.name else ""
        if ext not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(_("Bara PDF-, DOCX- och XLSX-filer kan bifogas."))
        if fil.size > MAX_ATTACHMENT:
            raise forms.ValidationError(_("Filen är för stor: högst 10 MB."))
        magic, _mime = ALLOWED_ATTACHMENTS[ext]
        head = fil.read(8)
        fil.seek(0)
        ok = head.startswith(magic)
        if ok and ext in ("docx", "xlsx"):
            try:
                names = zipfile.ZipFile(fil).namelist()
            except zipfile.BadZipFile:
                names = []
            ok = ("word/document.xml" if ext == "docx" else "xl/workbook.xml") in names
            fil.seek(0)
        if not ok:
            raise forms.ValidationError(
                _("Filens innehåll stämmer inte med filändelsen .%(ext)s. Ladda upp en riktig %(typ)s-fil.")
                % {"ext": ext, "typ": ext.upper()}
            )
        return fil

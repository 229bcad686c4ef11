"""The forms of the meeting pages: plan or change a meeting, add an ärende
of each kind to its föredragningslista, upload a handling (PDF)."""

import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from beslut.models import Arende, Organ, Sammantrade
from beslut.services import sammantrade as mote_services
from samordning.fields import (
    DateInput,
    Form,
    ModelForm,
    long_text,
    validate_no_control,
    validate_visible,
)
from samordning.models import KANSLI, User


class TimeInput(forms.TimeInput):
    """A time typed with digits ("13:15"); the browser's own time field."""

    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", attrs={"inputmode": "numeric"}, **kwargs)


class SammantradeForm(ModelForm):
    """Organ, date, time and place (or link). The organ is chosen when the
    meeting is planned and stays."""

    class Meta:
        model = Sammantrade
        fields = ["organ", "datum", "starttid", "sluttid", "plats", "lank", "sekreterare"]
        widgets = {"datum": DateInput(), "starttid": TimeInput(), "sluttid": TimeInput()}
        field_classes = {"lank": functools.partial(forms.URLField, assume_scheme="https")}
        help_texts = {
            "plats": _("T.ex. Förbundets kansli, Storgatan 1, Uppsala."),
            "lank": _("För ett digitalt eller delvis digitalt sammanträde."),
        }
        error_messages = {
            "datum": {"required": _("Ange sammanträdets datum."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
            "starttid": {"required": _("Ange när sammanträdet börjar."), "invalid": _("Ange tiden som TT:MM, t.ex. 13:15.")},
            "sluttid": {"invalid": _("Ange tiden som TT:MM, t.ex. 16:00.")},
            "lank": {"invalid": _("Ange en fullständig adress som börjar med https://.")},
            "organ": {"required": _("Välj vilket organ som sammanträder.")},
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organ"]
        else:
            self.fields["organ"].queryset = Organ.objects.filter(aktiv=True)
            self.fields["organ"].empty_label = _("Välj organ")
        self.fields["sekreterare"].queryset = User.objects.filter(
            roll__in=KANSLI, is_active=True
        ).order_by("first_name", "last_name")
        self.fields["sekreterare"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["sekreterare"].empty_label = _("Ingen angiven")

    def clean(self):
        data = super().clean()
        saknas = not (data.get("plats") or "").strip() and not (data.get("lank") or "").strip()
        if saknas and "plats" not in self.errors and "lank" not in self.errors:
            self.add_error(
                "plats", _("Ange platsen, eller en länk till det digitala sammanträdet.")
            )
        start, slut = data.get("starttid"), data.get("sluttid")
        if start and slut and slut <= start:
            self.add_error("sluttid", _("Sammanträdet kan inte sluta innan det börjar."))
        return data


class ArendeForm(Form):
    """An ärende of one kind. A beslutsärende chooses a fastställd version
    (the newest of a proposal on no open meeting's list); its heading is
    the proposal's unless one is typed."""

    forslag_version = forms.ModelChoiceField(
        label=_("Fastställt beslutsförslag"),
        queryset=None,
        empty_label=_("Välj ett fastställt beslutsförslag"),
        error_messages={
            "required": _("Välj det fastställda beslutsförslag som ärendet gäller."),
            "invalid_choice": _(
                "Förslaget kan inte väljas: det är inte fastställt eller står redan på en lista."
            ),
        },
    )
    rubrik = forms.CharField(
        label=_("Rubrik"), max_length=250, error_messages={"required": _("Ge ärendet en rubrik.")}
    )
    beskrivning = forms.CharField(label=_("Beskrivning"), required=False)

    def __init__(self, *args, typ, **kwargs):
        kwargs.setdefault("prefix", typ)
        super().__init__(*args, **kwargs)
        self.typ = typ
        long_text(self.fields["beskrivning"], rows=2)
        if typ == Arende.Typ.BESLUT:
            self.fields["forslag_version"].queryset = mote_services.valbara_versioner()
            self.fields["forslag_version"].label_from_instance = _versionstext
            self.fields["rubrik"].required = False
            self.fields["rubrik"].help_text = _("Lämna tom för förslagets egen rubrik.")
        else:
            del self.fields["forslag_version"]
            rubrik = mote_services.STANDARDRUBRIK.get(typ)
            if rubrik and not self.is_bound:
                self.initial["rubrik"] = _(rubrik)

    @property
    def label(self):
        return Arende.Typ(self.typ).label


def _versionstext(version):
    innehall = version.innehall or {}
    dnr = innehall.get("diarienummer") or ""
    titel = innehall.get("titel") or str(version.forslag)
    return (
        f"{titel} ({dnr}, version {version.nummer})"
        if dnr
        else f"{titel} (version {version.nummer})"
    )


class HandlingForm(Form):
    fil = forms.FileField(
        label=_("Handling (PDF, högst 20 MB)"),
        error_messages={"required": _("Välj en PDF-fil att ladda upp.")},
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        # The name is shown to the board and stored: "fdp.\u202eexe.pdf" would read as another file.
        validate_no_control(fil.name)
        validate_visible(fil.name)
        if not fil.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("Bara PDF-filer kan laddas upp som handlingar."))
        if fil.size > mote_services.MAX_HANDLING:
            raise forms.ValidationError(_("Filen är för stor: högst 20 MB."))
        head = fil.read(5)
        fil.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(
                _("Filen är inte en PDF. Spara dokumentet som PDF och ladda upp det igen.")
            )
        return fil

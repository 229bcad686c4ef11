"""The register form: the insats's own fields and its grants as a formset.

Plain forms (not ModelForms): a failed post must not touch the insats the
page shows, and every change goes through insatser.services. Each message
is Swedish and sits next to its field; what the user typed comes back.
"""


from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansokningar.forms import TjanstgoringsgradField
from ansokningar.models import Insatskategori
from insatser.models import Beviljande, Insats
from insatser.services import BEVILJANDE_FALT
from samordning.fields import DATUM_FEL, DateInput, Form, KronorField
from samordning.models import Organisation

MAX_BEVILJANDEN = 50
BIGINT = 2**63 - 1


def datum_falt(label, saknas, **kwargs):
    """A date with its own message when missing; the year's window comes
    with every form's shared rules (samordning.fields.Regler)."""
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={"required": saknas, "invalid": DATUM_FEL},
        **kwargs,
    )


class BeviljatBelopp(KronorField):
    """A granted amount: whole kronor by the shared rule, above 0 kr, with
    the register's wording (a protocol's "270 000:-" is fine)."""

    default_error_messages = {
        "invalid": _("Ange beloppet i hela kronor, t.ex. 270 000."),
        "decimals": _("Ange beloppet i hela kronor, t.ex. 270 000."),
        "required": _("Ange belopp."),
        "too_big": _("Beloppet är orimligt stort: högst 1 000 000 000 kr. Stämmer antalet nollor?"),
    }

    def __init__(self, **kwargs):
        super().__init__(allow_zero=False, **kwargs)

    def prepare_value(self, value):
        return value  # as the register always showed it: 135000


class InsatsForm(Form):
    namn = forms.CharField(
        label=_("Insatsens namn"),
        max_length=200,
        error_messages={
            "required": _("Ange insatsens namn."),
            "max_length": _("Namnet får vara högst %(limit_value)s tecken (nu %(show_value)s)."),
        },
    )
    insatsagare = forms.ModelChoiceField(
        label=_("Insatsägare"),
        queryset=Organisation.objects.none(),
        empty_label=_("Välj insatsägare"),
        error_messages={
            "required": _("Välj insatsägare."),
            "invalid_choice": _("Välj en av förbundets medlemsorganisationer."),
        },
    )
    kategori = forms.ModelChoiceField(
        label=_("Inriktning"),
        queryset=Insatskategori.objects.all(),
        empty_label=_("Välj inriktning"),
        help_text=_(
            "Den nationella inriktningen ligger fast när insatsen väl används i ansökningar."
        ),
        error_messages={
            "required": _("Välj inriktning."),
            "invalid_choice": _("Välj en av inriktningarna i listan."),
        },
    )
    samverkansparter = forms.ModelMultipleChoiceField(
        label=_("Samverkansparter"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De parter som driver insatsen tillsammans med insatsägaren. En tilläggsansökan börjar med dem."),
        error_messages={"invalid_choice": _("Välj bland förbundets medlemsorganisationer.")},
    )
    startdatum = datum_falt(
        _("Startdatum"),
        _("Ange när insatsen startade."),
        help_text=_("När insatsen startade: senast första beviljandets från-datum."),
    )
    # Only when registering: a förbund may register an insats that has
    # already ended. An existing one is closed on its closing page
    # (insatser.services.avsluta_insats) and reopened only by a decision.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Insats.Status.choices,
        initial=Insats.Status.PAGAR,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj status."),
            "invalid_choice": _("Välj pågår eller avslutad."),
        },
    )
    avslutad_datum = datum_falt(
        _("Avslutad den"),
        _("Ange när insatsen avslutades."),
        required=False,
        help_text=_(
            "Bara för en insats som redan har avslutats. Lämna tomt om den avslutades när det sista "
            "beviljandets period tog slut."
        ),
    )

    def __init__(self, *args, instance=None, kategori_fast=False, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "namn": instance.namn,
                "insatsagare": instance.insatsagare_id,
                "kategori": instance.kategori_id,
                "startdatum": instance.startdatum,
                "samverkansparter": [o.pk for o in instance.samverkansparter.all()],
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["status"], self.fields["avslutad_datum"]
        # Member organisations; an insats keeps its insatsägare if it has left.
        members = Q(medlem=True)
        if instance is not None:
            members |= Q(pk=instance.insatsagare_id)
        self.fields["insatsagare"].queryset = Organisation.objects.filter(members)
        parter = Q(medlem=True)
        if instance is not None:
            parter |= Q(pk__in=[o.pk for o in instance.samverkansparter.all()])
        self.fields["samverkansparter"].queryset = Organisation.objects.filter(parter).order_by("typ", "namn")
        self.kategori_fast = kategori_fast
        if kategori_fast:
            # Disabled: the posted value is ignored, the stored one kept.
            self.fields["kategori"].disabled = True
            self.fields["kategori"].help_text = _(
                "Inriktningen kan inte ändras: ansökningar hänvisar till insatsen, och den nationella "
                "inriktningen i Uppföljning Finsam ligger fast när insatsen väl är skapad. "
                "Är den fel, kontakta administratören."
            )

    def clean_namn(self):
        return " ".join(self.cleaned_data["namn"].split())

    def clean(self):
        data = super().clean()
        if "status" not in self.fields:
            return data
        dag, start = data.get("avslutad_datum"), data.get("startdatum")
        if data.get("status") != Insats.Status.AVSLUTAD:
            data["avslutad_datum"] = None  # an ongoing insats has not ended
        elif dag is None:
            pass  # the service takes the last day of the grants
        elif dag > timezone.localdate():
            self.add_error("avslutad_datum", _("Avslutsdagen kan inte vara i framtiden."))
        elif start and dag < start:
            self.add_error("avslutad_datum", _("Avslutsdagen kan inte vara före insatsens startdatum."))
        return data


class BeviljandeForm(Form):
    id = forms.IntegerField(required=False, min_value=1, max_value=BIGINT, widget=forms.HiddenInput)
    beslutsdatum = datum_falt(_("Beslutsdatum"), _("Ange beslutsdatum."))
    organ = forms.ChoiceField(
        label=_("Beslutande organ"),
        required=False,
        choices=[("", "–"), *Beviljande.Organ.choices],
        error_messages={"invalid_choice": _("Välj ett av de beslutande organen i listan.")},
    )
    paragraf = forms.IntegerField(
        label=_("Paragraf (§)"),
        required=False,
        min_value=1,
        max_value=9999,
        error_messages={
            "invalid": _("Ange paragrafens nummer, t.ex. 84."),
            "min_value": _("Ange paragrafens nummer, t.ex. 84."),
            "max_value": _("Ange paragrafens nummer, t.ex. 84."),
        },
    )
    diarienummer = forms.CharField(
        label=_("Diarienummer"),
        required=False,
        max_length=Beviljande._meta.get_field("diarienummer").max_length,
        error_messages={
            "max_length": _(
                "Diarienumret får vara högst %(limit_value)s tecken (nu %(show_value)s)."
            )
        },
    )
    period_fran = datum_falt(_("Från"), _("Ange periodens första dag."))
    period_till = datum_falt(_("Till"), _("Ange periodens sista dag."))
    belopp = BeviljatBelopp(label=_("Belopp (kr)"))
    tjanstgoringsgrad = TjanstgoringsgradField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("id", "DELETE"):
                field.widget.attrs["class"] = "form-control form-control-sm"
        self.fields["belopp"].widget.attrs["class"] += " num"
        self.fields["paragraf"].widget.attrs["class"] += " num"
        self.fields["organ"].widget.attrs["class"] = "form-select form-select-sm"

    def _post_clean(self):
        # The rows are rendered by hand (a table): mark what is wrong.
        super()._post_clean()
        for name in self.errors:
            if name in self.fields and name != "id":
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean_beslutsdatum(self):
        value = self.cleaned_data["beslutsdatum"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Beslutsdatum kan inte ligga i framtiden: registrera bara beslut som redan är fattade."
                )
            )
        return value

    def clean(self):
        data = super().clean()
        fran, till = data.get("period_fran"), data.get("period_till")
        if fran and till and till < fran:
            self.add_error("period_till", _("Till-datum kan inte vara före från-datum."))
        return data


class BaseBeviljandeFormSet(forms.BaseFormSet):
    """The grants on the page. Rows are numbered by the formset; a removed
    row is marked DELETE (existing grants) or simply gone (new rows)."""

    default_error_messages = {
        "missing_management_form": _(
            "Formuläret kom inte fram helt. Ladda om sidan och försök igen."
        ),
        "too_many_forms": _("Högst %(num)d beviljanden kan sparas på en gång."),
        "too_few_forms": _("Ange minst ett beviljande."),
    }

    def __init__(self, *args, existing_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_ids = set(existing_ids)

    def clean(self):
        if any(self.errors) or not self.management_form.is_valid():
            return  # a raised error here would hide those
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form) or not form.cleaned_data:
                continue
            pk = form.cleaned_data.get("id")
            if pk is not None and (pk not in self.existing_ids or pk in seen):
                raise forms.ValidationError(
                    _(
                        "Ett beviljande på sidan finns inte längre på insatsen. Ladda om sidan och försök igen."
                    )
                )
            if pk is not None:
                seen.add(pk)
        if not self.rows():
            raise forms.ValidationError(
                _("Ange minst ett beviljande: det beslut som ger insatsen pengar.")
            )

    def rows(self):
        """The kept grants as dicts for the service (valid formset only)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]

    def total(self):
        return sum(row["belopp"] for row in self.rows())


BeviljandeFormSet = forms.formset_factory(
    BeviljandeForm,
    formset=BaseBeviljandeFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_BEVILJANDEN,
    validate_max=True,
    absolute_max=MAX_BEVILJANDEN + 10,
)


def beviljanden_formset(data=None, insats=None):
    """The grants of `insats` (its prefetched beviljanden), or one empty row
    for a new insats. Empty new rows are skipped; a half-filled one is not."""
    if insats is None:
        formset = BeviljandeFormSet(data, prefix="beviljande")
        formset.extra = 1
        return formset
    grants = list(insats.beviljanden.all())
    initial = [{"id": g.pk, **{name: getattr(g, name) for name in BEVILJANDE_FALT}} for g in grants]
    return BeviljandeFormSet(
        data, prefix="beviljande", initial=initial, existing_ids=[g.pk for g in grants]
    )

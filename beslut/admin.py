from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from beslut.forms import KlausulForm
from beslut.models import (
    Arende,
    Beredning,
    Beslutsforslag,
    Beslutssats,
    Beslutsverkan,
    Delegationsbeslut,
    FaststalldVersion,
    Fordelning,
    Handling,
    Jav,
    Justering,
    Kallelseutskick,
    Klausul,
    KlausulUppsattning,
    Narvaro,
    Organ,
    Paragraf,
    Paragrafserie,
    Protokoll,
    Rost,
    Sammantrade,
    Uppdrag,
    Verksamhetsinriktning,
)
from samordning.admin import AuditedAdmin, RadInline, ReadOnlyAdmin, ReadOnlyInline, year_column


class FordelningInline(RadInline):
    model = Fordelning
    extra = 0


@admin.register(Verksamhetsinriktning)
class VerksamhetsinriktningAdmin(AuditedAdmin):
    list_display = [year_column("ar"), "ram"]
    inlines = [FordelningInline]


@admin.register(Beredning)
class BeredningAdmin(ReadOnlyAdmin):
    list_display = ["ansokan", "rekommendation", "rekommendation_datum", "handlaggare"]


@admin.register(Klausul)
class KlausulAdmin(AuditedAdmin):
    form = KlausulForm  # the same placeholder check as in the app
    list_display = ["namn", "typ", "aktiv", "ordning"]
    list_filter = ["typ", "aktiv", "uppsattningar"]


@admin.register(KlausulUppsattning)
class KlausulUppsattningAdmin(AuditedAdmin):
    """Which set is chosen is changed in the app (beslut:klausul_uppsattningar),
    where each set is shown filled in from a case first."""

    list_display = ["namn", "beloppformat", "datumformat", "vald"]
    readonly_fields = ["vald"]

    def has_delete_permission(self, request, obj=None):
        # The chosen set is what every new proposal gets: choose another first.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.vald)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset.exclude(vald=True))  # the bulk action too


class SatsInline(ReadOnlyInline, admin.TabularInline):
    model = Beslutssats
    extra = 0


@admin.register(Beslutsforslag)
class BeslutsforslagAdmin(ReadOnlyAdmin):
    list_display = ["titel", "diarienummer", "datum", "utfall", "instans"]
    inlines = [SatsInline]


@admin.register(FaststalldVersion)
class FaststalldVersionAdmin(ReadOnlyAdmin):
    """Frozen versions never change, not even here."""

    list_display = ["forslag", "nummer", "faststalld", "sha256"]


# --- organs and meetings (issue 10) -----------------------------------------------


class UppdragFormSet(BaseInlineFormSet):
    """An organ's seats as the förbund's rules have them: an ersättare stands
    in for ledamöter of the same organ (none named: the ledamöter the same
    organisation appointed), a ledamot stands in for no one, an ersättare
    chairs nothing, and the organ has at most one ordförande and one vice
    ordförande at a time."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ersatter" in form.fields:
            ledamoter = Uppdrag.objects.filter(roll=Uppdrag.Roll.LEDAMOT).select_related(
                "person", "organ"
            )
            form.fields["ersatter"].queryset = (
                ledamoter.filter(organ=self.instance) if self.instance.pk else ledamoter.none()
            )

    def clean(self):
        super().clean()
        funktioner = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            roll, ersatter = data.get("roll"), list(data.get("ersatter") or [])
            if roll == Uppdrag.Roll.LEDAMOT and ersatter:
                form.add_error(
                    "ersatter",
                    _(
                        "En ledamot är inte ersättare för någon. Töm fältet eller välj rollen ersättare."
                    ),
                )
            for ledamot in ersatter:
                if ledamot.organ_id != self.instance.pk or ledamot.roll != Uppdrag.Roll.LEDAMOT:
                    form.add_error(
                        "ersatter",
                        _("%(uppdrag)s är inte ledamot i detta organ.") % {"uppdrag": ledamot},
                    )
            fran, till = data.get("fran"), data.get("till")
            if fran and till and till < fran:
                form.add_error("till", _("Mandatperioden kan inte sluta innan den börjar."))
            funktion = data.get("funktion")
            if funktion and roll == Uppdrag.Roll.ERSATTARE:
                form.add_error(
                    "funktion", _("Ordförande och vice ordförande väljs bland ledamöterna.")
                )
            elif funktion and fran:
                funktioner.append((form, funktion, fran, till, data.get("person")))
        for i, (form, funktion, fran, till, _person) in enumerate(funktioner):
            for _other, annan, a_fran, a_till, a_person in funktioner[:i]:
                overlappar = (till is None or a_fran <= till) and (a_till is None or fran <= a_till)
                if annan == funktion and overlappar:
                    form.add_error(
                        "funktion",
                        _(
                            "Organet har redan en %(funktion)s under samma tid (%(namn)s). Avsluta den mandatperioden först."
                        )
                        % {
                            "funktion": Uppdrag.Funktion(funktion).label.lower(),
                            "namn": (a_person.get_full_name() or a_person.username)
                            if a_person
                            else "–",
                        },
                    )
                    break


class UppdragInline(RadInline):
    model = Uppdrag
    formset = UppdragFormSet
    extra = 0
    fields = ["person", "roll", "funktion", "organisation", "fran", "till", "ersatter", "ordning"]


@admin.register(Organ)
class OrganAdmin(AuditedAdmin):
    """Organs and their members (ledamöter and ersättare) are kept here."""

    list_display = ["namn", "typ", "aktiv", "ordning"]
    inlines = [UppdragInline]


class ArendeInline(ReadOnlyInline, admin.TabularInline):
    model = Arende
    extra = 0
    fields = ["ordning", "typ", "rubrik", "forslag_version"]


class NarvaroInline(ReadOnlyInline, admin.TabularInline):
    model = Narvaro
    extra = 0


class JusteringInline(ReadOnlyInline, admin.TabularInline):
    model = Justering
    extra = 0


@admin.register(Sammantrade)
class SammantradeAdmin(ReadOnlyAdmin):
    """Meetings change through their services (kallelse, protokoll,
    justering, anslag); the admin shows them for support."""

    list_display = ["organ", "datum", "starttid", "status"]
    # A link typed without a scheme means https (Django 6's default already).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["organ", "status"]
    inlines = [ArendeInline, NarvaroInline, JusteringInline]


class HandlingInline(ReadOnlyInline, admin.TabularInline):
    model = Handling
    extra = 0


class JavInline(ReadOnlyInline, admin.TabularInline):
    model = Jav
    extra = 0


class RostInline(ReadOnlyInline, admin.TabularInline):
    model = Rost
    extra = 0


@admin.register(Paragraf)
class ParagrafAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organ", "ar", "beslut"]
    list_filter = ["organ", "ar"]
    inlines = [JavInline, RostInline]


@admin.register(Paragrafserie)
class ParagrafserieAdmin(ReadOnlyAdmin):
    list_display = ["organ", "ar", "senaste"]


@admin.register(Protokoll)
class ProtokollAdmin(ReadOnlyAdmin):
    """A justerat protokoll never changes, not even here."""

    list_display = ["sammantrade", "justerat", "sha256"]


@admin.register(Delegationsbeslut)
class DelegationsbeslutAdmin(ReadOnlyAdmin):
    """A decision taken is not changed here: its document is fastställd."""

    list_display = ["forslag", "beslutsdatum", "beslutat_av"]
    date_hierarchy = "beslutsdatum"


@admin.register(Beslutsverkan)
class BeslutsverkanAdmin(ReadOnlyAdmin):
    """What a decision did to its case, written once by the service."""

    list_display = ["__str__", "ansokan", "utfall", "verkstalld", "meddelande_skickat"]
    list_filter = ["utfall"]


@admin.register(Kallelseutskick)
class KallelseutskickAdmin(ReadOnlyAdmin):
    """A sent kallelse as it went out: it never changes, not even here."""

    list_display = ["sammantrade", "nummer", "skickad", "sha256"]

from django.contrib import admin

from insatser.models import (
    Arsbudget,
    Avvikelse,
    Beviljande,
    Insats,
    Malrapport,
    Medlemsbidrag,
    Paminnelse,
    Rapport,
    Rapportplan,
    Rekvisition,
    Rekvisitionsrad,
)
from samordning.admin import AuditedAdmin, RadInline, ReadOnlyAdmin, ReadOnlyInline


class BeviljandeInline(ReadOnlyInline, admin.TabularInline):
    """Shown, not edited: a grant changes through the register's edit page
    (insatser.services.andra_insats), which refuses an amount or period below
    what has been claimed on it; here nothing would check that."""

    model = Beviljande
    extra = 0
    # Set by the decision that granted it (beslut.services.verkstallighet),
    # never chosen here: a select of every application would also name drafts.
    exclude = ["ansokan"]


@admin.register(Insats)
class InsatsAdmin(AuditedAdmin):
    """Saved with the version check of every audited admin page: a save here
    and one on the register's edit page cannot overwrite each other."""

    list_display = ["namn", "insatsagare", "status", "kategori"]
    list_filter = ["status", "kategori"]
    search_fields = ["namn"]
    inlines = [BeviljandeInline]
    # Closed only through insatser.services.avsluta_insats (its checks, the
    # money released per year), reopened only by a decision.
    readonly_fields = ["status", "avslutad_datum", "avslutad_av", "avslut_notering"]


class MedlemsbidragInline(RadInline):
    model = Medlemsbidrag
    extra = 0


@admin.register(Arsbudget)
class ArsbudgetAdmin(AuditedAdmin):
    """The year's funds, entered by the förbundschef or the admin: the
    members' contributions as rows, the eget kapital brought forward."""

    list_display = ["ar", "eget_kapital"]
    inlines = [MedlemsbidragInline]


class RekvisitionsradInline(ReadOnlyInline, admin.TabularInline):
    model = Rekvisitionsrad
    extra = 0


@admin.register(Rekvisition)
class RekvisitionAdmin(ReadOnlyAdmin):
    """Claims change only through insatser.rekvisitioner (state, maxima,
    version, audit): shown here for support, never edited."""

    list_display = ["insats", "period_fran", "period_till", "status", "betald"]
    list_filter = ["status"]
    inlines = [RekvisitionsradInline]


@admin.register(Avvikelse)
class AvvikelseAdmin(ReadOnlyAdmin):
    """Avvikelserapporter change only through insatser.avvikelser (state,
    version, audit): shown here for support, never edited."""

    list_display = ["insats", "sedan", "status", "inlamnad"]
    list_filter = ["status"]


class MalrapportInline(ReadOnlyInline, admin.TabularInline):
    model = Malrapport
    extra = 0


class PaminnelseInline(ReadOnlyInline, admin.TabularInline):
    model = Paminnelse
    extra = 0


@admin.register(Rapport)
class RapportAdmin(ReadOnlyAdmin):
    """Reports change only through insatser.rapporter (plan, state, version,
    audit): shown here for support, never edited."""

    list_display = ["insats", "typ", "period_fran", "period_till", "forfallodatum", "status"]
    list_filter = ["status", "typ"]
    inlines = [MalrapportInline, PaminnelseInline]


@admin.register(Rapportplan)
class RapportplanAdmin(ReadOnlyAdmin):
    """Set on the insats's plan page (insatser.rapporter.satt_plan), which
    regenerates the reports; shown here for support."""

    list_display = ["insats", "lagesrapporter", "arsrapport", "slutrapport", "galler_fran"]


@admin.register(Malrapport)
class MalrapportAdmin(ReadOnlyAdmin):
    list_display = ["rapport", "maltext"]


@admin.register(Paminnelse)
class PaminnelseAdmin(ReadOnlyAdmin):
    list_display = ["rapport", "steg", "skickad", "antal_mottagare"]

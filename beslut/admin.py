from django.contrib import admin

from beslut.forms import KlausulForm
from beslut.models import (
    Beredning,
    Beslutsforslag,
    Beslutssats,
    FaststalldVersion,
    Fordelning,
    Klausul,
    KlausulUppsattning,
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

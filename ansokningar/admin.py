from django.contrib import admin

from ansokningar.access import visible_ansokningar
from ansokningar.models import (
    Ansokan,
    Bilaga,
    Budgetbelopp,
    Budgetrad,
    Budgetradsar,
    Del,
    Diarieserie,
    Insatskategori,
    Komplettering,
    Mal,
    Part,
    PrioriteradMalgrupp,
    Underskrift,
)
from samordning.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline, year_column


class KansliSynligaMixin:
    """What the kansli sees of an application starts at its submission, in
    the admin as in the app: drafts (and their budget rows and attachments)
    are left out by the app's own rule, ansokningar.access. `ansokan_path`:
    the path from the admin's model to its application."""

    ansokan_path = "ansokan"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = visible_ansokningar(request.user).values("pk")
        if not self.ansokan_path:
            return queryset.filter(pk__in=visible)
        return queryset.filter(**{f"{self.ansokan_path}__in": visible})


@admin.register(Insatskategori)
class InsatskategoriAdmin(AuditedAdmin):
    list_display = ["namn", "inriktning", "ordning"]


@admin.register(PrioriteradMalgrupp)
class PrioriteradMalgruppAdmin(AuditedAdmin):
    list_display = ["namn", "ordning", "aktiv"]


class PartInline(ReadOnlyInline, admin.TabularInline):
    model = Part
    extra = 0


class MalInline(ReadOnlyInline, admin.TabularInline):
    model = Mal
    extra = 0


class DelInline(ReadOnlyInline, admin.StackedInline):
    model = Del
    extra = 0


class UnderskriftInline(ReadOnlyInline, admin.TabularInline):
    model = Underskrift
    extra = 0
    readonly_fields = ["part", "anvandare", "namn", "titel", "organisation", "tidpunkt", "version"]


@admin.register(Ansokan)
class AnsokanAdmin(KansliSynligaMixin, ReadOnlyAdmin):
    ansokan_path = ""
    list_display = ["diarienummer", "namn", "insatsagare", "status", "summa_forbund"]
    list_filter = ["status", "typ", "insatsagare"]
    search_fields = ["namn", "diarienummer"]
    inlines = [PartInline, MalInline, DelInline, UnderskriftInline]


class BudgetbeloppInline(ReadOnlyInline, admin.TabularInline):
    model = Budgetbelopp
    extra = 0


class BudgetradsarInline(ReadOnlyInline, admin.TabularInline):
    model = Budgetradsar
    extra = 0


@admin.register(Budgetrad)
class BudgetradAdmin(KansliSynligaMixin, ReadOnlyAdmin):
    list_display = ["ansokan", "avsnitt", "benamning"]
    list_filter = ["avsnitt"]
    inlines = [BudgetbeloppInline, BudgetradsarInline]


@admin.register(Bilaga)
class BilagaAdmin(KansliSynligaMixin, ReadOnlyAdmin):
    list_display = ["filnamn", "ansokan", "typ", "storlek", "uppladdad"]


@admin.register(Komplettering)
class KompletteringAdmin(KansliSynligaMixin, ReadOnlyAdmin):
    list_display = ["ansokan", "begard", "besvarad"]


@admin.register(Diarieserie)
class DiarieserieAdmin(ReadOnlyAdmin):
    list_display = [year_column("ar"), "senaste"]  # numbers are taken by services.lamna_in only

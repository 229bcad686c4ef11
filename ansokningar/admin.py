from django.contrib import admin

from ansokningar.models import (
    Ansokan,
    Bilaga,
    Budgetbelopp,
    Budgetrad,
    Del,
    Diarieserie,
    Insatskategori,
    Komplettering,
    Mal,
    Part,
    PrioriteradMalgrupp,
    Underskrift,
)
from samordning.admin import AuditedAdmin


@admin.register(Insatskategori)
class InsatskategoriAdmin(AuditedAdmin):
    list_display = ["namn", "inriktning", "ordning"]


@admin.register(PrioriteradMalgrupp)
class PrioriteradMalgruppAdmin(AuditedAdmin):
    list_display = ["namn", "ordning", "aktiv"]


class PartInline(admin.TabularInline):
    model = Part
    extra = 0


class MalInline(admin.TabularInline):
    model = Mal
    extra = 0


class DelInline(admin.StackedInline):
    model = Del
    extra = 0


class UnderskriftInline(admin.TabularInline):
    model = Underskrift
    extra = 0
    readonly_fields = ["part", "anvandare", "namn", "titel", "organisation", "tidpunkt", "version"]


@admin.register(Ansokan)
class AnsokanAdmin(AuditedAdmin):
    """For support: the app itself is where applications are handled; state
    changes belong to ansokningar.services, so status is read-only here."""

    list_display = ["diarienummer", "namn", "insatsagare", "status", "summa_forbund"]
    list_filter = ["status", "typ", "insatsagare"]
    search_fields = ["namn", "diarienummer"]
    readonly_fields = ["status", "diarienummer", "diarie_ar", "diarie_lopnummer", "version", "summa_forbund",
                       "summa_egen", "summa_ovrig", "summa_total", "inlamnad"]  # fmt: skip
    inlines = [PartInline, MalInline, DelInline, UnderskriftInline]


class BudgetbeloppInline(admin.TabularInline):
    model = Budgetbelopp
    extra = 0


@admin.register(Budgetrad)
class BudgetradAdmin(admin.ModelAdmin):
    list_display = ["ansokan", "avsnitt", "benamning"]
    list_filter = ["avsnitt"]
    inlines = [BudgetbeloppInline]


@admin.register(Bilaga)
class BilagaAdmin(admin.ModelAdmin):
    list_display = ["filnamn", "ansokan", "typ", "storlek", "uppladdad"]


@admin.register(Komplettering)
class KompletteringAdmin(admin.ModelAdmin):
    list_display = ["ansokan", "begard", "besvarad"]


@admin.register(Diarieserie)
class DiarieserieAdmin(admin.ModelAdmin):
    list_display = ["ar", "senaste"]

    def has_change_permission(self, request, obj=None):
        return False  # numbers are taken by lamna_in only

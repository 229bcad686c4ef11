from django.contrib import admin

from insatser.models import Beviljande, Insats
from samordning.admin import AuditedAdmin


class BeviljandeInline(admin.TabularInline):
    model = Beviljande
    extra = 0


@admin.register(Insats)
class InsatsAdmin(AuditedAdmin):
    list_display = ["namn", "insatsagare", "status", "kategori"]
    list_filter = ["status", "kategori"]
    search_fields = ["namn"]
    inlines = [BeviljandeInline]

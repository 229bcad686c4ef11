from django.contrib import admin
from django.db.models import F

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
    exclude = ["version"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # Someone with the register's edit page open must not overwrite this.
            Insats.objects.filter(pk=obj.pk).update(version=F("version") + 1)

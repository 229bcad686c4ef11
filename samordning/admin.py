from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordning import audit
from samordning.models import (
    AuditEntry,
    Forbund,
    Lokusgrupp,
    LokusgruppRepresentant,
    Organisation,
    User,
)

admin.site.site_header = _("Samordning – administration")
admin.site.site_title = _("Samordning")
admin.site.index_title = _("Administration")


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin land in the same audit trail as the app's."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action="admin.andrad" if change else "admin.skapad",
                obj=obj,
                data={"falt": list(form.changed_data)},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(actor=request.user, action="admin.borttagen", obj=obj)
            super().delete_model(request, obj)


class ReadOnlyInline:
    """Cases change through their services (state checks, versions, audit);
    the admin shows them for support but does not edit them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyInline, admin.ModelAdmin):
    pass


@admin.register(Forbund)
class ForbundAdmin(AuditedAdmin):
    list_display = ["namn", "organisationsnummer", "diarieprefix"]

    def has_add_permission(self, request):
        return not Forbund.objects.exists()


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["namn", "typ", "organisationsnummer", "medlem"]
    list_filter = ["typ", "medlem"]
    search_fields = ["namn", "organisationsnummer"]


class RepresentantInline(admin.TabularInline):
    model = LokusgruppRepresentant
    extra = 1
    autocomplete_fields = ["anvandare", "organisation"]


@admin.register(Lokusgrupp)
class LokusgruppAdmin(AuditedAdmin):
    list_display = ["namn", "kommun"]
    filter_horizontal = ["organisationer"]
    inlines = [RepresentantInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "roll", "is_active"]
    list_filter = ["roll", "is_active", "organisationer"]
    filter_horizontal = ["organisationer", "groups", "user_permissions"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Roll i Samordning"), {"fields": ["roll", "titel", "organisationer"]}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Roll i Samordning"), {"fields": ["first_name", "last_name", "email", "roll"]}))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["tidpunkt", "handling", "objekt_text", "anvandare"]
    list_filter = ["handling"]
    search_fields = ["objekt_text", "handling"]

import json
import os

from axes.admin import AccessAttemptAdmin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samordning import audit
from samordning.errors import page_version, posted_version
from samordning.fields import ModelForm as RegelModelForm
from samordning.fields import Regler
from samordning.models import (
    AuditEntry,
    Forbund,
    Lokusgrupp,
    LokusgruppRepresentant,
    Organisation,
    User,
)

# Access follows the user's roll (samordning.models.Roll), not Django's groups;
# a Grupper page would suggest a second, unused way to grant rights.
admin.site.unregister(Group)

admin.site.site_header = _("Samordning – administration")
admin.site.site_title = _("Samordning")
admin.site.index_title = _("Administration")


def _as_text(field, value):
    """A form value as the admin shows it: names, not primary keys."""
    if value in (None, "", []):
        return ""
    if isinstance(value, File):  # a logo: its name (a file iterates over its bytes)
        return os.path.basename(value.name or "")
    queryset = getattr(field, "queryset", None)
    if queryset is not None and not hasattr(value, "_meta"):
        many = isinstance(value, (list, tuple, set)) or hasattr(value, "model")
        keys = [getattr(v, "pk", v) for v in value] if many else [value]
        value = list(queryset.filter(pk__in=keys)) if many else queryset.filter(pk__in=keys).first()
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def _form_changes(form):
    """{field: [before, after]} for what an admin form changed."""
    return {
        name: [_as_text(form.fields[name], form.initial.get(name)), _as_text(form.fields[name], form.cleaned_data.get(name))]
        for name in form.changed_data
        if "password" not in name  # never store a password, not even its hash
    }


def versioned(model):
    """Whether `model` carries the optimistic version check (a `version` field)."""
    return any(f.name == "version" for f in model._meta.concrete_fields)


class VersionCheckForm:
    """Mixed into an admin change form of a versioned model: the version the
    page was opened with (posted back by samordning/admin_change_form.html)
    must still be the row's, else the form is invalid and comes back with
    everything typed. The row stays locked until the save (the admin's
    change view runs in one transaction), so two saves cannot both pass."""

    def clean(self):
        data = super().clean()
        model = type(self.instance)
        current = model.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True).first()
        self.checked_version = posted_version(self.data)
        if current != self.checked_version:
            raise ValidationError(
                _(
                    "%(objekt)s har sparats av någon annan sedan du öppnade sidan. Dina ändringar är inte sparade: "
                    "öppna sidan på nytt i en ny flik och för in dem där."
                )
                % {"objekt": capfirst(model._meta.verbose_name)},
                code="conflict",
            )
        return data


class AuditedMixin:
    """Changes made in the admin land in the same audit trail as the app's:
    who, when, and each changed field's old and new value. A model with a
    `version` field gets the app's optimistic check: a change page saved
    after someone else's save (here or in the app) is refused."""

    change_form_template = "samordning/admin_change_form.html"

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        return [*exclude, "version"] if versioned(self.model) else exclude

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not versioned(self.model):
            return form
        return type(form.__name__, (VersionCheckForm, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and versioned(self.model):
            # Posted back as it came (after an error too), so a stale page stays stale.
            context["version"] = page_version(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change and hasattr(form, "checked_version"):
                obj.version = form.checked_version + 1  # checked and locked in VersionCheckForm.clean
            super().save_model(request, obj, form, change)
            andrat = _form_changes(form)
            if change and not andrat:
                return  # saved as it was (or only its inlines changed: save_formset says so)
            audit.record(
                actor=request.user,
                action="admin.andrad" if change else "admin.skapad",
                obj=obj,
                data={"andrat": andrat},
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            rows = {
                "tillagda": [str(o) for o in formset.new_objects],
                "andrade": [str(o) for o, _fields in formset.changed_objects],
                "borttagna": [str(o) for o in formset.deleted_objects],
            }
            if any(rows.values()):
                audit.record(
                    actor=request.user,
                    action="admin.andrad",
                    obj=form.instance,
                    data={str(formset.model._meta.verbose_name_plural): rows},
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(actor=request.user, action="admin.borttagen", obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk action "Ta bort markerade" skips delete_model.
        with transaction.atomic():
            for obj in queryset:
                audit.record(actor=request.user, action="admin.borttagen", obj=obj)
            super().delete_queryset(request, queryset)


class AuditedAdmin(AuditedMixin, admin.ModelAdmin):
    # The apps' field rules here too (samordning.fields.Regler): a name with a
    # direction override, a NUL byte or a year 9999 is refused as on the pages.
    form = RegelModelForm


class RadInline(admin.TabularInline):
    """An editable inline: the apps' field rules, and at most 100 rows built
    from a post (Django's default is max_num + 1000: a garbled TOTAL_FORMS
    made the page build and render 2 000 forms)."""

    form = RegelModelForm
    max_num = 100

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.max_num)
        return super().get_formset(request, obj, **kwargs)


def year_column(field):
    """A list column for a year: 2026, not the "2 026" that the thousands
    separator (right for amounts) makes of it."""

    @admin.display(description=_("år"), ordering=field)
    def column(obj):
        return str(getattr(obj, field))

    return column


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
    readonly_fields = ["standardvillkor"]

    @admin.display(description=_("standardvillkor för beslut"))
    def standardvillkor(self, forbund):
        """The conditions live in the clause library (one place for every
        proposal); shown here so they are found from the förbund's settings."""
        from beslut.models import Klausul

        villkor = Klausul.objects.filter(typ=Klausul.Typ.VILLKOR, uppsattningar__vald=True, aktiv=True)
        items = format_html_join("", "<li>att {}</li>", ((k.text,) for k in villkor))
        return format_html(
            '<ul class="mb-1">{}</ul><a href="{}">{}</a>',
            items or format_html("<li>{}</li>", _("Inga")),
            reverse("beslut:klausuler"),
            _("Ändra i satsbiblioteket"),
        )

    def has_add_permission(self, request):
        return not Forbund.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # diarienummer, PDFs and mails all read it


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["namn", "typ", "organisationsnummer", "medlem"]
    list_filter = ["typ", "medlem"]
    search_fields = ["namn", "organisationsnummer"]


class RepresentantFormSet(BaseInlineFormSet):
    """A representative speaks for one of the group's organisations and is
    one of that organisation's users. The group's organisations are read
    from the same post: they may be chosen in this very save."""

    def clean(self):
        super().clean()
        medlemmar = set(self.data.getlist("organisationer"))
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            org, user = data.get("organisation"), data.get("anvandare")
            if data.get("DELETE") or org is None:
                continue
            if str(org.pk) not in medlemmar:
                form.add_error(
                    "organisation",
                    _("%(org)s är inte med i lokusgruppen. Välj den under Medverkande organisationer först.")
                    % {"org": org},
                )
            elif user is not None and not user.organisationer.filter(pk=org.pk).exists():
                form.add_error(
                    "anvandare",
                    _("%(namn)s hör inte till %(org)s och kan inte företräda den.")
                    % {"namn": user.get_full_name() or user.username, "org": org},
                )


class RepresentantInline(RadInline):
    model = LokusgruppRepresentant
    formset = RepresentantFormSet
    extra = 1
    autocomplete_fields = ["anvandare", "organisation"]


@admin.register(Lokusgrupp)
class LokusgruppAdmin(AuditedAdmin):
    list_display = ["namn", "kommun"]
    filter_horizontal = ["organisationer"]
    inlines = [RepresentantInline]


# A signature (ansokningar.Underskrift.namn) and a proposal's signatory
# (beslut.Beslutsforslag.undertecknare) keep the full name in this many
# characters; Django allows 150 + 150, and signing was then a 500.
MAX_FULLT_NAMN = 200


class NamnetRymsMixin:
    def clean(self):
        data = super().clean()
        fullt = f"{data.get('first_name') or ''} {data.get('last_name') or ''}".strip()
        if len(fullt) > MAX_FULLT_NAMN:
            self.add_error(
                "last_name",
                _("För- och efternamn får tillsammans vara högst %(limit)d tecken (nu %(antal)d).")
                % {"limit": MAX_FULLT_NAMN, "antal": len(fullt)},
            )
        return data


class AnvandarForm(NamnetRymsMixin, Regler, UserChangeForm):
    """Django's user form with the apps' field rules: a name is signed with."""

    def clean(self):
        data = super().clean()
        # Authority to sign for an organisation one does not represent
        # would let a signature stand for a party the user cannot act for.
        behorig = data.get("behorig_for")
        if behorig is not None:
            foretrader = {o.pk for o in data.get("organisationer") or ()}
            utanfor = [o.namn for o in behorig if o.pk not in foretrader]
            if utanfor:
                self.add_error(
                    "behorig_for",
                    _("Användaren företräder inte %(org)s. Välj organisationen under Organisationer först.")
                    % {"org": ", ".join(utanfor)},
                )
        return data


class NyAnvandarForm(NamnetRymsMixin, Regler, AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(AuditedMixin, BaseUserAdmin):
    form = AnvandarForm
    add_form = NyAnvandarForm
    list_display = ["username", "first_name", "last_name", "roll", "is_active"]
    list_filter = ["roll", "is_active", "organisationer"]
    filter_horizontal = ["organisationer", "behorig_for"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (_("Personuppgifter"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Roll i Samordning"), {"fields": ["roll", "titel", "organisationer", "behorig_for"]}),
        (_("Behörighet"), {"fields": ["is_active", "is_superuser"]}),
        (_("Viktiga datum"), {"fields": ["last_login", "date_joined"]}),
    )
    # Kept by the system: a page opened before the user logged in wrote
    # the older last login back when saved.
    readonly_fields = ["last_login", "date_joined"]
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Roll i Samordning"), {"fields": ["first_name", "last_name", "email", "roll"]}))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["tidpunkt", "handling_visning", "objekt_text", "anvandare"]
    list_filter = ["handling", ("anvandare", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "tidpunkt"
    search_fields = ["objekt_text", "handling"]
    fields = readonly_fields = ["tidpunkt", "anvandare", "handling_visning", "objekt_text", "data_visning"]

    def get_queryset(self, request):
        # The same rule as every other place the log is shown: no draft's entries.
        return audit.visible_to(request.user, super().get_queryset(request))

    @admin.display(description=_("data"))
    def data_visning(self, entry):
        # What changed, readable: Swedish letters as they are, one value a line.
        text = json.dumps(entry.data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        return format_html('<pre class="mb-0">{}</pre>', text)

    @admin.display(description=_("handling"), ordering="handling")
    def handling_visning(self, entry):
        return entry.handling_text


# --- django-axes's attempts -------------------------------------------------------
# Its "Clean up expired attempts" action was a 500 from the admin: the handler
# reads request.axes_attempt_time, which axes sets only on a login request.
# Ours gives it the time and says the result in Swedish (axes's message is an
# f-string no catalogue reaches).


@admin.action(description=_("Rensa inaktuella inloggningsförsök"))
def rensa_inaktuella_forsok(modeladmin, request, queryset):
    request.axes_attempt_time = timezone.now()
    antal = modeladmin.handler.clean_expired_user_attempts(request=request)
    modeladmin.message_user(
        request, ngettext("%(antal)d inaktuellt försök rensades.", "%(antal)d inaktuella försök rensades.", antal)
        % {"antal": antal}
    )


AccessAttemptAdmin.actions = [rensa_inaktuella_forsok]

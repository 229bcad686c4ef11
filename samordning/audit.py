"""One audit mechanism for every state change.

Services call `record` inside their transaction; `changes` gives the
before/after pairs of the fields a change touched.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordning.models import AuditEntry


def record(*, actor, action, obj, data=None):
    """Write one audit entry. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside transaction.atomic()")
    return AuditEntry.objects.create(
        anvandare=actor if actor is not None and actor.is_authenticated else None,
        handling=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        objekt_text=str(obj)[:255],
        data=data or {},
    )


def snapshot(obj, fields):
    return {name: getattr(obj, name) for name in fields}


def changes(before, after):
    """{field: [old, new]} for the fields whose value changed."""
    return {
        name: [before[name], after[name]]
        for name in before
        if before[name] != after.get(name)
    }


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("anvandare")


# How each action reads in the Swedish history lists.
HANDLINGAR = {
    "admin.skapad": _("Skapad i administrationen"),
    "admin.andrad": _("Ändrad i administrationen"),
    "admin.borttagen": _("Borttagen i administrationen"),
    "ansokan.skapad": _("Utkast skapat"),
    "ansokan.sparad": _("Sparad"),
    "ansokan.inlamnad": _("Inlämnad"),
    "ansokan.komplettering_begard": _("Komplettering begärd"),
    "ansokan.beredning_paborjad": _("Beredning påbörjad"),
    "ansokan.aterkallad": _("Återkallad"),
    "ansokan.signerad": _("Underskriven"),
    "ansokan.bilaga": _("Bilaga uppladdad"),
    "ansokan.bilaga_borttagen": _("Bilaga borttagen"),
    "beredning.sparad": _("Beredning sparad"),
    "forslag.skapat": _("Beslutsförslag utkastat"),
    "forslag.sparat": _("Beslutsförslag sparat"),
    "forslag.standardsatser": _("Standardsatser hämtade"),
    "forslag.faststallt": _("Beslutsförslag fastställt"),
    "klausul.skapad": _("Sats tillagd i biblioteket"),
    "klausul.andrad": _("Sats ändrad i biblioteket"),
    "inriktning.skapad": _("Inriktning skapad"),
    "inriktning.sparad": _("Inriktning ändrad"),
    "forbund.beslutsstil": _("Stil för beslutssatser ändrad"),
    "insats.registrerad": _("Pågående insats registrerad"),
    "insats.andrad": _("Insats ändrad"),
}


def label(handling):
    return str(HANDLINGAR.get(handling, handling))

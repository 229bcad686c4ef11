"""One audit mechanism for every state change.

Services call `record` inside their transaction; `changes` gives the
before/after pairs of the fields a change touched.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

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
    "admin.skapad": "Skapad i administrationen",
    "admin.andrad": "Ändrad i administrationen",
    "admin.borttagen": "Borttagen i administrationen",
    "ansokan.skapad": "Utkast skapat",
    "ansokan.sparad": "Sparad",
    "ansokan.inlamnad": "Inlämnad",
    "ansokan.komplettering_begard": "Komplettering begärd",
    "ansokan.beredning_paborjad": "Beredning påbörjad",
    "ansokan.aterkallad": "Återkallad",
    "ansokan.signerad": "Underskriven",
    "ansokan.bilaga": "Bilaga uppladdad",
    "beredning.sparad": "Beredning sparad",
    "forslag.skapat": "Beslutsförslag utkastat",
    "forslag.sparat": "Beslutsförslag sparat",
    "forslag.standardsatser": "Standardsatser hämtade",
    "forslag.faststallt": "Beslutsförslag fastställt",
    "klausul.skapad": "Sats tillagd i biblioteket",
    "klausul.andrad": "Sats ändrad i biblioteket",
    "inriktning.skapad": "Inriktning skapad",
    "inriktning.sparad": "Inriktning ändrad",
    "forbund.beslutsstil": "Stil för beslutssatser ändrad",
}


def label(handling):
    return HANDLINGAR.get(handling, handling)

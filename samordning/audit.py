"""One audit mechanism for every state change.

Services call `record` inside their transaction; `changes` gives the
before/after pairs of the fields a change touched.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from samordning.models import AuditEntry, Roll


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


# Who may read which entries: one rule for every place that shows them (the
# administration page, the admin's log, an application's history).
#
# - The kansli sees every entry except what happened to an application
#   before its first submission: a draft is its organisation's own, so
#   its title, texts and attachments reach nobody else through the log.
# - A sökande sees, of the applications they may open, what happened to
#   their case (FOR_SOKANDE); the timing of the kansli's internal work
#   (beredning started or saved, changes in the admin) is not theirs.
# - Everyone else sees no entries.
# A new action is shown to a sökande only when added to FOR_SOKANDE.
FOR_SOKANDE = frozenset(
    {
        "ansokan.skapad",
        "ansokan.sparad",
        "ansokan.inlamnad",
        "ansokan.komplettering_begard",
        "ansokan.aterkallad",
        "ansokan.signerad",
        "ansokan.bilaga",
        "ansokan.bilaga_borttagen",
        # The board's decisions about the case are public (the protokoll).
        "ansokan.beviljad",
        "ansokan.avslagen",
        "ansokan.aterremitterad",
        "ansokan.bordlagd",
        "ansokan.beslutsmeddelande",
    }
)


def _ansokan_type():
    # Looked up by name: the core must not import the applications app.
    return ContentType.objects.get_for_model(apps.get_model("ansokningar", "Ansokan"))


def fore_inlamning():
    """Q for the entries about an application made before it was first
    submitted: no "ansokan.inlamnad" entry of the same application comes
    at or before them (by id, the order they were written in)."""
    inlamnad = AuditEntry.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        handling="ansokan.inlamnad",
        id__lte=OuterRef("id"),
    )
    return Q(content_type=_ansokan_type()) & ~Exists(inlamnad)


def visible_to(user, queryset=None, *, uppfoljning=None, handlingar=frozenset()):
    """The entries of `queryset` (default: all) that `user` may read.

    `uppfoljning` (a Q) selects entries about the follow-up of an insats the
    caller has already let `user` see (its claims, reports, avvikelser, the
    insats itself: insatser.tidslinje); a sökande reads those whose action
    is in `handlingar` (their own steps and the decisions), besides what
    happened to their applications."""
    queryset = AuditEntry.objects.all() if queryset is None else queryset
    if user.is_kansli or user.is_superuser:
        return queryset.exclude(fore_inlamning())
    if user.roll == Roll.SOKANDE:
        from ansokningar.access import visible_ansokningar

        egna = visible_ansokningar(user).annotate(nyckel=Cast("pk", CharField())).values("nyckel")
        regel = Q(content_type=_ansokan_type(), object_id__in=egna, handling__in=FOR_SOKANDE)
        if uppfoljning is not None:
            regel |= uppfoljning & Q(handling__in=handlingar)
        return queryset.filter(regel)
    return queryset.none()


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
    "forslag.aterremitterat": _("Återremitterat genom justerat protokoll"),
    "forslag.bordlagt": _("Bordlagt genom justerat protokoll"),
    "klausul.skapad": _("Sats tillagd i biblioteket"),
    "klausul.andrad": _("Sats ändrad i biblioteket"),
    "klausuluppsattning.skapad": _("Uppsättning av beslutssatser tillagd"),
    "klausuluppsattning.andrad": _("Uppsättning av beslutssatser ändrad"),
    "klausuluppsattning.vald": _("Uppsättning av beslutssatser vald"),
    "inriktning.skapad": _("Inriktning skapad"),
    "inriktning.sparad": _("Inriktning ändrad"),
    "forbund.beslutsstil": _("Stil för beslutssatser ändrad"),
    "insats.registrerad": _("Pågående insats registrerad"),
    "sammantrade.kallelse_skickad": _("Kallelse skickad"),
    "sammantrade.kallelse_reviderad": _("Reviderad kallelse skickad"),
    "insats.andrad": _("Insats ändrad"),
    "justering.invandning": _("Invändning vid justeringen"),
    "justering.attesterad": _("Protokollet justerat av ordförande eller justerare"),
    "justering.inaktuell": _("Justering gäller inte längre: protokollet har ändrats sedan"),
    "protokoll.justerat": _("Protokollet justerat och låst"),
    "protokoll.omedelbar_justering": _("Omedelbar justering begärd"),
    "protokoll.omedelbart_justerad": _("Paragraf omedelbart justerad"),
    "protokoll.anslaget": _("Protokollet anslaget"),
    "insats.beviljad": _("Insats beviljad genom beslut"),
    "insats.beviljande_tillagt": _("Nytt beviljande genom beslut"),
    "ansokan.beviljad": _("Beviljad"),
    "ansokan.avslagen": _("Avslagen"),
    "ansokan.aterremitterad": _("Återremitterad till beredning"),
    "ansokan.bordlagd": _("Bordlagd till nästa sammanträde"),
    "ansokan.beslut_utan_verkan": _("Beslut utan verkan på ärendet"),
    "ansokan.beslutsmeddelande": _("Beslutsmeddelande skickat"),
    "delegationsbeslut.fattat": _("Beslut fattat på delegation"),
    "sammantrade.planerat": _("Sammanträde planerat"),
    "sammantrade.andrat": _("Sammanträde ändrat"),
    "sammantrade.installt": _("Sammanträde inställt"),
    "sammantrade.genomfort": _("Sammanträde genomfört"),
    "sammantrade.arende_tillagt": _("Ärende tillagt på föredragningslistan"),
    "sammantrade.arende_borttaget": _("Ärende borttaget från föredragningslistan"),
    "sammantrade.arende_flyttat": _("Ärende flyttat på föredragningslistan"),
    "sammantrade.handling_tillagd": _("Handling tillagd"),
    "sammantrade.handling_borttagen": _("Handling borttagen"),
    "protokoll.paborjat": _("Protokollet påbörjat"),
    "protokoll.narvaro": _("Närvaro i protokollet ändrad"),
    "protokoll.justerare": _("Justerare valda"),
    "protokoll.paragrafer": _("Paragrafer i protokollet ändrade"),
    "protokoll.beslut": _("Beslut i protokollet ändrat"),
    "protokoll.jav": _("Jäv antecknat"),
    "protokoll.omrostning": _("Omröstning antecknad"),
    "protokoll.anslag_planerat": _("Anslag av protokollet planerat"),
    "insats.avslutad": _("Insatsen avslutad"),
    "rekvisition.lamna_in": _("Rekvisition inlämnad"),
    "rekvisition.avvisad": _("Rekvisition avvisad: överskred det beviljade beloppet"),
    "rekvisition.attestera": _("Rekvisition attesterad"),
    "rekvisition.returnera": _("Rekvisition returnerad"),
    "rekvisition.markera_betald": _("Rekvisition betald"),
    "rapportplan.satt": _("Rapportplan satt"),
    "rapportplan.foljer_beviljanden": _("Rapportplanen följer beviljandena"),
    "rapport.sparad": _("Rapport sparad"),
    "rapport.inlamnad": _("Rapport inlämnad"),
    "rapport.godkand": _("Rapport godkänd"),
    "rapport.komplettering_begard": _("Komplettering av rapport begärd"),
    "rapporter.borttagna_vid_avslut": _("Rapporter som inte längre ska lämnas strukna vid avslutet"),
    "avvikelse.rapporterad": _("Avvikelserapport inlämnad"),
    "avvikelse.hanterad": _("Avvikelserapport hanterad"),
    "avvikelse.forslag_skapat": _("Beslutsförslag skapat från avvikelserapport"),
    "arsbudget.sparad": _("Årsbudget sparad"),
}


def label(handling):
    return str(HANDLINGAR.get(handling, handling))

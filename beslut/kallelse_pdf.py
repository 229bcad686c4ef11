"""The kallelse with its föredragningslista as a PDF (issue 10, item 4):
förbund and organ, "Kallelse till sammanträde", date, time and place, the
ärenden numbered with their kind, diarienummer and the fastställd
proposal's title, then the ordförande and sekreterare. What a member reads
is the fastställd version: titles come from FaststalldVersion.innehall,
never from a proposal's draft."""

from django.utils.translation import gettext as _

from beslut.models import Arende, Uppdrag
from beslut.services import sammantrade as mote_services
from samordning.models import Forbund
from samordning.pdf import STYLESHEET, logotyp_url, stored_pdf

TEMPLATE = "beslut/kallelse_pdf.html"
STYLESHEETS = (STYLESHEET, "css/print-mote.css")

# Only the ärenden are marked: the standard items (öppnande, dagordning,
# val av justerare, föregående protokoll, övriga frågor, avslutning) are
# named by their heading, as a kallelse customarily has them.
BESLUTSARENDE = {Arende.Typ.BESLUT}
INFORMATIONSARENDE = {Arende.Typ.INFORMATION, Arende.Typ.DELEGATION, Arende.Typ.MEDDELANDEN}


def markering(typ):
    """How the list marks an item: beslutsärende, informationsärende or nothing."""
    if typ in BESLUTSARENDE:
        return _("Beslutsärende")
    if typ in INFORMATIONSARENDE:
        return _("Informationsärende")
    return ""


def arenden(mote):
    """The föredragningslista in order, with what the documents need."""
    return list(
        mote.arenden.select_related("forslag_version__forslag__ansokan")
        .prefetch_related("handlingar")
        .order_by("ordning", "id")
    )


def delegationsbeslut_for(mote):
    """The delegationsbeslut the anmälan reports (the meetings' rule)."""
    return list(mote_services.delegationsbeslut_for(mote))


def funktionar(mote):
    """(ordförande's name or "", sekreterare's name or "") on the meeting's date."""
    ordforande = ""
    uppdrag = (
        Uppdrag.objects.filter(
            organ_id=mote.organ_id, funktion=Uppdrag.Funktion.ORDFORANDE, fran__lte=mote.datum
        )
        .select_related("person")
        .order_by("-fran")
    )
    for u in uppdrag:
        if u.galler(mote.datum):
            ordforande = u.person.get_full_name() or u.person.username
            break
    sekreterare = ""
    if mote.sekreterare is not None:
        sekreterare = mote.sekreterare.get_full_name() or mote.sekreterare.username
    return ordforande, sekreterare


def punkter(mote, lista=None):
    """The numbered items as the kallelse and the packet show them."""
    rows = []
    for nummer, arende in enumerate(lista if lista is not None else arenden(mote), start=1):
        version = arende.forslag_version
        frozen = version.innehall if version is not None else {}
        rows.append(
            {
                "nummer": nummer,
                "arende": arende,
                "markering": markering(arende.typ),
                "rubrik": arende.rubrik,
                "dnr": frozen.get("diarienummer", ""),
                "titel": frozen.get("titel", ""),
                "beskrivning": arende.beskrivning,
            }
        )
    return rows


def context(mote, lista=None, revision=None):
    """`revision`: (utskick number, lines of what changed) for a revised
    kallelse, which says so at its head."""
    forbund = Forbund.get()
    ordforande, sekreterare = funktionar(mote)
    rows = punkter(mote, lista)
    delegation = (
        delegationsbeslut_for(mote)
        if any(r["arende"].typ == Arende.Typ.DELEGATION for r in rows)
        else []
    )
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "mote": mote,
        "organ": mote.organ,
        "punkter": rows,
        "delegationsbeslut": [
            {
                "titel": v.innehall.get("titel", ""),
                "dnr": v.innehall.get("diarienummer", ""),
                "datum": v.faststalld,
            }
            for v in delegation
        ],
        "ordforande": ordforande,
        "sekreterare": sekreterare,
        # "Förhinder anmäls till sekreteraren …": who calls in an ersättare.
        "sekreterare_epost": mote.sekreterare.email if mote.sekreterare_id else "",
        "revision": revision,
    }


def stored_kallelse_pdf(mote, lista=None, revision=None):
    """The kallelse as it is now, rendered once per content version
    (samordning.pdf.stored_pdf): bytes and file."""
    return stored_pdf(TEMPLATE, context(mote, lista, revision), stylesheets=STYLESHEETS)

"""Justering (issue 10 item 7): the ordförande and each justerare attest the
protokoll in the app, each for themselves; one who disagrees with how it is
written notes an invändning first, and the protokoll shows it.

When the ordförande and every justerare have attested, the protokoll is
frozen in the same transaction: its PDF is rendered once and stored with
its SHA-256 (Protokoll), the meeting becomes JUSTERAT, and nothing in it
can change any more, in the app (beslut.services.protokoll refuses once
protokollet_ar_last) or in the database (migration 0016's triggers).

Omedelbar justering: one § is attested by the same people on its own
(Justering rows with the §), and once all have it is justerad at once
(Paragraf.omedelbart_justerad) and gets its own justerat extract.

Every attest names the content it was given (innehall_nyckel, a hash of the
protokoll as the PDF shows it, attestations left out): when the protokoll
changed after the page was opened, the attest is refused (ConflictError),
so nobody attests a text they have not read; and an earlier attest of a
text corrected since no longer counts (that person justerar again).
"""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from beslut import protokoll_pdf
from beslut.models import Justering, Paragraf, Protokoll, Sammantrade
from beslut.services import anslag as anslag_services
from beslut.services import protokoll as protokoll_services
from beslut.services import verkstallighet
from samordning import audit
from samordning.errors import ConflictError, WorkflowError
from samordning.formatting import paragraf as paragrafnummer

TOM_JUSTERING = {"ordforande": None, "justerare": [], "invandningar": [], "justerat": None}


def innehall_nyckel(mote, paragraf=None):
    """A hash of what the attesting person reads: the protokoll (or the one
    §) as its PDF lays it out, without who has attested so far. `mote`
    from protokoll_pdf.mote_queryset()."""
    if paragraf is None:
        ctx = protokoll_pdf.context(mote)
        template = protokoll_pdf.PROTOKOLL_TEMPLATE
    else:
        ctx = protokoll_pdf.utdrag_context([paragraf])
        template = protokoll_pdf.UTDRAG_TEMPLATE
    ctx.update(TOM_JUSTERING, logotyp_url="")
    return hashlib.sha256(render_to_string(template, ctx).encode()).hexdigest()


def _las(mote):
    return Sammantrade.objects.select_for_update(of=("self",)).get(pk=mote.pk)


def _justering(justering, by):
    """The row locked, and the attesting user's own."""
    justering = Justering.objects.select_for_update(of=("self",)).select_related("paragraf").get(pk=justering.pk)
    if justering.person_id != by.pk:
        raise PermissionDenied
    if justering.attesterad:
        raise WorkflowError(_("Du har redan justerat."))
    return justering


def ej_klart(ofullstandiga):
    """What the justering page and the refusal say while §§ lack a decision."""
    return _("Protokollet är inte klart att justera: beslut saknas i %(paragrafer)s.") % {
        "paragrafer": ", ".join(paragrafnummer(p.nummer) for p in ofullstandiga)
    }


def saknar_beslut(mote, paragraf=None):
    """The §§ (of the whole protokoll, or just `paragraf`) without a decision,
    from `mote` as protokoll_pdf.mote_queryset() reads it (no query)."""
    return [
        a.paragraf for a in mote.protokollets_arenden
        if not a.paragraf.beslut and (paragraf is None or a.paragraf.pk == paragraf.pk)
    ]  # fmt: skip


def _kontrollera_mote(mote, paragraf, fullstandigt=True):
    """Whether the protokoll (or the §) may be attested; `fullstandigt`
    False: whether an invändning may still be noted, which needs no
    finished text (one may object to what is missing)."""
    if protokoll_services.protokollet_ar_last(mote):
        raise WorkflowError(_("Protokollet är redan justerat."))
    if mote.status != Sammantrade.Status.GENOMFORT:
        raise WorkflowError(_("Protokollet justeras när sammanträdet är genomfört."))
    if paragraf is not None and paragraf.omedelbart_justerad:
        raise WorkflowError(_("Paragrafen är redan justerad."))
    if not fullstandigt:
        return
    ofullstandiga = [p for p in protokoll_services.ofullstandiga(mote) if paragraf is None or p.pk == paragraf.pk]
    if ofullstandiga:
        raise WorkflowError(ej_klart(ofullstandiga))


@transaction.atomic
def spara_invandning(*, justering, by, invandning):
    """Note (or take back, with "") the attesting person's disagreement
    with how the protokoll is written, before they attest. The protokoll
    shows it at the justering."""
    mote = _las(justering.sammantrade)
    justering = _justering(justering, by)
    _kontrollera_mote(mote, justering.paragraf, fullstandigt=False)
    fore = justering.invandning
    justering.invandning = invandning.strip()
    justering.save(update_fields=["invandning"])
    audit.record(
        actor=by, action="justering.invandning", obj=mote,
        data={"justering": justering.pk, "andrat": {"invandning": [fore, justering.invandning]}},
    )  # fmt: skip
    return justering


@transaction.atomic
def attestera(*, justering, by, nyckel):
    """`by` attests their Justering row: the whole protokoll, or (a row with
    a paragraf) one § justerad at once. `nyckel` is innehall_nyckel as the
    page showed it. The last attest freezes the protokoll (or the §).
    Returns the Protokoll when this attest froze it, else None."""
    mote = _las(justering.sammantrade)
    justering = _justering(justering, by)
    paragraf = justering.paragraf
    _kontrollera_mote(mote, paragraf)
    full = protokoll_pdf.mote_queryset().get(pk=mote.pk)
    if nyckel != innehall_nyckel(full, paragraf):
        raise ConflictError(
            _("Protokollet har ändrats sedan du öppnade sidan. Läs det igen innan du justerar; du har inte justerat.")
        )
    _nollstall_inaktuella(mote, paragraf, nyckel, by)
    justering.attesterad = timezone.now()
    justering.save(update_fields=["attesterad"])
    audit.record(
        actor=by, action="justering.attesterad", obj=mote,
        data={"justering": justering.pk, "roll": justering.roll, "paragraf": paragraf.nummer if paragraf else None,
              "nyckel": nyckel},
    )  # fmt: skip
    rader = Justering.objects.filter(sammantrade=mote, paragraf=paragraf)
    if rader.filter(attesterad__isnull=True).exists():
        return None
    if paragraf is not None:
        _omedelbart_justerad(mote, paragraf, by)
        return None
    return _frys(mote, by)


def _nollstall_inaktuella(mote, paragraf, nyckel, by):
    """Earlier attests of a text that has changed since (the protokoll was
    corrected after someone had justerat it) no longer count: those people
    justera again. Each attest's audit entry names the content it was given."""
    attesterade = {
        j.pk: j for j in Justering.objects.filter(sammantrade=mote, paragraf=paragraf, attesterad__isnull=False)
    }
    if not attesterade:
        return
    lasta = {}
    entries = audit.entries_for(mote).filter(handling="justering.attesterad").order_by("id")
    for data in entries.values_list("data", flat=True):
        lasta[data.get("justering")] = data.get("nyckel")
    for pk, rad in attesterade.items():
        if lasta.get(pk) != nyckel:
            rad.attesterad = None
            rad.save(update_fields=["attesterad"])
            audit.record(
                actor=by, action="justering.inaktuell", obj=mote,
                data={"justering": pk, "person": rad.person_id, "nyckel": lasta.get(pk), "nu": nyckel},
            )  # fmt: skip


def _frys(mote, by):
    """Every attest is in: render the protokoll once, store it with its
    SHA-256 and mark the meeting justerat. From here the triggers hold it."""
    rader = list(Justering.objects.filter(sammantrade=mote, paragraf__isnull=True))
    roller = {j.roll for j in rader}
    if roller != {Justering.Roll.ORDFORANDE, Justering.Roll.JUSTERARE}:
        return None  # both an ordförande and a justerare must have attested
    mote.status = Sammantrade.Status.JUSTERAT
    mote.save(update_fields=["status"])
    # Before the PDF is rendered: the frozen protokoll must state its anslag.
    justerat = max(j.attesterad for j in rader)
    anslag_services.planera_vid_justering(mote, timezone.localdate(justerat), by)
    full = protokoll_pdf.mote_queryset().get(pk=mote.pk)
    # Rendered afresh, not through the PDF store: this file is the record.
    data = protokoll_pdf.render_protokoll_pdf(full, use_cache=False)
    protokoll = Protokoll(sammantrade=mote, justerat=justerat)
    protokoll.sha256 = hashlib.sha256(data).hexdigest()
    protokoll.pdf.save(
        f"protokoll-{mote.organ_id}-{mote.datum.isoformat()}-{mote.pk}.pdf", ContentFile(data), save=False
    )
    protokoll.save()
    audit.record(
        actor=by, action="protokoll.justerat", obj=mote,
        data={"sha256": protokoll.sha256, "justerare": [j.person_id for j in rader]},
    )  # fmt: skip
    # The decisions now drive their cases (insats, application, next meeting).
    verkstallighet.verkstall_sammantrade(mote, by)
    _notera_pa_forslagen(
        Paragraf.objects.filter(arende__sammantrade=mote, omedelbart_justerad__isnull=True), by
    )
    return protokoll


FORSLAGSHANDLING = {
    Paragraf.Beslut.ATERREMISS: "forslag.aterremitterat",
    Paragraf.Beslut.BORDLAGGNING: "forslag.bordlagt",
}


def _notera_pa_forslagen(paragrafer, by):
    """A proposal sent back or tabled leaves its trace on the proposal's own
    history once the § is justerad (verkstallighet does the case's side;
    this is also for a proposal without an application)."""
    paragrafer = paragrafer.filter(
        beslut__in=list(FORSLAGSHANDLING), arende__forslag_version__isnull=False
    ).select_related("organ", "arende__sammantrade", "arende__forslag_version__forslag")
    for p in paragrafer:
        audit.record(
            actor=by, action=FORSLAGSHANDLING[p.beslut], obj=p.arende.forslag_version.forslag,
            data={"organ": p.organ.namn, "paragraf": p.nummer, "ar": p.ar,
                  "sammantrade": p.arende.sammantrade.datum.isoformat(),
                  "version": p.arende.forslag_version.nummer, "instruktion": p.instruktion},
        )  # fmt: skip


def _omedelbart_justerad(mote, paragraf, by):
    Paragraf.objects.filter(pk=paragraf.pk).update(omedelbart_justerad=timezone.now())
    paragraf.refresh_from_db()
    # Its own justerat extract at once, into the PDF store (what the
    # extract's URL serves, and the beslutsmeddelande sends).
    protokoll_pdf.render_utdrag_pdf([paragraf])
    audit.record(actor=by, action="protokoll.omedelbart_justerad", obj=mote, data={"paragraf": paragraf.nummer})
    verkstallighet.verkstall_paragraf(paragraf, by)
    _notera_pa_forslagen(Paragraf.objects.filter(pk=paragraf.pk), by)


@transaction.atomic
def begar_omedelbar_justering(*, paragraf, by):
    """Justera one § at once: the meeting's ordförande and justerare get a
    Justering row each for the §, to attest on their justering page."""
    mote = _las(paragraf.arende.sammantrade)
    paragraf = Paragraf.objects.get(pk=paragraf.pk)
    _kontrollera_mote(mote, paragraf)
    if Justering.objects.filter(sammantrade=mote, paragraf=paragraf).exists():
        raise WorkflowError(_("Omedelbar justering är redan begärd för paragrafen."))
    rader = list(Justering.objects.filter(sammantrade=mote, paragraf__isnull=True))
    if {j.roll for j in rader} != {Justering.Roll.ORDFORANDE, Justering.Roll.JUSTERARE}:
        raise WorkflowError(_("Välj ordförande och justerare innan paragrafen justeras."))
    Justering.objects.bulk_create(
        [Justering(sammantrade=mote, paragraf=paragraf, person_id=j.person_id, roll=j.roll) for j in rader]
    )
    audit.record(actor=by, action="protokoll.omedelbar_justering", obj=mote, data={"paragraf": paragraf.nummer})
    return paragraf

"""Decisions drive the case (issue 10, item 9): the last link of the chain
ansökan → beredning → förslag → sammanträde → protokoll → insats.

A decided § is carried out when it is justerat: with the whole protokoll
(`verkstall_sammantrade`, which the justering calls) or alone at omedelbar
justering (`verkstall_paragraf`). A delegation proposal is carried out when
the förbundschef fastställer it (`besluta_pa_delegation`, from
forslag.faststall): on delegation the fastställd version is the decision.

What each decision does to its application:
- bifall, and bifall med ändringar (the board's belopp and period): a new
  insats with the grant, or for a tilläggsansökan a new grant on its insats;
  the application is Beviljad and points at the insats;
- bifall of a proposal that proposed avslag, and avslag: Avslagen;
- återremiss: back under beredning, with the board's instruction;
- bordläggning: the ärende goes onto the organ's next planned meeting
  (before övriga frågor and avslutning). Without one it waits, shown as
  "bordlagd, väntar på nästa sammanträde", until `ta_upp_bordlagda` puts it
  on the next meeting the organ plans.

What is decided is done once (one Beslutsverkan per § or delegationsbeslut),
so a second justering call changes nothing. A decision the case can no
longer take (the application withdrawn or already decided) is recorded with
why, never refused: a justerat protokoll stands whatever the case did since.
An arbetsutskott deciding on a proposal written as "Arbetsutskottet föreslår
förbundsstyrelsen" only recommends, and a beredningsgrupp never decides:
their bifall and avslag leave the case to the styrelse.
"""

import functools
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from ansokningar.models import Ansokan, Budgetrad
from ansokningar.workflow import TRANSITIONS
from beslut.models import (
    Arende,
    Beslutsforslag,
    Beslutsverkan,
    Delegationsbeslut,
    Organ,
    Paragraf,
    Protokoll,
    Sammantrade,
)
from insatser import services as insats_services
from insatser.models import Beviljande
from samordning import audit
from samordning.errors import WorkflowError
from samordning.formatting import datum, datum_lang, kr
from samordning.formatting import paragraf as paragraf_text

S = Ansokan.Status
U = Beslutsverkan.Utfall
# The states a case may be decided in (the application's workflow table).
BESLUTBAR = TRANSITIONS["besluta"]
# Which organ a grant names; a beredningsgrupp recommends and decides nothing.
BEVILJANDE_ORGAN = {
    Organ.Typ.STYRELSE: Beviljande.Organ.STYRELSE,
    Organ.Typ.AU: Beviljande.Organ.AU,
    Organ.Typ.OVRIGT: "",
}
AUDIT = {
    U.BEVILJAD: "ansokan.beviljad",
    U.UTOKAD: "ansokan.beviljad",
    U.AVSLAGEN: "ansokan.avslagen",
    U.ATERREMISS: "ansokan.aterremitterad",
    U.BORDLAGD: "ansokan.bordlagd",
    U.INGEN: "ansokan.beslut_utan_verkan",
}
JUSTERADE = {Sammantrade.Status.JUSTERAT, Sammantrade.Status.ANSLAGET}


@dataclass
class Beslut:
    """One decision about one application, from a § or on delegation."""

    ansokan: Ansokan
    forslag: Beslutsforslag
    vad: str  # "bifall", "avslag", "aterremiss", "bordlaggning"
    organ: str  # Beviljande.Organ
    organ_namn: str
    beslutsdatum: object
    nummer: int | None  # the § number; None on delegation
    belopp: int | None
    period: tuple
    instruktion: str = ""

    @property
    def referens(self):
        """"Förbundsstyrelsen 5 mars 2026, § 12", as documents name a decision."""
        text = f"{self.organ_namn} {datum_lang(self.beslutsdatum)}"
        return f"{text}, {paragraf_text(self.nummer)}" if self.nummer else text


def _faststallt(version):
    """(belopp, (från, till)) as the fastställd version proposed them."""
    innehall = version.innehall or {}
    period = [parse_date(d) if d else None for d in (innehall.get("period") or ["", ""])]
    return innehall.get("belopp"), (period[0], period[1])


def _vad(paragraf, forslag):
    """What the § decided about the application, or None (nothing)."""
    B = Paragraf.Beslut
    foreslog_avslag = forslag.utfall == Beslutsforslag.Utfall.AVSLAG
    if paragraf.beslut == B.BIFALL:
        return "avslag" if foreslog_avslag else "bifall"
    if paragraf.beslut == B.ANDRAT:
        return "avslag" if foreslog_avslag and not paragraf.belopp else "bifall"
    return {B.AVSLAG: "avslag", B.ATERREMISS: "aterremiss", B.BORDLAGGNING: "bordlaggning"}.get(paragraf.beslut)


def ar_justerad(paragraf):
    mote = paragraf.arende.sammantrade
    return (
        paragraf.omedelbart_justerad is not None
        or mote.status in JUSTERADE
        or Protokoll.objects.filter(sammantrade_id=mote.pk).exists()
    )


@transaction.atomic
def verkstall_paragraf(paragraf, by):
    """Carry out what a justerat § decided about its application; once.
    Returns its Beslutsverkan, or None for a § that decides no application
    (an informationsärende, a § without decision). Call it inside the
    transaction that justerar, after the § or its protokoll is justerat."""
    paragraf = (
        Paragraf.objects.select_for_update(of=("self",))
        .select_related("organ", "arende__sammantrade", "arende__forslag_version__forslag__ansokan")
        .get(pk=paragraf.pk)
    )
    gjord = Beslutsverkan.objects.filter(paragraf=paragraf).first()
    if gjord is not None:
        return gjord
    version = paragraf.arende.forslag_version
    vad = _vad(paragraf, version.forslag) if version is not None else None
    if vad is None or version.forslag.ansokan_id is None:
        return None
    if not ar_justerad(paragraf):
        raise WorkflowError(_("Paragrafen är inte justerad; beslutet verkställs när protokollet justeras."))
    forslag = version.forslag
    belopp, period = _faststallt(version)
    if paragraf.beslut == Paragraf.Beslut.ANDRAT or paragraf.belopp:
        belopp = paragraf.belopp or belopp
        period = (paragraf.period_fran or period[0], paragraf.period_till or period[1])
    beslut = Beslut(
        ansokan=Ansokan.objects.select_for_update().get(pk=forslag.ansokan_id),
        forslag=forslag,
        vad=vad,
        organ=BEVILJANDE_ORGAN.get(paragraf.organ.typ, ""),
        organ_namn=paragraf.organ.namn,
        beslutsdatum=paragraf.arende.sammantrade.datum,
        nummer=paragraf.nummer,
        belopp=belopp,
        period=period,
        instruktion=paragraf.instruktion,
    )
    verkan = Beslutsverkan(paragraf=paragraf, verkstalld_av=by)
    radgivande = paragraf.organ.typ == Organ.Typ.BEREDNINGSGRUPP or (
        paragraf.organ.typ == Organ.Typ.AU and forslag.instans == Beslutsforslag.Instans.AU
    )
    if radgivande and vad in {"bifall", "avslag"}:
        return _utan_verkan(
            verkan, beslut, by,
            _("%(organ)s lämnar förslag till förbundsstyrelsen; beslutet fattas där.") % {"organ": paragraf.organ.namn},
        )
    return _verkstall(verkan, beslut, by, arende=paragraf.arende)


@transaction.atomic
def verkstall_sammantrade(mote, by):
    """Carry out every decided § of a justerat protokoll that has not been
    carried out yet (a § omedelbart justerad was). The justering calls it in
    its own transaction, after the meeting is justerat. Returns the
    Beslutsverkan of this call."""
    mote = Sammantrade.objects.get(pk=mote.pk)
    if mote.status not in JUSTERADE and not Protokoll.objects.filter(sammantrade=mote).exists():
        raise WorkflowError(_("Protokollet är inte justerat; besluten verkställs när det justeras."))
    paragrafer = (
        Paragraf.objects.filter(arende__sammantrade=mote, verkan__isnull=True, arende__forslag_version__isnull=False)
        .exclude(beslut="")
        .order_by("nummer")
    )
    return [v for p in paragrafer if (v := verkstall_paragraf(p, by)) is not None]


@transaction.atomic
def besluta_pa_delegation(*, forslag, by, version=None):
    """The förbundschef decides on delegation: the fastställd `version` (the
    latest when None) is the decision and its document. Carried out like a
    §: organ Förbundschefen på delegation, the date it was fastställd, no §.
    A proposal is decided once; a case that cannot take the decision is
    refused here (the förbundschef is the one acting)."""
    forslag = Beslutsforslag.objects.select_for_update(of=("self",)).get(pk=forslag.pk)
    if forslag.instans != Beslutsforslag.Instans.DELEGATION:
        raise WorkflowError(_("Förslaget beslutas inte på delegation."))
    version = version or forslag.versioner.order_by("-nummer").first()
    if version is None:
        raise WorkflowError(_("Fastställ förslaget; den fastställda versionen är beslutet."))
    tidigare = Delegationsbeslut.objects.filter(forslag=forslag).first()
    if tidigare is not None:
        raise WorkflowError(
            _(
                "Förslaget beslutades på delegation %(datum)s. Ett fattat beslut ändras inte med en ny version; "
                "skriv ett nytt förslag om beslutet ska ändras."
            )
            % {"datum": datum_lang(tidigare.beslutsdatum)}
        )
    ansokan = Ansokan.objects.select_for_update().get(pk=forslag.ansokan_id) if forslag.ansokan_id else None
    if ansokan is not None and ansokan.status not in BESLUTBAR:
        raise WorkflowError(
            _("Ansökan har status ”%(status)s” och kan inte beslutas.") % {"status": ansokan.get_status_display()}
        )
    beslutsdatum = timezone.localdate(version.faststalld)
    delegationsbeslut = Delegationsbeslut.objects.create(
        forslag=forslag, dokument=version, beslutsdatum=beslutsdatum, beslutat_av=by
    )
    audit.record(
        actor=by, action="delegationsbeslut.fattat", obj=forslag,
        data={"version": version.nummer, "beslutsdatum": beslutsdatum, "sha256": version.sha256},
    )
    if ansokan is None:
        return delegationsbeslut
    belopp, period = _faststallt(version)
    beslut = Beslut(
        ansokan=ansokan,
        forslag=forslag,
        vad="avslag" if forslag.utfall == Beslutsforslag.Utfall.AVSLAG else "bifall",
        organ=Beviljande.Organ.DELEGATION,
        organ_namn=str(Beviljande.Organ.DELEGATION.label),
        beslutsdatum=beslutsdatum,
        nummer=None,
        belopp=belopp,
        period=period,
    )
    _verkstall(Beslutsverkan(delegationsbeslut=delegationsbeslut, verkstalld_av=by), beslut, by)
    return delegationsbeslut


def delegationsbeslut_mellan(fran, till):
    """The delegationsbeslut taken after `fran` (None: from the start) up to
    and including `till`, in date order: what a meeting reports."""
    beslut = Delegationsbeslut.objects.filter(beslutsdatum__lte=till)
    if fran is not None:
        beslut = beslut.filter(beslutsdatum__gt=fran)
    return beslut.select_related("forslag__ansokan", "dokument").order_by("beslutsdatum", "id")


@transaction.atomic
def ta_upp_bordlagda(*, mote, by):
    """Put on `mote`'s list the ärenden of its organ that were bordlagda
    while no later meeting was planned. The meetings call it when one is
    planned. Returns the new ärenden."""
    mote = Sammantrade.objects.select_for_update().get(pk=mote.pk)
    vantande = (
        Beslutsverkan.objects.select_for_update(of=("self",))
        .filter(
            utfall=U.BORDLAGD, nytt_arende__isnull=True, paragraf__organ_id=mote.organ_id,
            paragraf__arende__sammantrade__datum__lt=mote.datum,
        )
        .select_related("paragraf__arende", "ansokan")
        .order_by("paragraf__ar", "paragraf__nummer")
    )
    nya = []
    for verkan in vantande:
        verkan.nytt_arende = _lagg_pa_listan(mote, verkan.paragraf.arende)
        verkan.save(update_fields=["nytt_arende"])
        audit.record(
            actor=by, action="ansokan.bordlagd", obj=verkan.ansokan,
            data={"sammantrade": str(mote), "arende": verkan.nytt_arende.pk},
        )
        nya.append(verkan.nytt_arende)
    return nya


def senaste_verkan(ansokan):
    """The latest decision carried out on `ansokan` (None: none yet), with
    what the beredning page names: its organ, meeting and next ärende."""
    return (
        Beslutsverkan.objects.filter(ansokan=ansokan)
        .select_related(
            "paragraf__organ", "paragraf__arende__sammantrade", "nytt_arende__sammantrade", "delegationsbeslut"
        )
        .order_by("-verkstalld", "-id")
        .first()
    )


# What each decision does -------------------------------------------------


def _verkstall(verkan, beslut, by, arende=None):
    ansokan = beslut.ansokan
    if ansokan.status not in BESLUTBAR:
        return _utan_verkan(
            verkan, beslut, by,
            _("Ansökan hade status ”%(status)s” när beslutet verkställdes.") % {"status": ansokan.get_status_display()},
        )
    data = {"beslut": beslut.referens}
    if beslut.vad == "bifall":
        if not beslut.belopp or not all(beslut.period):
            return _utan_verkan(
                verkan, beslut, by,
                _("Beslutet saknar belopp eller period; registrera beviljandet på insatsen för hand."),
            )
        insats, grant = _bevilja(beslut, by)
        verkan.utfall = U.UTOKAD if ansokan.insats_id else U.BEVILJAD
        verkan.insats, verkan.beviljande = insats, grant
        _ny_status(ansokan, S.BEVILJAD, insats=insats)
        data.update({"insats": insats.pk, "belopp": beslut.belopp, "period": [str(d) for d in beslut.period]})
    elif beslut.vad == "avslag":
        verkan.utfall = U.AVSLAGEN
        _ny_status(ansokan, S.AVSLAGEN)
    elif beslut.vad == "aterremiss":
        verkan.utfall, verkan.instruktion = U.ATERREMISS, beslut.instruktion
        _ny_status(ansokan, S.UNDER_BEREDNING)
        data["instruktion"] = beslut.instruktion
    else:
        verkan.utfall = U.BORDLAGD
        nasta = _nasta_mote(arende.sammantrade)
        if nasta is not None:
            verkan.nytt_arende = _lagg_pa_listan(nasta, arende)
            data["sammantrade"] = str(nasta)
    verkan.ansokan = ansokan
    verkan.save()
    audit.record(actor=by, action=AUDIT[verkan.utfall], obj=ansokan, data=data)
    from beslut import beslutsmeddelande

    transaction.on_commit(functools.partial(beslutsmeddelande.skicka, verkan.pk), robust=True)
    return verkan


def _utan_verkan(verkan, beslut, by, anmarkning):
    verkan.utfall, verkan.ansokan, verkan.anmarkning = U.INGEN, beslut.ansokan, anmarkning
    verkan.save()
    audit.record(
        actor=by, action=AUDIT[U.INGEN], obj=beslut.ansokan, data={"beslut": beslut.referens, "anmarkning": anmarkning}
    )
    return verkan


def _ny_status(ansokan, status, insats=None):
    # Not the application's version: that is what signatures are checked
    # against, and a decision changes nothing anyone signed.
    ansokan.status = status
    fields = ["status", "andrad"]
    if insats is not None and ansokan.insats_id is None:
        ansokan.insats = insats
        fields.append("insats")
    ansokan.save(update_fields=fields)


def _tjanstgoringsgrad(ansokan):
    """The staffing the grant pays for: the salary lines' posts together,
    when that is one post's share (a grant records 0–100 %)."""
    summa = Budgetrad.objects.filter(ansokan=ansokan, avsnitt=Budgetrad.Avsnitt.LON).aggregate(
        s=Sum("tjanst_procent")
    )["s"]
    return summa if summa is not None and 0 < summa <= 100 else None


def _bevilja(beslut, by):
    ansokan = beslut.ansokan
    beviljande = {
        "beslutsdatum": beslut.beslutsdatum,
        "organ": beslut.organ,
        "paragraf": beslut.nummer,
        "diarienummer": ansokan.diarienummer,
        "period_fran": beslut.period[0],
        "period_till": beslut.period[1],
        "belopp": beslut.belopp,
        "tjanstgoringsgrad": _tjanstgoringsgrad(ansokan),
    }
    if ansokan.insats_id:
        return insats_services.bevilja_insats(by=by, beviljande=beviljande, ansokan=ansokan, insats=ansokan.insats)
    parter = [p.organisation for p in ansokan.parter.select_related("organisation")]
    return insats_services.bevilja_insats(
        by=by, beviljande=beviljande, ansokan=ansokan, namn=ansokan.namn, insatsagare=ansokan.insatsagare,
        kategori=ansokan.kategori, samverkansparter=parter,
    )


def _nasta_mote(mote):
    """The organ's next meeting still to be held (planned or called)."""
    later = Q(datum__gt=mote.datum) | Q(datum=mote.datum, starttid__gt=mote.starttid)
    return (
        Sammantrade.objects.select_for_update()
        .filter(later, organ_id=mote.organ_id, status__in=[Sammantrade.Status.PLANERAT, Sammantrade.Status.KALLAT])
        .order_by("datum", "starttid", "id")
        .first()
    )


def _lagg_pa_listan(mote, arende):
    """The bordlagt ärende on `mote`'s list, before övriga frågor and
    avslutning; the one already there when the sekreterare added it."""
    redan = mote.arenden.filter(forslag_version_id=arende.forslag_version_id).first()
    if redan is not None:
        return redan
    slut = mote.arenden.filter(typ__in=[Arende.Typ.OVRIGA, Arende.Typ.AVSLUTNING]).order_by("ordning", "id").first()
    if slut is not None:
        ordning = slut.ordning
        mote.arenden.filter(ordning__gte=ordning).update(ordning=F("ordning") + 1)
    else:
        ordning = (mote.arenden.aggregate(m=Max("ordning"))["m"] or 0) + 1
    nytt = Arende.objects.create(
        sammantrade=mote, ordning=ordning, typ=Arende.Typ.BESLUT, rubrik=arende.rubrik,
        beskrivning=arende.beskrivning, forslag_version_id=arende.forslag_version_id, bordlagt_fran=arende,
    )
    # The list changed: a page that had it open saves over nothing.
    Sammantrade.objects.filter(pk=mote.pk).update(version=F("version") + 1)
    return nytt


def beslutstext(verkan):
    """The decision in one sentence, for the mail and the pages."""
    ref = (
        f"{verkan.paragraf.organ.namn} {datum_lang(verkan.paragraf.arende.sammantrade.datum)}, "
        f"{paragraf_text(verkan.paragraf.nummer)}"
        if verkan.paragraf_id
        else f"{Beviljande.Organ.DELEGATION.label} {datum_lang(verkan.delegationsbeslut.beslutsdatum)}"
    )
    if verkan.utfall in {U.BEVILJAD, U.UTOKAD}:
        g = verkan.beviljande
        return _("%(ref)s beviljade högst %(belopp)s för perioden %(fran)s – %(till)s.") % {
            "ref": ref, "belopp": kr(g.belopp), "fran": datum(g.period_fran), "till": datum(g.period_till),
        }
    if verkan.utfall == U.AVSLAGEN:
        return _("%(ref)s avslog ansökan.") % {"ref": ref}
    if verkan.utfall == U.ATERREMISS:
        if verkan.instruktion:
            return _("%(ref)s återremitterade ärendet till beredning med uppdraget: %(uppdrag)s") % {
                "ref": ref, "uppdrag": verkan.instruktion,
            }
        return _("%(ref)s återremitterade ärendet till beredning.") % {"ref": ref}
    if verkan.utfall == U.BORDLAGD:
        if verkan.nytt_arende_id:
            return _("%(ref)s bordlade ärendet till sammanträdet %(datum)s.") % {
                "ref": ref, "datum": datum(verkan.nytt_arende.sammantrade.datum),
            }
        return _("%(ref)s bordlade ärendet; det väntar på nästa sammanträde.") % {"ref": ref}
    return _("%(ref)s: %(anmarkning)s") % {"ref": ref, "anmarkning": verkan.anmarkning}

"""Avvikelserapporter, each step one named service.

The workflow (who does what is checked by the views through insatser.access):

    rapportera (insatsägare)      → INLAMNAD
    hantera (kansli)  INLAMNAD    → NOTERAD | KRAVER_BESLUT   (final: a new
                                    change is a new report)
    skapa_beslutsforslag (kansli) KRAVER_BESLUT, no proposal yet
                                  → a Beslutsforslag "Ärende utan ansökan"
                                    with Ärendet from the report, linked

Every step locks its row, checks its version where a page was open, and
writes an audit entry in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser.models import Avvikelse, Insats, beviljat
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.formatting import datum, datum_lang, kr

__all__ = [
    "ConflictError",
    "WorkflowError",
    "att_hantera",
    "for_insats",
    "hantera",
    "rapportera",
    "skapa_beslutsforslag",
]

S = Avvikelse.Status
HANTERINGAR = (S.NOTERAD, S.KRAVER_BESLUT)


def att_hantera():
    """The reports waiting for the kansli, oldest first (the one waiting
    longest is handled first). For the handläggare's inbox; add
    select_related as the page needs (e.g. "insats", "insats__insatsagare")."""
    return Avvikelse.objects.filter(status=S.INLAMNAD).order_by("inlamnad", "id")


def for_insats(insats):
    """An insats's reports, newest first, with what their pages name."""
    return (
        Avvikelse.objects.filter(insats=insats)
        .select_related("inlamnad_av", "hanterad_av", "beslutsforslag")
        .order_by("-inlamnad", "-id")
    )


def _konflikt():
    # Worded as every stale save is ("har ändrats … sedan du öppnade"), so
    # the pages and tests/test_versioner.py recognise it.
    return _(
        "Avvikelserapporten har ändrats av någon annan sedan du öppnade sidan. "
        "Det du skrev är inte sparat: se vad som gäller nu och gör om det som behövs."
    )


@transaction.atomic
def rapportera(*, insats, by, vad, sedan, konsekvenser, atgarder=""):
    """The insatsägare reports a significant change of an ongoing insats."""
    insats = Insats.objects.select_for_update().get(pk=insats.pk)
    if insats.status != Insats.Status.PAGAR:
        raise WorkflowError(_("Avvikelser rapporteras för pågående insatser."))
    if not vad.strip() or not konsekvenser.strip():
        raise WorkflowError(_("Beskriv vad som har förändrats och vad det får för konsekvenser."))
    avvikelse = Avvikelse.objects.create(
        insats=insats,
        vad=vad.strip(),
        sedan=sedan,
        konsekvenser=konsekvenser.strip(),
        atgarder=atgarder.strip(),
        inlamnad_av=by,
        inlamnad=timezone.now(),
    )
    audit.record(
        actor=by,
        action="avvikelse.rapporterad",
        obj=avvikelse,
        data={"insats": insats.pk, "sedan": sedan},
    )
    return avvikelse


def _las(avvikelse, version):
    locked = Avvikelse.objects.select_for_update().get(pk=avvikelse.pk)
    if locked.version != version:
        raise ConflictError(_konflikt())
    return locked


@transaction.atomic
def hantera(*, avvikelse, by, version, status, kommentar):
    """The kansli handles a new report: noted, or a new decision is needed.
    Final: a later change is reported anew, so what was decided about this
    one stays as it was."""
    if status not in HANTERINGAR:
        raise WorkflowError(_("Välj om avvikelsen är noterad eller kräver nytt beslut."))
    locked = _las(avvikelse, version)
    if locked.status != S.INLAMNAD:
        raise WorkflowError(_("Avvikelserapporten är redan hanterad."))
    if not kommentar.strip():  # a myndighet's handling says why; the insatsägare reads it
        raise WorkflowError(_("Skriv en kommentar: varför den är noterad, eller vad som behöver beslutas."))
    bump_version(locked, version, _konflikt())
    locked.status, locked.kommentar = status, kommentar.strip()
    locked.hanterad_av, locked.hanterad = by, timezone.now()
    locked.save(update_fields=["status", "kommentar", "hanterad_av", "hanterad"])
    audit.record(
        actor=by,
        action="avvikelse.hanterad",
        obj=locked,
        data={"status": status, "kommentar": locked.kommentar},
    )
    return locked


def arendet_text(avvikelse, insats, summa, period):
    """Ärendet of the proposal drafted from a report: what the insats is,
    what changed and what the handläggare found needs deciding. Plain text,
    edited further on the proposal's page."""
    stycken = [
        _(
            "%(agare)s rapporterade %(dag)s en avvikelse i insatsen %(insats)s, "
            "som har beviljats %(summa)s för perioden %(fran)s–%(till)s."
        )
        % {
            "agare": insats.insatsagare.namn,
            "dag": datum_lang(timezone.localdate(avvikelse.inlamnad)),
            "insats": insats.namn,
            "summa": kr(summa),
            "fran": datum(period[0]) if period else "…",
            "till": datum(period[1]) if period else "…",
        },
        _("Vad har förändrats (sedan %(sedan)s)") % {"sedan": datum(avvikelse.sedan)},
        avvikelse.vad,
        _("Konsekvenser för mål, budget, deltagare och bemanning"),
        avvikelse.konsekvenser,
    ]
    if avvikelse.atgarder:
        stycken += [_("Vad insatsägaren gör eller föreslår"), avvikelse.atgarder]
    if avvikelse.kommentar:
        stycken += [_("Vad som behöver beslutas"), avvikelse.kommentar]
    return "\n\n".join(stycken)


@transaction.atomic
def skapa_beslutsforslag(*, avvikelse, by, version):
    """Draft a beslutsförslag ("Ärende utan ansökan", its own diarienummer)
    from a report that needs a new decision, Ärendet filled in from it, and
    link it from the report. Once: a second press finds the link."""
    from beslut.services import forslag as forslag_services  # beslut drives insatser: import at use

    locked = _las(avvikelse, version)
    if locked.status != S.KRAVER_BESLUT:
        raise WorkflowError(_("Beslutsförslag skrivs för avvikelser som kräver nytt beslut."))
    if locked.beslutsforslag_id is not None:
        raise WorkflowError(_("Ett beslutsförslag finns redan för avvikelsen."))
    insats = Insats.objects.select_related("insatsagare").get(pk=locked.insats_id)
    summa, period = beviljat(insats.beviljanden.all())
    forslag = forslag_services.skapa_forslag(
        by=by, titel=_("%(insats)s – ändring efter avvikelse") % {"insats": insats.namn}
    )
    forslag.undertitel = _("Avvikelserapport")
    forslag.arendet = arendet_text(locked, insats, summa, period)
    forslag.save(update_fields=["undertitel", "arendet"])
    bump_version(locked, version, _konflikt())
    locked.beslutsforslag = forslag
    locked.save(update_fields=["beslutsforslag"])
    audit.record(
        actor=by,
        action="avvikelse.forslag_skapat",
        obj=locked,
        data={"beslutsforslag": forslag.pk, "diarienummer": forslag.diarienummer},
    )
    return forslag

"""Anslag (issue 10 item 8): the justering of a protokoll is made known on
the förbund's anslagstavla. The anslag date is the day it goes up (not
before the justering; the justering plans it, on the justering day, when
the sekreterare has not); three weeks later it may be taken down, the time
for laglighetsprövning (kommunallagen 13 kap.; Sammantrade.nedtages).
The public anslagstavla (beslut.views.anslag) lists anslagna protokoll."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from beslut.models import Sammantrade
from samordning import audit
from samordning.errors import WorkflowError, bump_version
from samordning.formatting import datum as iso


def anslagna(queryset=None):
    """The anslagna protokoll, newest first: what the public page lists."""
    queryset = Sammantrade.objects.all() if queryset is None else queryset
    return queryset.filter(status=Sammantrade.Status.ANSLAGET, protokoll__isnull=False).order_by(
        "-anslaget", "-datum", "-pk"
    )


@transaction.atomic
def anslaa(*, mote, datum, forvaringsplats, by):
    """Put the justerat protokoll of `mote` on the anslagstavla from `datum`
    (not before the justering, not in the future: the anslag is made when
    it is made), kept at `forvaringsplats`. JUSTERAT → ANSLAGET."""
    mote = Sammantrade.objects.select_for_update(of=("self",)).select_related("protokoll").get(pk=mote.pk)
    if mote.status != Sammantrade.Status.JUSTERAT:
        raise WorkflowError(
            _("Bara ett justerat protokoll kan anslås; det här sammanträdet har status ”%(status)s”.")
            % {"status": mote.get_status_display()}
        )
    justerat = timezone.localdate(mote.protokoll.justerat)
    if datum < justerat:
        raise WorkflowError(
            _("Anslaget kan inte sättas upp före justeringen (%(datum)s).") % {"datum": iso(justerat)}
        )
    if datum > timezone.localdate():
        raise WorkflowError(_("Ange den dag anslaget sätts upp, senast i dag."))
    forvaringsplats = forvaringsplats.strip()
    if not forvaringsplats:
        raise WorkflowError(_("Ange var protokollet förvaras."))
    if mote.anslaget and datum != mote.anslaget:
        # Planned by the justering at the latest: the justerat protokoll's bevis says so.
        raise WorkflowError(
            _("Det justerade protokollet anger att anslaget sätts upp %(datum)s. Anslå det med det datumet.")
            % {"datum": iso(mote.anslaget)}
        )
    if mote.forvaringsplats and forvaringsplats != mote.forvaringsplats:
        # The justerat protokoll's bevis already names it, and it never changes.
        raise WorkflowError(
            _("Det justerade protokollet anger förvaringsplatsen ”%(plats)s”.") % {"plats": mote.forvaringsplats}
        )
    mote.anslaget = datum
    mote.forvaringsplats = forvaringsplats
    mote.status = Sammantrade.Status.ANSLAGET
    mote.save(update_fields=["anslaget", "forvaringsplats", "status"])
    audit.record(
        actor=by, action="protokoll.anslaget", obj=mote,
        data={"anslaget": iso(datum), "nedtages": iso(mote.nedtages), "forvaringsplats": forvaringsplats},
    )  # fmt: skip
    return mote


STANDARDPLATS = "Samordningsförbundets kansli"


def senaste_forvaringsplats():
    """Where the förbund keeps its protokoll: the place its latest anslag
    (or planned one) named, else its kansli at the förbund's address."""
    from samordning.models import Forbund

    senaste = (
        Sammantrade.objects.exclude(forvaringsplats="")
        .order_by(F("anslaget").desc(nulls_last=True), "-datum", "-pk")
        .values_list("forvaringsplats", flat=True).first()
    )  # fmt: skip
    if senaste:
        return senaste
    adress = Forbund.get().adress.strip()
    return f"{STANDARDPLATS}, {adress}" if adress else STANDARDPLATS


def planera_vid_justering(mote, dag, by):
    """Called by the justering in its transaction, before the protokoll's
    PDF is rendered and frozen: a justerat protokoll always states its
    anslag. What the sekreterare planned stands; what is missing is filled
    in: the anslag date is the justering day itself (the anslag is made the
    day the protokoll is justerat, customary practice; a date planned
    before that day moves to it, since no anslag precedes its justering),
    and the förvaringsplats the förbund's latest one. `mote` locked."""
    fore = {"anslaget": iso(mote.anslaget), "forvaringsplats": mote.forvaringsplats}
    if mote.anslaget is None or mote.anslaget < dag:
        mote.anslaget = dag
    if not mote.forvaringsplats.strip():
        mote.forvaringsplats = senaste_forvaringsplats()
    efter = {"anslaget": iso(mote.anslaget), "forvaringsplats": mote.forvaringsplats}
    if efter == fore:
        return mote
    mote.save(update_fields=["anslaget", "forvaringsplats"])
    audit.record(
        actor=by, action="protokoll.anslag_planerat", obj=mote, data={"fore": fore, "efter": efter, "vid_justering": True}
    )
    return mote


@transaction.atomic
def planera_anslag(*, mote, datum, forvaringsplats, by, version=None):
    """Before the justering, as the sekreterare does on paper: the day the
    anslag will go up and where the protokoll is kept, so the justerat
    protokoll's ANSLAG/BEVIS block states them (the PDF is frozen at the
    last attest). anslaa then makes the anslag on that day. Changing them
    changes the protokoll: whoever has opened the justering page reads it again."""
    from beslut.services.protokoll import protokollet_ar_last

    mote = Sammantrade.objects.select_for_update(of=("self",)).get(pk=mote.pk)
    if mote.status != Sammantrade.Status.GENOMFORT or protokollet_ar_last(mote):
        raise WorkflowError(_("Anslaget planeras medan protokollet förs, innan det är justerat."))
    if version is not None:  # the page's: refused when someone saved the meeting since
        bump_version(
            mote, version,
            _("Sammanträdet har ändrats av någon annan sedan du öppnade sidan. Anslaget är inte sparat."),
        )  # fmt: skip
    if datum < mote.datum:
        raise WorkflowError(_("Anslaget kan inte sättas upp före sammanträdet."))
    forvaringsplats = forvaringsplats.strip()
    if not forvaringsplats:
        raise WorkflowError(_("Ange var protokollet förvaras."))
    fore = {"anslaget": iso(mote.anslaget), "forvaringsplats": mote.forvaringsplats}
    mote.anslaget, mote.forvaringsplats = datum, forvaringsplats
    mote.save(update_fields=["anslaget", "forvaringsplats"])
    audit.record(
        actor=by, action="protokoll.anslag_planerat", obj=mote,
        data={"fore": fore, "efter": {"anslaget": iso(datum), "forvaringsplats": forvaringsplats}},
    )  # fmt: skip
    return mote

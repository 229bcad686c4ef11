"""A meeting of an organ and its föredragningslista (issue 10, items 2–3).

The sekreterare (or the förbundschef) plans a meeting (`planera`): it gets
the standard opening items and the closing one from STANDARDPUNKTER. Until
the meeting is held the list is edited here: ärenden added (a beslutsärende
only with a fastställd version), removed and moved. `genomfor` marks a
called meeting as held. The other steps belong elsewhere: the kallelse
(planerat → kallat) in beslut.services.kallelse, justering and anslag in
beslut.services.protokoll.

Every change locks the meeting, checks its state and the version the page
was opened with (a list moved in one tab is not moved again from a stale
one), bumps that version and writes an audit entry, in one transaction.
"""

import hashlib

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ansokningar.models import Ansokan
from beslut.models import Arende, Beslutsforslag, FaststalldVersion, Handling, Sammantrade
from samordning import audit
from samordning.errors import WorkflowError, bump_version

S = Sammantrade.Status
T = Arende.Typ

# The points every new föredragningslista starts and ends with, as (type,
# heading). A förbund whose lists read differently ("Upprop", "Val av
# justerare och tid för justering") changes this table: nothing else
# depends on which points it names. Headings are stored on the ärende when
# the meeting is planned, so a later change does not rewrite old lists.
STANDARDPUNKTER = (
    (T.OPPNANDE, gettext_noop("Sammanträdets öppnande")),
    (T.DAGORDNING, gettext_noop("Fastställande av dagordning")),
    (T.JUSTERARE, gettext_noop("Val av justerare")),
    (T.FOREGAENDE, gettext_noop("Föregående protokoll")),
)
AVSLUTANDE = ((T.AVSLUTNING, gettext_noop("Sammanträdets avslutande")),)

# The list's fixed frame: new ärenden go between, and only those move.
FASTA = {typ for typ, _rubrik in STANDARDPUNKTER + AVSLUTANDE}
# Types the pages offer to add, with a heading of their own unless typed.
NYA_TYPER = (T.BESLUT, T.INFORMATION, T.DELEGATION, T.MEDDELANDEN, T.OVRIGA)
STANDARDRUBRIK = {
    T.DELEGATION: gettext_noop("Anmälan av delegationsbeslut"),
    T.MEDDELANDEN: gettext_noop("Meddelanden"),
    T.OVRIGA: gettext_noop("Övriga frågor"),
}
# The list can be changed until the meeting is held; after the kallelse a
# change makes the packet "reviderad" (beslut.services.kallelse says what).
ANDRINGSBAR = {S.PLANERAT, S.KALLAT}
OPPNA = ANDRINGSBAR  # a meeting whose list may still take a proposal

MAX_HANDLING = 20 * 1024 * 1024  # bytes: a scanned report of some 50 pages


def _locked(mote):
    return Sammantrade.objects.select_for_update().get(pk=mote.pk)


def _bump(mote, version):
    if version is None:  # the demo and scripts have no page open
        Sammantrade.objects.filter(pk=mote.pk).update(version=mote.version + 1)
        mote.version += 1
        return
    bump_version(
        mote,
        version,
        _(
            "Sammanträdet har ändrats av någon annan sedan du öppnade sidan. Ingenting är ändrat; "
            "se efter hur föredragningslistan ser ut nu och gör om det."
        ),
    )


def _check_andringsbar(mote):
    if mote.status not in ANDRINGSBAR:
        raise WorkflowError(
            _("Sammanträdet är %(status)s; föredragningslistan kan inte längre ändras.")
            % {"status": mote.get_status_display().lower()}
        )


def _renumber(mote):
    """Ordning 1, 2, 3 … in the list's order: the fixed opening points
    first, the closing point last, the ärenden between in their order."""
    arenden = list(mote.arenden.order_by("ordning", "id"))
    forst = [a for a in arenden if a.typ in FASTA and a.typ != T.AVSLUTNING]
    sist = [a for a in arenden if a.typ == T.AVSLUTNING]
    mitt = [a for a in arenden if a.typ not in FASTA]
    changed = []
    for nr, arende in enumerate(forst + mitt + sist, start=1):
        if arende.ordning != nr:
            arende.ordning = nr
            changed.append(arende)
    Arende.objects.bulk_update(changed, ["ordning"])


MOTE_FALT = ["organ_id", "datum", "starttid", "sluttid", "plats", "lank", "sekreterare_id"]


@transaction.atomic
def planera(*, by, data):
    """Plan a meeting of data["organ"] (date, time, place or link) with the
    standard points of STANDARDPUNKTER and AVSLUTANDE on its list."""
    organ = data["organ"]
    if not organ.aktiv:
        raise WorkflowError(_("Organet %(organ)s är inte aktivt.") % {"organ": organ})
    mote = Sammantrade(skapad_av=by, **data)
    mote.save()
    punkter = STANDARDPUNKTER + AVSLUTANDE
    Arende.objects.bulk_create(
        Arende(sammantrade=mote, ordning=nr, typ=typ, rubrik=_(rubrik))
        for nr, (typ, rubrik) in enumerate(punkter, start=1)
    )
    # Ärenden bordlagda while the organ had no later meeting come onto this one.
    from beslut.services.verkstallighet import ta_upp_bordlagda

    ta_upp_bordlagda(mote=mote, by=by)
    audit.record(
        actor=by,
        action="sammantrade.planerat",
        obj=mote,
        data={
            name: str(v) if v is not None else None
            for name, v in audit.snapshot(mote, MOTE_FALT).items()
        },
    )
    return mote


@transaction.atomic
def andra(*, mote, by, version, data):
    """Change the date, time, place or link of a meeting not yet held. The
    organ stays: its § series and members are the meeting's."""
    mote = _locked(mote)
    _check_andringsbar(mote)
    _bump(mote, version)
    data = {k: v for k, v in data.items() if k != "organ"}
    fields = [f"{k}_id" if k == "sekreterare" else k for k in data]
    before = audit.snapshot(mote, fields)
    for name, value in data.items():
        setattr(mote, name, value)
    mote.save()
    andrat = audit.changes(before, audit.snapshot(mote, fields))
    audit.record(
        actor=by,
        action="sammantrade.andrat",
        obj=mote,
        data={"andrat": {k: [str(a) if a is not None else None, str(b) if b is not None else None]
                         for k, (a, b) in andrat.items()}},
    )  # fmt: skip
    return mote


@transaction.atomic
def genomfor(*, mote, by):
    """The meeting has been held (kallat → genomfört): the list is closed,
    and the protokoll is what changes from now on."""
    mote = _locked(mote)
    if mote.status != S.KALLAT:
        raise WorkflowError(
            _(
                "Bara ett sammanträde som kallelsen har gått ut till kan markeras som genomfört; detta är %(status)s."
            )
            % {"status": mote.get_status_display().lower()}
        )
    if mote.datum > timezone.localdate():
        raise WorkflowError(
            _("Sammanträdet är den %(datum)s och kan inte ha hållits än.") % {"datum": mote.datum}
        )
    mote.status = S.GENOMFORT
    mote.version += 1
    mote.save(update_fields=["status", "version"])
    audit.record(actor=by, action="sammantrade.genomfort", obj=mote)
    return mote


@transaction.atomic
def stall_in(*, mote, by):
    """Cancel a meeting that is only planned: nobody has been called, so
    it and its list go (recorded on the organ). A called meeting stays on
    record; the sekreterare sends word instead."""
    mote = _locked(mote)
    if mote.status != S.PLANERAT:
        raise WorkflowError(_("Kallelsen har gått ut; sammanträdet kan inte längre tas bort."))
    for handling in Handling.objects.filter(arende__sammantrade=mote):
        _delete_file_on_commit(handling.fil)  # the files go once the delete has committed
    organ, text = mote.organ, str(mote)
    mote.delete()
    audit.record(actor=by, action="sammantrade.installt", obj=organ, data={"sammantrade": text})


def _delete_file_on_commit(fil):
    name, storage = fil.name, fil.storage
    transaction.on_commit(lambda: storage.delete(name), robust=True)


# --- the föredragningslista -----------------------------------------------------------


def _check_version(forslag_version):
    """A beslutsärende carries the newest fastställd version of a proposal
    that the board decides (not a draft, not a delegationsbeslut), not
    already on the list of this or another open meeting."""
    if not isinstance(forslag_version, FaststalldVersion):
        raise WorkflowError(
            _(
                "Ett beslutsärende kräver en fastställd version av beslutsförslaget, inte ett utkast."
            )
        )
    version = FaststalldVersion.objects.select_related("forslag__ansokan").get(
        pk=forslag_version.pk
    )
    forslag = version.forslag
    if forslag.instans == Beslutsforslag.Instans.DELEGATION:
        raise WorkflowError(
            _("%(titel)s är ett delegationsbeslut; det anmäls under Anmälan av delegationsbeslut.")
            % {"titel": forslag.titel}
        )
    senaste = forslag.versioner.order_by("-nummer").values_list("nummer", flat=True).first()
    if senaste != version.nummer:
        raise WorkflowError(
            _("Version %(nummer)d av %(titel)s är inte den senaste; välj version %(senaste)d.")
            % {"nummer": version.nummer, "titel": forslag.titel, "senaste": senaste}
        )
    if forslag.ansokan is not None and forslag.ansokan.status == Ansokan.Status.ATERKALLAD:
        raise WorkflowError(
            _("Ansökan är återkallad; förslaget kan inte tas upp på ett sammanträde.")
        )
    annat = upptagna().filter(forslag_version__forslag=forslag).select_related("sammantrade__organ").first()
    if annat is not None and annat.sammantrade.status in OPPNA:
        raise WorkflowError(
            _("%(titel)s står redan på föredragningslistan för %(mote)s.")
            % {"titel": forslag.titel, "mote": annat.sammantrade}
        )
    if annat is not None:
        raise WorkflowError(
            _("%(titel)s har redan behandlats på %(mote)s.") % {"titel": forslag.titel, "mote": annat.sammantrade}
        )
    return version


def upptagna():
    """The ärenden that hold their proposal: on a list and not sent back
    (återremiss) or put off (bordläggning; beslut.services.verkstallighet
    moves those to the next meeting itself). A proposal decided, or on a
    held meeting whose protokoll has not said yet, is not put up again."""
    from beslut.models import Paragraf

    sent_back = [Paragraf.Beslut.ATERREMISS, Paragraf.Beslut.BORDLAGGNING]
    return Arende.objects.filter(forslag_version__isnull=False).exclude(paragraf__beslut__in=sent_back)


@transaction.atomic
def lagg_till_arende(*, mote, by, version, typ, rubrik="", beskrivning="", forslag_version=None):
    """Add an ärende of `typ` before the closing point. A beslutsärende is
    headed by its fastställd version's title unless `rubrik` says otherwise."""
    mote = _locked(mote)
    _check_andringsbar(mote)
    if typ not in NYA_TYPER:
        raise WorkflowError(_("Den sortens punkt kan inte läggas till."))
    if typ == T.BESLUT:
        forslag_version = _check_version(forslag_version)
        rubrik = rubrik or forslag_version.innehall.get("titel") or str(forslag_version.forslag)
    elif forslag_version is not None:
        raise WorkflowError(_("Bara ett beslutsärende har ett beslutsförslag."))
    if typ == T.DELEGATION and mote.arenden.filter(typ=T.DELEGATION).exists():
        raise WorkflowError(_("Föredragningslistan har redan en anmälan av delegationsbeslut."))
    rubrik = (rubrik or _(STANDARDRUBRIK.get(typ, ""))).strip()
    if not rubrik:
        raise WorkflowError(_("Ge ärendet en rubrik."))
    _bump(mote, version)
    arende = Arende.objects.create(
        sammantrade=mote, ordning=10_000, typ=typ, rubrik=rubrik, beskrivning=beskrivning,
        forslag_version=forslag_version,
    )  # fmt: skip
    _renumber(mote)
    audit.record(
        actor=by,
        action="sammantrade.arende_tillagt",
        obj=mote,
        data={
            "arende": arende.pk,
            "typ": typ,
            "rubrik": rubrik,
            "forslag_version": getattr(forslag_version, "pk", None),
        },
    )
    return arende


def _locked_arende(arende):
    """(the meeting locked, the ärende as it is now); 404-like WorkflowError
    when it went in the meantime."""
    mote = _locked(arende.sammantrade)
    current = Arende.objects.filter(pk=arende.pk, sammantrade=mote).first()
    if current is None:
        raise WorkflowError(_("Ärendet finns inte längre på föredragningslistan."))
    return mote, current


@transaction.atomic
def ta_bort_arende(*, arende, by, version):
    """Take an ärende off the list of a meeting not yet held, with its
    handlingar (the files go once the removal has committed)."""
    mote, arende = _locked_arende(arende)
    _check_andringsbar(mote)
    from beslut.models import Paragraf

    if Paragraf.objects.filter(arende=arende).exists():
        raise WorkflowError(_("Ärendet har redan en paragraf i protokollet och kan inte tas bort."))
    _bump(mote, version)
    for handling in arende.handlingar.all():
        _delete_file_on_commit(handling.fil)
    data = {"arende": arende.pk, "typ": arende.typ, "rubrik": arende.rubrik}
    arende.delete()
    _renumber(mote)
    audit.record(actor=by, action="sammantrade.arende_borttaget", obj=mote, data=data)


@transaction.atomic
def flytta_arende(*, arende, by, version, riktning):
    """Move an ärende one step "upp" or "ned" among the ärenden; the fixed
    opening and closing points stay where they are."""
    if riktning not in ("upp", "ned"):
        raise WorkflowError(_("Okänd riktning."))
    mote, arende = _locked_arende(arende)
    _check_andringsbar(mote)
    # The version first: a stale page hears that it is stale, not that the
    # ärende already stands first (a refusal below rolls the bump back).
    _bump(mote, version)
    if arende.typ in FASTA:
        raise WorkflowError(_("Öppnings- och avslutningspunkterna har sin fasta plats."))
    rorliga = list(mote.arenden.exclude(typ__in=FASTA).order_by("ordning", "id"))
    i = next(n for n, a in enumerate(rorliga) if a.pk == arende.pk)
    j = i - 1 if riktning == "upp" else i + 1
    if not 0 <= j < len(rorliga):
        raise WorkflowError(
            _("Ärendet står redan först.") if riktning == "upp" else _("Ärendet står redan sist.")
        )
    rorliga[i], rorliga[j] = rorliga[j], rorliga[i]
    forsta = min(a.ordning for a in rorliga)
    for nr, a in enumerate(rorliga):
        a.ordning = forsta + nr
    Arende.objects.bulk_update(rorliga, ["ordning"])
    _renumber(mote)
    audit.record(
        actor=by,
        action="sammantrade.arende_flyttat",
        obj=mote,
        data={"arende": arende.pk, "riktning": riktning},
    )
    return arende


@transaction.atomic
def lagg_till_handling(*, arende, by, version, fil):
    """Attach a PDF (checked by the form: PDF only, MAX_HANDLING) to an
    informationsärende. Stored with its SHA-256, as the packet reads it."""
    mote, arende = _locked_arende(arende)
    _check_andringsbar(mote)
    if arende.typ != T.INFORMATION:
        raise WorkflowError(_("Handlingar laddas upp till informationsärenden."))
    _bump(mote, version)
    digest = hashlib.sha256()
    for chunk in fil.chunks():
        digest.update(chunk)
    fil.seek(0)
    ordning = arende.handlingar.count() + 1
    handling = Handling.objects.create(
        arende=arende, fil=fil, filnamn=fil.name[:200], sha256=digest.hexdigest(), storlek=fil.size,
        ordning=ordning, uppladdad_av=by,
    )  # fmt: skip
    audit.record(
        actor=by,
        action="sammantrade.handling_tillagd",
        obj=mote,
        data={"arende": arende.pk, "filnamn": handling.filnamn, "sha256": handling.sha256},
    )
    return handling


@transaction.atomic
def ta_bort_handling(*, handling, by, version):
    mote, arende = _locked_arende(handling.arende)
    _check_andringsbar(mote)
    handling = Handling.objects.filter(pk=handling.pk, arende=arende).first()
    if handling is None:
        raise WorkflowError(_("Handlingen finns inte längre."))
    _bump(mote, version)
    _delete_file_on_commit(handling.fil)
    data = {"arende": arende.pk, "filnamn": handling.filnamn, "sha256": handling.sha256}
    handling.delete()
    audit.record(actor=by, action="sammantrade.handling_borttagen", obj=mote, data=data)


# --- reads the pages and the kallelse share ---------------------------------------------


def foregaende(mote):
    """The organ's meeting before `mote` (by date), or None."""
    return (
        Sammantrade.objects.filter(organ_id=mote.organ_id)
        .filter(Q(datum__lt=mote.datum) | Q(datum=mote.datum, starttid__lt=mote.starttid))
        .order_by("-datum", "-starttid")
        .first()
    )


def delegationsbeslut_for(mote):
    """The delegationsbeslut to report at `mote`: the newest fastställd
    version of every proposal decided on delegation, fastställd after the
    organ's previous meeting (by date) and no later than this one's date.
    In fastställd order, with forslag loaded. The kallelse stores this as
    the anmälan's content when it goes out."""
    versioner = FaststalldVersion.objects.filter(
        forslag__instans=Beslutsforslag.Instans.DELEGATION, faststalld__date__lte=mote.datum
    )
    tidigare = foregaende(mote)
    if tidigare is not None:
        versioner = versioner.filter(faststalld__date__gt=tidigare.datum)
    senaste = {}
    for version in versioner.select_related("forslag").order_by("faststalld", "nummer"):
        senaste.pop(version.forslag_id, None)
        senaste[version.forslag_id] = version  # the latest, in the order of its fastställande
    return list(senaste.values())


def valbara_versioner():
    """The fastställda versions the list may take: the newest of each
    proposal the board decides, not held by an ärende (upptagna), its
    application (if any) not withdrawn. Newest first."""
    from django.db.models import OuterRef, Subquery

    newest = (
        FaststalldVersion.objects.filter(forslag=OuterRef("forslag"))
        .order_by("-nummer")
        .values("nummer")[:1]
    )
    return (
        FaststalldVersion.objects.exclude(forslag__instans=Beslutsforslag.Instans.DELEGATION)
        .filter(nummer=Subquery(newest))
        .exclude(forslag__in=upptagna().values("forslag_version__forslag"))
        .exclude(forslag__ansokan__status=Ansokan.Status.ATERKALLAD)
        .select_related("forslag")
        .order_by("-faststalld")
    )

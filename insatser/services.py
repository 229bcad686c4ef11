"""Every change to the insatser register, as one named function each.

Each checks the current state, runs in a transaction, locks the insats
while it changes it and writes an audit entry with what changed. Grants are
given as dicts with the Beviljande fields (and "id" for an existing one).
"""

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insatser import rapporter
from insatser.models import Beviljande, Insats, Rekvisition
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.formatting import kr

__all__ = [
    "BeviljandeFel", "ConflictError", "InsatsError", "WorkflowError", "andra_insats", "avsluta_insats",
    "bevilja_insats", "registrera_insats",
]

# The insats's own fields the register's edit page changes. Not its status:
# an insats is closed by avsluta_insats (its checks, its date, the money it
# releases) and opened again only by a decision (bevilja_insats).
FALT = ["namn", "insatsagare", "kategori", "startdatum"]
BEVILJANDE_FALT = [
    "beslutsdatum", "organ", "paragraf", "diarienummer", "period_fran", "period_till", "belopp", "tjanstgoringsgrad",
]
# What a grant may leave out (older callers and imports know only the rest).
VALFRITT = {"organ": "", "paragraf": None, "diarienummer": "", "tjanstgoringsgrad": None}


def _varden(b):
    return {name: b[name] if name in b else VALFRITT[name] for name in BEVILJANDE_FALT}


class InsatsError(WorkflowError):
    """A rule of the register is broken; `field` names the form field it
    belongs next to (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class BeviljandeFel(InsatsError):
    """Grants changed below what has been claimed on them. `fel`: [(grant
    id, form field or None for the row, message)], every one found, so the
    edit page shows each next to its grant."""

    def __init__(self, fel):
        super().__init__(" ".join(message for _id, _field, message in fel), "beviljanden")
        self.fel = fel


def _falt(insats, parter=None):
    """The insats's own fields as the audit trail keeps them: names, not keys.
    `parter`: its samverkansparter (Organisation), when known."""
    falt = {
        "namn": insats.namn,
        "insatsagare": str(insats.insatsagare) if insats.insatsagare_id else None,
        "kategori": str(insats.kategori) if insats.kategori_id else None,
        "startdatum": insats.startdatum,
        "status": insats.status,
    }
    if parter is not None:
        falt["samverkansparter"] = sorted(o.namn for o in parter)
    return falt


def _beviljande(b):
    return {name: getattr(b, name) for name in BEVILJANDE_FALT}


def _check_grants(beviljanden):
    if not beviljanden:
        raise InsatsError(
            _("Ange minst ett beviljande: det beslut som ger insatsen pengar."), "beviljanden"
        )
    for b in beviljanden:
        if b["period_till"] < b["period_fran"]:
            raise InsatsError(_("Till-datum kan inte vara före från-datum."), "beviljanden")
        if b["belopp"] <= 0:
            raise InsatsError(_("Ett beviljande har ett belopp större än 0 kr."), "beviljanden")


def _check_unique_name(namn, insatsagare, exclude=None):
    same = Insats.objects.filter(namn__iexact=namn.strip(), insatsagare=insatsagare)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise InsatsError(
            _(
                "%(org)s har redan en insats som heter ”%(namn)s”. Öppna den i stället, eller ge den nya ett annat namn."
            )
            % {"org": insatsagare.namn, "namn": namn},
            "namn",
        )


def _check_startdatum(startdatum, beviljanden, rekvisition_fran=None):
    """An insats starts no later than its money: not after the first grant's
    period starts, nor after the first claim's (claims not returned): money
    is not granted or paid for work before the insats began."""
    if not startdatum:
        return
    forsta = min((b["period_fran"] for b in beviljanden), default=None)
    if forsta and startdatum > forsta:
        raise InsatsError(
            _("Startdatum kan inte vara efter %(dag)s, då det första beviljandets period börjar.")
            % {"dag": forsta.isoformat()},
            "startdatum",
        )
    if rekvisition_fran and startdatum > rekvisition_fran:
        raise InsatsError(
            _("Startdatum kan inte vara efter %(dag)s, då den första rekvisitionens period börjar.")
            % {"dag": rekvisition_fran.isoformat()},
            "startdatum",
        )


def _check_avslutad_datum(datum, startdatum):
    if datum > timezone.localdate():
        raise InsatsError(_("Avslutsdagen kan inte vara i framtiden."), "avslutad_datum")
    if startdatum and datum < startdatum:
        raise InsatsError(_("Avslutsdagen kan inte vara före insatsens startdatum."), "avslutad_datum")


@transaction.atomic
def registrera_insats(
    *, by, namn, insatsagare, kategori, startdatum, status=Insats.Status.PAGAR, beviljanden, samverkansparter=(),
    avslutad_datum=None,
):
    """Register an insats the förbund already funds, with its earlier grants
    (at least one), so that tilläggsansökningar can refer to it. One that
    has already ended is registered avslutad with the day it ended
    (`avslutad_datum`; by default the last day of its grants, or today if
    that is still to come): the ekonomi counts only what was paid on it
    from then on. It has no claims or reports in the system, so
    avsluta_insats's checks have nothing to check."""
    _check_grants(beviljanden)
    _check_unique_name(namn, insatsagare)
    _check_startdatum(startdatum, beviljanden)
    if status not in Insats.Status.values:
        raise InsatsError(_("Välj pågår eller avslutad."), "status")
    if status == Insats.Status.AVSLUTAD:
        if avslutad_datum is None:
            avslutad_datum = min(max(b["period_till"] for b in beviljanden), timezone.localdate())
        _check_avslutad_datum(avslutad_datum, startdatum)
    else:
        avslutad_datum = None
    insats = Insats.objects.create(
        namn=namn.strip(),
        insatsagare=insatsagare,
        kategori=kategori,
        startdatum=startdatum,
        status=status,
        avslutad_datum=avslutad_datum,
    )
    parter = [o for o in samverkansparter if o != insatsagare]
    insats.samverkansparter.set(parter)
    grants = Beviljande.objects.bulk_create(
        [
            Beviljande(insats=insats, **_varden(b))
            for b in beviljanden
        ]
    )
    audit.record(
        actor=by,
        action="insats.registrerad",
        obj=insats,
        data={
            **_falt(insats, parter),
            **({"avslutad_datum": avslutad_datum} if avslutad_datum else {}),
            "beviljanden": [_beviljande(g) for g in grants],
        },
    )
    return insats


def _rekvirerat(grants):
    """What is claimed on each of `grants` (claims not returned: inlämnad,
    attesterad, betald) and the period those claims cover, and how many
    claims of any status refer to it (a returned claim keeps its grant, so
    the grant cannot be deleted). {grant id: (kronor, first day, last day,
    claims)}; one query."""
    ej_returnerad = ~Q(status=Rekvisition.Status.RETURNERAD)
    rows = (
        Rekvisition.objects.filter(beviljande__in=grants)
        .values("beviljande_id")
        .annotate(
            kronor=Sum("rader__belopp", filter=ej_returnerad),
            fran=Min("period_fran", filter=ej_returnerad),
            till=Max("period_till", filter=ej_returnerad),
            antal=Count("pk", distinct=True),
        )
    )
    return {r["beviljande_id"]: (r["kronor"] or 0, r["fran"], r["till"], r["antal"]) for r in rows}


def _check_rekvirerat(existing, beviljanden, borttagna):
    """The grants as the page posts them may not fall below what is claimed
    on them: never less money than is claimed on a grant, never a period
    that leaves a claim outside it, never a removed grant with claims. The
    insats's total then covers its claims too (each claim draws on one of
    its grants). Called under the insats's lock, which lamna_in takes as
    well, so no claim slips in between."""
    rekvirerat = _rekvirerat(list(existing.values()))
    fel = []
    for b in beviljanden:
        if not b.get("id") or b["id"] not in rekvirerat:
            continue
        kronor, fran, till, _antal = rekvirerat[b["id"]]
        if b["belopp"] < kronor:
            fel.append((b["id"], "belopp", _(
                "Beloppet kan inte vara lägre än det som redan är rekvirerat på beslutet (%(rekvirerat)s): "
                "%(over)s mer än det nya beloppet är redan rekvirerat."
            ) % {"rekvirerat": kr(kronor), "over": kr(kronor - b["belopp"])}))
        if fran is not None and b["period_fran"] > fran:
            fel.append((b["id"], "period_fran", _(
                "Perioden kan inte börja efter %(dag)s: en rekvisition på beslutet gäller kostnader från den dagen."
            ) % {"dag": fran.isoformat()}))
        if till is not None and b["period_till"] < till:
            fel.append((b["id"], "period_till", _(
                "Perioden kan inte sluta före %(dag)s: en rekvisition på beslutet gäller kostnader till den dagen."
            ) % {"dag": till.isoformat()}))
    for grant in borttagna:
        if grant.pk in rekvirerat:
            kronor, _fran, _till, antal = rekvirerat[grant.pk]
            fel.append((grant.pk, None, ngettext(
                "Beslutet kan inte tas bort: %(antal)d rekvisition hänvisar till det (rekvirerat %(kronor)s). "
                "Rätta beslutets uppgifter i stället.",
                "Beslutet kan inte tas bort: %(antal)d rekvisitioner hänvisar till det (rekvirerat %(kronor)s). "
                "Rätta beslutets uppgifter i stället.",
                antal,
            ) % {"antal": antal, "kronor": kr(kronor)}))
    if fel:
        raise BeviljandeFel(fel)


@transaction.atomic
def andra_insats(
    *, insats, by, version, namn, insatsagare, kategori, startdatum, beviljanden=None, samverkansparter=None,
    status=None,
):
    """Correct an insats and its grants as the edit page posts them: grants
    with an "id" are kept (and changed), without one added, and the ones not
    given are removed (beviljanden None: the grants stay as they are). The
    category is fixed once the insats is in use (Insats.kategori_fast).
    Returns the insats; writes nothing and keeps the version when nothing
    changed.

    Never below what is claimed: a grant keeps at least the money and the
    period its claims need, and one with claims is not removed
    (BeviljandeFel). The status is not corrected here (`status`, if given,
    must be the current one): closing is avsluta_insats, reopening a
    decision. A closed insats keeps its grants as they were when it closed
    (the money it released per year rests on them, and may already be
    granted again); its names, insatsägare, parties and start may still be
    corrected."""
    locked = (
        Insats.objects.select_for_update(of=("self",))
        .select_related("insatsagare", "kategori")
        .get(pk=insats.pk)
    )
    if locked.version != version:
        raise ConflictError(
            _(
                "Insatsen har sparats av någon annan sedan du öppnade den. Dina ändringar är inte sparade: "
                "öppna den senaste versionen och för in dem igen."
            )
        )
    if status is not None and status != locked.status:
        raise WorkflowError(
            _(
                "Status ändras inte när insatsen rättas: en insats avslutas på sidan Avsluta insatsen, "
                "och öppnas igen bara när ett beslut beviljar den mer pengar."
            )
        )
    if beviljanden is not None:
        _check_grants(beviljanden)
    if kategori != locked.kategori and locked.kategori_fast():
        raise InsatsError(
            _("Inriktningen kan inte ändras när ansökningar hänvisar till insatsen."), "kategori"
        )
    if namn.strip().lower() != locked.namn.lower() or insatsagare != locked.insatsagare:
        _check_unique_name(namn, insatsagare, exclude=locked)
    if locked.avslutad_datum and startdatum and startdatum > locked.avslutad_datum:
        raise InsatsError(
            _("Startdatum kan inte vara efter dagen insatsen avslutades (%(dag)s).")
            % {"dag": locked.avslutad_datum.isoformat()},
            "startdatum",
        )

    # None: the caller does not edit the parties (they stay as they are).
    fore_parter = list(locked.samverkansparter.all())
    parter = fore_parter if samverkansparter is None else [o for o in samverkansparter if o != insatsagare]
    before = _falt(locked, fore_parter)
    locked.namn, locked.insatsagare, locked.kategori = namn.strip(), insatsagare, kategori
    locked.startdatum = startdatum
    falt = audit.changes(before, _falt(locked, parter))

    existing = {b.pk: b for b in locked.beviljanden.all()}
    if beviljanden is None:
        beviljanden = [{"id": pk, **_beviljande(b)} for pk, b in existing.items()]
    given = [b["id"] for b in beviljanden if b.get("id")]
    if len(given) != len(set(given)) or not set(given) <= set(existing):
        raise ConflictError(
            _("Beviljandena har ändrats av någon annan sedan du öppnade sidan. Ladda om sidan.")
        )
    tillagda, andrade = [], []
    for b in beviljanden:
        values = _varden(b)
        if not b.get("id"):
            tillagda.append(Beviljande(insats=locked, **values))
            continue
        grant = existing[b["id"]]
        diff = audit.changes(_beviljande(grant), values)
        if diff:
            for name, (_old, new) in diff.items():
                setattr(grant, name, new)
            andrade.append((grant, diff))
    borttagna = [grant for pk, grant in existing.items() if pk not in given]
    if (tillagda or andrade or borttagna) and locked.status != Insats.Status.PAGAR:
        raise InsatsError(
            _(
                "Beviljandena av en avslutad insats kan inte ändras: det som frigjordes när den avslutades "
                "bygger på dem och kan redan vara beviljat igen."
            ),
            "beviljanden",
        )
    if andrade or borttagna:
        _check_rekvirerat(existing, beviljanden, borttagna)
    if tillagda or andrade or borttagna or "startdatum" in falt:
        forsta_rekvisition = (
            Rekvisition.objects.filter(insats=locked)
            .exclude(status=Rekvisition.Status.RETURNERAD)
            .aggregate(fran=Min("period_fran"))["fran"]
        )
        _check_startdatum(startdatum, beviljanden, forsta_rekvisition)

    if not (falt or tillagda or andrade or borttagna):
        return locked
    locked.version = version + 1  # the row is locked and its version checked above
    locked.save(update_fields=[*FALT, "version"])
    if "samverkansparter" in falt:
        locked.samverkansparter.set(parter)
    Beviljande.objects.filter(pk__in=[g.pk for g in borttagna]).delete()
    for grant, _diff in andrade:
        grant.save(update_fields=BEVILJANDE_FALT)
    Beviljande.objects.bulk_create(tillagda)
    data = {"andrat": falt} if falt else {}
    if tillagda or andrade or borttagna:
        data["beviljanden"] = {
            "tillagda": [_beviljande(g) for g in tillagda],
            "andrade": [{"id": g.pk, **diff} for g, diff in andrade],
            "borttagna": [_beviljande(g) for g in borttagna],
        }
    audit.record(actor=by, action="insats.andrad", obj=locked, data=data)
    if tillagda or andrade or borttagna:
        rapporter.folj_beviljanden(insats=locked, by=by)  # the reports follow the new period
    return locked


@transaction.atomic
def bevilja_insats(*, by, beviljande, ansokan, insats=None, namn="", insatsagare=None, kategori=None,
                   samverkansparter=()):
    """A decision grants money: to `insats` (a tilläggsansökan extends it,
    reopening it if it had ended), or to a new insats started from the
    application's name, insatsägare, category and parties. `beviljande` is a
    dict of Beviljande fields. Returns (insats, the new Beviljande).

    A new insats whose name the insatsägare already uses gets the
    diarienummer added: a board's decision is carried out, not refused."""
    _check_grants([beviljande])
    if insats is None:
        namn = namn.strip()
        try:
            _check_unique_name(namn, insatsagare)
        except InsatsError:
            namn = f"{namn} ({ansokan.diarienummer})"
        insats = Insats.objects.create(
            namn=namn, insatsagare=insatsagare, kategori=kategori, startdatum=beviljande["period_fran"]
        )
        parter = [o for o in samverkansparter if o != insatsagare]
        insats.samverkansparter.set(parter)
        action, data = "insats.beviljad", _falt(insats, parter)
    else:
        insats = Insats.objects.select_for_update(of=("self",)).select_related("insatsagare", "kategori").get(
            pk=insats.pk
        )
        data = {}
        if insats.status != Insats.Status.PAGAR:
            data["andrat"] = {"status": [insats.status, Insats.Status.PAGAR]}
            # The closing's note and who closed it stay in its audit entry.
            insats.status, insats.avslutad_datum = Insats.Status.PAGAR, None
            insats.avslutad_av, insats.avslut_notering = None, ""
        insats.version += 1  # locked above: an open edit page of it is now stale
        insats.save(update_fields=["status", "avslutad_datum", "avslutad_av", "avslut_notering", "version"])
        action = "insats.beviljande_tillagt"
    grant = Beviljande.objects.create(insats=insats, ansokan=ansokan, **_varden(beviljande))
    audit.record(
        actor=by, action=action, obj=insats,
        data={**data, "beviljanden": [_beviljande(grant)], "ansokan": ansokan.diarienummer},
    )
    rapporter.folj_beviljanden(insats=insats, by=by)  # a tillägg extends the reports owed
    return insats, grant


@transaction.atomic
def avsluta_insats(*, insats, by, version, datum=None, notering=""):
    """Close an ongoing insats: its slutrapport is accepted (or, when none
    was planned in the system, `notering` says how it ended), no claim waits
    for attest or payment and every avvikelserapport is handled. From then
    on the insats counts only what was paid on it and the rest of its grants
    goes back to the years' funds (insatser.ekonomi reads the status).
    `datum` (default today) is the closing day, never in the future.

    Not undone by a button, nor on the register's edit page: the released
    money may already be granted again. The insats opens again only when a
    decision grants it money (bevilja_insats). Who closed it and the note
    are kept on the insats for its page."""
    from insatser import selectors  # reads across the app; imported when used

    locked = (
        Insats.objects.select_for_update(of=("self",))
        .select_related("insatsagare")
        .get(pk=insats.pk)
    )
    # Raised first: a refusal below rolls it back with the rest.
    bump_version(
        locked,
        version,
        _("Insatsen har ändrats av någon annan sedan du öppnade sidan. Läs kontrollerna igen innan du avslutar."),
    )
    if locked.status != Insats.Status.PAGAR:
        raise WorkflowError(_("Insatsen är redan avslutad."))
    idag = timezone.localdate()
    datum = datum or idag
    if datum > idag:
        raise InsatsError(_("Avslutsdagen kan inte vara i framtiden."), "datum")
    if locked.startdatum and datum < locked.startdatum:
        raise InsatsError(_("Avslutsdagen kan inte vara före insatsens startdatum."), "datum")
    # Read under the insats's lock: a claim filed (rekvisitioner.lamna_in
    # locks the insats too) cannot slip in between the check and the close.
    avslut = selectors.avslut(locked)
    ouppfyllda = [k for k in avslut.kontroller if not k.uppfylld]
    if ouppfyllda:
        raise WorkflowError(" ".join(k.detalj for k in ouppfyllda))
    if avslut.tidigast and datum < avslut.tidigast.dag:
        raise InsatsError(avslut.tidigast.text, "datum")
    notering = notering.strip()
    if avslut.utan_slutrapport and not notering:
        raise InsatsError(
            _(
                "Ingen slutrapport finns i systemet: skriv hur insatsen avslutades och var slutredovisningen finns."
            ),
            "notering",
        )
    locked.status, locked.avslutad_datum = Insats.Status.AVSLUTAD, datum
    locked.avslutad_av, locked.avslut_notering = by, notering
    locked.save(update_fields=["status", "avslutad_datum", "avslutad_av", "avslut_notering"])
    rapporter.vid_avslut(insats=locked, by=by)  # reports not started are no longer owed
    audit.record(
        actor=by,
        action="insats.avslutad",
        obj=locked,
        data={
            "andrat": {"status": [Insats.Status.PAGAR, Insats.Status.AVSLUTAD]},
            "avslutad_datum": datum,
            "beviljat": avslut.beviljat,
            "betalt": avslut.betalt,
            "frigjort": avslut.frigors,
            "frigjort_per_ar": {str(a.ar): a.frigors for a in avslut.per_ar},
            "notering": notering,
        },
    )
    return locked

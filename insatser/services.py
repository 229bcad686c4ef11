"""Every change to the insatser register, as one named function each.

Each checks the current state, runs in a transaction, locks the insats
while it changes it and writes an audit entry with what changed. Grants are
given as dicts with the Beviljande fields (and "id" for an existing one).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser import rapporter
from insatser.models import Beviljande, Insats
from samordning import audit
from samordning.errors import ConflictError, WorkflowError

__all__ = [
    "ConflictError", "InsatsError", "WorkflowError", "andra_insats", "avsluta_insats", "bevilja_insats",
    "registrera_insats",
]

FALT = ["namn", "insatsagare", "kategori", "startdatum", "status"]
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


@transaction.atomic
def registrera_insats(
    *, by, namn, insatsagare, kategori, startdatum, status=Insats.Status.PAGAR, beviljanden, samverkansparter=()
):
    """Register an insats the förbund already funds, with its earlier grants
    (at least one), so that tilläggsansökningar can refer to it."""
    _check_grants(beviljanden)
    _check_unique_name(namn, insatsagare)
    insats = Insats.objects.create(
        namn=namn.strip(),
        insatsagare=insatsagare,
        kategori=kategori,
        startdatum=startdatum,
        status=status,
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
        data={**_falt(insats, parter), "beviljanden": [_beviljande(g) for g in grants]},
    )
    return insats


@transaction.atomic
def andra_insats(
    *, insats, by, version, namn, insatsagare, kategori, startdatum, status, beviljanden, samverkansparter=None
):
    """Change an insats and its grants as the edit page posts them: grants
    with an "id" are kept (and changed), without one added, and the ones not
    given are removed. The category is fixed once the insats is in use
    (Insats.kategori_fast). Returns the insats; writes nothing and keeps the
    version when nothing changed."""
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
    _check_grants(beviljanden)
    if kategori != locked.kategori and locked.kategori_fast():
        raise InsatsError(
            _("Inriktningen kan inte ändras när ansökningar hänvisar till insatsen."), "kategori"
        )
    if namn.strip().lower() != locked.namn.lower() or insatsagare != locked.insatsagare:
        _check_unique_name(namn, insatsagare, exclude=locked)

    # None: the caller does not edit the parties (they stay as they are).
    fore_parter = list(locked.samverkansparter.all())
    parter = fore_parter if samverkansparter is None else [o for o in samverkansparter if o != insatsagare]
    before = _falt(locked, fore_parter)
    locked.namn, locked.insatsagare, locked.kategori = namn.strip(), insatsagare, kategori
    locked.startdatum, locked.status = startdatum, status
    falt = audit.changes(before, _falt(locked, parter))

    existing = {b.pk: b for b in locked.beviljanden.all()}
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

    if not (falt or tillagda or andrade or borttagna):
        return locked
    if locked.status == Insats.Status.PAGAR:
        locked.avslutad_datum = None  # a correction in the register reopens it
    locked.version = version + 1  # the row is locked and its version checked above
    locked.save(update_fields=[*FALT, "avslutad_datum", "version"])
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
            insats.status, insats.avslutad_datum = Insats.Status.PAGAR, None
        insats.version += 1  # locked above: an open edit page of it is now stale
        insats.save(update_fields=["status", "avslutad_datum", "version"])
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

    Not undone by a button: the released money may already be granted
    again. More work is a new application; a closing by mistake is corrected
    on the register's edit page (audited as every correction)."""
    from insatser import selectors  # reads across the app; imported when used

    locked = (
        Insats.objects.select_for_update(of=("self",))
        .select_related("insatsagare")
        .get(pk=insats.pk)
    )
    if locked.version != version:
        raise ConflictError(
            _(
                "Insatsen har ändrats av någon annan sedan du öppnade sidan. Läs kontrollerna igen innan du avslutar."
            )
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
    notering = notering.strip()
    if avslut.utan_slutrapport and not notering:
        raise InsatsError(
            _(
                "Ingen slutrapport finns i systemet: skriv hur insatsen avslutades och var slutredovisningen finns."
            ),
            "notering",
        )
    locked.status, locked.avslutad_datum = Insats.Status.AVSLUTAD, datum
    locked.version = version + 1
    locked.save(update_fields=["status", "avslutad_datum", "version"])
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

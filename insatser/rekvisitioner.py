"""Rekvisitioner: the insatsägare claims actual costs, the handläggare
attests (or returns) and records the payment. A claim never makes what is
claimed and not returned exceed the granted maximum, per decision and for
the insats in total."""

from typing import NamedTuple

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser.models import Beviljande, Insats, Rekvisition, Rekvisitionsrad
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.formatting import kr
from samordning.models import Roll

__all__ = [
    "ConflictError", "RekvisitionError", "Utfall", "WorkflowError", "att_attestera", "attestera",
    "budget_mot_utfall", "for_sokande", "lamna_in", "markera_betald", "returnera",
]

S = Rekvisition.Status


class RekvisitionError(Exception):
    """The claim cannot be filed; `errors` maps a field ("rader", "period",
    or None for the whole form) to its Swedish message, for the page to show
    at the field with everything typed kept."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def att_attestera():
    """The claims waiting for the kansli: filed and neither attested nor
    returned, oldest first (the one waiting longest is handled first). For
    the handläggare's inbox; add select_related as the page needs."""
    return Rekvisition.objects.filter(status=S.INLAMNAD).order_by("inlamnad", "id")


def for_sokande(user):
    """The claims a sökande follows: those of the insatser whose insatsägare
    is one of the user's organisations (a samverkanspart does not claim, so
    does not see them), newest first. None for anyone else."""
    if user.roll != Roll.SOKANDE:
        return Rekvisition.objects.none()
    return Rekvisition.objects.filter(insats__insatsagare__in=user.organisationer.all()).order_by(
        "-inlamnad", "-id"
    )


def _kvar(rekvisitioner):
    return (
        Rekvisitionsrad.objects.filter(rekvisition__in=rekvisitioner)
        .exclude(rekvisition__status=S.RETURNERAD)
        .aggregate(s=Sum("belopp"))["s"]
        or 0
    )


@transaction.atomic
def lamna_in(*, insats, beviljande, period, rader, by, bilaga=None):
    """File a claim for `period` (first day, last day) with `rader`
    {kategori: kronor}. Locks the insats, so two claims at once are checked
    one after the other against the maxima."""
    insats = Insats.objects.select_for_update().get(pk=insats.pk)
    if insats.status != Insats.Status.PAGAR:
        raise WorkflowError(_("Det går bara att rekvirera medel för en pågående insats."))
    beviljande = Beviljande.objects.get(pk=beviljande.pk)
    if beviljande.insats_id != insats.pk:
        raise WorkflowError(_("Beslutet gäller en annan insats."))
    errors = {}
    fran, till = period
    if fran > till:
        errors["period"] = _("Till-datum kan inte vara före från-datum.")
    elif fran < beviljande.period_fran or till > beviljande.period_till:
        errors["period"] = _("Perioden ska ligga inom beslutets period %(fran)s–%(till)s.") % {
            "fran": beviljande.period_fran.isoformat(), "till": beviljande.period_till.isoformat()
        }
    giltiga = set(Rekvisitionsrad.Kategori.values)
    belopp = {k: v for k, v in rader.items() if v}
    if any(k not in giltiga for k in rader) or any(not isinstance(v, int) or v < 0 for v in rader.values()):
        errors["rader"] = _("Beloppen anges i hela kronor, 0 eller mer, per budgetkategori.")
    elif not belopp:
        errors["rader"] = _("Ange minst ett belopp större än 0 kr.")
    if not errors:
        summa = sum(belopp.values())
        over = max(
            _kvar(Rekvisition.objects.filter(beviljande=beviljande)) + summa - beviljande.belopp,
            _kvar(Rekvisition.objects.filter(insats=insats)) + summa
            - (Beviljande.objects.filter(insats=insats).aggregate(s=Sum("belopp"))["s"] or 0),
        )
        if over > 0:
            errors["rader"] = _("Rekvisitionen överskrider det beviljade beloppet med %(belopp)s.") % {"belopp": kr(over)}
    if errors:
        raise RekvisitionError(errors)
    rekvisition = Rekvisition(
        insats=insats, beviljande=beviljande, period_fran=fran, period_till=till,
        inlamnad_av=by, inlamnad=timezone.now(),
    )
    if bilaga is not None:
        rekvisition.filnamn = bilaga.name[:200]
        rekvisition.bilaga.save(bilaga.name, bilaga, save=False)
    rekvisition.save()
    Rekvisitionsrad.objects.bulk_create(
        Rekvisitionsrad(rekvisition=rekvisition, kategori=k, belopp=v) for k, v in belopp.items()
    )
    audit.record(
        actor=by, action="rekvisition.lamna_in", obj=rekvisition,
        data={"period": [fran.isoformat(), till.isoformat()], "rader": belopp, "beviljande": beviljande.pk},
    )
    return rekvisition


def _las(rekvisition, version, tillatna):
    locked = Rekvisition.objects.select_for_update().get(pk=rekvisition.pk)
    if locked.status not in tillatna:
        raise WorkflowError(
            _("Det går inte när rekvisitionen har status ”%(status)s”.") % {"status": locked.get_status_display()}
        )
    bump_version(locked, version, _("Rekvisitionen har ändrats av någon annan sedan du öppnade den."))
    return locked


@transaction.atomic
def attestera(*, rekvisition, by, version):
    """The handläggare attests an inlämnad claim."""
    r = _las(rekvisition, version, {S.INLAMNAD})
    r.status, r.attesterad_av, r.attesterad = S.ATTESTERAD, by, timezone.now()
    r.save(update_fields=["status", "attesterad_av", "attesterad"])
    audit.record(actor=by, action="rekvisition.attestera", obj=r)
    return r


@transaction.atomic
def returnera(*, rekvisition, by, version, kommentar):
    """The handläggare returns an inlämnad claim with a comment; it no
    longer counts against the maximum."""
    if not kommentar.strip():
        raise RekvisitionError({"kommentar": _("Skriv varför rekvisitionen returneras.")})
    r = _las(rekvisition, version, {S.INLAMNAD})
    r.status, r.kommentar = S.RETURNERAD, kommentar.strip()
    r.save(update_fields=["status", "kommentar"])
    audit.record(actor=by, action="rekvisition.returnera", obj=r, data={"kommentar": r.kommentar})
    return r


@transaction.atomic
def markera_betald(*, rekvisition, by, version, datum):
    """Record the payment of an attested claim (once: the row lock and the
    version make a second attempt at the same time fail)."""
    r = _las(rekvisition, version, {S.ATTESTERAD})
    r.status, r.betald = S.BETALD, datum
    r.save(update_fields=["status", "betald"])
    audit.record(actor=by, action="rekvisition.markera_betald", obj=r, data={"datum": datum.isoformat()})
    return r


class Utfall(NamedTuple):
    kategori: str
    ar: int
    budget: int  # the förbund's money in the granted applications' budgets
    rekvirerat: int  # claimed and not returned (paid included)
    betalt: int


def budget_mot_utfall(insats):
    """Budget versus actual per budget category and calendar year: the
    budget from the applications the insats's decisions granted (a decision
    registered by hand, without an application, adds none), the claims by
    the year their period starts in. Rows in (year, category) order, zeros
    left out."""
    from ansokningar import budget as budget_module
    from ansokningar.models import Budgetrad

    summor = {}

    def add(kategori, ar, index, kronor):
        summor.setdefault((ar, kategori), [0, 0, 0])[index] += kronor

    for beviljande in insats.beviljanden.select_related("ansokan"):
        ansokan = beviljande.ansokan
        if ansokan is None:
            continue
        rows = list(Budgetrad.objects.filter(ansokan=ansokan).prefetch_related("belopp", "arsbelopp"))
        budget = budget_module.compute(ansokan, list(ansokan.parter.all()), rows)
        for kategori in Rekvisitionsrad.Kategori.values:
            for r in budget.avsnitt[kategori].rader:
                for ar, kronor in r.per_ar.items():
                    if ar is not None:
                        add(kategori, ar, 0, kronor)
    rader = Rekvisitionsrad.objects.filter(rekvisition__insats=insats).exclude(rekvisition__status=S.RETURNERAD)
    fields = ("kategori", "rekvisition__period_fran", "rekvisition__status", "belopp")
    for kategori, fran, status, kronor in rader.values_list(*fields):
        add(kategori, fran.year, 1, kronor)
        if status == S.BETALD:
            add(kategori, fran.year, 2, kronor)
    order = {k: i for i, k in enumerate(Rekvisitionsrad.Kategori.values)}
    return [
        Utfall(kategori, ar, *summor[(ar, kategori)])
        for ar, kategori in sorted(summor, key=lambda key: (key[0], order[key[1]]))
        if any(summor[(ar, kategori)])
    ]

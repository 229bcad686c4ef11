"""Rekvisitioner: the insatsägare claims actual costs, the handläggare
attests (or returns) and records the payment. A claim never makes what is
claimed and not returned exceed the granted maximum, per decision and for
the insats in total."""

from typing import NamedTuple

from django.db import transaction
from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser.models import Beviljande, Insats, Rekvisition, Rekvisitionsrad
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.formatting import kr
from samordning.models import Roll

__all__ = [
    "BudgetOchUtfall",
    "ConflictError",
    "Justering",
    "RekvisitionError",
    "Saldo",
    "Utfall",
    "WorkflowError",
    "att_attestera",
    "attestera",
    "budget_mot_utfall",
    "budget_och_utfall",
    "for_sokande",
    "forvald_beviljande",
    "lamna_in",
    "markera_betald",
    "returnera",
    "saldon",
]

S = Rekvisition.Status


class RekvisitionError(Exception):
    """The claim cannot be filed; `errors` maps a field ("rader", "period",
    or None for the whole form) to its Swedish message, for the page to show
    at the field with everything typed kept."""

    def __init__(self, errors, over=0):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors
        self.over = over  # kronor over the maximum, when that is why


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


def lamna_in(*, insats, beviljande, period, rader, by, bilaga=None, kommentar="", ersatter=None):
    """File a claim for `period` (first day, last day) with `rader`
    {kategori: kronor}. Locks the insats, so two claims at once are checked
    one after the other against the maxima. `ersatter`: the returned claim
    this one corrects (it stays as it was returned, and is replaced once).

    A claim refused for exceeding the maximum saves nothing, but the refusal
    is recorded on the insats ("rekvisition.avvisad": who, what was asked,
    by how much it was over), after the claim's own transaction has rolled
    back: the kansli sees on the insats's timeline that costs run ahead of
    the grant. A caller's surrounding transaction keeps or drops it with
    everything else it does."""
    try:
        return _lamna_in(
            insats=insats, beviljande=beviljande, period=period, rader=rader, by=by,
            bilaga=bilaga, kommentar=kommentar, ersatter=ersatter,
        )  # fmt: skip
    except RekvisitionError as refused:
        if refused.over:
            with transaction.atomic():
                audit.record(
                    actor=by,
                    action="rekvisition.avvisad",
                    obj=insats,
                    data={
                        "period": [period[0].isoformat(), period[1].isoformat()],
                        "rader": {k: v for k, v in rader.items() if v},
                        "beviljande": beviljande.pk,
                        "over": refused.over,
                    },
                )
        raise


@transaction.atomic
def _lamna_in(*, insats, beviljande, period, rader, by, bilaga, kommentar, ersatter):
    insats = Insats.objects.select_for_update().get(pk=insats.pk)
    if insats.status != Insats.Status.PAGAR:
        raise WorkflowError(_("Det går bara att rekvirera medel för en pågående insats."))
    if ersatter is not None:
        ersatter = Rekvisition.objects.select_for_update().get(pk=ersatter.pk)
        if ersatter.insats_id != insats.pk or ersatter.status != S.RETURNERAD:
            raise WorkflowError(_("Bara en returnerad rekvisition av samma insats kan rättas."))
        if Rekvisition.objects.filter(ersatter=ersatter).exists():
            raise WorkflowError(
                _("Den returnerade rekvisitionen är redan rättad och inlämnad på nytt.")
            )
    beviljande = Beviljande.objects.get(pk=beviljande.pk)
    if beviljande.insats_id != insats.pk:
        raise WorkflowError(_("Beslutet gäller en annan insats."))
    errors = {}
    over = 0  # kronor over the maximum, once the amounts are checked
    fran, till = period
    if fran > till:
        errors["period"] = _("Till-datum kan inte vara före från-datum.")
    elif fran.year != till.year:
        # The year of a claim's costs is the year its payment counts in
        # (insatser.ekonomi.kostnadsar): budget, ekonomi and export per year.
        errors["period_till"] = _(
            "En rekvisition gäller kostnader inom ett kalenderår. Dela upp perioden vid årsskiftet."
        )
    elif till > timezone.localdate():
        errors["period_till"] = _(
            "En rekvisition gäller kostnader som redan har uppstått: periodens sista dag kan inte vara efter i dag."
        )
    elif fran < beviljande.period_fran or till > beviljande.period_till:
        errors["period"] = _("Perioden ska ligga inom beslutets period %(fran)s–%(till)s.") % {
            "fran": beviljande.period_fran.isoformat(),
            "till": beviljande.period_till.isoformat(),
        }
    giltiga = set(Rekvisitionsrad.Kategori.values)
    belopp = {k: v for k, v in rader.items() if v}
    if any(k not in giltiga for k in rader) or any(
        not isinstance(v, int) or v < 0 for v in rader.values()
    ):
        errors["rader"] = _("Beloppen anges i hela kronor, 0 eller mer, per budgetkategori.")
    elif not belopp:
        errors["rader"] = _("Ange minst ett belopp större än 0 kr.")
    if not errors:
        summa = sum(belopp.values())
        over = max(
            _kvar(Rekvisition.objects.filter(beviljande=beviljande)) + summa - beviljande.belopp,
            _kvar(Rekvisition.objects.filter(insats=insats))
            + summa
            - (Beviljande.objects.filter(insats=insats).aggregate(s=Sum("belopp"))["s"] or 0),
        )
        if over > 0:
            errors["rader"] = _(
                "Rekvisitionen överskrider det beviljade beloppet med %(belopp)s."
            ) % {"belopp": kr(over)}
    if errors:
        raise RekvisitionError(errors, over=max(over, 0))
    rekvisition = Rekvisition(
        insats=insats,
        beviljande=beviljande,
        period_fran=fran,
        period_till=till,
        inlamnad_av=by,
        inlamnad=timezone.now(),
        kommentar=kommentar.strip(),
        ersatter=ersatter,
    )
    if bilaga is not None:
        rekvisition.filnamn = bilaga.name[:200]
        rekvisition.bilaga.save(bilaga.name, bilaga, save=False)
    rekvisition.save()
    Rekvisitionsrad.objects.bulk_create(
        Rekvisitionsrad(rekvisition=rekvisition, kategori=k, belopp=v) for k, v in belopp.items()
    )
    audit.record(
        actor=by,
        action="rekvisition.lamna_in",
        obj=rekvisition,
        data={
            "period": [fran.isoformat(), till.isoformat()],
            "rader": belopp,
            "beviljande": beviljande.pk,
            **({"ersatter": ersatter.pk} if ersatter is not None else {}),
        },
    )
    return rekvisition


def _las(rekvisition, version, tillatna):
    locked = Rekvisition.objects.select_for_update().get(pk=rekvisition.pk)
    andrad = _("Rekvisitionen har ändrats av någon annan sedan du öppnade den.")
    # The version first: a page opened before someone else attested or
    # returned the claim is told that, not that the step is not allowed.
    if locked.version != version:
        raise ConflictError(andrad)
    if locked.status not in tillatna:
        raise WorkflowError(
            _("Det går inte när rekvisitionen har status ”%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    bump_version(locked, version, andrad)
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
    r.status, r.returkommentar = S.RETURNERAD, kommentar.strip()
    r.returnerad_av, r.returnerad = by, timezone.now()
    r.save(update_fields=["status", "returkommentar", "returnerad_av", "returnerad"])
    audit.record(
        actor=by, action="rekvisition.returnera", obj=r, data={"kommentar": r.returkommentar}
    )
    return r


@transaction.atomic
def markera_betald(*, rekvisition, by, version, datum):
    """Record the payment of an attested claim (once: the row lock and the
    version make a second attempt at the same time fail)."""
    if datum > timezone.localdate():
        raise RekvisitionError({"datum": _("Betalningsdagen kan inte vara i framtiden.")})
    r = _las(rekvisition, version, {S.ATTESTERAD})
    # Paid after it was attested: an earlier day would book the payment in
    # a year (and a PDF) where the claim did not exist yet.
    attesterad = timezone.localdate(r.attesterad)
    if datum < attesterad:
        raise RekvisitionError(
            {
                "datum": _("Betalningsdagen kan inte vara före attesten (%(dag)s).")
                % {"dag": attesterad.isoformat()}
            }
        )
    r.status, r.betald, r.betald_av = S.BETALD, datum, by
    r.save(update_fields=["status", "betald", "betald_av"])
    audit.record(
        actor=by, action="rekvisition.markera_betald", obj=r, data={"datum": datum.isoformat()}
    )
    return r


class Saldo(NamedTuple):
    beviljat: int
    rekvirerat: int  # claimed and not returned (paid included)
    betalt: int

    @property
    def kvar(self):
        return self.beviljat - self.rekvirerat


def saldon(beviljanden, *, fore=None):
    """What the grants leave: {grant id: Saldo} and, under None, the insats
    in total, from the claims not returned. `fore`: a claim, to count only
    the claims filed before it (its page and PDF show what was claimed
    before it and what it leaves). `beviljanden`: the insats's grants,
    loaded; one query whatever the number of claims."""
    rader = Rekvisitionsrad.objects.filter(
        rekvisition__beviljande__in=[b.pk for b in beviljanden]
    ).exclude(rekvisition__status=S.RETURNERAD)
    if fore is not None:
        rader = rader.filter(
            Q(rekvisition__inlamnad__lt=fore.inlamnad)
            | Q(rekvisition__inlamnad=fore.inlamnad, rekvisition__id__lt=fore.pk)
        )
    summor = {b.pk: [b.belopp, 0, 0] for b in beviljanden}
    totalt = [sum(b.belopp for b in beviljanden), 0, 0]
    fields = ("rekvisition__beviljande_id", "rekvisition__status")
    for bev, status, kronor in rader.values_list(*fields).annotate(s=Sum("belopp")).order_by():
        for summa in (summor[bev], totalt):
            summa[1] += kronor
            if status == S.BETALD:
                summa[2] += kronor
    return {**{pk: Saldo(*v) for pk, v in summor.items()}, None: Saldo(*totalt)}


def forvald_beviljande(beviljanden, dag=None):
    """The grant a new claim is drawn on unless the insatsägare picks
    another: the one covering today, else the latest that has begun, else
    the first."""
    dag = dag or timezone.localdate()
    beviljanden = sorted(beviljanden, key=lambda b: (b.period_fran, b.pk))
    for b in beviljanden:
        if b.period_fran <= dag <= b.period_till:
            return b
    begun = [b for b in beviljanden if b.period_fran <= dag]
    return (begun or beviljanden or [None])[-1 if begun else 0]


class Utfall(NamedTuple):
    kategori: str
    ar: int
    budget: int  # the förbund's money granted, per the applications' budgets
    rekvirerat: int  # claimed and not returned (paid included)
    betalt: int


class Justering(NamedTuple):
    """A decision that granted another sum than its application asked of
    the förbund: its budget is the application's, scaled to `beviljat`."""

    beviljande: Beviljande
    sokt: int
    beviljat: int


class BudgetOchUtfall(NamedTuple):
    rader: list  # [Utfall]
    justeringar: list  # [Justering]
    utan_ansokan: int  # kronor granted by decisions with no application: no budget per category


def budget_mot_utfall(insats):
    """The rows of budget_och_utfall."""
    return budget_och_utfall(insats).rader


def _per_kategori(celler, per_ar):
    """The decision's money per year `per_ar` ({year: kr}, as the ekonomi
    page commits it: insatser.ekonomi.fordelning) split over the budget
    categories as the application's budget {(year, kategori): kr} splits
    that year (or, for a year the application does not have, its whole
    budget), by largest remainder (ansokningar.budget.dela): every year and
    the total add up to the grant to the krona, and to the ekonomi page."""
    from ansokningar.budget import dela

    hela = {}
    for (_ar, kategori), kronor in celler.items():
        hela[kategori] = hela.get(kategori, 0) + kronor
    skalad = {}
    for ar, kronor in per_ar.items():
        arets = {k: v for (a, k), v in celler.items() if a == ar} or hela
        skalad.update({(ar, k): v for k, v in dela(kronor, arets).items() if v})
    return skalad


def budget_och_utfall(insats):
    """Budget versus actual per budget category and calendar year. The
    budget is what the decisions granted, spread as their applications'
    budgets spread the förbund's money: a decision that granted less (or
    more) than its application asked has the application's budget scaled
    to the grant (a Justering, for the page to say so), so the budget adds
    up to what was granted and "kvar" never shows money the board did not
    grant. A decision registered by hand, without an application, adds no
    budget (its kronor in `utan_ansokan`). The claims count in the year of
    their period (a claim lies within one calendar year). Rows in (year,
    category) order, zeros left out."""
    from ansokningar import budget as budget_module
    from ansokningar.models import Budgetrad

    summor = {}

    def add(kategori, ar, index, kronor):
        summor.setdefault((ar, kategori), [0, 0, 0])[index] += kronor

    # Every granted application's rows, parties and delar in one go: six queries
    # whatever the number of decisions.
    beviljanden = insats.beviljanden.select_related("ansokan").prefetch_related(
        Prefetch(
            "ansokan__budgetrader",
            queryset=Budgetrad.objects.prefetch_related("belopp", "arsbelopp"),
        ),
        "ansokan__parter",
        "ansokan__delar",
    )
    justeringar, utan_ansokan = [], 0
    for beviljande in beviljanden.order_by("period_fran", "pk"):
        ansokan = beviljande.ansokan
        if ansokan is None:
            utan_ansokan += beviljande.belopp
            continue
        rows = list(ansokan.budgetrader.all())
        budget = budget_module.compute(
            ansokan, list(ansokan.parter.all()), rows, list(ansokan.delar.all())
        )
        celler = {}
        for kategori in Rekvisitionsrad.Kategori.values:
            for r in budget.avsnitt[kategori].rader:
                for ar, kronor in r.per_ar.items():
                    if ar is not None and kronor:
                        celler[ar, kategori] = celler.get((ar, kategori), 0) + kronor
        if not celler:
            utan_ansokan += beviljande.belopp  # an application without the förbund's money per year
            continue
        # The years as the ekonomi page commits them (the application's own
        # per-year budget when it adds up to the grant within the decision's
        # years, else the decision's months), each split by category as the
        # application splits it; said when the board granted another sum.
        from insatser.ekonomi import fordelning

        celler = _per_kategori(celler, fordelning(beviljande))
        if budget.summa_forbund != beviljande.belopp:
            justeringar.append(Justering(beviljande, budget.summa_forbund, beviljande.belopp))
        for (ar, kategori), kronor in celler.items():
            add(kategori, ar, 0, kronor)
    rader = Rekvisitionsrad.objects.filter(rekvisition__insats=insats).exclude(
        rekvisition__status=S.RETURNERAD
    )
    fields = ("kategori", "rekvisition__period_fran", "rekvisition__status", "belopp")
    for kategori, fran, status, kronor in rader.values_list(*fields):
        add(kategori, fran.year, 1, kronor)
        if status == S.BETALD:
            add(kategori, fran.year, 2, kronor)
    order = {k: i for i, k in enumerate(Rekvisitionsrad.Kategori.values)}
    return BudgetOchUtfall(
        rader=[
            Utfall(kategori, ar, *summor[(ar, kategori)])
            for ar, kategori in sorted(summor, key=lambda key: (key[0], order[key[1]]))
            if any(summor[(ar, kategori)])
        ],
        justeringar=justeringar,
        utan_ansokan=utan_ansokan,
    )

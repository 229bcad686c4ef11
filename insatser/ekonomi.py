"""The förbund's money per calendar year (issue 11, item 5): the year's
funds, what the decisions have committed in it, what is left, and the
allocation between the categories compared with the year's guideline.

Every figure is whole kronor and recomputes from the rows: the funds from
Arsbudget and its Medlemsbidrag, the committed sums from every Beviljande.
A constant number of queries whatever the number of years or insatser
(pinned in tests/test_ekonomi.py).

How a grant is spread over the years: when the decision granted an
application (Beviljande.ansokan) and the förbund's money in that
application's budget adds up to the granted amount, the application's own
per-year figures (ansokningar.budget.compute → per_ar: each line's own
split, else its dates, del or the application's period by whole months).
Otherwise (a board that changed the amount, a grant registered by hand,
a budget without dates) the decision's amount over its own period by whole
months (ansokningar.budget.split_by_year). Both add up to the decision to
the krona.

What has been paid: the rows of the paid rekvisitioner (status betald), by
the year of their costs (kostnadsar(): a claim lies within one calendar
year), summed in one aggregate query (betalt()).

A closed insats (Insats.status avslutad) releases its unused money: what
its grants commit is only what was actually paid on them, in the years the
paid costs belong to, so a cost of December paid in January uses
December's money; the rest of each year's grants goes back to that year's
funds (`frigjort`, never less than 0 kr unless more was paid for a year than
granted for it).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import F, Sum
from django.db.models.functions import ExtractYear

from ansokningar.budget import compute, split_by_year
from samordning.models import Organisation

# The member types as the law pools their money: the state's half goes
# through Försäkringskassan (Arbetsförmedlingen is a member, its share is
# the state's), the region a quarter, the kommuner a quarter together.
STAT, REGION, KOMMUNER, OVRIGA = "stat", "region", "kommuner", "ovriga"
TYPGRUPP = {
    Organisation.Typ.FORSAKRINGSKASSAN: STAT,
    Organisation.Typ.ARBETSFORMEDLINGEN: STAT,
    Organisation.Typ.REGION: REGION,
    Organisation.Typ.KOMMUN: KOMMUNER,
    Organisation.Typ.ANNAN: OVRIGA,
}


@dataclass
class Riktlinje:
    """One category's committed money against the year's guideline."""

    kategori: object  # ansokningar.Insatskategori, or None for insatser without one
    beslutat: int  # kr committed in the year for insatser of the category
    procent: int | None  # the guideline's share (Fordelning), None when it names none
    andel: Decimal | None  # the committed share in % (one decimal), None when nothing is committed


@dataclass
class Arsekonomi:
    ar: int
    eget_kapital: int = 0
    bidrag: int = 0
    bidrag_per_typ: dict = field(
        default_factory=lambda: {STAT: 0, REGION: 0, KOMMUNER: 0, OVRIGA: 0}
    )
    bidrag_per_medlem: list = field(default_factory=list)  # [(Organisation, kr)] by name
    beslutat: int = 0
    riktlinje: list = field(default_factory=list)  # [Riktlinje] in category order
    har_budget: bool = False  # an Arsbudget exists for the year
    betalt: int = 0  # kr paid on rekvisitioner for the year's costs (kostnadsar)
    # kr of closed insatsers' grants spread to the year but not paid in it:
    # released back to the funds (negative when a closed insats paid more in
    # the year than its grants spread to it).
    frigjort: int = 0

    @property
    def medel(self):
        """The year's funds: the members' contributions and the eget kapital."""
        return self.bidrag + self.eget_kapital

    @property
    def kvar(self):
        """What is left to commit: funds minus committed (may be negative)."""
        return self.medel - self.beslutat

    @property
    def kvar_att_betala(self):
        """Committed in the year but not paid in it."""
        return self.beslutat - self.betalt


def _andel(del_, helhet):
    if not helhet:
        return None
    return (Decimal(del_) * 100 / Decimal(helhet)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _inom(egen, beviljande, belopp):
    """Whether an application's {year: kr} is what the decision commits: within
    the decision's years (ekonomi() selects grants by their period) and adding
    up to its amount."""
    fran, till = beviljande.period_fran.year, beviljande.period_till.year
    return (
        all(ar is not None and fran <= ar <= till for ar in egen) and sum(egen.values()) == belopp
    )


def fordelning(beviljande, per_ansokan=None):
    """{year: kr} the decision commits: its application's per-year budget
    when that adds up to the grant within the decision's years, else its
    amount over its period by whole months. The application's per-year
    budget comes from `per_ansokan` ({ansokan_id: {year: kr}}, see
    ansokningar_per_ar) when given, else from the application's prefetched
    rows (parter, delar, budgetrader__belopp, budgetrader__arsbelopp)."""
    if beviljande.ansokan_id is not None:
        if per_ansokan is not None:
            egen = per_ansokan.get(beviljande.ansokan_id, {})
        else:
            a = beviljande.ansokan
            budget = compute(
                a, list(a.parter.all()), list(a.budgetrader.all()), list(a.delar.all())
            )
            egen = dict(budget.per_ar)
        if _inom(egen, beviljande, beviljande.belopp):
            return egen
    return split_by_year(beviljande.belopp, beviljande.period_fran, beviljande.period_till)


def _cached(obj, name, items):
    # What prefetch_related stores; filled by hand because Django's prefetch
    # clones a queryset for every instance and relation (about 1 400 clones,
    # 0,4 s, for 400 granted applications on the ekonomi page).
    obj._prefetched_objects_cache = getattr(obj, "_prefetched_objects_cache", {})
    obj._prefetched_objects_cache[name] = items


class _Belopp(NamedTuple):
    part_id: int
    belopp: int


class _Arsbelopp(NamedTuple):
    ar: int
    belopp: int


def ansokningar_per_ar(ansokningar):
    """{ansokan_id: {year: kr}}: the förbund's money per calendar year in
    the budget of each application (loaded with its start and end dates), by
    ansokningar.budget.compute itself (as the application's page and PDF
    show it), each application once however many grants name it. Five
    queries whatever the number of applications."""
    from ansokningar.budget import FORBUND
    from ansokningar.models import Budgetbelopp, Budgetrad, Budgetradsar, Del, Part

    ansokningar = {a.pk: a for a in ansokningar}
    ids = set(ansokningar)
    if not ids:
        return {}
    parter, delar, rader = {}, {}, {}
    for p in Part.objects.filter(ansokan_id__in=ids).only("id", "ansokan_id", "ordning"):
        parter.setdefault(p.ansokan_id, []).append(p)
    for d in Del.objects.filter(ansokan_id__in=ids).only(
        "id", "ansokan_id", "ordning", "startdatum", "slutdatum"
    ):
        delar.setdefault(d.ansokan_id, []).append(d)
    # Only the förbund's lines: compute's per_ar counts nothing else.
    radlista = list(
        Budgetrad.objects.filter(ansokan_id__in=ids, avsnitt__in=FORBUND).only(
            "id", "ansokan_id", "avsnitt", "ordning", "fran", "till", "del_av_id", "tjanst_procent"
        )
    )
    # The amounts as plain rows (compute reads part_id and belopp, the own
    # split ar and belopp): thousands of model instances cost more than the
    # queries. Joined by the application, not by a list of thousands of ids.
    rader_q = {"rad__ansokan_id__in": ids, "rad__avsnitt__in": FORBUND}
    belopp, arsbelopp = {}, {}
    for b in Budgetbelopp.objects.filter(**rader_q).values_list("rad_id", "part_id", "belopp"):
        belopp.setdefault(b[0], []).append(_Belopp(*b[1:]))
    for b in Budgetradsar.objects.filter(**rader_q).values_list("rad_id", "ar", "belopp"):
        arsbelopp.setdefault(b[0], []).append(_Arsbelopp(*b[1:]))
    for rad in radlista:
        _cached(rad, "belopp", belopp.get(rad.pk, []))
        _cached(rad, "arsbelopp", arsbelopp.get(rad.pk, []))
        rader.setdefault(rad.ansokan_id, []).append(rad)
    return {
        a.pk: dict(
            compute(a, parter.get(a.pk, []), rader.get(a.pk, []), delar.get(a.pk, [])).per_ar
        )
        for a in ansokningar.values()
    }


def beslutat_per_ar(beviljanden, ar_fran, ar_till, per_ansokan=None):
    """{year: {kategori_id: kr}} of loaded grants (insats loaded), each spread
    over its years (fordelning); only the years in [ar_fran, ar_till]."""
    result = {ar: {} for ar in range(ar_fran, ar_till + 1)}
    for b in beviljanden:
        for ar, kr in fordelning(b, per_ansokan).items():
            if ar in result:
                per_kat = result[ar]
                per_kat[b.insats.kategori_id] = per_kat.get(b.insats.kategori_id, 0) + kr
    return result


def kostnadsar():
    """The year a paid claim counts in: the year of its costs (its period;
    a claim lies within one calendar year, insatser.rekvisitioner.lamna_in),
    not the day it was paid, so a cost of December paid in January is
    December's. As an expression on Rekvisitionsrad."""
    return ExtractYear("rekvisition__period_fran")


def betalda_rader(ar_fran=None, ar_till=None, **filters):
    """The rows of the paid rekvisitioner (matching `filters`) whose costs
    belong to `ar_fran`–`ar_till`: what "betalt" means on the ekonomi page,
    for a closed insats, on its closing page and as "utfall" in the
    Uppföljning Finsam export alike. Unordered, ready to group by kostnadsar()."""
    from insatser.models import Rekvisition, Rekvisitionsrad

    rows = Rekvisitionsrad.objects.filter(rekvisition__status=Rekvisition.Status.BETALD, **filters)
    if ar_fran is not None:
        rows = rows.filter(
            rekvisition__period_fran__range=(
                datetime.date(ar_fran, 1, 1),
                datetime.date(ar_till, 12, 31),
            )
        )
    return rows.order_by()  # the model's ordering would split the groups


@dataclass
class Betalt:
    per_ar: dict  # {year: kr} paid on every claim, by the year of its costs
    avslutade: dict  # {year: {kategori_id: kr}} paid on claims of closed insatser


def betalt(ar_fran, ar_till):
    """What the paid rekvisitioner paid per year (the year of their costs):
    the sum of their rows, in ONE aggregate query grouped by year, the
    insats's category and whether the insats is closed."""
    from insatser.models import Insats

    rows = (
        betalda_rader(ar_fran, ar_till)
        .values(
            ar=kostnadsar(),
            kat=F("rekvisition__insats__kategori_id"),
            status=F("rekvisition__insats__status"),
        )
        .annotate(kr=Sum("belopp"))
    )
    result = Betalt({}, {})
    for row in rows:
        result.per_ar[row["ar"]] = result.per_ar.get(row["ar"], 0) + row["kr"]
        if row["status"] == Insats.Status.AVSLUTAD:
            per_kat = result.avslutade.setdefault(row["ar"], {})
            per_kat[row["kat"]] = per_kat.get(row["kat"], 0) + row["kr"]
    return result


def ekonomi(ar_fran, ar_till, *, riktlinje=True):
    """[Arsekonomi] for every calendar year from `ar_fran` to `ar_till`.

    Eleven queries at most in all (five of them the granted applications'
    budgets: ansokningar_per_ar), whatever the number of years, insatser, grants or claims; two
    fewer without `riktlinje` (the allocation per category against the
    guideline, which the start pages' card does not show).
    """
    from ansokningar.models import Insatskategori
    from beslut.models import Fordelning  # beslut builds on insatser: imported when used
    from insatser.models import Arsbudget, Beviljande, Insats, Medlemsbidrag

    if ar_till < ar_fran:
        return []
    years = {ar: Arsekonomi(ar=ar) for ar in range(ar_fran, ar_till + 1)}

    for budget in Arsbudget.objects.filter(ar__range=(ar_fran, ar_till)):
        years[budget.ar].eget_kapital = budget.eget_kapital
        years[budget.ar].har_budget = True
    bidrag = Medlemsbidrag.objects.filter(arsbudget__ar__range=(ar_fran, ar_till)).select_related(
        "arsbudget", "organisation"
    )
    for b in bidrag.order_by("arsbudget__ar", "organisation__namn"):
        year = years[b.arsbudget.ar]
        year.bidrag += b.belopp
        year.bidrag_per_typ[TYPGRUPP.get(b.organisation.typ, OVRIGA)] += b.belopp
        year.bidrag_per_medlem.append((b.organisation, b.belopp))

    beviljanden = list(
        Beviljande.objects.filter(
            period_fran__lte=datetime.date(ar_till, 12, 31),
            period_till__gte=datetime.date(ar_fran, 1, 1),
        )
        .select_related("insats", "ansokan")
        .only(
            "id",
            "period_fran",
            "period_till",
            "belopp",
            "insats__id",
            "insats__status",
            "insats__kategori_id",
            "ansokan__id",
            "ansokan__startdatum",
            "ansokan__slutdatum",
        )
    )
    per_ansokan = ansokningar_per_ar(b.ansokan for b in beviljanden if b.ansokan_id)
    avslutad = Insats.Status.AVSLUTAD
    committed = beslutat_per_ar(
        [b for b in beviljanden if b.insats.status != avslutad], ar_fran, ar_till, per_ansokan
    )
    released = beslutat_per_ar(
        [b for b in beviljanden if b.insats.status == avslutad], ar_fran, ar_till, per_ansokan
    )
    paid = betalt(ar_fran, ar_till)
    # A closed insats commits what was paid on it, in the years of its costs.
    for ar, per_kat in paid.avslutade.items():
        for kat, kr in per_kat.items():
            committed[ar][kat] = committed[ar].get(kat, 0) + kr

    guideline = {}  # year -> {kategori_id: procent}
    kategorier = []
    if riktlinje:
        for f in Fordelning.objects.filter(inriktning__ar__range=(ar_fran, ar_till)).select_related(
            "inriktning"
        ):
            guideline.setdefault(f.inriktning.ar, {})[f.kategori_id] = f.procent
        kategorier = list(Insatskategori.objects.all())

    for ar, year in years.items():
        per_kat = committed[ar]
        year.beslutat = sum(per_kat.values())
        year.betalt = paid.per_ar.get(ar, 0)
        year.frigjort = sum(released[ar].values()) - sum(paid.avslutade.get(ar, {}).values())
        if not riktlinje:
            continue
        mal = guideline.get(ar, {})
        for kategori in kategorier:
            if kategori.pk in per_kat or kategori.pk in mal:
                kr = per_kat.get(kategori.pk, 0)
                year.riktlinje.append(
                    Riktlinje(kategori, kr, mal.get(kategori.pk), _andel(kr, year.beslutat))
                )
        if None in per_kat:
            year.riktlinje.append(
                Riktlinje(None, per_kat[None], None, _andel(per_kat[None], year.beslutat))
            )
    return list(years.values())


def pengar_i_korthet(ar):
    """The year's money at a glance for the start pages
    (templates/insatser/_pengar_i_korthet.html): the year's Arsekonomi
    (medel, beslutat, betalt, kvar, har_budget); nine queries at most."""
    return ekonomi(ar, ar, riktlinje=False)[0]


# The law's pooling of the contributions (lag om finansiell samordning
# av rehabiliteringsinsatser): the state half, the region a quarter, the kommuner a quarter.
LAGENS_ANDEL = {STAT: 50, REGION: 25, KOMMUNER: 25, OVRIGA: None}


@dataclass
class Andel:
    typ: str  # STAT, REGION, KOMMUNER or OVRIGA
    kr: int
    andel: Decimal | None  # % of the year's contributions, one decimal
    lagens: int | None  # the law's share in %


def andelar(bidrag_per_typ):
    """[Andel] of a year's contributions per member type ({typ: kr}); the
    övriga only when they contribute."""
    total = sum(bidrag_per_typ.values())
    return [
        Andel(typ, bidrag_per_typ.get(typ, 0), _andel(bidrag_per_typ.get(typ, 0), total), lagens)
        for typ, lagens in LAGENS_ANDEL.items()
        if typ != OVRIGA or bidrag_per_typ.get(OVRIGA)
    ]

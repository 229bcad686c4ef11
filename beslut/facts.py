"""What the system knows about a case, filled in for the beredning: the
inriktning it is assessed against (one for the whole case, however many
budget years it touches: the one the board will decide under), the share
of that inriktning's frame each budget year's money would take, the
distribution between categories after it compared with that inriktning's
guideline, and earlier grants to the same insats.

An application in parts (delar) counts each part under its own category:
a budget line of one part is that part's; the lines of the whole insats are,
year by year, shared between the parts running that year by their days in
it. Each line's money falls on the years as in the budget's own per-year
sums (budget.fordelning_per_ar: the sökande's split of the line, else its
period by whole months), so the facts and the application agree."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ansokningar.budget import dela, manader, split_by_year
from beslut.models import Verksamhetsinriktning
from insatser.models import Beviljande
from samordning.formatting import NBSP


def andel(del_, helhet):
    """`del_` as a percentage of `helhet` to one decimal (None without a whole)."""
    if not helhet:
        return None
    return (Decimal(del_) * 100 / Decimal(helhet)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def andel_text(value):
    """A computed share as the facts show it, always with one decimal:
    "3,0 %" beside "1,9 %". (formatting.procent drops a zero decimal, as
    suits a percentage someone typed.)"""
    return "" if value is None else f"{value:.1f}".replace(".", ",") + f"{NBSP}%"


@dataclass
class Andel:
    ar: int
    belopp: int
    ram: int | None

    @property
    def procent(self):
        return andel(self.belopp, self.ram)

    @property
    def procent_text(self):
        return andel_text(self.procent)


@dataclass
class Fordelningsrad:
    kategori: str
    beviljat: int
    denna: int  # this application's money in the year under the category
    efter: int
    andel_efter: Decimal | None
    riktlinje: int | None  # whole percent, as the inriktning sets it

    @property
    def andel_efter_text(self):
        return andel_text(self.andel_efter)


@dataclass
class Arsfordelning:
    ar: int
    rader: list
    har_inriktning: bool  # whether there is an inriktning to compare with


def inriktning(beredning=None, datum=None):
    """The inriktning a case is assessed against: the one its beredning
    names, else the one in force on the planned decision date (the
    beredning's, else `datum`, else today); None when the förbund has none.
    Its target groups and guideline come with it."""
    qs = Verksamhetsinriktning.objects.prefetch_related("prioriterade_malgrupper", "fordelning__kategori")
    if beredning is not None and beredning.inriktning_id:
        return qs.filter(pk=beredning.inriktning_id).first()
    planerat = beredning.planerat_beslutsdatum if beredning is not None else None
    return Verksamhetsinriktning.i_kraft(planerat or datum or timezone.localdate(), qs)


def andelar_av_ram(per_ar, inriktning):
    """Each budget year's money as a share of the frame of the inriktning
    the case is assessed against: the board decides the whole case under
    that one inriktning, so every year is measured against its frame (no
    frame at all: None, the page says there is no inriktning)."""
    ram = inriktning.ram if inriktning is not None else None
    return [Andel(y, kr, ram) for y, kr in per_ar if y]


def _dela_pa_delar(ansokan, ar, belopp, delar):
    """{kategori_id: kr}: `belopp` of year `ar` shared by the parts' months
    in it, counted as the budget counts them (ansokningar.budget.manader: a
    month a part touches is a month of it); a part without dates runs over
    the application's period; all of it under the application's category
    when no part runs that year."""
    vikter = {}
    for d in delar:
        start = d.startdatum or ansokan.startdatum
        end = d.slutdatum or ansokan.slutdatum
        months = manader(start, end).get(ar, 0) if start and end and start <= end else 0
        if months:
            vikter[d.pk] = months
    if not vikter:
        return {ansokan.kategori_id: belopp}
    kategori = {d.pk: d.kategori_id for d in delar}
    result = {}
    for del_id, kr in dela(belopp, vikter).items():
        result[kategori[del_id]] = result.get(kategori[del_id], 0) + kr
    return result


def per_kategori(ansokan, rader, delar):
    """{year: {kategori_id: kr}}: the application's money per budget year and
    category, from the förbund's budget lines (budget.Rad, with `per_ar`
    from budget.compute)."""
    kategori = {d.pk: d.kategori_id for d in delar}
    result, gemensamt = {}, {}
    for r in rader:
        if not r.summa:
            continue
        # Budgetrad.del_av: a line of one part (None: the whole insats).
        del_id = r.rad.del_av_id
        # The line's years as the budget shows them (budget.fordelning_per_ar).
        for ar, kr in r.per_ar.items():
            if ar is None:
                continue
            if del_id in kategori:
                year = result.setdefault(ar, {})
                year[kategori[del_id]] = year.get(kategori[del_id], 0) + kr
            else:
                gemensamt[ar] = gemensamt.get(ar, 0) + kr
    for ar, belopp in gemensamt.items():
        year = result.setdefault(ar, {})
        for key, kr in _dela_pa_delar(ansokan, ar, belopp, delar).items():
            year[key] = year.get(key, 0) + kr
    return result


def _plats(kategori):
    """Where a category's row goes: in the förbund's order, those without
    a category last."""
    return (1, 0, "") if kategori is None else (0, kategori.ordning, kategori.namn)


def fordelning(ansokan, budget, delar=(), inriktning=None):
    """For every budget year of the application: each category's granted
    money, this application's, the share after it and the guideline of
    `inriktning`, the one the case is assessed against (facts.inriktning),
    the same for every year. `budget` is the application's
    (ansokningar.budget.Budget)."""
    rader = [r for sektion in budget.forbund_avsnitt for r in sektion.rader]
    egna = per_kategori(ansokan, rader, list(delar))
    years = sorted(egna)
    if not years:
        return []
    # Each category's name and place: the förbund's order of categories
    # (Insatskategori.ordning), which is the guideline's (60/30/10 %).
    kategorier = {}
    if ansokan.kategori:
        kategorier[ansokan.kategori_id] = ansokan.kategori
    for d in delar:
        if d.kategori:
            kategorier[d.kategori_id] = d.kategori
    granted = {ar: {} for ar in years}
    grants = Beviljande.objects.filter(
        period_fran__year__lte=years[-1], period_till__year__gte=years[0]
    ).select_related("insats__kategori")
    for g in grants:
        key = g.insats.kategori_id
        if g.insats.kategori:
            kategorier[key] = g.insats.kategori
        for ar, kr in split_by_year(g.belopp, g.period_fran, g.period_till).items():
            if ar in granted:
                granted[ar][key] = granted[ar].get(key, 0) + kr
    riktlinje = {f.kategori_id: f.procent for f in inriktning.fordelning.all()} if inriktning else {}
    if inriktning:
        kategorier.update({f.kategori_id: f.kategori for f in inriktning.fordelning.all()})
    result = []
    for ar in years:
        after = dict(granted[ar])
        for key, kr in egna[ar].items():
            after[key] = after.get(key, 0) + kr
        total = sum(after.values())
        keys = sorted(set(after) | set(riktlinje), key=lambda k: _plats(kategorier.get(k)))
        rows = [
            Fordelningsrad(
                kategori=kategorier[key].namn if key in kategorier else "Utan kategori",
                beviljat=granted[ar].get(key, 0),
                denna=egna[ar].get(key, 0),
                efter=after.get(key, 0),
                andel_efter=andel(after.get(key, 0), total),
                riktlinje=riktlinje.get(key),
            )
            for key in keys
        ]
        result.append(Arsfordelning(ar, rows, inriktning is not None))
    return result

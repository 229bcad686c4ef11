"""What the system knows about a case, filled in for the beredning: the share
of the year's frame it would take, the distribution between categories after
it compared with the guideline, and earlier grants to the same insats."""

from dataclasses import dataclass

from ansokningar.budget import split_by_year
from beslut.models import Verksamhetsinriktning
from insatser.models import Beviljande


@dataclass
class Andel:
    ar: int
    belopp: int
    ram: int | None

    @property
    def procent(self):
        return round(self.belopp * 100 / self.ram, 1) if self.ram else None


@dataclass
class Fordelningsrad:
    kategori: str
    beviljat: int
    efter: int
    andel_efter: float | None
    riktlinje: int | None
    denna: bool


def andelar_av_ram(per_ar):
    years = [y for y, _ in per_ar if y]
    ramar = dict(Verksamhetsinriktning.objects.filter(ar__in=years).values_list("ar", "ram"))
    return [Andel(y, kr, ramar.get(y)) for y, kr in per_ar if y]


def fordelning(ansokan, per_ar):
    """Distribution in the application's first year, granted plus this one."""
    year = next((y for y, _ in per_ar if y), None)
    if year is None:
        return None, []
    inriktning = (
        Verksamhetsinriktning.objects.filter(ar=year).prefetch_related("fordelning__kategori").first()
    )
    riktlinje = {f.kategori_id: f.procent for f in inriktning.fordelning.all()} if inriktning else {}
    names = {f.kategori_id: f.kategori.namn for f in inriktning.fordelning.all()} if inriktning else {}
    granted = {}
    grants = Beviljande.objects.filter(period_fran__year__lte=year, period_till__year__gte=year).select_related(
        "insats__kategori"
    )
    for g in grants:
        kr = split_by_year(g.belopp, g.period_fran, g.period_till).get(year, 0)
        key = g.insats.kategori_id
        granted[key] = granted.get(key, 0) + kr
        if g.insats.kategori:
            names[key] = g.insats.kategori.namn
    this_year = dict(per_ar).get(year, 0)
    own = ansokan.kategori_id
    if ansokan.kategori:
        names[own] = ansokan.kategori.namn
    after = dict(granted)
    after[own] = after.get(own, 0) + this_year
    total = sum(after.values())
    rows = [
        Fordelningsrad(
            kategori=names.get(key, "Utan kategori"),
            beviljat=granted.get(key, 0),
            efter=after.get(key, 0),
            andel_efter=round(after.get(key, 0) * 100 / total, 1) if total else None,
            riktlinje=riktlinje.get(key),
            denna=key == own,
        )
        for key in sorted(set(after) | set(riktlinje), key=lambda k: (k is None, names.get(k, "")))
    ]
    return year, rows


def tidigare_beviljanden(ansokan):
    if not ansokan.insats_id:
        return []
    return list(ansokan.insats.beviljanden.all())

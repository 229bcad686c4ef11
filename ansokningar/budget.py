"""The application's budget as the form's tables show it.

Pure functions over already-loaded rows (no queries), used by the detail
page, the PDF and the services that store the totals. All money is integer
kronor. The förbund's money per calendar year follows each line: the
sökande's own split of the line (Budgetradsar) when it has one, else the
line's period by whole months (split_by_year), rounded so the years add up to
the line to the krona. Every page, the PDF, the beredning's facts and the
drafted proposal spread money over years through fordelning_per_ar, so they
agree.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ansokningar.models import Budgetrad

A = Budgetrad.Avsnitt
FORBUND = [A.LON, A.LOKAL, A.OVRIG]
EGEN = [A.EGEN_LON, A.EGEN_LOKAL, A.EGEN_OVRIG]
SALARY = (A.LON, A.EGEN_LON)  # sections with tjänst i %, från and till

SUMMA_LABEL = {
    A.LON: _("Summa lönekostnader"),
    A.LOKAL: _("Summa lokalkostnader"),
    A.OVRIG: _("Summa övriga kostnader"),
    A.EGEN_LON: _("Summa lönekostnader"),
    A.EGEN_LOKAL: _("Summa lokalkostnader"),
    A.EGEN_OVRIG: _("Summa övriga kostnader"),
    A.OVRIG_FIN: _("Summa övrig finansiering"),
}
RUBRIK = {
    A.LON: _("Lönekostnader"),
    A.LOKAL: _("Lokalkostnader"),
    A.OVRIG: _("Övriga kostnader"),
    A.EGEN_LON: _("Lönekostnader"),
    A.EGEN_LOKAL: _("Lokalkostnader"),
    A.EGEN_OVRIG: _("Övriga kostnader"),
    A.OVRIG_FIN: _("Övrig finansiering (t.ex. ESF)"),
}

# The form's fixed lines, in its order (seed 004). Stored as the lines'
# names (benämning), so they are data, not UI text.
STANDARDRADER = {
    A.LOKAL: ["Lokalhyra", "Övriga lokalkostnader"],
    A.OVRIG: [
        "Utvärdering",
        "Spridningsseminarier",
        "Utbildning insatsmedarbetare",
        "Inköpta utredningar, utbildningar och tjänster avsedda för deltagare",
        "Övriga aktiviteter för deltagare",
        "Telefon-, IT-kostnader",
        "Resor",
        "Tolk",
        "Informationsmaterial",
        "Övrigt",
    ],
    A.EGEN_LOKAL: ["Lokalhyra", "Övriga lokalkostnader"],
}


@dataclass
class Rad:
    rad: Budgetrad
    belopp: list  # per part, in part order
    summa: int
    del_: object = None  # the Del the line belongs to (from `delar`: no query)
    del_nummer: int = 0  # its number among the delar, 1-based
    per_ar: dict = field(default_factory=dict)  # {year: kr} of `summa` (fordelning_per_ar)
    egen_fordelning: bool = False  # per_ar is the sökande's own split, not the months'

    @property
    def ar_lista(self):
        """[(year, kr)] of per_ar in order (None, a line without a period, last)."""
        return sorted(self.per_ar.items(), key=lambda item: (item[0] is None, item[0] or 0))


@dataclass
class Avsnitt:
    key: str
    rubrik: str
    summa_label: str
    rader: list = field(default_factory=list)
    summor: list = field(default_factory=list)  # per part
    summa: int = 0
    tjanst_summa: object = None  # sum of "tjänst i %" for salary sections
    forbund: bool = False  # the förbund's money (its lines are spread over years)


@dataclass
class Budget:
    parter: list
    avsnitt: dict  # key -> Avsnitt
    forbund: list  # "Totalt från Samordningsförbundet" per part
    egen: list
    ovrig: list
    total: list  # "Total kostnad för insatsen" per part
    summa_forbund: int
    summa_egen: int
    summa_ovrig: int
    summa_total: int
    per_ar: list  # [(year, kr)] of the förbund's money
    # [(Del or None, kr)] of the förbund's money when there are delar: every
    # del, then (None, kr) for the lines of the whole insats (GEMENSAMT)
    per_del: list = field(default_factory=list)

    def sektioner(self, keys):
        return [self.avsnitt[k] for k in keys]

    @property
    def forbund_avsnitt(self):
        return self.sektioner(FORBUND)

    @property
    def egen_avsnitt(self):
        return self.sektioner(EGEN)

    @property
    def ovrig_fin(self):
        return self.avsnitt[A.OVRIG_FIN]

    @property
    def sammanstallning(self):
        """The summary tables: one line per party. `total` counts every
        source (the seed's table with ESF), `total_utan_ovrig` the förbund's
        money and own financing (its Budgetsammanställning)."""
        return [
            {"part": p, "forbund": f, "egen": e, "ovrig": o, "total": t, "total_utan_ovrig": f + e}
            for p, f, e, o, t in zip(self.parter, self.forbund, self.egen, self.ovrig, self.total, strict=True)
        ]

    @property
    def egna_fordelningar(self):
        """The förbund's lines the sökande split per year themselves."""
        return [r for s in self.forbund_avsnitt for r in s.rader if r.egen_fordelning]

    @property
    def summa_utan_ovrig(self):
        return self.summa_forbund + self.summa_egen


def _add(a, b):
    return [x + y for x, y in zip(a, b, strict=True)]


def compute(ansokan, parter, rader, delar=()):
    """Build the tables from parts and rows (rows with `belopp` prefetched);
    with `delar`, the förbund's money per del too."""
    index = {p.pk: i for i, p in enumerate(parter)}
    del_by_id = {d.pk: (n, d) for n, d in enumerate(delar, start=1)}
    zero = [0] * len(parter)
    avsnitt = {
        key: Avsnitt(key, RUBRIK[key], SUMMA_LABEL[key], summor=list(zero), forbund=key in FORBUND) for key in A.values
    }
    for rad in sorted(rader, key=lambda r: (r.ordning, r.pk or 0)):
        belopp = list(zero)
        for b in rad.belopp.all():
            if b.part_id in index:
                belopp[index[b.part_id]] += b.belopp
        sektion = avsnitt[rad.avsnitt]
        nummer, del_ = del_by_id.get(rad.del_av_id, (0, None))
        r = Rad(rad, belopp, sum(belopp), del_, nummer)
        r.per_ar, r.egen_fordelning = fordelning_per_ar(ansokan, r)
        sektion.rader.append(r)
        sektion.summor = _add(sektion.summor, belopp)
    for key in SALARY:
        procent = [r.rad.tjanst_procent for r in avsnitt[key].rader if r.rad.tjanst_procent]
        avsnitt[key].tjanst_summa = sum(procent) if procent else None
    for sektion in avsnitt.values():
        sektion.summa = sum(sektion.summor)

    def total(keys):
        result = list(zero)
        for key in keys:
            result = _add(result, avsnitt[key].summor)
        return result

    forbund, egen, ovrig = total(FORBUND), total(EGEN), avsnitt[A.OVRIG_FIN].summor
    summa = _add(_add(forbund, egen), ovrig)
    return Budget(
        parter=list(parter),
        avsnitt=avsnitt,
        forbund=forbund,
        egen=egen,
        ovrig=list(ovrig),
        total=summa,
        summa_forbund=sum(forbund),
        summa_egen=sum(egen),
        summa_ovrig=sum(ovrig),
        summa_total=sum(summa),
        per_ar=per_ar(ansokan, [r for k in FORBUND for r in avsnitt[k].rader]),
        per_del=per_del(delar, [r for k in FORBUND for r in avsnitt[k].rader]),
    )


def dela(belopp, vikter):
    """Share `belopp` kronor by `vikter` {key: weight} in whole kronor that
    add up (largest remainder; on a tie the earlier key). Integers only: no
    float decides who gets the last krona."""
    total = sum(vikter.values())
    delar = {k: belopp * v // total for k, v in vikter.items()}
    rest = belopp - sum(delar.values())
    for k in sorted(vikter, key=lambda k: -(belopp * vikter[k] % total))[:rest]:
        delar[k] += 1
    return delar


def manader(start, end):
    """{year: months} of [start, end]. A calendar month counts when the
    period covers any day of it, as förbund budget by month: 2021-04-15 –
    2021-12-31 is nine months of 2021, and 2021-04-01 – 2023-03-31 is 9, 12
    and 3 months of 2021, 2022 and 2023."""
    result = {}
    for year in range(start.year, end.year + 1):
        first = start.month if year == start.year else 1
        last = end.month if year == end.year else 12
        result[year] = last - first + 1
    return result


def split_by_year(amount, start, end):
    """Split `amount` kronor over the calendar years of [start, end] by
    whole months (manader: a month counts when the period covers it at
    least partly); the parts are whole kronor and add up to `amount`
    (largest remainder, a tie to the earlier year). Without both dates
    (or with the end before the start) the money has the one year given,
    or None. Nothing to split (0 kr) is {}."""
    if not amount:
        return {}
    if not start or not end or end < start:
        year = (start or end).year if (start or end) else None
        return {year: amount}
    return dela(amount, manader(start, end))  # years in ascending order: a tie goes to the earlier


def period(ansokan, rad):
    """(start, end) a budget line's money is spread over: the line's own
    dates (a salary line), else its del's period, else the application's;
    each end on its own, so a line with only a start date keeps its del's
    or the application's end. `rad` is a Rad (its `del_` loaded by compute)."""
    del_ = rad.del_
    start = rad.rad.fran or (del_.startdatum if del_ is not None else None) or ansokan.startdatum
    end = rad.rad.till or (del_.slutdatum if del_ is not None else None) or ansokan.slutdatum
    return start, end


def ar_i_perioden(start, end):
    """The calendar years a line's own split may name: those of its period
    (none without both dates)."""
    if not start or not end or end < start:
        return []
    return list(range(start.year, end.year + 1))


def egen_fordelning_passar(egen, summa, start, end):
    """Whether a stored split {year: kr} still fits its line: only years of
    the period, adding up to the line's sum. (The form refuses any other;
    this keeps the sums right if dates or amounts changed another way.)"""
    years = ar_i_perioden(start, end)
    return bool(egen) and len(years) > 1 and set(egen) <= set(years) and sum(egen.values()) == summa


def fordelning_per_ar(ansokan, r):
    """({year: kr}, own) for a line `r` (a Rad): the sökande's own split
    (Budgetradsar, every year of the period, zeros too) when it fits, else
    the line's sum over period(ansokan, r) by whole months. Always adds up
    to r.summa."""
    start, end = period(ansokan, r)
    egen = {}
    if r.rad.pk is not None:
        egen = {a.ar: a.belopp for a in r.rad.arsbelopp.all()}
    if egen_fordelning_passar(egen, r.summa, start, end):
        return {year: egen.get(year, 0) for year in ar_i_perioden(start, end)}, True
    return split_by_year(r.summa, start, end), False


def per_ar(ansokan, rader):
    """The förbund's money per calendar year: the sum of each line's
    fordelning_per_ar (rows from compute carry it as `per_ar`)."""
    years = {}
    for r in rader:
        for year, kr in r.per_ar.items():
            years[year] = years.get(year, 0) + kr
    return sorted(years.items(), key=lambda item: (item[0] is None, item[0] or 0))


GEMENSAMT = _("Gemensamt för hela insatsen")


def per_del(delar, rader):
    """The förbund's money per del, then (None, kr) for the lines that
    belong to no del (GEMENSAMT), so the rows always add up to the förbund's
    total; [] without delar. The common row is left out only when it is
    0 kr."""
    if not delar:
        return []
    sums = {d.pk: 0 for d in delar}
    gemensamt = 0
    for r in rader:
        if r.del_ is not None:
            sums[r.del_.pk] += r.summa
        else:
            gemensamt += r.summa
    result = [(d, sums[d.pk]) for d in delar]
    if gemensamt:
        result.append((None, gemensamt))
    return result

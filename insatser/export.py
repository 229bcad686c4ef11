"""The export for the national follow-up, Uppföljning Finsam (issue 11, item 6).

Uppföljning Finsam (Försäkringskassan's successor to SUS) has no API: the
kansli types each insats's figures per calendar year into it. This module
gives them as one table, one row per insats (or per del) and year, as CSV
for Swedish Excel and as XLSX.

Where each figure comes from:
- inriktning: the national inriktning of the insats's Insatskategori (a
  del's own category when it has one);
- målgrupp: the granted application's "Beskriv målgrupp för insatsen" (of
  the decision covering the year; a del's own target group);
- start and end: the insats's startdatum or first grant's start, and its
  last grant's end (a del's own dates);
- budget: what the grants commit in the year, spread exactly as the
  ekonomi page spreads them (insatser.ekonomi.fordelning); per del from the
  granted application's budget per del, when that budget is the one the
  grant commits, else on the row for the whole insats;
- utfall: the paid rekvisitioner, summed by the year of their costs (a claim
  lies within one calendar year; insatser.ekonomi.kostnadsar).
  Claims are made per insats, not per del: per del they stand on the row
  for the whole insats.

A constant number of queries whatever the number of insatser and years
(tests/test_export_queries.py), no query per row.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansokningar.budget import FORBUND, GEMENSAMT, compute
from ansokningar.models import Del, Inriktning
from insatser.ekonomi import betalda_rader, fordelning, kostnadsar
from insatser.models import Beviljande, Insats, Rapport, Rekvisition
from insatser.models.rapport import KON
from samordning.models import Organisation

TEXT, HELTAL, BELOPP, DATUM = "text", "heltal", "belopp", "datum"


@dataclass(frozen=True)
class Kolumn:
    key: str
    rubrik: str
    typ: str = TEXT
    bredd: int = 0  # XLSX column width in characters; 0: from the values


# The follow-up's own words (its "Insatsbudget": Budget and Utfall per year).
AR = Kolumn("ar", gettext_lazy("År"), HELTAL, 6)
NAMN = Kolumn("namn", gettext_lazy("Insatsens namn"), bredd=40)
DEL = Kolumn("del", gettext_lazy("Del"), bredd=30)
INSATSAGARE = Kolumn("insatsagare", gettext_lazy("Insatsägare"), bredd=30)
PARTER = Kolumn("samverkansparter", gettext_lazy("Samverkansparter"), bredd=40)
INRIKTNING = Kolumn("inriktning", gettext_lazy("Inriktning"), bredd=22)
MALGRUPP = Kolumn("malgrupp", gettext_lazy("Målgrupp"), bredd=50)
START = Kolumn("startdatum", gettext_lazy("Startdatum"), DATUM, 12)
SLUT = Kolumn("slutdatum", gettext_lazy("Slutdatum"), DATUM, 12)
BUDGET = Kolumn("budget", gettext_lazy("Budget (kr)"), BELOPP, 14)
UTFALL = Kolumn("utfall", gettext_lazy("Utfall (kr)"), BELOPP, 14)
# Participants, counts only, per kön as the reports give them (see _deltagare).
KON_RUBRIK = {
    "kvinnor": gettext_lazy("kvinnor"),
    "man": gettext_lazy("män"),
    "annan": gettext_lazy("annan eller ej angivet"),
}
FLODE_RUBRIK = {
    "nya": gettext_lazy("Nya deltagare"),
    "avslutade": gettext_lazy("Avslutade deltagare"),
}
DELTAGARE = [
    Kolumn(
        f"{flode}_{kon}", format_lazy("{}, {}", FLODE_RUBRIK[flode], KON_RUBRIK[kon]), HELTAL, 14
    )
    for flode in FLODE_RUBRIK
    for kon in KON
]


def kolumner(per_del=False):
    first = [AR, NAMN, DEL] if per_del else [AR, NAMN]
    return [
        *first, INSATSAGARE, PARTER, INRIKTNING, MALGRUPP, START, SLUT, BUDGET, UTFALL, *DELTAGARE,
    ]  # fmt: skip


def textkolumner(per_del=False):
    return [k for k in kolumner(per_del) if k.typ == TEXT]


# --- neutralising: a cell must never be run as a formula ---------------------------------

# What makes a spreadsheet read a cell as a formula (OWASP's CSV injection
# list): = + - @ and a leading tab or carriage return.
FORMELTECKEN = ("=", "+", "-", "@", "\t", "\r")


def neutralisera(value):
    """`value` as a cell that no spreadsheet runs: a text starting with a
    formula character gets a leading apostrophe. Numbers and dates are
    returned as they are, so they stay numbers (a negative amount is a
    number, not a formula). The one place both formats go through."""
    if isinstance(value, str) and value.startswith(FORMELTECKEN):
        return "'" + value
    return value


# --- the rows ------------------------------------------------------------------------------


def _insatser(ar_fran, ar_till):
    """The insatser with a grant, a paid claim or a report in the years, and what the
    rows are made of, loaded in a fixed number of queries."""
    first, last = datetime.date(ar_fran, 1, 1), datetime.date(ar_till, 12, 31)
    grants = Beviljande.objects.filter(
        insats=OuterRef("pk"), period_fran__lte=last, period_till__gte=first
    )
    paid = Rekvisition.objects.filter(
        insats=OuterRef("pk"), status=Rekvisition.Status.BETALD, period_fran__range=(first, last)
    )
    reported = Rapport.objects.filter(
        insats=OuterRef("pk"), status__in=RAKNADE, period_till__range=(first, last)
    )
    return (
        Insats.objects.filter(Q(Exists(grants)) | Q(Exists(paid)) | Q(Exists(reported)))
        .select_related("insatsagare", "kategori")
        .prefetch_related(
            Prefetch("samverkansparter", queryset=Organisation.objects.order_by("namn")),
            # Every grant, light: the insats's period, its active years and
            # the target group of each granted application.
            Prefetch(
                "beviljanden",
                queryset=Beviljande.objects.only(
                    "pk", "insats_id", "ansokan_id", "beslutsdatum", "period_fran", "period_till"
                )
                .annotate(malgrupp=F("ansokan__malgrupp"))
                .order_by("period_fran", "beslutsdatum", "pk"),
                to_attr="alla_beviljanden",
            ),
            # The grants in the years, with what their budget is computed from
            # (as insatser.ekonomi.ekonomi loads it): the old grants of a
            # ten-year-old insats are not loaded for nothing.
            Prefetch(
                "beviljanden",
                queryset=Beviljande.objects.filter(period_fran__lte=last, period_till__gte=first)
                .select_related("ansokan")
                .order_by("period_fran", "beslutsdatum", "pk"),
                to_attr="i_perioden",
            ),
            "i_perioden__ansokan__parter",
            Prefetch(
                "i_perioden__ansokan__delar",
                queryset=Del.objects.select_related("kategori").order_by("ordning", "id"),
            ),
            "i_perioden__ansokan__budgetrader__belopp",
            "i_perioden__ansokan__budgetrader__arsbelopp",
        )
        .order_by("namn", "pk")
    )


def _betalt(ar_fran, ar_till):
    """{(insats id, year): kr} paid: the rows of the paid rekvisitioner,
    summed by the year of their costs, in one aggregate query."""
    rows = (
        betalda_rader(ar_fran, ar_till)
        .values(insats=F("rekvisition__insats_id"), ar=kostnadsar())
        .annotate(kr=Sum("belopp"))
    )
    return {(row["insats"], row["ar"]): row["kr"] for row in rows}


# The reports whose counts are read: submitted, and not sent back for more.
RAKNADE = (Rapport.Status.INLAMNAD, Rapport.Status.GODKAND)
# Which report gives a year's counts, the first kind that has any. Every
# report counts "new during its period" and "finished during its period";
# those flows add up over periods, so a year's figure is the sum of the
# reports that lie within it. The ongoing count is a stock (already taking
# part when the period began): adding it over periods would count the same
# person once per period, so it is not exported. The kinds overlap (an
# årsrapport covers the same months as that year's lägesrapporter), so one
# kind per insats and year is used: the årsrapport (the whole year), else a
# slutrapport lying within the year (a short insats's whole time), else the
# sum of the year's lägesrapporter. A report spanning two calendar years
# (a slutrapport of a multi-year insats) cannot be split and is not counted.
RAPPORTORDNING = (Rapport.Typ.ARSRAPPORT, Rapport.Typ.SLUTRAPPORT, Rapport.Typ.LAGESRAPPORT)
FLODEN = [k.key for k in DELTAGARE]


def _deltagare(ar_fran, ar_till):
    """{(insats id, year): {column key: count}} from the reports (see
    RAPPORTORDNING), in one aggregate query."""
    rows = (
        Rapport.objects.filter(status__in=RAKNADE, period_till__year__range=(ar_fran, ar_till))
        .annotate(ar=ExtractYear("period_till"), ar_start=ExtractYear("period_fran"))
        .filter(ar=F("ar_start"))
        .order_by()
        .values("insats_id", "typ", "ar")
        .annotate(**{key: Sum(key) for key in FLODEN})
    )
    by_kind = {}
    for row in rows:
        by_kind[(row["insats_id"], row["ar"], row["typ"])] = {key: row[key] for key in FLODEN}
    result = {}
    for typ in reversed(RAPPORTORDNING):  # the preferred kind written last, so it wins
        for (pk, ar, kind), counts in by_kind.items():
            if kind == typ:
                result[(pk, ar)] = counts
    return result


def _ar(start, slut):
    if start is None or slut is None or slut < start:
        return set()
    return set(range(start.year, slut.year + 1))


INRIKTNINGAR = dict(Inriktning.choices)


def _inriktning(kategori):
    """The national inriktning's label (get_inriktning_display, without its
    cost per call: it rebuilds the choices each time)."""
    if kategori is None:
        return ""
    return str(INRIKTNINGAR.get(kategori.inriktning, kategori.inriktning))


def _malgrupp(beviljanden, ar):
    """The target group of the granted application whose decision covers
    `ar` (the latest such decision), else of the latest granted application."""
    with_app = [b for b in beviljanden if b.ansokan_id is not None]  # in period order
    covering = [b for b in with_app if b.period_fran.year <= ar <= b.period_till.year]
    chosen = covering or with_app
    return chosen[-1].malgrupp if chosen else ""


def _per_del(beviljande):
    """{del or None: {year: kr}} of the grant: its application's budget per
    del when that is exactly what the grant commits (fordelning), lines of
    the whole insats under None; else all of it under None."""
    per_ar = fordelning(beviljande)
    a = beviljande.ansokan
    delar = list(a.delar.all()) if a is not None else []
    if not delar:
        return {None: per_ar}
    budget = compute(a, list(a.parter.all()), list(a.budgetrader.all()), delar)
    if dict(budget.per_ar) != per_ar:
        return {None: per_ar}
    result = {}
    for key in FORBUND:
        for rad in budget.avsnitt[key].rader:
            target = result.setdefault(rad.del_, {})
            for ar, kr in rad.per_ar.items():
                target[ar] = target.get(ar, 0) + kr
    return result


def _add(target, years):
    for ar, kr in years.items():
        target[ar] = target.get(ar, 0) + kr


@dataclass
class _Insats:
    """One insats's facts the rows share."""

    insats: Insats
    beviljanden: list  # every grant, light (dates, application, its målgrupp), in period order
    in_range: list  # the grants that reach into the exported years, with their budgets
    betalt: dict  # {year: kr} paid
    deltagare: dict  # {year: {column key: count}} from the reports
    wanted: set  # the exported years

    @property
    def other_years(self):
        """Years with money paid or participants reported, active or not."""
        return set(self.betalt) | set(self.deltagare)

    @property
    def avslutad(self):
        """A closed insats used only what was paid on it (insatser.ekonomi):
        its budget per year is what it used, and it is active until it closed."""
        return self.insats.status == Insats.Status.AVSLUTAD

    @property
    def grant_years(self):
        if self.avslutad:
            return set(self.betalt)
        return set().union(*(_ar(b.period_fran, b.period_till) for b in self.beviljanden))

    @cached_property
    def common(self):
        starts = [self.insats.startdatum, *(b.period_fran for b in self.beviljanden)]
        starts = [d for d in starts if d]
        return {
            "namn": self.insats.namn,
            "insatsagare": self.insats.insatsagare.namn,
            "samverkansparter": ", ".join(o.namn for o in self.insats.samverkansparter.all()),
            "del": "",
            "inriktning": _inriktning(self.insats.kategori),
            "startdatum": min(starts) if starts else None,
            "slutdatum": self.insats.avslutad_datum
            if self.avslutad and self.insats.avslutad_datum
            else max((b.period_till for b in self.beviljanden), default=None),
        }

    def row(self, ar, budget, del_namn=""):
        """A row for the whole insats in `ar`."""
        return {
            **self.common,
            "ar": ar,
            "del": del_namn,
            "malgrupp": _malgrupp(self.beviljanden, ar),
            "budget": budget,
            "utfall": self.betalt.get(ar, 0),
            # No report for the year: empty, which is not the same as 0.
            **self.deltagare.get(ar, dict.fromkeys(FLODEN)),
        }


def _rader_per_insats(i):
    budget = dict(i.betalt) if i.avslutad else {}
    for b in [] if i.avslutad else i.in_range:
        _add(budget, fordelning(b))
    years = (i.grant_years | i.other_years) & i.wanted
    return [i.row(ar, budget.get(ar, 0)) for ar in sorted(years)]


def _rader_per_del(i):
    """Each del's rows, then the whole insats's: the lines of no del, grants
    without a budget per del, and the paid claims (made per insats)."""
    delar, hela = {}, (dict(i.betalt) if i.avslutad else {})
    for b in [] if i.avslutad else i.in_range:  # a closed insats: what it used, per insats
        for del_, years in _per_del(b).items():
            if del_ is None:
                _add(hela, years)
            else:
                _add(delar.setdefault(del_, ({}, b))[0], years)
    result = []
    common = i.common
    for del_, (budget, b) in delar.items():
        a = b.ansokan
        start = del_.startdatum or a.startdatum or b.period_fran
        slut = del_.slutdatum or a.slutdatum or b.period_till
        years = (_ar(start, slut) | {ar for ar in budget if ar is not None}) & i.wanted
        for ar in sorted(years):
            result.append({
                **common,
                "ar": ar,
                "del": del_.namn,
                "inriktning": _inriktning(del_.kategori or i.insats.kategori),
                "malgrupp": del_.malgrupp or a.malgrupp,
                "startdatum": start,
                "slutdatum": slut,
                "budget": budget.get(ar, 0),
                "utfall": None,  # claims and reports are per insats: on its own row
                **dict.fromkeys(FLODEN),
            })  # fmt: skip
    years = i.other_years | {ar for ar, kr in hela.items() if kr}
    if not delar:
        years |= i.grant_years
    label = str(GEMENSAMT) if delar else ""
    result += [i.row(ar, hela.get(ar, 0), label) for ar in sorted(years & i.wanted)]
    return result


def rader(ar_fran, ar_till, *, per_del=False):
    """[{column key: value}] for the years `ar_fran`–`ar_till`: one row per
    insats (or del) and calendar year in which it was active (a grant covers
    the year) or had costs paid or participants reported (the export's utfall
    adds up to what was paid). Sorted by insats, del and year."""
    wanted = set(range(ar_fran, ar_till + 1))
    betalt, deltagare = {}, {}
    for (pk, ar), kr in _betalt(ar_fran, ar_till).items():
        betalt.setdefault(pk, {})[ar] = kr
    for (pk, ar), counts in _deltagare(ar_fran, ar_till).items():
        deltagare.setdefault(pk, {})[ar] = counts
    result = []
    for insats in _insatser(ar_fran, ar_till):
        i = _Insats(
            insats,
            insats.alla_beviljanden,
            insats.i_perioden,
            betalt.get(insats.pk, {}),
            deltagare.get(insats.pk, {}),
            wanted,
        )
        result += _rader_per_del(i) if per_del else _rader_per_insats(i)
    return result


# --- the files -----------------------------------------------------------------------------


def filnamn(ar_fran, ar_till, ext):
    span = str(ar_fran) if ar_fran == ar_till else f"{ar_fran}-{ar_till}"
    return f"uppfoljning-finsam-{span}.{ext}"


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value  # text as it is; integers as the csv module writes them (no decimals, no spaces)


def som_csv(tabell, cols):
    """The rows as CSV for Swedish Excel: UTF-8 with a byte order mark (else
    Excel reads å ä ö as Latin-1), semicolons (the comma is the decimal sign),
    CRLF, amounts as plain integers."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralisera(str(k.rubrik)) for k in cols])
    for rad in tabell:
        writer.writerow([_csv_cell(neutralisera(rad[k.key])) for k in cols])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


FORMAT = {HELTAL: "0", BELOPP: "#,##0", DATUM: "yyyy-mm-dd"}


def som_xlsx(tabell, cols, *, titel=None):
    """The rows as an XLSX workbook: one sheet, the header bold and frozen,
    numbers as numbers, dates as dates, widths that fit."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _("Uppföljning Finsam")
    wb.properties.title = titel or ws.title
    wb.properties.creator = "Samordning"
    ws.append([neutralisera(str(k.rubrik)) for k in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for rad in tabell:
        values = []
        for k in cols:
            value = rad[k.key]
            if isinstance(value, str):
                # Characters XML cannot hold (a stray control character from
                # an old import) would make openpyxl refuse the whole file.
                # Stripped first: "\x01=…" must not become a live formula.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            values.append(neutralisera(value))
        ws.append(values)
    for index, k in enumerate(cols, start=1):
        letter = get_column_letter(index)
        number_format = FORMAT.get(k.typ)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        ws.column_dimensions[letter].width = k.bredd or max(len(str(k.rubrik)) + 2, 10)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

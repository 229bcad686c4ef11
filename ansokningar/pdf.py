"""The application as a PDF, laid out like the förbund's Word form (seed 004):
the form's headings in its order, the signature blocks, the detailed budget
per party and the two summary tables."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ansokningar import presentation, selectors
from ansokningar.budget import SALARY
from samordning import formatting
from samordning.models import Forbund
from samordning.pdf import STYLESHEET as PRINT_CSS
from samordning.pdf import logotyp_url, render_pdf, stored_pdf

TEMPLATE = "ansokningar/pdf.html"
# print.css, then this document's own rules; both parsed once per process.
STYLESHEETS = (PRINT_CSS, "css/print-ansokan.css")


def underskrifter(innehall):
    blocks = []
    for part in innehall.parter:
        blocks.append(
            {
                "part": part,
                "roll": _("Insatsägare") if part.huvud else _("Samverkanspart"),
                "underskrift": part.underskrift if part.signerad else None,
            }
        )
    return blocks


def kolumner(parter):
    """Budget column headings: the huvudinsatsägare, then delinsatsägare."""
    return [
        {"roll": _("Huvudinsatsägare") if p.huvud else _("Delinsatsägare"), "nummer": i, "part": p}
        for i, p in enumerate(parter)
    ]


# --- the detailed budget as table rows -------------------------------------
#
# Columns: benämning, tjänst i %, från, till, one per party, all parties.
# A row's empty party cells are merged (colspan) and an all-zero line's
# name runs over them: the table looks the same, WeasyPrint lays out half
# the cells (tables cost it most of a PDF's time).

LABEL_COLUMNS = 4


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    klass: str = ""


@dataclass
class Row:
    klass: str
    celler: list


def _amounts(values, *, zeros):
    """Party cells: amounts, or "0" when `zeros`; runs of empty cells merged."""
    cells = []
    for value in values:
        if value or zeros:
            cells.append(Cell(formatting.belopp(value), 1, "num"))
        elif cells and cells[-1].klass == "blank":
            cells[-1].colspan += 1
        else:
            cells.append(Cell("", 1, "blank"))
    return cells


def _alla(value):
    return Cell(formatting.belopp(value), 1, "num alla")


def _label_row(label, klass, n_parter, *, under=None):
    """A heading line over every column; `under` adds the salary lines'
    column captions."""
    if under:
        captions = [Cell(text, 1, "under num" if i == 0 else "under") for i, text in enumerate(under)]
        return Row(klass, [Cell(label, 1, "rubrik"), *captions, Cell("", n_parter + 1, "blank")])
    return Row(klass, [Cell(label, LABEL_COLUMNS + n_parter + 1, "rubrik")])


def _name(rad):
    """A line's name; with delar, the del it belongs to."""
    if rad.del_ is None:
        return rad.rad.benamning
    return _("%(namn)s (del %(nr)d)") % {"namn": rad.rad.benamning, "nr": rad.del_nummer}


def _line(rad, nummer, lon):
    if lon:
        cells = [
            Cell(f"{nummer}. {_name(rad)}"),
            Cell(formatting.procent(rad.rad.tjanst_procent), 1, "num"),
            Cell(formatting.datum(rad.rad.fran), 1, "nowrap"),
            Cell(formatting.datum(rad.rad.till), 1, "nowrap"),
            *_amounts(rad.belopp, zeros=False),
        ]
    else:
        parties = _amounts(rad.belopp, zeros=False)
        label = Cell(_name(rad), LABEL_COLUMNS)
        if parties[0].klass == "blank":  # the name may run over the empty cells
            label.colspan += parties.pop(0).colspan
        cells = [label, *parties]
    return Row("rad", [*cells, _alla(rad.summa)])


def _sum_row(label, values, total, klass, *, procent=None):
    if procent is not None:
        head = [Cell(label), Cell(procent, 1, "num"), Cell("", 2)]
    else:
        head = [Cell(label, LABEL_COLUMNS)]
    return Row(klass, [*head, *_amounts(values, zeros=True), _alla(total)])


def _sektion(sektion, n_parter):
    lon = sektion.key in SALARY
    rubrik = _("%(rubrik)s inkl. PO-pålägg") % {"rubrik": sektion.rubrik} if lon else sektion.rubrik
    under = [_("tjänst i %"), _("från"), _("till")] if lon and sektion.rader else None
    rows = [_label_row(rubrik, "rubrikrad", n_parter, under=under)]
    rows += [_line(r, i, lon) for i, r in enumerate(sektion.rader, start=1)]
    procent = formatting.procent(sektion.tjanst_summa) if lon else None
    rows.append(
        _sum_row(sektion.summa_label, sektion.summor, sektion.summa, "summa", procent=procent)
    )
    return rows


def budget_forbund(budget):
    """ "Kostnader att rekvirera från Samordningsförbundet" as rows."""
    n = len(budget.parter)
    rows = [row for s in budget.forbund_avsnitt for row in _sektion(s, n)]
    rows.append(
        _sum_row(_("Totalt från Samordningsförbundet"), budget.forbund, budget.summa_forbund, "total")
    )
    return rows


def utan_egen(budget):
    """No own or other financing at all: only the fixed lines, all empty."""
    sections = [*budget.egen_avsnitt, budget.ovrig_fin]
    return not any(r.summa or not r.rad.standard for s in sections for r in s.rader)


def budget_egen(budget):
    """Egenfinansiering, övrig finansiering and the total cost as rows."""
    n = len(budget.parter)
    rows = [row for s in budget.egen_avsnitt for row in _sektion(s, n)]
    rows.append(_sum_row(_("Summa egenfinansiering"), budget.egen, budget.summa_egen, "total"))
    rows += _sektion(budget.ovrig_fin, n)
    rows.append(_sum_row(_("Total kostnad för insatsen"), budget.total, budget.summa_total, "total"))
    return rows


def utan_egen_rader(budget):
    """Without own or other financing: a line that says so and the sums,
    to follow the förbund's table (the empty fixed lines would only repeat
    zeros)."""
    n = len(budget.parter)
    return [
        Row("rubrikrad", [Cell(_("Egenfinansiering och övrig finansiering"), LABEL_COLUMNS + n + 1, "rubrik")]),
        Row("rad", [Cell(_("Ingen egenfinansiering eller övrig finansiering angiven."), LABEL_COLUMNS + n + 1)]),
        _sum_row(_("Summa egenfinansiering"), budget.egen, budget.summa_egen, "summa"),
        _sum_row(budget.ovrig_fin.summa_label, budget.ovrig, budget.summa_ovrig, "summa"),
        _sum_row(_("Total kostnad för insatsen"), budget.total, budget.summa_total, "total"),
    ]


def budget_tables(budget):
    """(rows of the förbund's table, rows of the own-financing table or [])."""
    if utan_egen(budget):
        return budget_forbund(budget) + utan_egen_rader(budget), []
    return budget_forbund(budget), budget_egen(budget)


def context(ansokan):
    innehall = presentation.innehall(ansokan)
    forbund = Forbund.get()
    forbund_rader, egen_rader = budget_tables(innehall.budget)
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "ansokan": ansokan,
        "i": innehall,
        "budget": innehall.budget,
        "kolumner": kolumner(innehall.parter),
        "budget_forbund": forbund_rader,
        "budget_egen": egen_rader,
        "overenskommelse": presentation.overenskommelse(ansokan.overenskommelse),
        "underskrifter": underskrifter(innehall),
        "prioriterade": list(ansokan.prioriterade_malgrupper.all()),
    }


def render_ansokan_pdf(ansokan, **kwargs):
    """The application as PDF bytes. Loads it with everything it shows in
    a fixed number of queries. kwargs go to samordning.pdf.render_pdf
    (url_fetcher, use_cache)."""
    ansokan = selectors.load(ansokan.pk)
    return render_pdf(TEMPLATE, context(ansokan), stylesheets=STYLESHEETS, **kwargs)


def stored_ansokan_pdf(ansokan):
    """The application's PDF as samordning.pdf.stored_pdf keeps it
    (bytes and file), for documents made of stored parts (the meeting packet)."""
    ansokan = selectors.load(ansokan.pk)
    return stored_pdf(TEMPLATE, context(ansokan), stylesheets=STYLESHEETS)

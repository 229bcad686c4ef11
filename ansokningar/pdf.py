"""The application as a PDF, laid out like the förbund's Word form (seed 004):
the form's headings in its order, the signature blocks, the detailed budget
per party and the summary table."""

from dataclasses import dataclass

from ansokningar import presentation, selectors
from samordning import formatting
from samordning.models import Forbund
from samordning.pdf import logotyp_url, render_pdf
from samordning.text import Stycke, som_html, stycken

TEMPLATE = "ansokningar/pdf.html"

def text_html(text):
    return som_html(stycken(text))


@dataclass
class Avsnitt:
    rubrik: str
    stycken: list
    html: str = ""


def overenskommelse(text):
    """The agreement's blocks: the first line of a block is its subheading
    when it does not end like a sentence and more lines follow."""
    result = []
    for block in stycken(text):
        if (
            block.typ == "p"
            and len(block.rader) > 1
            and not block.rader[0].endswith((".", ":", "!", "?"))
        ):
            rubrik, rest = block.rader[0], Stycke("p", block.rader[1:])
            result.append(Avsnitt(rubrik, [rest]))
        elif result:  # a further paragraph of the same subsection
            result[-1].stycken.append(block)
        else:
            result.append(Avsnitt("", [block]))
    for avsnitt in result:
        avsnitt.html = som_html(avsnitt.stycken)
    return result


TEXTFALT = [
    "syfte",
    "bakgrund",
    "malgrupp",
    "metod",
    "uppfoljning",
    "tillvaratas",
    "diskuterad_hur",
]


def underskrifter(innehall):
    blocks = []
    for part in innehall.parter:
        blocks.append(
            {
                "part": part,
                "roll": "Insatsägare" if part.huvud else "Samverkanspart",
                "underskrift": part.underskrift if part.signerad else None,
            }
        )
    return blocks


def kolumner(parter):
    """Budget column headings: the huvudinsatsägare, then delinsatsägare."""
    return [
        {"roll": "Huvudinsatsägare" if p.huvud else "Delinsatsägare", "nummer": i, "part": p}
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
    """A heading line; `under` adds the salary lines' column captions."""
    if under:
        return Row(
            klass,
            [
                Cell(label, 1, "rubrik"),
                *(
                    Cell(text, 1, "under num" if i == 0 else "under")
                    for i, text in enumerate(under)
                ),
                Cell("", n_parter, "blank"),
                Cell("", 1, "alla"),
            ],
        )
    return Row(klass, [Cell(label, LABEL_COLUMNS + n_parter, "rubrik"), Cell("", 1, "alla")])


def _line(rad, nummer, lon):
    if lon:
        cells = [
            Cell(f"{nummer}. {rad.rad.benamning}"),
            Cell(formatting.procent(rad.rad.tjanst_procent), 1, "num"),
            Cell(formatting.datum(rad.rad.fran), 1, "nowrap"),
            Cell(formatting.datum(rad.rad.till), 1, "nowrap"),
            *_amounts(rad.belopp, zeros=False),
        ]
    else:
        parties = _amounts(rad.belopp, zeros=False)
        label = Cell(rad.rad.benamning, LABEL_COLUMNS)
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


LON_UNDER = ["tjänst i %", "från", "till"]


def _sektion(sektion, n_parter):
    lon = sektion.key in ("lon", "egen_lon")
    rubrik = f"{sektion.rubrik} inkl. PO-pålägg" if lon else sektion.rubrik
    rows = [
        _label_row(
            rubrik, "rubrikrad", n_parter, under=LON_UNDER if lon and sektion.rader else None
        )
    ]
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
        _sum_row("Totalt från Samordningsförbundet", budget.forbund, budget.summa_forbund, "total")
    )
    return rows


def budget_egen(budget):
    """Egenfinansiering, övrig finansiering and the total cost as rows."""
    n = len(budget.parter)
    rows = [row for s in budget.egen_avsnitt for row in _sektion(s, n)]
    rows.append(_sum_row("Summa egenfinansiering", budget.egen, budget.summa_egen, "total"))
    rows += _sektion(budget.ovrig_fin, n)
    rows.append(_sum_row("Total kostnad för insatsen", budget.total, budget.summa_total, "total"))
    return rows


def context(ansokan):
    innehall = presentation.innehall(ansokan)
    forbund = Forbund.get()
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "ansokan": ansokan,
        "i": innehall,
        "budget": innehall.budget,
        "kolumner": kolumner(innehall.parter),
        "budget_forbund": budget_forbund(innehall.budget),
        "budget_egen": budget_egen(innehall.budget),
        "text": {name: text_html(getattr(ansokan, name)) for name in TEXTFALT},
        "delar": [{"vy": d, "malgrupp": text_html(d.del_.malgrupp)} for d in innehall.delar],
        "overenskommelse": overenskommelse(ansokan.overenskommelse),
        "underskrifter": underskrifter(innehall),
        "prioriterade": list(ansokan.prioriterade_malgrupper.all()),
    }


def render_ansokan_pdf(ansokan, **kwargs):
    """The application as PDF bytes. Loads it with everything it shows in
    a fixed number of queries. kwargs go to samordning.pdf.render_pdf
    (url_fetcher, use_cache)."""
    ansokan = selectors.load(ansokan.pk)
    return render_pdf(TEMPLATE, context(ansokan), **kwargs)

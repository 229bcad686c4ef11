"""The application's content arranged as the form shows it, shared by the
detail page and the PDF. Works on an application loaded with
selectors.for_detail, so it runs no queries."""

import re
from dataclasses import dataclass, field

from ansokningar import budget as budget_module
from ansokningar.models import Mal
from insatser.models import beviljat
from samordning.text import Stycke, som_html, stycken


@dataclass
class Malgrupper:
    overgripande: list
    effekt: list
    insats: list


@dataclass
class DelVy:
    del_: object
    effekt: list
    insats: list


DEL_N = re.compile(r"del\s*\d+\b", re.IGNORECASE)


def del_rubrik(nummer, namn, skiljetecken=": "):
    """ "Del 2: Metodstöd"; a name that already says which del it is
    ("Del 1 Struktur", "Del 1 – Struktur") is the heading as it stands, so
    no del is ever "Del 1: Del 1 – …". Pages, the PDF and the drafted
    Ärendet all head a del so; a del without a name is "Del 2"."""
    namn = namn.strip()
    if DEL_N.match(namn):
        return namn
    return f"Del {nummer}{skiljetecken}{namn}" if namn else f"Del {nummer}"


def del_val(nummer, namn):
    """A del as the budget lines' select offers it: "Del 1 – Struktur"
    (del_rubrik with a dash; a name that says "Del 1" already stands)."""
    return del_rubrik(nummer, namn, " – ")


@dataclass
class Innehall:
    ansokan: object
    insatsagare: object  # Part with ordning 0
    samverkansparter: list  # the other parts
    parter: list
    mal: Malgrupper
    delar: list
    budget: budget_module.Budget
    alla_signerat: bool
    tidigare: list = field(default_factory=list)  # the extended insats's grants (Beviljande)
    tidigare_summa: int = 0
    tidigare_period: tuple | None = None  # (first day, last day) the earlier grants cover


def _by_type(goals):
    return Malgrupper(
        overgripande=[m for m in goals if m.typ == Mal.Typ.OVERGRIPANDE],
        effekt=[m for m in goals if m.typ == Mal.Typ.EFFEKT],
        insats=[m for m in goals if m.typ == Mal.Typ.INSATS],
    )


def innehall(ansokan):
    parter = list(ansokan.parter.all())
    goals = list(ansokan.mal.all())
    delar = []
    for del_ in ansokan.delar.all():
        own = _by_type([m for m in goals if m.del_av_id == del_.pk])
        delar.append(DelVy(del_, own.effekt, own.insats))
    # Not the grant this application itself was given (beslut verkställt).
    tidigare = [b for b in ansokan.insats.beviljanden.all() if b.ansokan_id != ansokan.pk] if ansokan.insats_id else []
    tidigare_summa, tidigare_period = beviljat(tidigare)
    return Innehall(
        ansokan=ansokan,
        insatsagare=parter[0] if parter else None,
        samverkansparter=parter[1:],
        parter=parter,
        mal=_by_type([m for m in goals if m.del_av_id is None]),
        delar=delar,
        budget=budget_module.compute(
            ansokan, parter, list(ansokan.budgetrader.all()), [d.del_ for d in delar]
        ),
        alla_signerat=bool(parter) and all(p.signerad_aktuell for p in parter),
        tidigare=tidigare,
        tidigare_summa=tidigare_summa,
        tidigare_period=tidigare_period,
    )


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

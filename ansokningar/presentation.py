"""The application's content arranged as the form shows it, shared by the
detail page and the PDF. Works on an application loaded with
selectors.for_detail, so it runs no queries."""

from dataclasses import dataclass

from ansokningar import budget as budget_module
from ansokningar.models import Mal


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
    return Innehall(
        ansokan=ansokan,
        insatsagare=parter[0] if parter else None,
        samverkansparter=parter[1:],
        parter=parter,
        mal=_by_type([m for m in goals if m.del_av_id is None]),
        delar=delar,
        budget=budget_module.compute(ansokan, parter, list(ansokan.budgetrader.all())),
        alla_signerat=bool(parter) and all(p.signerad_aktuell for p in parter),
    )

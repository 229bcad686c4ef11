"""Drafting the Bedömning of a beslutsförslag from the beredning: how the
case fits the inriktning it is assessed against, in the förbund's words.
Plain text in the same conventions as beslut.drafting.

The draft says, in this order: the insats's kind (per del when it has
delar) and the year of the inriktning it is assessed against (once: in the
target-group finding when there is one), what the beredning found (one sentence per checklist point answered
ja or nej; ej tillämpligt and unanswered points say nothing), the
handläggare's note as written, and the beredningsgrupp's recommendation.

Nothing is said twice. The note is the handläggare's own judgement and
always comes as written; a generated sentence on a subject the note already
covers is left out. "Covers" is decided per sentence by two simple checks
(`_sagt_i`): the note contains one of the subject's keywords (e.g. "budget"
for the budget point), or one of the note's sentences is nearly the same
sentence (difflib ratio ≥ LIKHET). A pure function of its arguments, so a
test can sweep every combination of answers."""

import difflib
import re
from dataclasses import dataclass

from beslut.drafting import delar_mening, slag
from beslut.models import Beredning
from samordning.formatting import datum_lang

REKOMMENDATION = {"bifall": "bifall till", "avslag": "avslag på", "komplettering": "komplettering av"}
JA, NEJ = Beredning.Svar.JA, Beredning.Svar.NEJ
ANTAL = {2: "två", 3: "tre", 4: "fyra", 5: "fem"}

# A note sentence at least this similar to a generated one says the same.
LIKHET = 0.8

# The words by which a note is taken to speak of a subject already. Matched
# as lower-case substrings, so a stem covers its inflections ("budget"
# matches "budgeten", "verksamhetsbudget"). Kept narrow on purpose: a false
# match drops a finding from the draft, which the förbundschef then misses.
NYCKELORD = {
    "slag": ("strukturövergripande insats", "individinriktad insats", "är en strukturövergripande", "är en individinriktad"),
    "inriktning": ("inriktningen för", "inriktning för", "verksamhetsinriktning"),
    "malgrupp_arbetsfor": ("arbetsför", "16–64", "16-64"),
    "malgrupp_prioriterad": ("prioriterad",),
    "minst_tva_parter": ("minst två parter", "två parter", "flera parter"),
    "matbara_mal": ("mätbar",),
    "budget_rimlig": ("budget",),
    "diskuterad_lokus": ("diskuter",),
    "alla_signerat": ("ställt sig bakom", "står bakom", "skrivit under", "undertecknat", "signerat"),
}


@dataclass(frozen=True)
class Mening:
    """One generated sentence and the checklist points it reports (none for
    the sentences that are not findings: the kind, the inriktning's year)."""

    text: str
    punkter: frozenset = frozenset()
    amne: str = ""  # the NYCKELORD subject; the point's name when it has one


def _meningar(text):
    return [m for m in re.split(r"(?<=[.!?])\s+", text.strip()) if m]


def _norm(text):
    return " ".join(text.lower().split())


def _amnet_i(amne, anteckning, extra_ord=()):
    """Whether the note speaks of `amne` (one of its NYCKELORD, or one of
    `extra_ord`)."""
    note = _norm(anteckning)
    return any(ord_ in note for ord_ in (*NYCKELORD.get(amne, ()), *extra_ord))


def _sagt_i(mening, anteckning, extra_ord=()):
    """Whether the note already says what `mening` says (see the module)."""
    if not anteckning:
        return False
    if _amnet_i(mening.amne, anteckning, extra_ord):
        return True
    egen = _norm(mening.text)
    return any(difflib.SequenceMatcher(None, egen, _norm(m)).ratio() >= LIKHET for m in _meningar(anteckning))


def _och(namn):
    """ "A", "A och B", "A, B och C"."""
    namn = list(namn)
    return namn[0] if len(namn) == 1 else ", ".join(namn[:-1]) + " och " + namn[-1]


def _i_lopande_text(namn):
    """A target group's name inside a sentence: "Unga vuxna …" reads "unga
    vuxna …"; an abbreviation ("AF-…") keeps its capitals."""
    if len(namn) > 1 and namn[0].isupper() and not namn[1].isupper():
        return namn[0].lower() + namn[1:]
    return namn


def prioriterade(ansokan, inriktning):
    """The prioritised target groups the application names that are among
    the inriktning's (all it names when there is no inriktning), in the
    förbund's order."""
    valda = list(ansokan.prioriterade_malgrupper.all())
    if inriktning is None:
        return valda
    inriktningens = {g.pk for g in inriktning.prioriterade_malgrupper.all()}
    return [g for g in valda if g.pk in inriktningens]


def _i_inriktningen(inriktning):
    return f" i inriktningen för {inriktning.ar}" if inriktning else ""


def _prioriterad_ja(ansokan, inriktning):
    grupper = prioriterade(ansokan, inriktning)
    if not grupper:
        return f"Målgruppen hör till förbundets prioriterade målgrupper{_i_inriktningen(inriktning)}."
    alla = len(inriktning.prioriterade_malgrupper.all()) if inriktning else None
    namn = _och(_i_lopande_text(g.namn) for g in grupper)
    if alla is None:  # no inriktning: how many it has is unknown
        vilka = "som hör till förbundets prioriterade målgrupper"
    elif alla == 1:
        vilka = "förbundets prioriterade målgrupp"
    elif alla == len(grupper):
        vilka = "förbundets prioriterade målgrupper"
    elif len(grupper) == 1:
        vilka = "en av förbundets prioriterade målgrupper"
    else:
        vilka = f"{ANTAL.get(len(grupper), len(grupper))} av förbundets prioriterade målgrupper"
    return f"Insatsen riktar sig till {namn}, {vilka}{_i_inriktningen(inriktning)}."


def fynd(ansokan, beredning, inriktning=None):
    """[Mening]: what the beredning found, one sentence per point answered
    ja or nej (one sentence reports two or three points where the förbund
    writes them together), leaving out what the note already says."""
    b = beredning
    note = b.anteckningar.strip()
    svar = {p: getattr(b, p) for p in Beredning.CHECKLIST if getattr(b, p) in (JA, NEJ)}
    # The groups' own names count as words on the subject: a note that
    # names the group has said it.
    gruppord = [_norm(g.namn) for g in prioriterade(ansokan, inriktning)] if "malgrupp_prioriterad" in svar else []

    def mening(punkt, ja, nej):
        return Mening(ja if svar[punkt] == JA else nej, frozenset([punkt]), punkt)

    kandidater = []
    if "malgrupp_arbetsfor" in svar:
        kandidater.append(
            mening("malgrupp_arbetsfor", "Målgruppen är i arbetsför ålder.", "Målgruppen bedöms inte vara i arbetsför ålder (16–64 år).")
        )
    if "malgrupp_prioriterad" in svar:
        kandidater.append(
            mening(
                "malgrupp_prioriterad",
                _prioriterad_ja(ansokan, inriktning),
                f"Målgruppen hör inte till förbundets prioriterade målgrupper{_i_inriktningen(inriktning)}.",
            )
        )
    # Discussed and signed by all: seed 001 says both in one sentence, and
    # "parterna" says there are several, so it reports "minst två parter"
    # too when that is ja. Only when the note says none of it; otherwise
    # each point on its own (or not at all).
    tillsammans = (
        svar.get("diskuterad_lokus") == JA
        and svar.get("alla_signerat") == JA
        and not any(_amnet_i(p, note) for p in ("diskuterad_lokus", "alla_signerat", "minst_tva_parter"))
    )
    if "minst_tva_parter" in svar and not (tillsammans and svar["minst_tva_parter"] == JA):
        kandidater.append(mening("minst_tva_parter", "Minst två parter står bakom insatsen.", "Färre än två parter står bakom insatsen."))
    if "matbara_mal" in svar:
        kandidater.append(
            mening(
                "matbara_mal",
                "I ansökan anges resultat och mätbara mål som ligger i linje med förbundets inriktning.",
                "Målen i ansökan bedöms inte som mätbara.",
            )
        )
    if "budget_rimlig" in svar:
        kandidater.append(mening("budget_rimlig", "Budgeten bedöms som rimlig.", "Budgeten bedöms inte som rimlig."))
    if tillsammans:
        punkter = {"diskuterad_lokus", "alla_signerat"} | ({"minst_tva_parter"} if svar.get("minst_tva_parter") == JA else set())
        kandidater.append(
            Mening(
                "Ansökan har diskuterats av parterna och alla parter i Lokusgruppen har ställt sig bakom ansökan.",
                frozenset(punkter),
            )
        )
    else:
        if "diskuterad_lokus" in svar:
            kandidater.append(
                mening("diskuterad_lokus", "Ansökan har diskuterats av parterna i Lokusgruppen.", "Ansökan har inte diskuterats i Lokusgruppen.")
            )
        if "alla_signerat" in svar:
            kandidater.append(mening("alla_signerat", "Alla parter har ställt sig bakom ansökan.", _ej_signerat(ansokan)))
    return [m for m in kandidater if not _redan_sagt(m, note, gruppord)]


def _ej_signerat(ansokan):
    """Who has not signed, by name: what the förbundschef would write."""
    saknas = [p.organisation.namn for p in ansokan.parter.all() if not p.signerad_aktuell]
    if not saknas:
        return "Alla parter har ännu inte skrivit under ansökan."
    return f"{_och(saknas)} har ännu inte skrivit under ansökan."


def _redan_sagt(mening, note, gruppord):
    """Whether the note already says `mening`. The prioritised groups are
    said only when the note names them: a note that merely calls the target
    group prioritised has not told the board which group it is."""
    if mening.amne == "malgrupp_prioriterad" and any(g in _norm(mening.text) for g in gruppord):
        egen = Mening(mening.text, mening.punkter, "")
        return _sagt_i(egen, note) or (bool(note) and all(g in _norm(note) for g in gruppord))
    return _sagt_i(mening, note)


def bedomning(ansokan, beredning=None, inriktning=None):
    """The Bedömning draft. `inriktning`: the one the case is assessed
    against (facts.inriktning(beredning)); None when there is none."""
    a = ansokan
    note = beredning.anteckningar.strip() if beredning else ""
    delar = list(a.delar.all())
    inledning = []
    if len(delar) > 1:
        inledning.append(Mening(delar_mening(delar), amne="slag"))
    elif a.kategori:
        inledning.append(Mening(f"Denna insats är en {slag(a.kategori)} insats.", amne="slag"))
    if beredning is None:
        return "\n\n".join(m.text for m in inledning)
    funna = fynd(a, beredning, inriktning)
    # The inriktning's year is named once: by the target-group finding when
    # there is one, else in a sentence of its own.
    if inriktning and not any(f"inriktningen för {inriktning.ar}" in m.text for m in funna):
        inledning.append(Mening(f"Ansökan har bedömts mot förbundets inriktning för {inriktning.ar}.", amne="inriktning"))
    stycken = [" ".join(m.text for m in inledning if not _sagt_i(m, note))]
    stycken.append(" ".join(m.text for m in funna))
    stycken.append(note)
    b = beredning
    if b.rekommendation:
        vad = REKOMMENDATION[b.rekommendation]
        if b.rekommendation_datum:
            stycken.append(f"Beredningsgruppen rekommenderade den {datum_lang(b.rekommendation_datum)} {vad} ansökan.")
        else:
            stycken.append(f"Beredningsgruppen rekommenderar {vad} ansökan.")
    return "\n\n".join(s for s in stycken if s)

"""Drafting a beslutsförslag from the case's own data.

Ärendet and Bedömning are drafted as plain text the förbundschef then
edits: paragraphs separated by a blank line, list items starting with "- ".
Headings inside them are lines of their own (e.g. "Ansökan").
"""

from ansokningar.presentation import innehall
from beslut import klausuler
from beslut.models import Beslutsforslag, Klausul
from samordning.formatting import datum, datum_lang, kr, procent


def _list(items):
    return "\n".join(f"- {text}" for text in items)


def _join(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


def arendet(ansokan, content=None):
    c = content or innehall(ansokan)
    a = ansokan
    typ = "tilläggsansökan" if a.typ == "tillagg" else "ansökan"
    parter = [p.organisation.namn for p in c.samverkansparter]
    stycken = ["Ansökan"]
    inledning = f"{a.insatsagare.namn} har lämnat in en {typ} om finansiering av insatsen {a.namn}"
    if parter:
        inledning += f" tillsammans med {_join(parter)}"
    inledning += "."
    if a.startdatum and a.slutdatum:
        inledning += f" Insatsen planeras pågå från {datum_lang(a.startdatum)} till {datum_lang(a.slutdatum)}"
        inledning += f" och det sökta beloppet är {kr(a.summa_forbund)}."
    else:
        inledning += f" Det sökta beloppet är {kr(a.summa_forbund)}."
    inledning += f" Insatsägare är {a.insatsagare.namn}."
    stycken.append(inledning)
    years = [(y, kr_) for y, kr_ in c.budget.per_ar if y]
    if len(years) > 1:  # multi-year grants commit money in several budget years
        stycken.append("Sökt belopp per budgetår:")
        stycken.append(_list(f"{y}: {kr(v)}" for y, v in years))

    if a.typ == "tillagg" and a.insats_id:
        grants = list(a.insats.beviljanden.all())
        if grants:
            forsta = min(g.period_fran for g in grants)
            rows = [f"{datum(g.period_fran)}–{datum(g.period_till)}: {kr(g.belopp)}" for g in grants]
            stycken.append(f"Förbundet har finansierat insatsen sedan {datum_lang(forsta)}:")
            stycken.append(_list(rows))
    if a.syfte:
        stycken += ["Syfte", a.syfte.strip()]
    if a.malgrupp:
        text = a.malgrupp.strip()
        if a.antal_deltagare:
            text += f"\n\nInsatsen räknar med minst {a.antal_deltagare} deltagare per år."
        stycken += ["Målgrupp", text]
    if c.delar:
        for i, d in enumerate(c.delar, start=1):
            head = f"Del {i}: {d.del_.namn}"
            period = f"{datum(d.del_.startdatum)}–{datum(d.del_.slutdatum)}" if d.del_.startdatum else ""
            kategori = d.del_.kategori.namn.lower() if d.del_.kategori else ""
            stycken.append(head)
            info = ", ".join(x for x in [period, kategori] if x)
            if info:
                stycken.append(f"Period och inriktning: {info}.")
            if d.del_.malgrupp:
                stycken.append(d.del_.malgrupp.strip())
            if d.effekt:
                stycken += ["Effektmål", _list(m.text for m in d.effekt)]
            if d.insats:
                stycken += ["Insatsmål", _list(m.text for m in d.insats)]
    else:
        if c.mal.effekt:
            stycken += ["Effektmål", _list(m.text for m in c.mal.effekt)]
        if c.mal.insats:
            stycken += ["Insatsmål", _list(m.text for m in c.mal.insats)]
    bemanning = []
    for key in ("lon", "egen_lon"):
        for r in c.budget.avsnitt[key].rader:
            if not r.rad.benamning:
                continue
            text = r.rad.benamning
            if r.rad.tjanst_procent:
                text += f", {procent(r.rad.tjanst_procent.normalize())}"
            if r.rad.fran and r.rad.till:
                text += f", {datum(r.rad.fran)}–{datum(r.rad.till)}"
            bemanning.append(text)
    if bemanning:
        stycken += ["Bemanning", _list(bemanning)]
    return "\n\n".join(stycken)


def bedomning(ansokan, beredning=None):
    a = ansokan
    stycken = []
    if a.kategori:
        inriktning = a.kategori.get_inriktning_display().lower()
        text = f"Denna insats är en {inriktning} insats"
        if a.kategori.namn.lower() != inriktning:
            text += f" ({a.kategori.namn.lower()})"
        stycken.append(text + ".")
    if beredning is None:
        return "\n\n".join(stycken)
    b = beredning
    satser = []
    if b.malgrupp_arbetsfor and b.malgrupp_prioriterad:
        satser.append("Målgruppen är i arbetsför ålder och hör till förbundets prioriterade målgrupper.")
    elif b.malgrupp_arbetsfor:
        satser.append("Målgruppen är i arbetsför ålder.")
    if b.matbara_mal:
        satser.append("I ansökan anges resultat och mätbara mål som ligger i linje med förbundets inriktning.")
    if b.budget_rimlig:
        satser.append("Budgeten bedöms som rimlig.")
    if b.diskuterad_lokus and b.alla_signerat:
        satser.append("Ansökan har diskuterats av parterna och alla parter i lokusgruppen har ställt sig bakom ansökan.")
    elif b.alla_signerat:
        satser.append("Alla parter har ställt sig bakom ansökan.")
    if satser:
        stycken.append(" ".join(satser))
    if b.rekommendation:
        text = f"Beredningsgruppen rekommenderar {b.get_rekommendation_display().lower()}"
        if b.rekommendation_datum:
            text += f" ({datum(b.rekommendation_datum)})"
        stycken.append(text + ".")
    if b.anteckningar.strip():
        stycken.append(b.anteckningar.strip())
    return "\n\n".join(stycken)


def standard_satser(forslag, ansokan=None):
    """The library's standard clauses for the proposal's outcome, filled in."""
    if forslag.utfall == Beslutsforslag.Utfall.BIFALL:
        typer = [Klausul.Typ.BIFALL, Klausul.Typ.VILLKOR]
    elif forslag.utfall == Beslutsforslag.Utfall.AVSLAG:
        typer = [Klausul.Typ.AVSLAG]
    else:
        typer = []
    vals = klausuler.values(forslag, ansokan)
    library = Klausul.objects.filter(aktiv=True, standard=True, typ__in=typer)
    order = {t: i for i, t in enumerate(typer)}
    return [klausuler.fill(k.text, vals) for k in sorted(library, key=lambda k: (order[k.typ], k.ordning, k.pk))]


def inledning(forslag):
    return {
        Beslutsforslag.Instans.STYRELSE: "Förbundsstyrelsen föreslås besluta",
        Beslutsforslag.Instans.AU: "Arbetsutskottet föreslår förbundsstyrelsen besluta",
        Beslutsforslag.Instans.DELEGATION: "Förbundschefen beslutar på delegation",
    }[forslag.instans]

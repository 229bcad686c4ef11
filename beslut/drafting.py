"""Drafting a beslutsförslag from the case's own data.

Ärendet and Bedömning are drafted as plain text the förbundschef then
edits: paragraphs separated by a blank line, list items starting with "- ",
headings on lines starting with "# " (samordning.text). Dates in running
text are written out ("1 april 2021"), as in the förbund's documents.
"""


from ansokningar.presentation import del_rubrik, innehall
from beslut import klausuler
from beslut.models import Beslutsforslag, Klausul
from samordning.formatting import datum_lang, kr, procent
from samordning.text import rubrik

ANTAL = {2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio"}


def _list(items):
    return "\n".join(f"- {text}" for text in items)


def _join(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


def period(fran, till):
    """A period in running text: "1 januari–31 december 2026",
    "1 april 2021 – 31 mars 2023"; one open end: "från 1 april 2021"."""
    if fran and till:
        if fran.year == till.year:
            return f"{datum_lang(fran).rsplit(' ', 1)[0]}–{datum_lang(till)}"
        return f"{datum_lang(fran)} – {datum_lang(till)}"
    if fran:
        return f"från {datum_lang(fran)}"
    if till:
        return f"till {datum_lang(till)}"
    return ""


def slag(kategori):
    """How the kind of insats reads: "strukturövergripande",
    "strukturövergripande (kompetenshöjande)"."""
    inriktning = kategori.get_inriktning_display().lower()
    if kategori.namn.lower() != inriktning:
        return f"{inriktning} ({kategori.namn.lower()})"
    return inriktning


def delar_mening(delar):
    """ "Insatsen består av två delar: en strukturövergripande del,
    Strukturfas, 1 januari–31 december 2026, och en individinriktad del, …" """
    beskrivningar = []
    for d in delar:
        text = f"en {slag(d.kategori)} del" if d.kategori else "en del"
        text += f", {d.namn}"
        tid = period(d.startdatum, d.slutdatum)
        if tid:
            text += f", {tid}"
        beskrivningar.append(text)
    antal = ANTAL.get(len(delar), str(len(delar)))
    # The parts' own commas need one before "och" too, to close the last.
    lista = ", ".join(beskrivningar[:-1]) + ", och " + beskrivningar[-1] if len(beskrivningar) > 1 else _join(beskrivningar)
    return f"Insatsen består av {antal} delar: {lista}."


def arendet(ansokan, content=None):
    c = content or innehall(ansokan)
    a = ansokan
    tillagg = a.typ == "tillagg"
    parter = [p.organisation.namn for p in c.samverkansparter]

    inledning = f"{a.insatsagare.namn} har lämnat in en "
    inledning += "tilläggsansökan om fortsatt" if tillagg else "ansökan om"
    inledning += f" finansiering av insatsen {a.namn}"
    if parter:
        inledning += f" tillsammans med {_join(parter)}"
    inledning += "."
    if a.startdatum and a.slutdatum and not tillagg:
        inledning += f" Insatsen planeras pågå från {datum_lang(a.startdatum)} till {datum_lang(a.slutdatum)}"
        inledning += f" och det sökta beloppet är {kr(a.summa_forbund)}."
    elif a.startdatum or a.slutdatum:
        inledning += f" Ansökan gäller perioden {period(a.startdatum, a.slutdatum)}"
        inledning += f" och det sökta beloppet är {kr(a.summa_forbund)}."
    else:
        inledning += f" Det sökta beloppet är {kr(a.summa_forbund)}."
    stycken = [rubrik("Ansökan"), inledning]
    stycken += [text.strip() for text in (a.bakgrund, a.syfte) if text.strip()]

    years = [(y, kr_) for y, kr_ in c.budget.per_ar if y]
    if len(years) > 1:  # multi-year grants commit money in several budget years
        stycken.append("Sökt belopp per budgetår:")
        stycken.append(_list(f"{y}: {kr(v)}" for y, v in years))
    if tillagg and c.tidigare:
        forsta = c.tidigare_period[0]
        stycken.append(f"Förbundet har finansierat insatsen sedan {datum_lang(forsta)}:")
        stycken.append(_list(f"{period(g.period_fran, g.period_till)}: {kr(g.belopp)}" for g in c.tidigare))

    malgrupp = [a.malgrupp.strip()] if a.malgrupp.strip() else []
    if a.antal_deltagare:
        malgrupp.append(f"Insatsen förväntas nå {a.antal_deltagare} deltagare per år.")
    if malgrupp:
        stycken += [rubrik("Målgrupp"), *malgrupp]
    if c.delar:
        # The förbund's money of the budget lines of each part (budget.per_del).
        per_del = {d.pk: kr_ for d, kr_ in c.budget.per_del if d is not None and kr_}
        for i, d in enumerate(c.delar, start=1):
            stycken.append(rubrik(del_rubrik(i, d.del_.namn)))
            k = d.del_.kategori
            info = ", ".join(x for x in [f"{slag(k)} del" if k else "", period(d.del_.startdatum, d.del_.slutdatum)] if x)
            if info:
                stycken.append(info[0].upper() + info[1:] + ".")
            if d.del_.pk in per_del:
                stycken.append(f"Sökt belopp för delen: {kr(per_del[d.del_.pk])}.")
            if d.del_.malgrupp.strip():
                stycken.append(d.del_.malgrupp.strip())
            if d.effekt:
                stycken += ["Effektmål:", _list(m.text for m in d.effekt)]
            if d.insats:
                stycken += ["Insatsmål:", _list(m.text for m in d.insats)]
    if c.mal.overgripande:
        stycken += [rubrik("Övergripande mål"), _list(m.text for m in c.mal.overgripande)]
    if c.mal.effekt:
        stycken += [rubrik("Effektmål"), _list(m.text for m in c.mal.effekt)]
    if c.mal.insats:
        stycken += [rubrik("Insatsmål"), _list(m.text for m in c.mal.insats)]
    bemanning = []
    flera_parter = len(c.budget.parter) > 1
    for key in ("lon", "egen_lon"):
        for r in c.budget.avsnitt[key].rader:
            if not r.rad.benamning:
                continue
            text = r.rad.benamning
            if r.rad.tjanst_procent:
                text += f", {procent(r.rad.tjanst_procent.normalize())}"
            tid = period(r.rad.fran, r.rad.till)
            if tid:
                text += f", {tid}"
            if flera_parter:  # whose staff: the parties the line has money for
                parter = [p.organisation.namn for p, kr_ in zip(c.budget.parter, r.belopp, strict=True) if kr_]
                if parter:
                    text += f" ({_join(parter)})"
            bemanning.append(text)
    if bemanning:
        stycken += [rubrik("Bemanning"), _list(bemanning)]
    return "\n\n".join(stycken)


def utfallets_typer(utfall):
    """The library's clause types that belong to an outcome, in order."""
    if utfall == Beslutsforslag.Utfall.BIFALL:
        return [Klausul.Typ.BIFALL, Klausul.Typ.VILLKOR]
    if utfall == Beslutsforslag.Utfall.AVSLAG:
        return [Klausul.Typ.AVSLAG]
    return []


def standard_satser(forslag, ansokan=None, library=None, uppsattning=None):
    """The clauses of the förbund's clause set (or of `uppsattning`, e.g. a
    preview of another set) for the proposal's outcome, filled in with the
    set's formats: [(text, Klausul)]. `library`: the set's clauses when the
    caller has them."""
    if uppsattning is None:
        uppsattning = klausuler.vald_uppsattning()
    typer = utfallets_typer(forslag.utfall)
    vals = klausuler.values(forslag, ansokan, uppsattning)
    if uppsattning is None:
        return []
    if library is None:
        library = uppsattning.klausuler.filter(aktiv=True, typ__in=typer)
    else:
        library = [k for k in library if k.aktiv and k.typ in typer]
    order = {t: i for i, t in enumerate(typer)}
    return [(klausuler.fill(k.text, vals), k) for k in sorted(library, key=lambda k: (order[k.typ], k.ordning, k.pk))]


def benamning(forslag):
    """What the document is called (`handling` in its head, `dokument` in
    its footer) and what heads its clauses (`rubrik`): decided by the
    förbundschef on delegation it is the decision itself, otherwise a
    proposal to the board. The detail page and the PDF both use it."""
    if forslag.instans == Beslutsforslag.Instans.DELEGATION:
        return {"handling": "Delegationsbeslut", "dokument": "Delegationsbeslut", "rubrik": "Beslut"}
    return {"handling": "Tjänsteskrivelse", "dokument": "Beslutsförslag", "rubrik": "Förslag till beslut"}


def inledning(forslag):
    return {
        Beslutsforslag.Instans.STYRELSE: "Förbundsstyrelsen föreslås besluta",
        Beslutsforslag.Instans.AU: "Arbetsutskottet föreslår förbundsstyrelsen besluta",
        Beslutsforslag.Instans.DELEGATION: "Förbundschefen beslutar",
    }[forslag.instans]


def delegation(forslag, forbund):
    """The line a delegationsbeslut carries: on whose delegation, within
    which limit, and that it is reported to the board; "" otherwise."""
    if forslag.instans != Beslutsforslag.Instans.DELEGATION:
        return ""
    text = "Beslutet fattas med stöd av förbundsstyrelsens delegation till förbundschefen"
    if forbund.delegationsgrans is not None:
        text += f" (beslut om högst {kr(forbund.delegationsgrans)})"
    return text + " och anmäls till förbundsstyrelsen vid dess nästa sammanträde."

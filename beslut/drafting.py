"""Drafting a beslutsförslag from the case's own data.

Ärendet and Bedömning are drafted as plain text the förbundschef then
edits: paragraphs separated by a blank line, list items starting with "- ",
headings on lines starting with "# " (samordning.text). Dates in running
text are written out ("1 april 2021"), as in the förbund's documents.
"""


from beslut import klausuler
from beslut.models import Beslutsforslag, Klausul
from samordning.formatting import datum_lang, kr

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
    if uppsattning is None:  # no set chosen (a database without the migration's rows)
        return []
    typer = utfallets_typer(forslag.utfall)
    vals = klausuler.values(forslag, ansokan, uppsattning)
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

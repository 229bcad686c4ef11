"""The clause library's defaults and how a clause's placeholders are filled.

A clause is written without its leading "att" so the same text serves both
styles: "att bevilja …" or "1. Bevilja …".
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordning.formatting import MANADER, datum, datum_lang, kr
from samordning.formatting import belopp as fmt_belopp

DEFAULTS = [
    # (typ, namn, text)
    ("bifall", "Bevilja stöd", "bevilja finansiellt stöd enligt {ansokningstyp} till insatsen {insats}"),
    ("bifall", "Avsätta medel", "avsätta maximalt {belopp} som finansiering under perioden {fran} till {till}"),
    (
        "bifall",
        "Bevilja stöd för period och belopp",
        # Seed 001 says "enligt ansökan" also of a tilläggsansökan: the
        # förbund's words, not the application's type.
        "bevilja finansiellt stöd enligt ansökan {insats}, för perioden {fran} till {till}, maximalt {belopp}",
    ),
    (
        "villkor",
        "Medlemmarnas fortsatta finansiering",
        "finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver",
    ),
    (
        "villkor",
        "Ansökan, lag och styrdokument",
        "finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande lagstiftning och av förbundet antagna styrdokument",
    ),
    ("avslag", "Avslå ansökan", "avslå {ansokningstyp} om finansiellt stöd till insatsen {insats}"),
    ("ovrigt", "Lägga till handlingarna", "lägga informationen till handlingarna"),
    ("ovrigt", "Anta inriktning", "anta förslag till verksamhetsinriktning {ar}"),
]

VILLKOR_OCH_AVSLAG = ["Medlemmarnas fortsatta finansiering", "Ansökan, lag och styrdokument", "Avslå ansökan"]
AVSATTNING = "Beviljande och avsättning"
SAMLAT = "Ett samlat beviljandebeslut"
# The clause sets a förbund chooses between: (namn, beskrivning,
# beloppformat, datumformat, the clauses by name). The first is chosen on a
# new installation (the domain guide's habit).
UPPSATTNINGAR = [
    (
        AVSATTNING,
        "Stödet till insatsen i en sats, beloppet och perioden i en egen: ”avsätta maximalt 450 000 kr som "
        "finansiering under perioden 2025-01-01 till 2026-12-31”.",
        "kr",
        "iso",
        ["Bevilja stöd", "Avsätta medel", *VILLKOR_OCH_AVSLAG],
    ),
    (
        SAMLAT,
        "Stöd, period och belopp i en enda sats: ”bevilja finansiellt stöd enligt ansökan X, för perioden "
        "1 april 2021 till 31 mars 2023, maximalt 316 000 kronor”.",
        "kronor",
        "lang",
        ["Bevilja stöd för period och belopp", *VILLKOR_OCH_AVSLAG],
    ),
]


def load_clauses(Klausul):
    """Create the default clauses once (the data migration 0002 too, whose
    model has no sets yet)."""
    if Klausul.objects.exists():
        return
    Klausul.objects.bulk_create(
        [Klausul(typ=typ, namn=namn, text=text, ordning=i) for i, (typ, namn, text) in enumerate(DEFAULTS)]
    )


def load_sets(Klausul, KlausulUppsattning, valj=AVSATTNING):
    """Create the default clause sets from the library's clauses of those
    names (a förbund may have removed or renamed some: the set gets the rest),
    each once; the set named `valj` is chosen when none is."""
    by_name = {k.namn: k for k in Klausul.objects.all()}
    for namn, beskrivning, beloppformat, datumformat, satser in UPPSATTNINGAR:
        if KlausulUppsattning.objects.filter(namn=namn).exists():
            continue
        uppsattning = KlausulUppsattning.objects.create(
            namn=namn, beskrivning=beskrivning, beloppformat=beloppformat, datumformat=datumformat
        )
        uppsattning.klausuler.set([by_name[n] for n in satser if n in by_name])
    if valj and not KlausulUppsattning.objects.filter(vald=True).exists():
        KlausulUppsattning.objects.filter(namn=valj).update(vald=True)


def load_defaults(Klausul, KlausulUppsattning=None):
    """The default library and its clause sets, once (the demo, tests)."""
    if KlausulUppsattning is None:
        from beslut.models import KlausulUppsattning
    load_clauses(Klausul)
    load_sets(Klausul, KlausulUppsattning)


PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Each placeholder with what it becomes, for the library's edit page.
PLACEHOLDERS = {
    "insats": gettext_lazy("insatsens namn (utan ansökan: ärendets rubrik)"),
    "ansokningstyp": gettext_lazy("”ansökan” eller ”tilläggsansökan”"),
    "insatsagare": gettext_lazy("insatsägarens namn"),
    "belopp": gettext_lazy("förslagets belopp som uppsättningen skriver det: 316 000 kr eller 316 000 kronor"),
    "fran": gettext_lazy("periodens början som uppsättningen skriver datum: 2021-04-01 eller 1 april 2021"),
    "till": gettext_lazy("periodens slut som uppsättningen skriver datum: 2023-03-31 eller 31 mars 2023"),
    # The names from before the clause sets, for library texts that use
    # them: each keeps its one way of writing.
    "belopp_kronor": gettext_lazy("förslagets belopp, alltid som 316 000 kronor"),
    "fran_text": gettext_lazy("periodens början, alltid som 1 april 2021"),
    "till_text": gettext_lazy("periodens slut, alltid som 31 mars 2023"),
    "ar": gettext_lazy("periodens första år, t.ex. 2021 (verksamhetsinriktningen för året)"),
}


def kronor(value):
    """1540400 -> '1 540 400 kronor' (non-breaking spaces, as kr())."""
    return f"{fmt_belopp(value)}\u00a0kronor" if value is not None else ""


# How a clause set writes {belopp} and {fran}/{till}, by its choices
# (KlausulUppsattning.Beloppformat, .Datumformat).
BELOPPFORMAT = {"kr": kr, "kronor": kronor}
DATUMFORMAT = {"iso": datum, "lang": datum_lang}


# The names from before the clause sets write one way whatever the set
# says: (the set's choice, the way the name writes, the name to use instead).
FASTA_FORMAT = {
    "belopp_kronor": ("beloppformat", "kronor", "{belopp}"),
    "fran_text": ("datumformat", "lang", "{fran}"),
    "till_text": ("datumformat", "lang", "{till}"),
}


def fasta_format(text, uppsattning):
    """[(placeholder, instead)] for the placeholders in a library `text`
    that write an amount or a date otherwise than `uppsattning` does."""
    result = []
    for namn in PLACEHOLDER.findall(text):
        if namn in FASTA_FORMAT:
            val, format_, instead = FASTA_FORMAT[namn]
            if getattr(uppsattning, val) != format_:
                result.append(("{" + namn + "}", instead))
    return result


def vald_uppsattning():
    """The förbund's chosen clause set, or None (a library without sets)."""
    from beslut.models import KlausulUppsattning

    return KlausulUppsattning.objects.filter(vald=True).first()


def values(forslag, ansokan=None, uppsattning=None):
    """The placeholders' values for a case. {belopp}, {fran} and {till} are
    written as `uppsattning` has chosen (None: the förbund's chosen set;
    without one 316 000 kr and 2021-04-01)."""
    if uppsattning is None:
        uppsattning = vald_uppsattning()
    som_belopp = BELOPPFORMAT[uppsattning.beloppformat] if uppsattning else kr
    som_datum = DATUMFORMAT[uppsattning.datumformat] if uppsattning else datum
    return {
        "insats": ansokan.namn if ansokan else forslag.titel,
        "ansokningstyp": "tilläggsansökan" if ansokan and ansokan.typ == "tillagg" else "ansökan",
        # A matter without an application has no insatsägare: the
        # placeholder stays, to be pointed out, not left as a gap.
        "insatsagare": ansokan.insatsagare.namn if ansokan else "{insatsagare}",
        "belopp": som_belopp(forslag.belopp) if forslag.belopp is not None else "{belopp}",
        "belopp_kronor": kronor(forslag.belopp) if forslag.belopp is not None else "{belopp_kronor}",
        "fran": som_datum(forslag.period_fran) or "{fran}",
        "till": som_datum(forslag.period_till) or "{till}",
        "fran_text": datum_lang(forslag.period_fran) or "{fran_text}",
        "till_text": datum_lang(forslag.period_till) or "{till_text}",
        "ar": str(forslag.period_fran.year) if forslag.period_fran else "{ar}",
    }


def fill(text, vals):
    """Replace {name} with its value; anything else (an unknown name, stray
    braces) stays as written for the förbundschef to see and fix. No
    str.format: clause text must not reach attributes or format specs."""
    return PLACEHOLDER.sub(lambda m: vals.get(m[1], m[0]), text)


def unknown(text):
    """Placeholders and braces in `text` that fill() would not replace."""
    names = set(PLACEHOLDER.findall(text)) - set(PLACEHOLDERS)
    rest = PLACEHOLDER.sub("", text)
    return sorted(names) + (["{", "}"] if "{" in rest or "}" in rest else [])


def fyllda(text):
    """Known placeholders still in `text`, e.g. ["{belopp}"]: the value was
    missing when the clause was filled."""
    return [m[0] for m in PLACEHOLDER.finditer(text) if m[1] in PLACEHOLDERS]


WHITESPACE = re.compile(r"[ \t\r\n]+")


def normalise(text):
    """One clause on one line, without a leading "att" (the style adds it).
    Only ordinary whitespace is collapsed: the non-breaking spaces in
    "316 000 kr" stay, so an amount never breaks over two lines."""
    text = WHITESPACE.sub(" ", text).strip()
    if text.lower().startswith("att "):
        text = text[4:].lstrip()
    return text


@dataclass(frozen=True)
class Sats:
    """A clause as the edit page posts it: its text and, when it was drafted
    from the library, the library clause it came from."""

    text: str
    klausul_id: int | None = None


def som_sats(item):
    return item if isinstance(item, Sats) else Sats(item)


def orord(text, klausul, vals):
    """Whether `text` is still exactly what the library clause made of the
    case's values `vals`: nobody has edited it by hand, so it may follow
    the proposal when an amount, a period or the outcome changes."""
    return klausul is not None and text == fill(klausul.text, vals)


def markerade(texts, stil):
    """[(marker, text)]: "att" and the clause, or "1." and the clause with a
    capital, as the förbund's style has it."""
    if stil == "numrerad":
        return [(f"{i}.", t[:1].upper() + t[1:]) for i, t in enumerate(texts, start=1)]
    return [("att", t) for t in texts]


ISO_HEL = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def som_html(text):
    """A clause as HTML for the page and the PDF, from its stored plain
    text: escaped, and an ISO date kept on one line (a browser would break
    "2029-06-30" after a hyphen). Nothing else is marked up: a clause reads
    as the förbund wrote it, and text that looks like markup ("*X*",
    "<em>") is shown as typed."""
    parts, pos = [], 0
    for m in ISO_HEL.finditer(text):
        parts.append(escape(text[pos : m.start()]))
        parts.append(format_html('<span class="text-nowrap">{}</span>', m[0]))
        pos = m.end()
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # every piece escaped above


def visning(texts, stil):
    """[(marker, html)]: the clauses as the förbund's style marks them, as
    HTML (som_html) for a page or the PDF."""
    return [(marker, som_html(text)) for marker, text in markerade(texts, stil)]


# Amounts and dates a hand-written clause mentions, to compare with the
# proposal's own: "316 000 kr", "316 000 kronor", "2021-04-01", "1 april 2021".
BELOPP = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)[ \u00a0]?(kr|kronor|tkr)\b")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
LANG = re.compile(r"\b(\d{1,2}) (" + "|".join(MANADER) + r") (\d{4})\b")


def _belopp_i(text):
    for digits, unit in BELOPP.findall(text):
        value = int(re.sub(r"\D", "", digits))
        yield value * 1000 if unit == "tkr" else value


def _datum_i(text):
    for y, m, d in ISO.findall(text):
        try:
            yield datetime.date(int(y), int(m), int(d))
        except ValueError:
            continue
    for d, manad, y in LANG.findall(text):
        try:
            yield datetime.date(int(y), MANADER.index(manad) + 1, int(d))
        except ValueError:
            continue


def varningar(text, forslag, klausul=None, typer=None):
    """What in a clause no longer matches the proposal: an amount or a date
    other than the proposal's, an unfilled placeholder, a library clause of
    another outcome (`typer`: the clause types of the proposal's outcome)."""
    result = [_("Platshållaren %(namn)s är inte ifylld.") % {"namn": namn} for namn in fyllda(text)]
    if forslag.belopp is not None:
        for value in sorted(set(_belopp_i(text)) - {forslag.belopp}):
            result.append(
                _("Satsen nämner %(satsens)s men förslagets belopp är %(belopp)s.")
                % {"satsens": kr(value), "belopp": kr(forslag.belopp)}
            )
    gransen = [d for d in (forslag.period_fran, forslag.period_till) if d]
    if gransen:
        for value in sorted(set(_datum_i(text)) - set(gransen)):
            result.append(
                _("Satsen nämner %(datum)s, som inte är början eller slut på förslagets period (%(period)s).")
                % {"datum": datum_lang(value), "period": " – ".join(datum_lang(d) for d in gransen)}
            )
    if klausul is not None and typer is not None and klausul.typ in UTFALLSTYPER and klausul.typ not in typer:
        result.append(
            _("Satsen kommer från biblioteket för ”%(typ)s” men förslaget är ”%(utfall)s”.")
            % {"typ": klausul.get_typ_display().lower(), "utfall": forslag.get_utfall_display().lower()}
        )
    return result


UTFALLSTYPER = {"bifall", "villkor", "avslag"}

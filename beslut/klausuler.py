"""The clause library's defaults and how a clause's placeholders are filled.

A clause is written without its leading "att" so the same text serves both
styles: "att bevilja …" or "1. Bevilja …".
"""

import re

from samordning.formatting import belopp as fmt_belopp
from samordning.formatting import datum, datum_lang, kr

DEFAULTS = [
    # (typ, namn, text, standard)
    ("bifall", "Bevilja stöd", "bevilja finansiellt stöd enligt {ansokningstyp} till insatsen {insats}", True),
    (
        "bifall",
        "Avsätta medel",
        "avsätta maximalt {belopp} som finansiering under perioden {fran} till {till}",
        True,
    ),
    (
        "bifall",
        "Bevilja stöd för period och belopp",
        "bevilja finansiellt stöd enligt {ansokningstyp} {insats}, för perioden {fran_text} till {till_text}, maximalt {belopp_kronor}",
        False,
    ),
    (
        "villkor",
        "Medlemmarnas fortsatta finansiering",
        "finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från medlemsorganisationerna framöver",
        True,
    ),
    (
        "villkor",
        "Ansökan, lag och styrdokument",
        "finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande lagstiftning och av förbundet antagna styrdokument",
        True,
    ),
    ("avslag", "Avslå ansökan", "avslå {ansokningstyp} om finansiellt stöd till insatsen {insats}", True),
    ("ovrigt", "Lägga till handlingarna", "lägga informationen till handlingarna", False),
    ("ovrigt", "Anta inriktning", "anta förslag till verksamhetsinriktning", False),
]


def load_defaults(Klausul):
    """Create the default library once (used by a data migration and the demo)."""
    if Klausul.objects.exists():
        return
    Klausul.objects.bulk_create(
        [
            Klausul(typ=typ, namn=namn, text=text, standard=standard, ordning=i)
            for i, (typ, namn, text, standard) in enumerate(DEFAULTS)
        ]
    )


PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = ["insats", "ansokningstyp", "insatsagare", "belopp", "belopp_kronor", "fran", "till", "fran_text", "till_text"]


def values(forslag, ansokan=None):
    return {
        "insats": ansokan.namn if ansokan else forslag.titel,
        "ansokningstyp": "tilläggsansökan" if ansokan and ansokan.typ == "tillagg" else "ansökan",
        "insatsagare": ansokan.insatsagare.namn if ansokan else "",
        "belopp": kr(forslag.belopp) if forslag.belopp is not None else "{belopp}",
        "belopp_kronor": f"{fmt_belopp(forslag.belopp)}\u00a0kronor" if forslag.belopp is not None else "{belopp}",
        "fran": datum(forslag.period_fran) or "{fran}",
        "till": datum(forslag.period_till) or "{till}",
        "fran_text": datum_lang(forslag.period_fran) or "{fran_text}",
        "till_text": datum_lang(forslag.period_till) or "{till_text}",
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

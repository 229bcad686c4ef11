"""The application as a PDF, laid out like the förbund's Word form (seed 004):
the form's headings in its order, the signature blocks, the detailed budget
per party and the summary table."""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ansokningar import presentation, selectors
from samordning.models import Forbund
from samordning.pdf import file_url, render_pdf

TEMPLATE = "ansokningar/pdf.html"

BULLET = re.compile(r"^\s*[•\-–*·]\s+")


@dataclass
class Stycke:
    """A block of running text: a paragraph (lines kept) or a bullet list."""

    typ: str  # "p" or "ul"
    rader: list = field(default_factory=list)


def stycken(text):
    """Split a text field into paragraphs and bullet lists: blank lines end
    a paragraph, lines starting with •, - or – are list points (consecutive
    points form one list even with blank lines between them)."""
    blocks = []
    current = None
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if not line.strip():
            if current is not None and current.typ == "p":
                current = None
            continue
        if BULLET.match(line):
            if current is None or current.typ != "ul":
                current = Stycke("ul")
                blocks.append(current)
            current.rader.append(BULLET.sub("", line))
        else:
            if current is None or current.typ != "p":
                current = Stycke("p")
                blocks.append(current)
            current.rader.append(line.strip())
    return blocks


def som_html(blocks):
    """Blocks as HTML; every piece of text is escaped."""
    parts = []
    for block in blocks:
        if block.typ == "ul":
            parts.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in block.rader))))
        else:
            parts.append(format_html("<p>{}</p>", format_html_join(mark_safe("<br>"), "{}", ((r,) for r in block.rader))))
    return mark_safe("".join(parts))


def text_html(text):
    return som_html(stycken(text))


@dataclass
class Avsnitt:
    rubrik: str
    stycken: list


def overenskommelse(text):
    """The agreement's blocks: the first line of a block is its subheading
    when it does not end like a sentence and more lines follow."""
    result = []
    for block in stycken(text):
        if block.typ == "p" and len(block.rader) > 1 and not block.rader[0].endswith((".", ":", "!", "?")):
            rubrik, rest = block.rader[0], Stycke("p", block.rader[1:])
            result.append(Avsnitt(rubrik, [rest]))
        elif result:  # a further paragraph of the same subsection
            result[-1].stycken.append(block)
        else:
            result.append(Avsnitt("", [block]))
    for avsnitt in result:
        avsnitt.html = som_html(avsnitt.stycken)
    return result


TEXTFALT = ["syfte", "bakgrund", "malgrupp", "metod", "uppfoljning", "tillvaratas", "diskuterad_hur"]


def underskrifter(innehall):
    blocks = []
    for part in innehall.parter:
        blocks.append(
            {
                "part": part,
                "roll": "Insatsägare" if part.huvud else "Samverkanspart",
                "underskrift": getattr(part, "underskrift", None) if part.signerad else None,
            }
        )
    return blocks


def kolumner(parter):
    """Budget column headings: the huvudinsatsägare, then delinsatsägare."""
    return [
        {"roll": "Huvudinsatsägare" if p.huvud else "Delinsatsägare", "nummer": i, "part": p}
        for i, p in enumerate(parter)
    ]


def context(ansokan):
    innehall = presentation.innehall(ansokan)
    forbund = Forbund.get()
    logotyp_url = ""
    if forbund.logotyp:
        try:
            logotyp_url = file_url(forbund.logotyp.path)
        except (ValueError, NotImplementedError):  # no local file (other storage)
            logotyp_url = ""
    return {
        "forbund": forbund,
        "logotyp_url": logotyp_url,
        "ansokan": ansokan,
        "i": innehall,
        "budget": innehall.budget,
        "kolumner": kolumner(innehall.parter),
        "text": {name: text_html(getattr(ansokan, name)) for name in TEXTFALT},
        "delar": [{"vy": d, "malgrupp": text_html(d.del_.malgrupp)} for d in innehall.delar],
        "overenskommelse": overenskommelse(ansokan.overenskommelse),
        "underskrifter": underskrifter(innehall),
        "prioriterade": list(ansokan.prioriterade_malgrupper.all()),
    }


def render_ansokan_pdf(ansokan, **kwargs):
    """The application as PDF bytes. Loads it with everything it shows in
    a fixed number of queries."""
    ansokan = selectors.load(ansokan.pk)
    return render_pdf(TEMPLATE, context(ansokan), **kwargs)

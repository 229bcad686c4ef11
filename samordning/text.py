"""Free text written by users, shown as paragraphs, lists and (where a
document wants them) headings. One splitter for the pages and every PDF.

Users write plain text: a blank line ends a paragraph, lines starting with
•, -, –, * or · are list points (consecutive points form one list even with
blank lines between them). With `headings`, a line starting with "# " is a
heading of its own, as in a drafted Ärendet ("# Ansökan"); nothing else
becomes a heading, so a short line such as "Unga vuxna" stays text. Without
`headings` the "# " stays as written. Every piece of text is escaped: no
user HTML ever reaches a page or a PDF.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BULLET = re.compile(r"^\s*[•\-–*·]\s+")
HEADING = re.compile(r"^\s*#\s+(?=\S)")
HEADING_MARK = "# "
# "100 %", "450 kr": a number stays with its unit on one line (the Swedish
# rule the documents follow), also when a user typed an ordinary space.
ENHET = re.compile(r"(?<=\d) (?=(?:%|kr|tkr|mnkr)(?![\w]))")


@dataclass
class Stycke:
    typ: str  # "p", "ul" or "h"
    rader: list = field(default_factory=list)


def rubrik(text):
    """`text` as a heading line for stycken(..., headings=True)."""
    return HEADING_MARK + text


def stycken(text, *, headings=False):
    blocks = []
    current = None
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ENHET.sub("\u00a0", line.rstrip())
        if not line.strip():
            if current is not None and current.typ == "p":
                current = None
            continue
        if headings and HEADING.match(line):
            blocks.append(Stycke("h", [HEADING.sub("", line)]))
            current = None
        elif BULLET.match(line):
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


def som_html(blocks, heading="h3", punkt=None):
    """HTML of the blocks. With `punkt` (e.g. "•\u2002") list items start
    with it as text and the list is <ul class="punkter">: a PDF then lays out
    no marker box per item (which costs WeasyPrint much more than text); its
    stylesheet hangs the items by the width of `punkt`."""
    parts = []
    for block in blocks:
        if block.typ == "ul" and punkt:
            items = format_html_join("", "<li>{}{}</li>", ((punkt, r) for r in block.rader))
            parts.append(format_html('<ul class="punkter">{}</ul>', items))
        elif block.typ == "ul":
            parts.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in block.rader))))
        elif block.typ == "h":
            parts.append(format_html("<{0}>{1}</{0}>", heading, block.rader[0]))
        else:
            parts.append(
                format_html("<p>{}</p>", format_html_join(mark_safe("<br>"), "{}", ((r,) for r in block.rader)))
            )
    return mark_safe("\n".join(parts))  # every piece was escaped by format_html


def to_html(text, heading=None, punkt=None):
    """Paragraphs and lists; "# " headings too when `heading` names a tag."""
    return som_html(stycken(text, headings=bool(heading)), heading or "h3", punkt)

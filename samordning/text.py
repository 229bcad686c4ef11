"""Free text written by users, shown as paragraphs, lists and (where a
document wants them) headings. One splitter for the pages and every PDF.

Users write plain text: a blank line ends a paragraph, lines starting with
•, -, –, * or · are list points (consecutive points form one list even with
blank lines between them). With `headings`, a paragraph that is one short
line without final punctuation ("Ansökan", "Syfte") becomes a heading, as in
a drafted Ärendet. Every piece of text is escaped: no user HTML ever reaches
a page or a PDF.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BULLET = re.compile(r"^\s*[•\-–*·]\s+")
HEADING_MAX = 60


@dataclass
class Stycke:
    typ: str  # "p", "ul" or "h"
    rader: list = field(default_factory=list)


def stycken(text, *, headings=False):
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
    if headings:
        for block in blocks:
            if block.typ == "p" and len(block.rader) == 1 and _looks_like_heading(block.rader[0]):
                block.typ = "h"
    return blocks


def _looks_like_heading(line):
    return len(line) <= HEADING_MAX and not line.endswith((".", ":", "!", "?", ",", ";")) and not line[0].isdigit()


def som_html(blocks, heading="h3"):
    parts = []
    for block in blocks:
        if block.typ == "ul":
            parts.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in block.rader))))
        elif block.typ == "h":
            parts.append(format_html("<{0}>{1}</{0}>", heading, block.rader[0]))
        else:
            parts.append(
                format_html("<p>{}</p>", format_html_join(mark_safe("<br>"), "{}", ((r,) for r in block.rader)))
            )
    return mark_safe("\n".join(parts))  # every piece was escaped by format_html


def to_html(text, heading=None):
    """Paragraphs and lists; headings too when `heading` names a tag."""
    return som_html(stycken(text, headings=bool(heading)), heading or "h3")

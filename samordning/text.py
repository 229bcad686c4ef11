"""Free text written by users, shown as paragraphs, headings and lists.

Users write plain text: a blank line between paragraphs, "- " or "• " at the
start of list items, and a short line of its own as a heading. Everything is
escaped first, so no HTML from users ever reaches a page or a PDF.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

BULLETS = ("- ", "• ", "* ")


@dataclass
class Block:
    kind: str  # "p", "h", "ul"
    lines: list


def blocks(text):
    result = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(BULLETS) for line in lines):
            result.append(Block("ul", [line.lstrip()[2:].strip() for line in lines]))
        elif len(lines) == 1 and len(lines[0]) <= 60 and not lines[0].rstrip().endswith((".", ":", "!", "?", ",")):
            result.append(Block("h", lines))
        else:
            result.append(Block("p", lines))
    return result


def to_html(text, heading="h3"):
    parts = []
    for b in blocks(text):
        if b.kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in b.lines) + "</ul>")
        elif b.kind == "h":
            parts.append(f"<{heading}>{escape(b.lines[0])}</{heading}>")
        else:
            parts.append("<p>" + "<br>".join(escape(x) for x in b.lines) + "</p>")
    return mark_safe("\n".join(parts))

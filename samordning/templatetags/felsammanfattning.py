"""The error summary every page gets after a failed save, built in one place.

base.html renders its content block first, through {% sidinnehall %}, and
reads the error messages from that HTML: every element with the class
`invalid-feedback` (a field's message) or the attribute `data-fel` (a
message about the whole form). Each becomes an item of the summary at the
top of the page, in the order the page shows them, linking to the field
whose aria-describedby names the message (or, for a group such as a
fieldset without an id, to its first field). The page title then starts
with "Fel: " and static/js/fokus.js moves the focus to the summary. The
page's error-level messages (a version conflict, a refused step) lead the
summary instead of standing in the quieter message box, so an error that
is not about one field is announced and focused the same way; a notice the
page renders itself (a version conflict, with its link to the latest
version) is marked <!--felsammanfattning-->…<!--/felsammanfattning--> and
is moved into the summary, so it is said once, where the focus goes.

Reading the rendered page rather than the forms in the context is what
makes this hold for every form: hand-written budget cells, goal lists and
formsets alike, in the order a reader meets them. The rules a page must
follow (a message has an id, its field points at it) are enforced by
tests/test_tillganglighet.py over every form in the URLconf.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

CONTROLS = {"input", "select", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Fel:
    text: str
    href: str = ""  # the id to link to, without "#"; empty: no link


@dataclass
class Felsida:
    innehall: str
    fel: list = field(default_factory=list)
    # Error-level messages (django.contrib.messages): a save refused because
    # someone else saved first, a step the workflow refused. They lead the
    # summary, so they too are announced, focused and put "Fel:" in the title.
    meddelanden: list = field(default_factory=list)
    # Notices the page wants said in the summary itself, with their links (a
    # version conflict and "open the latest version"): the content marks them
    # <!--felsammanfattning-->…<!--/felsammanfattning--> and they move here.
    inledning: list = field(default_factory=list)
    # The other messages ("Beslutsförslaget är sparat."): base.html's message
    # box, which static/js/fokus.js focuses when there is no error summary.
    ovriga: list = field(default_factory=list)

    @property
    def har_fel(self):
        return bool(self.fel or self.meddelanden or self.inledning)


class _Open:
    """An element being read, closed when its tag closes at the same depth."""

    def __init__(self, tag, depth, payload):
        self.tag, self.depth, self.payload = tag, depth, payload


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = {}  # tag -> how many are open
        self.messages = []  # [{"id", "text", "for"}] in document order
        self.describers = {}  # message id -> id of the first element pointing at it
        self.open_messages = []
        self.open_groups = []  # groups without an id pointing at messages: their first field gets the link
        self.in_template = 0
        self.labels = {}  # element id -> its label's text (label for=, aria-label, a fieldset's legend)
        self.open_labels = []  # [_Open] of <label for> and <legend>, collecting text
        self.fieldsets = []  # ids of the open fieldsets ("" for one without an id)

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        attrs = dict(attrs)
        if tag not in VOID:
            self.depth[tag] = self.depth.get(tag, 0) + 1
        classes = (attrs.get("class") or "").split()
        if not self.open_messages and ("invalid-feedback" in classes or "data-fel" in attrs):
            message = {"id": attrs.get("id") or "", "text": [], "for": attrs.get("data-fel") or ""}
            self.messages.append(message)
            self.open_messages.append(_Open(tag, self.depth.get(tag, 0), message))
        refs = (attrs.get("aria-describedby") or "").split()
        own_id = attrs.get("id") or ""
        if own_id and attrs.get("aria-label"):
            self.labels.setdefault(own_id, attrs["aria-label"])
        if tag == "fieldset":
            self.fieldsets.append(own_id)
        label_for = attrs.get("for") if tag == "label" else (self.fieldsets[-1] if tag == "legend" and self.fieldsets else "")
        if label_for:
            self.open_labels.append(_Open(tag, self.depth[tag], {"for": label_for, "text": []}))
        is_field = tag in CONTROLS and attrs.get("type") != "hidden"
        if refs and own_id:
            for ref in refs:
                self.describers.setdefault(ref, own_id)
        elif refs and tag not in VOID:  # a group without an id: its first field
            self.open_groups.append(_Open(tag, self.depth[tag], refs))
        if is_field and own_id:
            for group in self.open_groups:
                for ref in group.payload:
                    self.describers.setdefault(ref, own_id)
            self.open_groups = []

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template = max(0, self.in_template - 1)
            return
        if self.in_template or tag in VOID:
            return
        depth = self.depth.get(tag, 0)
        if self.open_messages and self.open_messages[-1].tag == tag and self.open_messages[-1].depth == depth:
            self.open_messages.pop()
        self.open_groups = [g for g in self.open_groups if not (g.tag == tag and g.depth == depth)]
        if self.open_labels and self.open_labels[-1].tag == tag and self.open_labels[-1].depth == depth:
            label = self.open_labels.pop().payload
            self.labels.setdefault(label["for"], "".join(label["text"]))
        if tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        self.depth[tag] = max(0, depth - 1)

    def handle_data(self, data):
        if self.open_messages and not self.in_template:
            self.open_messages[-1].payload["text"].append(data)
        for label in self.open_labels:
            label.payload["text"].append(data)


def las_fel(html):
    """[Fel] of a rendered page, in document order."""
    if "invalid-feedback" not in html and "data-fel" not in html:
        return []
    reader = _Reader()
    reader.feed(html)
    reader.close()
    result = []
    for message in reader.messages:
        text = re.sub(r"\s+", " ", "".join(message["text"])).strip()
        if not text:
            continue
        href = reader.describers.get(message["id"]) or message["for"] or message["id"]
        result.append(Fel(text, href))
    return _skilj_at(result, reader.labels)


def _skilj_at(fel, labels):
    """Items with the same text (three shares "Kan inte vara negativ.", a
    budget column of "Ange beloppet …") lead to different fields but would
    read as the same link: each gets its field's label in front."""
    counts = {}
    for f in fel:
        counts[f.text] = counts.get(f.text, 0) + 1
    for f in fel:
        label = re.sub(r"\s+", " ", labels.get(f.href, "")).strip().rstrip("*").strip().rstrip(":")
        if counts[f.text] > 1 and label:
            f.text = f"{label}: {f.text}"
    return fel


START, END = "<!--felsammanfattning-->", "<!--/felsammanfattning-->"


def flytta_till_sammanfattningen(html):
    """(the page without its marked notices, [each notice's HTML])."""
    moved = []
    while START in html and END in html.split(START, 1)[1]:
        before, rest = html.split(START, 1)
        notice, after = rest.split(END, 1)
        moved.append(mark_safe(notice.strip()))  # rendered, so escaped, by the engine
        html = before + after
    return html, moved


class SidinnehallNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html, inledning = flytta_till_sammanfattningen(self.nodelist.render(context))
        # Set where base.html reads it: the title, the summary and the content itself.
        alla = list(context.get("messages") or ())
        meddelanden = [m for m in alla if m.level_tag == "error"]
        ovriga = [m for m in alla if m.level_tag != "error"]
        context["felsida"] = Felsida(  # the content is escaped by the engine
            mark_safe(html), las_fel(html), meddelanden=meddelanden, inledning=inledning, ovriga=ovriga
        )
        return ""


@register.tag
def sidinnehall(parser, token):
    """{% sidinnehall %}{% block content %}{% endblock %}{% endsidinnehall %}:
    renders the block once, before the <title>, into `felsida`."""
    nodelist = parser.parse(("endsidinnehall",))
    parser.delete_first_token()
    return SidinnehallNode(nodelist)


@register.filter
def fel_attr(bound_field):
    """The attributes that tie a hand-written field to its message, as
    Django's widgets write them: ` aria-invalid="true" aria-describedby="…_error"`."""
    if not bound_field.errors:
        return ""
    return format_html(' aria-invalid="true" aria-describedby="{}_error"', bound_field.auto_id)

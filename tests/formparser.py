"""The forms of a page as a browser sees them, from its HTML (stdlib
html.parser): each form's inputs, what a submit would post, and whether an
input carries a message after a failed save. Used through tests/sweep.py.

Content of <template> elements is skipped: the browser does not post it
(the edit pages keep their empty row and del there for JavaScript). So are
inputs named "__prefix__": the admin's empty formset row, which Django
ignores when posted.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SCRIPT = "<script>alert(1)</script>"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ERROR_CLASSES = {"invalid-feedback", "errorlist"}


@dataclass
class Control:
    index: int
    tag: str
    kind: str  # text, textarea, number, date, choice, hidden, file, password, button
    name: str
    value: str = ""
    checked: bool = False
    invalid: bool = False  # class is-invalid or aria-invalid="true"
    ancestors: tuple = ()
    options: list = field(default_factory=list)  # [(value, selected)] of a select
    multiple: bool = False
    maxlength: str = None  # the browser cuts a longer paste without a word
    readonly: bool = False


@dataclass
class Form:
    method: str
    action: str
    controls: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # ancestor tuples of the message elements
    names_in: dict = field(default_factory=dict)  # element id -> visible input names inside it
    submit: tuple = None  # (name, value) of the first submit button with a name
    submittable: bool = False  # has a submit button (a read-only form shown without one is not)
    attrs: dict = field(default_factory=dict)  # the <form> tag's own attributes (data-bekrafta)
    buttons: list = field(default_factory=list)  # the attributes of each enabled submit button

    def data(self, changed=None):
        """What a submit posts, {name: [values]}, with `changed` {index: value}
        put in place of the inputs' own values."""
        changed = changed or {}
        data = {}
        for c in self.controls:
            if c.kind in ("button", "file"):
                continue
            if c.tag == "select":
                chosen = [v for v, sel in c.options if sel]
                if not chosen and not c.multiple:  # a single select shows, and posts, its first option
                    chosen = [v for v, _ in c.options[:1]]
                values = [changed[c.index]] if c.index in changed else chosen
            elif c.kind == "choice":  # checkbox or radio: only when checked
                if not c.checked:
                    continue
                values = [changed.get(c.index, c.value)]
            else:
                values = [changed.get(c.index, c.value)]
            data.setdefault(c.name, []).extend(values)
        if self.submit:
            data.setdefault(self.submit[0], []).append(self.submit[1])
        return data

    def values(self, name):
        return [c.value for c in self.controls if c.name == name and c.kind not in ("button", "file")]

    def marked(self, name):
        """Whether an input of `name` shows a message: marked invalid itself,
        or a message element sits with it in a container holding no other
        input (its crispy div, its table cell, its goal list's fieldset)."""
        for c in self.controls:
            if c.name != name:
                continue
            if c.invalid:
                return True
            for error in self.errors:
                common = _common(c.ancestors, error)
                if common is not None and self.names_in.get(common, set()) <= {name}:
                    return True
        return False


def _common(a, b):
    last = None
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        last = x
    return last


class _Parser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self.links = []  # every <a href>, absolute
        self.form = None
        self.stack = []  # [(tag, element id)]
        self.next_id = 0
        self.in_template = 0
        self.disabled_fieldsets = []  # element ids of open <fieldset disabled>
        self.textarea = None
        self.select = None
        self.option = None

    def _kind(self, tag, a):
        if tag == "textarea":
            return "textarea"
        if tag == "select":
            return "choice"
        if tag == "button":
            return "button"
        t = (a.get("type") or "text").lower()
        if t in ("submit", "button", "reset", "image"):
            return "button"
        if t in ("checkbox", "radio"):
            return "choice"
        if t in ("hidden", "file", "date", "number", "password"):
            return t
        if a.get("inputmode") in ("numeric", "decimal"):
            return "number"
        return "text"

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        element = self.next_id
        self.next_id += 1
        if tag not in VOID:
            self.stack.append((tag, element))
        ancestors = tuple(e for _t, e in self.stack)
        classes = set(a.get("class", "").split())
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page_url, a["href"]))
        if tag == "fieldset" and "disabled" in a:
            self.disabled_fieldsets.append(element)
        if tag == "form":
            self.form = Form(
                method=a.get("method", "get").lower(),
                action=urlsplit(urljoin(self.page_url, a.get("action") or self.page_url)).path,
                attrs=a,
            )
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if classes & ERROR_CLASSES:
            self.form.errors.append(ancestors)
        if tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
            self.select.options.append(self.option)
            return
        if tag not in ("input", "textarea", "select", "button"):
            return
        disabled = "disabled" in a or any(e in ancestors for e in self.disabled_fieldsets)
        kind = self._kind(tag, a)
        if kind == "button":
            is_submit = (a.get("type") or "submit").lower() in ("submit", "image")
            if is_submit and not disabled:
                self.form.submittable = True
                self.form.buttons.append(a)
                if self.form.submit is None and "name" in a:
                    self.form.submit = (a["name"], a.get("value", ""))
            return
        if "name" not in a or disabled or "__prefix__" in a["name"]:
            return  # a formset's empty row for JavaScript (Django's admin): ignored when posted
        control = Control(
            index=len(self.form.controls),
            tag=tag,
            kind=kind,
            name=a["name"],
            # A checkbox without a value posts "on"; one with value="" posts "".
            value=a.get("value", "on" if tag == "input" and kind == "choice" else ""),
            checked="checked" in a,
            invalid="is-invalid" in classes or a.get("aria-invalid") == "true",
            ancestors=ancestors if tag in VOID else ancestors[:-1],
            multiple="multiple" in a,
            maxlength=a.get("maxlength"),
            readonly="readonly" in a,
        )
        self.form.controls.append(control)
        if kind not in ("hidden", "button"):
            for e in control.ancestors:
                self.form.names_in.setdefault(e, set()).add(control.name)
        if tag == "textarea":
            self.textarea = control
        elif tag == "select":
            self.select = control

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and not self.in_template:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template = max(0, self.in_template - 1)
            return
        if self.in_template:
            return
        if tag == "textarea" and self.textarea is not None:
            # A newline right after <textarea> is not part of the value (HTML).
            if self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "option":
            self.option = None
        elif tag == "form":
            self.form = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_template:
            return
        if self.textarea is not None:
            self.textarea.value += data
        elif self.option is not None:
            self.option[2] += data


def parse_forms(html, page_url):
    return parse(html, page_url)[0]


def parse(html, page_url):
    """(forms, links) of a page."""
    parser = _Parser(page_url)
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        for c in form.controls:
            if c.tag == "select":
                # An option without a value attribute posts its text.
                c.options = [(o[0] if o[0] is not None else o[2].strip(), o[1]) for o in c.options]
    return parser.forms, parser.links

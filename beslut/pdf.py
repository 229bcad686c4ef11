"""The beslutsförslag as a PDF, laid out like the förbund's own (seed 001):
title, "Förslag till beslut", the clauses with "att" in its own column,
Ärendet, Bedömning and the signature. Decided by the förbundschef on
delegation it reads as a delegationsbeslut, reported to the board. Uses the
project's warm WeasyPrint set-up (samordning.pdf) with the decision's own
stylesheet, parsed once per process."""

import re

from django.utils.safestring import mark_safe

from beslut import drafting, klausuler
from samordning.models import Forbund
from samordning.pdf import STYLESHEET, logotyp_url, render_pdf, stored_pdf
from samordning.text import to_html

TEMPLATE = "beslut/pdf.html"
STYLESHEETS = (STYLESHEET, "css/print-beslut.css")
# List points as text, hung by their width in print-beslut.css: a bullet and
# an en space, 0.805 em in Source Serif 4.
PUNKT = "•\u2002"


# A paragraph that leads into a list ("Effektmål:", "Sökt belopp per
# budgetår:"): print-beslut.css keeps it with the list, as a heading is.
INLEDER = re.compile(r"<p>((?:[^<]|<br>)*)</p><ul")


def _html(text):
    # Without the newlines between blocks: WeasyPrint would make (and then
    # drop) a box of white space for each.
    html = to_html(text, "h3", PUNKT).replace(">\n<", "><")
    return mark_safe(INLEDER.sub(r'<p class="inleder">\1</p><ul', html))  # to_html escaped every piece


def context(forslag, version=None, forbund=None):
    forbund = forbund or Forbund.get()
    return {
        "f": forslag,
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "stil": forbund.beslutsstil,
        **drafting.benamning(forslag),
        "inledning": drafting.inledning(forslag),
        "satser": klausuler.visning([s.text for s in forslag.satser.all()], forbund.beslutsstil),
        "delegation": drafting.delegation(forslag, forbund),
        "arendet": _html(forslag.arendet),
        "bedomning": _html(forslag.bedomning),
        "version": version,
    }


def render_forslag_pdf(forslag, version=None, forbund=None, **kwargs):
    """`forbund` when the caller has it (saves a query); kwargs go to
    samordning.pdf.render_pdf (use_cache, url_fetcher).
    Uncompressed (PDF/A allows it): a two-page proposal is some 100 kB
    instead of 25 kB, and is written about 5 ms sooner (the issue's budget
    is 50 ms)."""
    return render_pdf(TEMPLATE, context(forslag, version, forbund), stylesheets=STYLESHEETS, compress=False, **kwargs)


def stored_forslag_pdf(forslag, version=None, forbund=None):
    """The proposal's PDF as samordning.pdf.stored_pdf keeps it (bytes and
    file), for documents made of stored parts (the meeting packet). A
    fastställd version's own copy is FaststalldVersion.pdf."""
    return stored_pdf(TEMPLATE, context(forslag, version, forbund), stylesheets=STYLESHEETS, compress=False)

"""The beslutsförslag as a PDF, laid out like the förbund's own (seed 001):
title, "Förslag till beslut", the clauses with "att" in its own column,
Ärendet, Bedömning and the signature. Uses the project's warm WeasyPrint
set-up (samordning.pdf)."""

from beslut import drafting
from samordning.models import Forbund
from samordning.pdf import logotyp_url, render_pdf

TEMPLATE = "beslut/pdf.html"


def context(forslag, version=None):
    forbund = Forbund.get()
    return {
        "f": forslag,
        "forbund": forbund,
        "logotyp_url": logotyp_url(forbund),
        "stil": forbund.beslutsstil,
        "inledning": drafting.inledning(forslag),
        "satser": [s.text for s in forslag.satser.all()],
        "version": version,
    }


def render_forslag_pdf(forslag, version=None, **kwargs):
    """kwargs go to samordning.pdf.render_pdf (use_cache, url_fetcher)."""
    return render_pdf(TEMPLATE, context(forslag, version), **kwargs)

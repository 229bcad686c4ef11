"""The decision PDF's set-up: its stylesheet parsed once per process (no
<style> in the template), the project's fonts embedded, the clauses with a
hanging indent; the application PDF keeps its fonts."""

import io

import pytest
from pypdf import PdfReader

from beslut import services
from beslut.pdf import STYLESHEETS, TEMPLATE, context, render_forslag_pdf
from samordning import pdf as pdf_module

pytestmark = pytest.mark.django_db


def fonts(data):
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            # e.g. "/UDKGVI+Source-Serif-4-Bold" -> "SourceSerif4Bold"
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].replace("-", "").rstrip(","))
    return names


def test_no_stylesheet_is_parsed_at_render(inlamnad, cecilia_forbundschef, monkeypatch):
    import weasyprint

    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    render_forslag_pdf(forslag, use_cache=False)  # warm: fonts and sheets parsed here at the latest
    parsed = []
    original = weasyprint.CSS.__init__

    def counting(self, *args, **kwargs):
        parsed.append(kwargs.get("string", "")[:40])
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counting)
    render_forslag_pdf(forslag, use_cache=False)
    assert parsed == []
    html = pdf_module.render_html(TEMPLATE, context(forslag))
    assert "<style" not in html and "<table" not in html  # clauses as paragraphs with a hanging indent
    assert all((pdf_module.static_dir() / path).is_file() for path in STYLESHEETS)


def test_the_project_fonts_are_embedded(inlamnad, cecilia_forbundschef):
    from ansokningar.pdf import render_ansokan_pdf

    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    beslut = fonts(render_forslag_pdf(forslag, use_cache=False))
    # No italic: a clause is plain text (seed 001's asterisks are its conversion's, not the förbund's words).
    assert beslut == {"SourceSerif4", "SourceSerif4Bold", "SourceSans3", "SourceSans3SemiBold"}
    assert all(name.startswith(("SourceSerif4", "SourceSans3")) for name in beslut)
    ansokan = fonts(render_ansokan_pdf(inlamnad, use_cache=False))
    assert all(name.startswith(("SourceSerif4", "SourceSans3")) for name in ansokan)


def test_the_decision_stylesheet_is_part_of_the_store_key():
    html = "<p>samma</p>"
    assert pdf_module.content_key(html, pdf_module.DEFAULT_STYLESHEETS) != pdf_module.content_key(html, STYLESHEETS)


def test_user_text_in_the_pdf_is_escaped(inlamnad, cecilia_forbundschef):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    forslag.arendet = "# <b>Rubrik</b>\n\n- <img src=x>\n\n<script>x</script>"
    html = pdf_module.render_html(TEMPLATE, context(forslag))
    assert "<h3>&lt;b&gt;Rubrik&lt;/b&gt;</h3>" in html and "<img" not in html.split("Ärendet")[1]
    assert '<ul class="punkter"><li>•\u2002&lt;img src=x&gt;</li></ul>' in html

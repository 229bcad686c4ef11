"""What an acceptance tester found on the beredning and beslut pages:
categories in the guideline's order, the inriktning page's wording, year
and whole-kronor amounts, clauses showing the insats's name in italics and
ISO dates unbroken, lead-in lines kept with their list in the PDF, and a
clause library that shows what a new proposal gets."""

import datetime
import io
import shutil
import subprocess
import tempfile

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ansokningar.models import Insatskategori
from beslut import klausuler
from beslut.models import Klausul, KlausulUppsattning, Verksamhetsinriktning
from beslut.pdf import STYLESHEETS, TEMPLATE, context, render_forslag_pdf
from samordning import pdf as pdf_module
from samordning.models import Forbund
from tests.helpers import edit_post

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date
RUBRIKER = {"Ansökan", "Målgrupp", "Övergripande mål", "Effektmål", "Insatsmål", "Bemanning", "Ärendet", "Bedömning"}


def inriktning_data(**extra):
    return {"ar": 2027, "mal": "", "ram": "1 000 000", **{f"andel_{k.pk}": "" for k in Insatskategori.objects.all()}, **extra}


def test_distribution_is_listed_in_the_guidelines_order(beredd, bertil_handlaggare, client):
    kategorier = {k.namn: k for k in Insatskategori.objects.all()}
    inriktning = Verksamhetsinriktning.objects.create(ar=2023, ram=4_000_000)
    for namn, procent in [("Kompetenshöjande", 10), ("Strukturövergripande", 30), ("Individinriktad", 60)]:
        inriktning.fordelning.create(kategori=kategorier[namn], procent=procent)
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:beredning", args=[beredd.pk])).content.decode()
    tabell = page.split("Fördelning efter denna insats")[1]
    # 60/30/10, as the board's guideline has it, not alphabetical.
    assert tabell.index("Individinriktad") < tabell.index("Strukturövergripande") < tabell.index("Kompetenshöjande")


def test_beredning_errors_are_summarised_at_the_top(beredd, bertil_handlaggare, client):
    client.force_login(bertil_handlaggare)
    morgon = timezone.localdate() + datetime.timedelta(days=1)
    data = {"rekommendation": "bifall", "rekommendation_datum": morgon.isoformat(), "anteckningar": ""}
    page = client.post(reverse("beslut:beredning", args=[beredd.pk]), data).content.decode()
    assert page.index("Beredningen är inte sparad. Rätta det som är markerat nedan.") < page.index("Kontroll mot inriktningen")
    assert "Datumet kan inte ligga i framtiden." in page


def test_inriktning_year_is_free_and_refused_in_swedish(cecilia_forbundschef, client, inlamnad):
    ar = timezone.localdate().year
    Verksamhetsinriktning.objects.create(ar=ar)
    Verksamhetsinriktning.objects.create(ar=ar + 1)
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:inriktning_ny")).content.decode()
    assert f'value="{ar + 2}"' in page  # the first year without one
    page = client.post(reverse("beslut:inriktning_ny"), inriktning_data(ar=ar)).content.decode()
    assert f"Det finns redan en inriktning för {ar}." in page
    assert "finns redan." not in page.replace(f"för {ar}.", "")  # not Django's "… med detta År finns redan."
    assert "Inriktningen är inte sparad. Rätta det som är markerat nedan." in page
    # Its own year is no conflict when an inriktning is saved again.
    assert client.post(reverse("beslut:inriktning", args=[ar]), inriktning_data(ar=ar, version=1)).status_code == 302


def test_frame_is_typed_in_whole_kronor(cecilia_forbundschef, client, inlamnad):
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:inriktning_ny")).content.decode()
    assert 'name="ram"' in page and 'inputmode="numeric"' in page and 'type="number" name="ram"' not in page
    page = client.post(reverse("beslut:inriktning_ny"), inriktning_data(ram="12 500 000,50")).content.decode()
    assert "Ange beloppet i hela kronor, utan decimaler." in page
    assert client.post(reverse("beslut:inriktning_ny"), inriktning_data(ram="12 500 000")).status_code == 302
    assert Verksamhetsinriktning.objects.get(ar=2027).ram == 12_500_000
    page = client.get(reverse("beslut:inriktning", args=[2027])).content.decode()
    assert 'value="12 500 000"' in page


def test_maximum_amount_is_typed_in_whole_kronor(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    page = client.get(url).content.decode()
    assert 'value="1 540 400"' in page and 'inputmode="numeric"' in page
    data = edit_post(forslag, belopp="316 000,50")
    page = client.post(url, data).content.decode()
    assert "Ange beloppet i hela kronor, utan decimaler." in page and 'value="316 000,50"' in page
    data["belopp"] = "1 200 000"
    assert client.post(url, data).status_code == 302
    forslag.refresh_from_db()
    assert forslag.belopp == 1_200_000
    assert f"avsätta maximalt 1{NBSP}200{NBSP}000{NBSP}kr" in forslag.satser.all()[1].text  # refilled


def test_clause_html_is_plain_text_with_dates_kept_whole():
    html = klausuler.som_html("bevilja stöd enligt ansökan A & B <b> 2029-06-30 till 2031-12-31")
    assert html == (
        'bevilja stöd enligt ansökan A &amp; B &lt;b&gt; <span class="text-nowrap">2029-06-30</span> '
        'till <span class="text-nowrap">2031-12-31</span>'
    )
    # Text that looks like markup is shown as typed, never interpreted.
    assert klausuler.som_html("lägga <i>x</i> till handlingarna") == "lägga &lt;i&gt;x&lt;/i&gt; till handlingarna"
    assert klausuler.som_html("enligt ansökan *X*") == "enligt ansökan *X*"


def test_detail_page_shows_clauses_as_plain_text_and_unbroken_dates(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "till insatsen Förstärkt stöd till arbete &amp; studier" in page
    assert '<span class="text-nowrap">2023-01-01</span> till <span class="text-nowrap">2024-12-31</span>' in page
    forslag.satser.update(text="bevilja <script>x</script>")
    page = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "bevilja &lt;script&gt;x&lt;/script&gt;" in page


def test_pdf_clauses_are_plain_extractable_text(forslag):
    html = pdf_module.render_html(TEMPLATE, context(forslag))
    assert '<span class="markor">att</span>bevilja finansiellt stöd enligt ansökan till insatsen Förstärkt stöd' in html
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_forslag_pdf(forslag, use_cache=False))).pages)
    assert "till insatsen Förstärkt stöd till arbete & studier" in text
    assert "under perioden 2023-01-01 till 2024-12-31" in text
    # The stored clause stays plain text.
    assert forslag.satser.first().text == "bevilja finansiellt stöd enligt ansökan till insatsen Förstärkt stöd till arbete & studier"


# A lead-in line and its list, as Ärendet writes them ("… fördelas så här:").
LEDTEXT = "\n\nSökt belopp per budgetår:\n\n- 2023: 770 200 kr\n- 2024: 770 200 kr"


def test_a_lead_in_line_goes_with_its_list(forslag):
    forslag.arendet += LEDTEXT
    html = str(context(forslag)["arendet"])
    assert '<p class="inleder">Sökt belopp per budgetår:</p><ul class="punkter">' in html
    assert "<p>Sökt belopp per budgetår:</p>" not in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_no_heading_or_lead_in_ends_a_page(forslag):
    """Filler before "Sökt belopp per budgetår:" grows until the lead-in
    and its list cross the foot of page 1: neither it nor a heading is ever
    the last line of a page, and no list is split over two."""
    original = forslag.arendet + LEDTEXT
    sidhuvud = Forbund.get().namn
    ended, pushed = [], False
    rest = original[original.index("Sökt belopp per budgetår:") :]
    for n in range(560, 760, 8):  # filler from above to below the foot of page 1 (about 25 words a line)
        forslag.arendet = "Fyll " + "ord " * n + "\n\n" + rest
        data = pdf_module.write_pdf(pdf_module.render_html(TEMPLATE, context(forslag)), stylesheets=STYLESHEETS)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
        # Each page's body: without the running header (the förbund) and footer (Sida X av Y).
        pages = [
            [line.strip() for line in page.splitlines() if line.strip() and not line.strip().startswith(sidhuvud)]
            for page in text.split("\f")[:-1]
        ]
        pages = [[line for line in lines if "Sida " not in line] for lines in pages]
        for lines in pages[:-1]:
            if lines[-1].endswith(":") or lines[-1] in RUBRIKER:
                ended.append((n, lines[-1]))
        pushed = pushed or any(lines[0] == "Sökt belopp per budgetår:" for lines in pages[1:])
        # A short list is never split: no page starts in the middle of one.
        ended += [(n, lines[0]) for lines in pages[1:] if lines[0].startswith("•")]
    assert ended == []
    assert pushed  # the sweep did reach the foot of the page


def test_library_page_shows_what_a_new_proposal_gets(cecilia_forbundschef, client, inlamnad):
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:klausuler")).content.decode()
    assert "Så börjar ett nytt beslutsförslag" in page and "Ingår i uppsättning" in page
    exempel = page.split("Så börjar ett nytt beslutsförslag")[1].split("Förbundets stil")[0]
    # Filled from the latest application, as plain text (no italics).
    assert "bevilja finansiellt stöd enligt ansökan till insatsen Förstärkt stöd till arbete &amp; studier" in exempel
    assert "avslå ansökan om finansiellt stöd till insatsen Förstärkt stöd till arbete &amp; studier" in exempel
    assert "<em>" not in exempel
    assert "Flera satser anger beloppet" not in page
    # Seed 001's clause in the set besides the general pair: said before it is drafted twice.
    vald = KlausulUppsattning.objects.get(vald=True)
    vald.klausuler.add(Klausul.objects.get(namn="Bevilja stöd för period och belopp"))
    page = client.get(reverse("beslut:klausuler")).content.decode()
    assert "Flera satser anger beloppet (”Avsätta medel”, ”Bevilja stöd för period och belopp”)" in page
    vald.klausuler.remove(*Klausul.objects.filter(namn__in=["Bevilja stöd", "Avsätta medel"]))
    page = client.get(reverse("beslut:klausuler")).content.decode()
    assert "Flera satser anger beloppet" not in page
    assert (
        'enligt ansökan Förstärkt stöd till arbete &amp; studier, för perioden <span class="text-nowrap">2023-01-01</span> '
        f'till <span class="text-nowrap">2024-12-31</span>, maximalt 1{NBSP}540{NBSP}400{NBSP}kr'
    ) in page


def test_an_unsigned_party_is_named_before_fastställ(forslag, cecilia_forbundschef, client):
    """A tester found the fastställ dialog silent about a party that never
    signed: the page and the confirmation both name it."""
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    warning = page.split('id="signaturvarning">')[1].split("</div>")[0]
    assert warning.startswith("Älvkarleby kommun, Arbetsförmedlingen, Försäkringskassan och Region Uppsala har inte skrivit under")
    assert 'data-bekrafta="Älvkarleby kommun, Arbetsförmedlingen' in page

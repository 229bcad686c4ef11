"""The application PDF: the seed application (seed 004) laid out like the
förbund's form, with embedded fonts only, and closed to the outside world."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from ansokningar import services
from ansokningar.models import Budgetbelopp, Budgetrad, Mal
from ansokningar.pdf import render_ansokan_pdf
from ansokningar.seed import build_seed_application
from samordning import pdf as pdf_module

ARTIFACTS = Path(__file__).parent / "artifacts"
A4 = (595.28, 841.89)

# The form's headings and fixed texts, in the seed's order.
SEED_ORDER = [
    "Samverkansinsatser inom Samordningsförbundet Uppsala län",
    "Ansökan",
    "Insatsens namn",
    "Förstärkt stöd till arbete & studier",
    "Insatsägare",
    "Organisation: Älvkarleby kommun",
    "Samverkansparter",
    "Organisation: Arbetsförmedlingen",
    "Organisation: Försäkringskassan",
    "Organisation: Region Uppsala",
    "Beskriv syftet med insatsen",
    "Beskriv målen med insatsen",
    "Övergripande mål",
    "Effektmål",
    "Insatsmål",
    "Beskriv bakgrunden till/behovet av insatsen",
    "Planerad insatstid",
    "Planerat startdatum: 2023-01-01",
    "Planerat slutdatum: 2024-12-31",
    "Planerat slutdatum för intag av personer i insatsen: 2024-09-30",
    "Beskriv målgrupp för insatsen",
    "Ange förväntat antal deltagare",
    "15 per år",
    "Inriktning och prioriterade målgrupper",
    "Inriktning: Individinriktad",
    "Personer med långvarigt bidrags- och/eller ersättningsberoende",
    "Beskriv metod/metoder ni kommer använda",
    "Beskriv metod för uppföljning och utvärdering av målen",
    "Insatsen redovisas i SUS.",
    "Beskriv hur ni tänker ta tillvara resultaten från insatsen",
    "Ange budget/finansiering",
    "1 540 400 kr",
    "Har ansökan diskuterats i lokusgrupp eller beredningsgrupp?",
    "Hur och när har ansökan diskuterats?",
    "Lokus har diskuterat ansökan på Lokusmöten 26 april och 24 maj 2022.",
    "Överenskommelse",
    "Lagar och förordningar",
    "Underskrifter",
    "Underskrift – insatsägare",
    "Underskrift – samverkanspart",
    "Budget – detaljerad",
    "Kostnader att rekvirera från Samordningsförbundet",
    "Huvudinsatsägare",
    "Delinsatsägare",
    "Att rekvirera – alla insatsägare",
    "Lönekostnader inkl. PO-pålägg",
    "1. Arbetsmarknadsstödjare 100 % 2023-01-01 2024-12-31 1 362 000",
    "Summa lönekostnader 100 % 1 362 000 0 0 0 1 362 000",
    "Lokalhyra 86 400 86 400",
    "Summa lokalkostnader 86 400 0 0 0 86 400",
    "Utvärdering",
    "Inköpta utredningar, utbildningar och tjänster avsedda för deltagare",
    "Telefon-, IT-kostnader 4 000 4 000",
    "Informationsmaterial 8 000 8 000",
    "Övrigt",
    "Summa övriga kostnader 92 000 0 0 0 92 000",
    "Totalt från Samordningsförbundet 1 540 400 0 0 0 1 540 400",
    "Egenfinansiering och övrig finansiering",
    # Nothing of either: one line says so, the sums stay (the seed's empty lines would only repeat 0).
    "Ingen egenfinansiering eller övrig finansiering angiven.",
    "Summa egenfinansiering 0 0 0 0 0",
    "Summa övrig finansiering 0 0 0 0 0",
    "Total kostnad för insatsen 1 540 400 0 0 0 1 540 400",
    # The seed's two summary tables: per party with ESF, then without.
    "Projektets löptid: 2023-01-01 – 2024-12-31",
    "Att rekvirera från Samordningsförbundet",
    "Projektägarnas egenfinansiering",
    "Övrig finansiering, ESF mm",
    "Totalt projektet",
    "Huvudinsatsägare: Älvkarleby kommun 1 540 400 0 0 1 540 400",
    "Delinsatsägare 3: Region Uppsala 0 0 0 0",
    "Summa 1 540 400 0 0 1 540 400",
    "Budgetsammanställning – Förstärkt stöd till arbete & studier",
    "Projektets löptid: 2023-01-01 – 2024-12-31",
    "Att rekvirera från Samordningsförbundet",
    "Projektägarnas egenfinansiering",
    "Totalt projektet",
    "Huvudinsatsägare: Älvkarleby kommun 1 540 400 0 1 540 400",
    "Delinsatsägare 1: Arbetsförmedlingen 0 0 0",
    "Summa 1 540 400 0 1 540 400",
]


def normalise(text):
    """NBSP and line breaks as plain spaces, runs of spaces as one."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def pages_text(reader):
    return [normalise(page.extract_text()) for page in reader.pages]


def assert_in_order(text, expected):
    position = 0
    for item in expected:
        found = text.find(item, position)
        assert found >= 0, (
            f"{item!r} missing after position {position}: …{text[position : position + 200]}…"
        )
        position = found + len(item)


def font_names(reader):
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts or {}).values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def seed_ansokan(forbund, orgs, anna_sokande, karin_af, maria_fk, lars_region):
    """Seed 004, submitted; Region Uppsala has not signed yet."""
    ansokan = build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})
    ansokan = services.lamna_in(ansokan=ansokan, by=anna_sokande)
    signers = {
        "Älvkarleby kommun": anna_sokande,
        "Arbetsförmedlingen": karin_af,
        "Försäkringskassan": maria_fk,
    }
    for part in ansokan.parter.select_related("organisation"):
        if part.organisation.namn in signers:
            services.signera(ansokan=ansokan, part=part, by=signers[part.organisation.namn])
    return ansokan


def test_seed_application_pdf_reads_like_the_form(seed_ansokan, forbund):
    data = render_ansokan_pdf(seed_ansokan)
    reader = PdfReader(io.BytesIO(data))
    pages = pages_text(reader)
    text = " ".join(pages)
    n = len(pages)

    assert_in_order(text, SEED_ORDER)
    for figure in ["1 362 000", "86 400", "92 000", "1 540 400"]:
        assert figure in text

    # Header and footer on every page: förbund, diarienummer, "Sida X av Y".
    dnr = seed_ansokan.diarienummer
    assert dnr.startswith("SFU ")
    for number, page in enumerate(pages, start=1):
        assert forbund.namn in page
        assert f"Dnr {dnr}" in page
        assert f"Sida {number} av {n}" in page
    assert "Sida 1 av" in pages[0]

    # Signed parties show name and title, the unsigned one empty lines;
    # e-mail addresses (personal data) are not printed.
    assert "Anna Berglund, Arbetsmarknadschef" in text
    assert "Karin Dahl, Sektionschef" in text
    assert "Lars Ekholm" not in text
    assert "@" not in text

    # A4 throughout (the detailed budget on landscape pages).
    for page in reader.pages:
        size = tuple(
            sorted(round(float(x), 2) for x in (page.mediabox.width, page.mediabox.height))
        )
        assert size == A4
    assert any(page.mediabox.width > page.mediabox.height for page in reader.pages)

    # Only the project's own fonts, embedded (no fallback font).
    fonts = font_names(reader)
    assert any("Source-Sans-3" in f for f in fonts)
    assert any("Source-Serif-4" in f for f in fonts)
    assert all(re.search(r"Source-(Sans-3|Serif-4)", f) for f in fonts), fonts
    for page in reader.pages:
        for ref in page["/Resources"].get_object()["/Font"].values():
            descendant = ref.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()

    # Page images for looking at the layout (tests/artifacts is git-ignored).
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("ansokan-pdf-*.png"):
        old.unlink()
    (ARTIFACTS / "ansokan.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            str(ARTIFACTS / "ansokan.pdf"),
            str(ARTIFACTS / "ansokan-pdf"),
        ],
        check=True,
        timeout=60,
    )
    images = sorted(ARTIFACTS.glob("ansokan-pdf-*.png"))
    assert len(images) == n
    assert all(image.stat().st_size > 1000 for image in images)


HOSTILE = '<img src="file:///etc/passwd"> <script>alert(1)</script> http://example.com/x.png'


def test_user_text_is_printed_literally_and_never_fetched(forbund, orgs, anna_sokande):
    """Markup in user text is escaped, and nothing in a document can make the
    PDF fetch a URL or read a file."""
    ansokan = services.skapa_ansokan(
        by=anna_sokande,
        insatsagare=orgs["alvkarleby"],
        namn='Insats <img src="file:///etc/passwd">',
    )
    ansokan.syfte = HOSTILE
    ansokan.metod = '<link rel="stylesheet" href="http://example.com/x.css">\n<style>@import url(file:///etc/passwd);</style>'
    ansokan.save()
    Mal.objects.create(
        ansokan=ansokan, typ=Mal.Typ.OVERGRIPANDE, text='<img src="http://example.com/x.png">'
    )
    rad = Budgetrad.objects.create(
        ansokan=ansokan,
        avsnitt=Budgetrad.Avsnitt.LON,
        benamning='<img src="file:///etc/passwd">',
        tjanst_procent=50,
    )
    Budgetbelopp.objects.create(rad=rad, part=ansokan.parter.get(), belopp=1000)

    fetched = []

    class Recording(pdf_module.fetcher_class()):
        def fetch(self, url, headers=None):
            fetched.append(url)
            return super().fetch(url, headers)

    data = render_ansokan_pdf(ansokan, url_fetcher=Recording())
    text = " ".join(pages_text(PdfReader(io.BytesIO(data))))

    assert fetched == []
    assert 'Insats <img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    assert "http://example.com/x.png" in text
    assert '<link rel="stylesheet" href="http://example.com/x.css">' in text
    assert "Utkast – ej inlämnad" in text  # a draft has no diarienummer yet
    assert "root:" not in text


def test_fetcher_serves_only_static_and_the_logo_folder(db):
    from weasyprint import HTML

    warm = pdf_module.warm()
    fetcher = pdf_module.fetcher_class()()
    static = Path(settings.BASE_DIR, "static").resolve()

    font = fetcher.fetch((static / "fonts" / "SourceSans3-Regular.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    for url in [
        "file:///etc/passwd",
        f"{static.as_uri()}/../../../../etc/passwd",
        f"{static.as_uri()}/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "data:text/plain,hello",
        "file://example.com/etc/passwd",
        static.as_uri() + "/",  # a folder, not a file
    ]:
        with pytest.raises(pdf_module.FetchRefused):
            fetcher.fetch(url)

    # Even markup that reaches WeasyPrint unescaped cannot fetch anything.
    attempts = []

    class Recording(pdf_module.fetcher_class()):
        def fetch(self, url, headers=None):
            attempts.append(url)
            return super().fetch(url, headers)

    html = (
        '<link rel="stylesheet" href="http://example.com/x.css">'
        '<img src="file:///etc/passwd"><img src="http://example.com/x.png">'
        '<p style="background: url(file:///etc/shadow)">text</p>'
    )
    data = HTML(string=html, base_url=warm.base_url, url_fetcher=Recording()).write_pdf(
        stylesheets=warm.stylesheets, font_config=warm.font_config
    )
    assert data.startswith(b"%PDF")
    assert "file:///etc/passwd" in attempts and "http://example.com/x.png" in attempts
    assert b"root:" not in data


def test_same_html_is_laid_out_once(forbund, monkeypatch, media):
    """Stored in MEDIA_ROOT/pdf/ (tests/test_pdf_arkiv.py tests the store)."""
    layouts = []
    real = pdf_module.write_pdf

    def counting(html, **kwargs):
        layouts.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_module, "write_pdf", counting)
    first = pdf_module.render_pdf("pdf/base.html", {"forbund": forbund})
    again = pdf_module.render_pdf("pdf/base.html", {"forbund": forbund})
    assert first == again and len(layouts) == 1

    forbund.namn = "Samordningsförbundet Norr"
    changed = pdf_module.render_pdf("pdf/base.html", {"forbund": forbund})
    assert changed != first and len(layouts) == 2
    pdf_module.render_pdf("pdf/base.html", {"forbund": forbund}, use_cache=False)
    assert len(layouts) == 3 and len(list((media / "pdf").iterdir())) == 2


def test_tillaggsansokan_pdf_recounts_the_earlier_grants(forbund, orgs, anna_sokande):
    import datetime

    from ansokningar import seed
    from insatser.models import Beviljande, Insats

    kategorier, _ = seed.ensure_categories()
    insats = Insats.objects.create(
        namn="Lokussamordnare Älvkarleby", insatsagare=orgs["alvkarleby"], kategori=kategorier["Strukturövergripande"]
    )
    for dnr, beslut, fran, till, belopp in [
        ("SFU 2019/3", (2019, 3, 20), (2019, 4, 1), (2021, 3, 31), 270_000),
        ("SFU 2021/2", (2021, 2, 17), (2021, 4, 1), (2022, 12, 31), 180_500),
    ]:
        Beviljande.objects.create(
            insats=insats,
            diarienummer=dnr,
            beslutsdatum=datetime.date(*beslut),
            period_fran=datetime.date(*fran),
            period_till=datetime.date(*till),
            belopp=belopp,
        )
    ansokan = services.skapa_ansokan(
        by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Lokussamordnare 2023–2024",
        typ="tillagg", insats=insats,
    )  # fmt: skip
    data = render_ansokan_pdf(ansokan, use_cache=False)
    text = " ".join(pages_text(PdfReader(io.BytesIO(data))))
    assert_in_order(
        text,
        [
            "Tilläggsansökan",
            "Insatsens namn",
            "Lokussamordnare 2023–2024",
            "Insats som förlängs",
            "Tilläggsansökan till den pågående insatsen Lokussamordnare Älvkarleby, inriktning strukturövergripande.",
            "Tidigare beviljanden till insatsen",
            "Beslut Diarienummer Period Beviljat belopp",
            "2019-03-20 SFU 2019/3 2019-04-01 – 2021-03-31 270 000 kr",
            "2021-02-17 SFU 2021/2 2021-04-01 – 2022-12-31 180 500 kr",
            "Summa tidigare beviljat, 2019-04-01 – 2022-12-31 450 500 kr",
            "Insatsägare",
        ],
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "tillaggsansokan.pdf").write_bytes(data)  # for looking at (git-ignored)


def test_own_and_other_financing_are_itemised_and_summed(seed_ansokan):
    """With own financing and ESF money the egenfinansiering lines are
    printed, and the two summary tables differ by the ESF column."""
    parts = {p.organisation.namn: p for p in seed_ansokan.parter.select_related("organisation")}
    egen_lokal = seed_ansokan.budgetrader.get(avsnitt=Budgetrad.Avsnitt.EGEN_LOKAL, benamning="Lokalhyra")
    Budgetbelopp.objects.create(rad=egen_lokal, part=parts["Arbetsförmedlingen"], belopp=50_000)
    esf = Budgetrad.objects.create(ansokan=seed_ansokan, avsnitt=Budgetrad.Avsnitt.OVRIG_FIN, benamning="ESF", ordning=90)
    Budgetbelopp.objects.create(rad=esf, part=parts["Älvkarleby kommun"], belopp=100_000)
    services.update_totals(seed_ansokan)

    data = render_ansokan_pdf(seed_ansokan, use_cache=False)
    pages = pages_text(PdfReader(io.BytesIO(data)))
    assert_in_order(
        " ".join(pages),
        [
            "Egenfinansiering och övrig finansiering",
            "Lokalkostnader",
            "Lokalhyra 50 000 50 000",
            "Summa lokalkostnader 0 50 000 0 0 50 000",
            "Summa egenfinansiering 0 50 000 0 0 50 000",
            "Övrig finansiering (t.ex. ESF)",
            "ESF 100 000 100 000",
            "Total kostnad för insatsen 1 640 400 50 000 0 0 1 690 400",
            "Huvudinsatsägare: Älvkarleby kommun 1 540 400 0 100 000 1 640 400",
            "Delinsatsägare 1: Arbetsförmedlingen 0 50 000 0 50 000",
            "Summa 1 540 400 50 000 100 000 1 690 400",
            "Budgetsammanställning – Förstärkt stöd till arbete & studier",
            "Huvudinsatsägare: Älvkarleby kommun 1 540 400 0 1 540 400",
            "Delinsatsägare 1: Arbetsförmedlingen 0 50 000 50 000",
            "Summa 1 540 400 50 000 1 590 400",
        ],
    )
    assert "Ingen egenfinansiering" not in " ".join(pages)
    assert "Egenfinansiering och övrig finansiering" in pages[-2]  # a table and page of its own
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ansokan-egen.pdf").write_bytes(data)  # for looking at (git-ignored)

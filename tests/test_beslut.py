"""Beredning and beslutsförslag: drafting from the case, clauses from the
library, the PDF, fastställda versions and comparison."""

import datetime
import hashlib
import re

import pytest
from django.urls import reverse

from ansokningar import seed
from ansokningar.models import Ansokan, Insatskategori
from beslut import services
from beslut.models import Beredning, Beslutsforslag, Klausul, Verksamhetsinriktning
from insatser.models import Beviljande, Insats
from samordning.models import Forbund
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date


def test_standard_clauses_are_drafted_from_the_case(beredd, cecilia_forbundschef):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    satser = [s.text for s in forslag.satser.all()]
    assert satser[0] == "bevilja finansiellt stöd enligt ansökan till insatsen Förstärkt stöd till arbete & studier"
    assert satser[1] == f"avsätta maximalt 1{NBSP}540{NBSP}400{NBSP}kr som finansiering under perioden 2023-01-01 till 2024-12-31"
    assert "beviljas medel från medlemsorganisationerna" in satser[2]
    assert "gällande lagstiftning och av förbundet antagna styrdokument" in satser[3]
    assert forslag.diarienummer == beredd.diarienummer
    assert forslag.handlaggare.username == "bertil"
    assert "Älvkarleby kommun är insatsägare och Arbetsförmedlingen, Försäkringskassan och Region Uppsala" in forslag.arendet
    assert "Effektmål" in forslag.arendet and "Insatsmål" in forslag.arendet
    assert (
        f"- Arbetsmarknadsstödjare, tjänstgöringsgrad 100{NBSP}%, 1 januari 2023 – 31 december 2024 (Älvkarleby kommun)"
        in forslag.arendet
    )
    assert "Beredningsgruppen rekommenderade den 1 september 2022 bifall till ansökan." in forslag.bedomning


def test_refusal_gets_the_refusal_clause(inlamnad, bertil_handlaggare, cecilia_forbundschef):
    data = dict.fromkeys(Beredning.CHECKLIST, Beredning.Svar.NEJ)
    data.update(rekommendation="avslag", rekommendation_datum=D(2022, 9, 1), anteckningar="Utanför målgruppen.")
    services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data=data)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert forslag.utfall == "avslag"
    assert [s.text for s in forslag.satser.all()] == [
        "avslå ansökan om finansiellt stöd till insatsen Förstärkt stöd till arbete & studier"
    ]


def test_tillaggsansokan_recounts_earlier_funding(inlamnad, cecilia_forbundschef):
    insats = Insats.objects.create(namn="Förstärkt stöd", insatsagare=inlamnad.insatsagare)
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2020, 3, 1), period_fran=D(2020, 4, 1), period_till=D(2022, 12, 31), belopp=900_000
    )
    Ansokan.objects.filter(pk=inlamnad.pk).update(typ="tillagg", insats=insats)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert forslag.undertitel == "Tilläggsansökan"
    assert forslag.satser.first().text.startswith("bevilja finansiellt stöd enligt tilläggsansökan")
    assert "Förbundet har finansierat insatsen sedan 1 april 2020" in forslag.arendet
    assert f"- 1 mars 2020: 900{NBSP}000{NBSP}kr för perioden 1 april 2020 – 31 december 2022" in forslag.arendet


def test_delegation_below_the_limit(inlamnad, cecilia_forbundschef):
    Forbund.objects.filter(pk=1).update(delegationsgrans=2_000_000)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert forslag.instans == Beslutsforslag.Instans.DELEGATION


def test_pdf_like_the_seed(beredd, cecilia_forbundschef):
    from beslut.pdf import render_forslag_pdf

    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    text = pdf_text(render_forslag_pdf(forslag))
    order = ["Förstärkt stöd till arbete & studier", "Förslag till beslut", "Förbundsstyrelsen föreslås besluta",
             "att", "Ärendet", "Bedömning", "Cecilia Isaksson, Förbundschef"]  # fmt: skip
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "1 540 400 kr" in text and "Sida 1 av" in text and "Dnr SFU" in text
    assert "utkast – inte fastställt" in text


def test_numbered_style(beredd, cecilia_forbundschef):
    from beslut.pdf import render_forslag_pdf

    Forbund.objects.filter(pk=1).update(beslutsstil="numrerad")
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    text = pdf_text(render_forslag_pdf(forslag))
    assert "1. Bevilja finansiellt stöd" in text and "2. Avsätta maximalt" in text


def test_faststall_freezes_versions(beredd, cecilia_forbundschef, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    v1 = services.faststall(forslag=forslag, by=cecilia_forbundschef)
    stored = v1.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == v1.sha256
    with pytest.raises(services.WorkflowError, match="Inget har ändrats"):
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    services.spara_forslag(
        forslag=forslag,
        by=cecilia_forbundschef,
        version=forslag.version,
        falt={"bedomning": "Insatsen ligger väl i linje med inriktningen."},
        satser=["bevilja finansiellt stöd", "avsätta maximalt 1 000 000 kr"],
    )
    v2 = services.faststall(forslag=forslag, by=cecilia_forbundschef)
    assert v2.nummer == 2 and v2.sha256 != v1.sha256
    v1.refresh_from_db()
    assert v1.pdf.read() == stored  # the old version never changes

    client.force_login(cecilia_forbundschef)
    response = client.get(reverse("beslut:version_pdf", args=[forslag.pk, 1]))
    assert b"".join(response.streaming_content) == stored
    assert response["X-Content-SHA256"] == v1.sha256
    page = client.get(reverse("beslut:jamfor", args=[forslag.pk]), {"a": 1, "b": 2}).content.decode()
    assert "<ins>att avsätta maximalt 1 000 000 kr</ins>" in page
    assert "<del>Beredningsgruppen rekommenderade den 1 september 2022 bifall till ansökan.</del>" in page


def test_concurrent_edit_is_refused(beredd, cecilia_forbundschef):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    stale = forslag.version
    services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=stale, falt={"titel": "A"}, satser=["x"])
    with pytest.raises(services.ConflictError):
        services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=stale, falt={"titel": "B"}, satser=["y"])
    forslag.refresh_from_db()
    assert forslag.titel == "A"


def test_edit_page_saves_clauses_in_order_and_keeps_input_on_error(beredd, cecilia_forbundschef, client):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    data = {
        "version": forslag.version, "titel": "Förstärkt stöd", "undertitel": "Ansökan", "diarienummer": "SFU 2026/1",
        "datum": "2026-11-23", "instans": "au", "utfall": "bifall", "belopp": "-5", "period_fran": "2023-01-01",
        "period_till": "2022-12-31", "arendet": "Ärendet <script>", "bedomning": "Bra.", "undertecknare": "Cecilia",
        "undertecknare_titel": "Förbundschef", "sats": ["att andra satsen", "första"],
    }  # fmt: skip
    page = client.post(url, data).content.decode()
    assert "Beloppet kan inte vara negativt." in page or "större än eller lika med 0" in page
    assert "Periodens slut kan inte vara före dess början." in page
    assert "Ärendet &lt;script&gt;" in page and "andra satsen" in page
    data.update(belopp="316000", period_till="2024-12-31")
    assert client.post(url, data).status_code == 302
    forslag.refresh_from_db()
    assert [s.text for s in forslag.satser.all()] == ["andra satsen", "första"]
    assert forslag.instans == "au"
    detail = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "Arbetsutskottet föreslår förbundsstyrelsen besluta" in detail
    assert "Ärendet &lt;script&gt;" in detail


def test_beredning_shows_facts(beredd, bertil_handlaggare, client):
    kategori = Insatskategori.objects.get(namn="Individinriktad")
    inriktning = Verksamhetsinriktning.objects.create(ar=2023, ram=4_000_000)
    inriktning.fordelning.create(kategori=kategori, procent=60)
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:beredning", args=[beredd.pk])).content.decode()
    assert f"4{NBSP}000{NBSP}000{NBSP}kr" in page
    assert "Fördelning efter denna insats" in page
    assert '<caption class="caption-top fw-semibold text-body">2023</caption>' in page
    # 2024 has no inriktning of its own: it is assessed against 2023's, in force today.
    assert "ingen inriktning" not in page and "Andel av ramen i inriktningen för 2023" in page
    assert f"60{NBSP}%" in page


def test_inriktning_distribution_is_a_whole(cecilia_forbundschef, client):
    """The guideline's shares make 100 % (or there is none); a share over
    100 gets its own message (its "%" once made the page a 500)."""
    seed.ensure_categories()
    client.force_login(cecilia_forbundschef)
    kategorier = list(Insatskategori.objects.all())

    def post(*shares, ar=2027):
        data = {"ar": ar, "mal": "", "ram": 1000}
        data.update({f"andel_{k.pk}": v for k, v in zip(kategorier, shares, strict=True)})
        return client.post(reverse("beslut:inriktning_ny"), data)

    assert "Andelarna i riktlinjen ska tillsammans bli 100 % (nu 180 %)." in post(60, 60, 60).content.decode()
    assert "nu 90 %" in post(50, 30, 10).content.decode()
    page = post(150, 0, 0).content.decode()
    assert page.count("Högst 100 %.") == 2 and "Andelarna" not in page  # at the field and in the error summary
    assert "Ange ett år mellan 2000 och 2100." in post(60, 30, 10, ar=1899).content.decode()
    assert not Verksamhetsinriktning.objects.exists()
    assert post(60, 30, 10).status_code == 302
    assert Verksamhetsinriktning.objects.get(ar=2027).fordelning.count() == 3
    assert post("", "", "", ar=2028).status_code == 302  # no guideline for that year


def test_an_inriktning_keeps_its_year(cecilia_forbundschef, client):
    seed.ensure_categories()
    inriktning = Verksamhetsinriktning.objects.create(ar=2026, ram=1000)
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:inriktning", args=[2026])
    data = {"ar": 1899, "mal": "Nya mål", "ram": 2000, "version": inriktning.version, **{f"andel_{k.pk}": "" for k in Insatskategori.objects.all()}}
    assert client.post(url, data).status_code == 302
    inriktning.refresh_from_db()
    assert (inriktning.ar, inriktning.mal, inriktning.ram) == (2026, "Nya mål", 2000)


def test_library_clause_with_unknown_placeholder_is_refused(cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    data = {"namn": "X", "typ": "bifall", "text": "att bevilja {okänd}", "ordning": 0, "aktiv": "on"}
    page = client.post(reverse("beslut:klausul_ny"), data).content.decode()
    assert "Okänd platshållare" in page
    data["text"] = "att bevilja {insats} maximalt {belopp}"
    assert client.post(reverse("beslut:klausul_ny"), data).status_code == 302
    assert Klausul.objects.get(namn="X").text == "bevilja {insats} maximalt {belopp}"


def test_pages_query_counts_do_not_grow(beredd, cecilia_forbundschef, client, django_assert_max_num_queries):
    insats = Insats.objects.create(namn="X", insatsagare=beredd.insatsagare)
    Beviljande.objects.create(insats=insats, beslutsdatum=D(2019, 1, 1), period_fran=D(2019, 1, 1), period_till=D(2019, 12, 31), belopp=1000)
    Ansokan.objects.filter(pk=beredd.pk).update(typ="tillagg", insats=insats)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    client.force_login(cecilia_forbundschef)
    urls = [
        reverse("beslut:redigera", args=[forslag.pk]),
        reverse("beslut:detalj", args=[forslag.pk]),
        reverse("beslut:beredning", args=[beredd.pk]),
        reverse("beslut:lista"),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    # A bigger case and history: more clauses, grants, versions, proposals.
    for i in range(5):
        Beviljande.objects.create(insats=insats, beslutsdatum=D(2020, 1, 1), period_fran=D(2020 + i, 1, 1), period_till=D(2020 + i, 12, 31), belopp=1000)
    services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={}, satser=[f"sats {i}" for i in range(12)])
    for _ in range(3):
        services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_forbundschef_chooses_the_clause_style(cecilia_forbundschef, bertil_handlaggare, client, forbund):
    client.force_login(bertil_handlaggare)
    assert client.post(reverse("beslut:klausuler"), {"stil": "numrerad"}).status_code == 403
    client.force_login(cecilia_forbundschef)
    assert client.post(reverse("beslut:klausuler"), {"stil": "numrerad", "version": forbund.version}).status_code == 302
    assert Forbund.get().beslutsstil == "numrerad"
    response = client.post(reverse("beslut:klausuler"), {"stil": "<x>"}, follow=True)
    assert "Okänd stil." in response.content.decode()


def test_multi_year_amounts_in_arendet(beredd, cecilia_forbundschef):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=beredd)
    fordelning = forslag.arendet.split("kostnaderna fördelas över perioden med ")[1].split(".")[0]
    years = re.findall(r"(\d[\d\u00a0]*)\u00a0kr för (\d{4})", fordelning)
    assert [y for _, y in years] == ["2023", "2024"]
    assert sum(int(v.replace(NBSP, "")) for v, _ in years) == 1_540_400

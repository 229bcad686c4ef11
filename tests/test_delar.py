"""A large multi-year insats in two parts with different inriktning, filed
through the edit page, then beredd and drafted: the parts show everywhere."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ansokningar import seed
from ansokningar import services as ansokan_services
from ansokningar.models import Ansokan, Insatskategori
from beslut import klausuler
from beslut import services as beslut_services
from beslut.models import Beredning, Klausul

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_two_parts_with_different_inriktning(client, anna_sokande, karin_af, orgs, bertil_handlaggare, cecilia_forbundschef):
    kategorier, _ = seed.ensure_categories()
    klausuler.load_defaults(Klausul)
    struktur, individ = kategorier["Strukturövergripande"], kategorier["Individinriktad"]
    client.force_login(anna_sokande)
    client.post(reverse("ansokningar:ny"), {"insatsagare": orgs["alvkarleby"].pk, "namn": "Vägar till arbete", "typ": "ny"})
    a = Ansokan.objects.get(namn="Vägar till arbete")
    alv, af = orgs["alvkarleby"].pk, orgs["af"].pk
    base = {
        "version": a.version, "action": "spara", "namn": a.namn, "syfte": "Samordnat stöd.", "bakgrund": "Behov.",
        "startdatum": "2026-01-01", "slutdatum": "2028-12-31", "malgrupp": "Personer långt från arbete.",
        "antal_deltagare": "40", "metod": "Metod.", "uppfoljning": "Uppföljning.", "tillvaratas": "Lärande.",
        "diskuterad": "ja", "diskuterad_hur": "Lokus 12 maj.", "samverkansparter": [str(af)],
        "mal_overgripande": ["Fler i arbete"],
        "del-0-namn": "Strukturfas", "del-0-startdatum": "2026-01-01", "del-0-slutdatum": "2026-12-31",
        "del-0-kategori": str(struktur.pk), "del-0-malgrupp": "Parternas medarbetare.",
        "del-0-mal_effekt": ["Gemensam rutin för aktualisering"], "del-0-mal_insats": ["Rutinen antagen av alla parter"],
        "del-1-namn": "Individfas", "del-1-startdatum": "2027-01-01", "del-1-slutdatum": "2028-12-31",
        "del-1-kategori": str(individ.pk), "del-1-malgrupp": "Unga vuxna.",
        "del-1-mal_effekt": ["60 procent närmare arbete"], "del-1-mal_insats": ["40 deltagare per år"],
        "rad-0-avsnitt": "lon", "rad-0-standard": "False", "rad-0-benamning": "Processledare", "rad-0-tjanst_procent": "50",
        "rad-0-fran": "2026-01-01", "rad-0-till": "2026-12-31", f"rad-0-org{alv}": "350000",
        "rad-1-avsnitt": "lon", "rad-1-standard": "False", "rad-1-benamning": "Arbetscoach", "rad-1-tjanst_procent": "100",
        "rad-1-fran": "2027-01-01", "rad-1-till": "2028-12-31", f"rad-1-org{alv}": "1300000", f"rad-1-org{af}": "200000",
    }  # fmt: skip
    response = client.post(reverse("ansokningar:redigera", args=[a.pk]), base)
    assert response.status_code == 302, response.content.decode()[:3000]
    a.refresh_from_db()
    base.update(version=a.version, action="lamna_in")
    assert client.post(reverse("ansokningar:redigera", args=[a.pk]), base).status_code == 302
    a.refresh_from_db()
    assert a.status == "inlamnad" and a.summa_forbund == 1_850_000 and a.delar.count() == 2
    for user in (anna_sokande, karin_af):
        part = a.parter.get(organisation=user.organisationer.get())
        ansokan_services.signera(ansokan=a, part=part, by=user)

    page = client.get(reverse("ansokningar:detalj", args=[a.pk])).content.decode()
    assert "Strukturfas" in page and "Individfas" in page
    assert '2026</th><td class="num" data-belopp="350000">' in page  # the salary lines follow their own dates
    from ansokningar import selectors
    from ansokningar.presentation import innehall

    per_ar = dict(innehall(selectors.load(a.pk)).budget.per_ar)
    assert set(per_ar) == {2026, 2027, 2028} and sum(per_ar.values()) == 1_850_000

    from ansokningar.pdf import render_ansokan_pdf

    data = render_ansokan_pdf(a, use_cache=False)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "delar.pdf").write_bytes(data)
    assert "Strukturfas" in text and "Individfas" in text and "Gemensam rutin för aktualisering" in text

    data = dict.fromkeys(Beredning.CHECKLIST, Beredning.Svar.JA)
    data.update(rekommendation="bifall", rekommendation_datum=None, anteckningar="")
    beslut_services.spara_beredning(ansokan=a, by=bertil_handlaggare, data=data)
    forslag = beslut_services.skapa_forslag(by=cecilia_forbundschef, ansokan=a)
    assert "Del 1: Strukturfas" in forslag.arendet and "Del 2: Individfas" in forslag.arendet
    assert "Strukturövergripande del, 1 januari–31 december 2026." in forslag.arendet
    assert "Individinriktad del, 1 januari 2027 – 31 december 2028." in forslag.arendet
    assert forslag.bedomning.startswith(
        "Insatsen består av två delar: en strukturövergripande del, Strukturfas, 1 januari–31 december 2026, "
        "och en individinriktad del, Individfas, 1 januari 2027 – 31 december 2028."
    )
    assert "Insatsen förväntas nå 40 deltagare per år." in forslag.arendet

    # The beredning's facts: each budget year, each part under its own category.
    from beslut import facts

    full = selectors.load(a.pk)
    content = innehall(full)
    years = facts.fordelning(full, content.budget, [d.del_ for d in content.delar])
    assert [y.ar for y in years] == [2026, 2027, 2028]
    egna = {y.ar: {r.kategori: r.denna for r in y.rader if r.denna} for y in years}
    assert egna[2026] == {"Strukturövergripande": 350_000}
    assert set(egna[2027]) == set(egna[2028]) == {"Individinriktad"}
    assert egna[2027]["Individinriktad"] + egna[2028]["Individinriktad"] == 1_500_000
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:beredning", args=[a.pk])).content.decode()
    for ar in ("2026", "2027", "2028"):
        assert f'<caption class="caption-top fw-semibold text-body">{ar}' in page
    assert f"350{NBSP}000{NBSP}kr" in page
    assert "Rutinen antagen av alla parter" in forslag.arendet
    # Lines tied to no del are the whole insats's, and said to be so.
    assert (
        f"- Arbetscoach, tjänstgöringsgrad 100{NBSP}%, 1 januari 2027 – 31 december 2028 (Älvkarleby kommun och Arbetsförmedlingen)"
        in forslag.arendet.split("# Bemanning, gemensamt för hela insatsen")[1]
    )
    satser = [s.text for s in forslag.satser.all()]
    assert f"avsätta maximalt 1{NBSP}850{NBSP}000{NBSP}kr som finansiering under perioden 2026-01-01 till 2028-12-31" in satser
    assert Insatskategori.objects.count() == 3

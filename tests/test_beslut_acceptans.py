"""What an acceptance tester found in beredning and beslutsförslag, each
pinned: two tabs on one beredning, a matter without an application and its
diarienummer, delegation for an avslag, the clause library's example, the
drafted Ärendet, a proposal period outside the application's, and the
shares of the year's frame."""

import datetime
import re

import pytest
from django.urls import reverse

from beslut import services
from beslut.models import Beredning
from tests.helpers import edit_post, pdf_text

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date


def beredning_post(version, **changes):
    data = dict.fromkeys(Beredning.CHECKLIST, "ja")
    data.update(version=version, anteckningar="", rekommendation="bifall", rekommendation_datum="2022-09-01")
    data.update(changes)
    return data


def page_version(page):
    return int(re.search(r'name="version" value="(\d+)"', page)[1])


@pytest.mark.parametrize("forst_sparad", [False, True], ids=["ny beredning", "sparad beredning"])
def test_a_second_tab_cannot_overwrite_the_beredning(inlamnad, bertil_handlaggare, client, forst_sparad):
    if forst_sparad:
        services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "Först"})
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    flik1 = page_version(client.get(url).content.decode())
    flik2 = page_version(client.get(url).content.decode())
    assert client.post(url, beredning_post(flik1, anteckningar="Från flik 1")).status_code == 302

    response = client.post(url, beredning_post(flik2, anteckningar="Från flik 2", rekommendation="avslag"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beredningen har sparats av någon annan sedan du öppnade den." in page
    assert "Från flik 2" in page  # what was typed stays on the page
    beredning = Beredning.objects.get(ansokan=inlamnad)
    assert (beredning.anteckningar, beredning.rekommendation) == ("Från flik 1", "bifall")

    # Reloaded, the page carries the new version and saves.
    aktuell = page_version(client.get(url).content.decode())
    assert client.post(url, beredning_post(aktuell, anteckningar="Från flik 2")).status_code == 302
    assert Beredning.objects.get(ansokan=inlamnad).anteckningar == "Från flik 2"


def test_beredning_service_refuses_a_stale_version(inlamnad, bertil_handlaggare):
    b = services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "A"}, version=0)
    services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "B"}, version=b.version)
    with pytest.raises(services.ConflictError):
        services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "C"}, version=b.version)
    with pytest.raises(services.ConflictError):  # a page opened before there was one
        services.spara_beredning(ansokan=inlamnad, by=bertil_handlaggare, data={"anteckningar": "C"}, version=0)
    assert Beredning.objects.get(ansokan=inlamnad).anteckningar == "B"


def test_a_matter_without_application_gets_the_next_diarienummer(
    inlamnad, cecilia_forbundschef, client, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from ansokningar.models import Diarieserie
    from beslut.models import Beslutsforslag
    from beslut.pdf import render_forslag_pdf

    year = timezone.localdate().year
    senaste = Diarieserie.objects.get(ar=year).senaste  # the application took one
    client.force_login(cecilia_forbundschef)
    response = client.post(reverse("beslut:ny"), {"titel": "Inriktning 2027"})
    forslag = Beslutsforslag.objects.get(titel="Inriktning 2027")
    assert forslag.diarienummer == f"SFU {year}/{senaste + 1}"
    assert Diarieserie.objects.get(ar=year).senaste == senaste + 1  # one series, no gap
    assert response["Location"] == reverse("beslut:redigera", args=[forslag.pk])
    # From an application: the application's number, none taken.
    fran_ansokan = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert fran_ansokan.diarienummer == inlamnad.diarienummer
    assert Diarieserie.objects.get(ar=year).senaste == senaste + 1

    lista = client.get(reverse("beslut:lista")).content.decode()
    assert f"<td>SFU {year}/{senaste + 1}</td>" in lista
    text = pdf_text(render_forslag_pdf(forslag, use_cache=False))
    assert f"Diarienummer: SFU {year}/{senaste + 1}" in text  # the first page's head


def test_a_proposal_without_diarienummer_cannot_be_faststalld(cecilia_forbundschef):
    from beslut.models import Beslutsforslag

    forslag = services.skapa_forslag(by=cecilia_forbundschef, titel="Anta inriktning")
    services.spara_forslag(
        forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"diarienummer": ""},
        satser=["anta förslag till verksamhetsinriktning"],
    )  # fmt: skip
    with pytest.raises(services.WorkflowError, match="saknar diarienummer"):
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    assert not Beslutsforslag.objects.get(pk=forslag.pk).versioner.exists()


def test_the_delegation_limit_does_not_block_an_avslag(inlamnad, cecilia_forbundschef, client, media):
    from beslut.models import Beslutsforslag
    from samordning.models import Forbund

    Forbund.objects.filter(pk=1).update(delegationsgrans=100_000)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)  # 1 540 400 kr sought
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    page = client.post(url, edit_post(forslag, instans="delegation")).content.decode()
    assert "Förbundschefen får besluta om högst 100" in page  # a grant over the limit: refused

    response = client.post(url, edit_post(forslag, instans="delegation", utfall="avslag"))
    assert response.status_code == 302
    forslag = Beslutsforslag.objects.get(pk=forslag.pk)
    assert (forslag.instans, forslag.utfall, forslag.belopp) == ("delegation", "avslag", 1_540_400)
    detail = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "över delegationsgränsen" not in detail
    assert services.faststall(forslag=forslag, by=cecilia_forbundschef).nummer == 1


def test_the_library_example_fills_every_placeholder(cecilia_forbundschef, client, inlamnad):
    from beslut import klausuler
    from beslut.models import Klausul, KlausulUppsattning

    vald = KlausulUppsattning.objects.get(vald=True)
    vald.klausuler.add(Klausul.objects.create(
        namn="Överenskommelse", typ="villkor", ordning=99,
        text="teckna överenskommelse med {insatsagare} för perioden {fran_text} till {till_text}",
    ))  # fmt: skip
    vald.klausuler.add(Klausul.objects.create(
        namn="Alla", typ="avslag", ordning=99,
        text=" ".join("{" + p + "}" for p in klausuler.PLACEHOLDERS),
    ))  # fmt: skip
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:klausuler")).content.decode()
    exempel = page.split("Så börjar ett nytt beslutsförslag")[1].split("Förbundets stil")[0]
    # Filled from the latest application, the förbund's own case.
    assert f"teckna överenskommelse med {inlamnad.insatsagare.namn} för perioden 1 januari 2023" in exempel
    satser = "".join(re.findall(r'<table class="satser">.*?</table>', exempel, re.S))  # not the warnings about them
    assert "{" not in satser and "med  för" not in satser


def test_insatsagare_without_an_application_is_pointed_out_not_left_blank(cecilia_forbundschef):
    from beslut import klausuler

    forslag = services.skapa_forslag(by=cecilia_forbundschef, titel="Samverkan")
    text = klausuler.fill("teckna överenskommelse med {insatsagare}", klausuler.values(forslag))
    assert text == "teckna överenskommelse med {insatsagare}"
    assert klausuler.varningar(text, forslag) == ["Platshållaren {insatsagare} är inte ifylld."]


def test_arendet_headings_goals_and_staff(inlamnad, cecilia_forbundschef, orgs):
    from ansokningar.models import Budgetbelopp, Budgetrad, Del, Mal
    from ansokningar.presentation import del_rubrik

    assert del_rubrik(1, "Del 1 Struktur") == "Del 1 Struktur"
    assert del_rubrik(2, "del 2: Individfas") == "del 2: Individfas"
    assert del_rubrik(1, "Delaktighet") == "Del 1: Delaktighet"
    Del.objects.create(ansokan=inlamnad, ordning=0, namn="Del 1 Struktur")
    Del.objects.create(ansokan=inlamnad, ordning=1, namn="Individfas")
    af = inlamnad.parter.get(organisation__namn="Arbetsförmedlingen")
    rad = Budgetrad.objects.create(ansokan=inlamnad, avsnitt="egen_lon", benamning="Arbetsförmedlare", tjanst_procent=50)
    Budgetbelopp.objects.create(rad=rad, part=af, belopp=100_000)

    arendet = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad).arendet
    assert "# Del 1 Struktur\n" in arendet and "Del 1: Del 1" not in arendet
    assert "# Del 2: Individfas\n" in arendet
    overgripande = [m.text for m in inlamnad.mal.filter(typ=Mal.Typ.OVERGRIPANDE, del_av=None)]
    assert len(overgripande) == 3
    assert "# Övergripande mål\n\n" + "\n".join(f"- {m}" for m in overgripande) in arendet
    # Goals and posts tied to no del are the whole insats's, after the delar.
    assert arendet.index("# Övergripande mål") < arendet.index("# Del 1 Struktur") < arendet.index("# Gemensamt för hela insatsen")
    assert "Effektmål:\n\n- " in arendet.split("# Gemensamt för hela insatsen\n\n")[1]
    bemanning = arendet.split("# Bemanning, gemensamt för hela insatsen\n\n")[1].split("\n\n# ")[0]
    assert bemanning == (
        "Finansieras av förbundet:\n\n"
        f"- Arbetsmarknadsstödjare, tjänstgöringsgrad 100{NBSP}%, 1 januari 2023 – 31 december 2024 (Älvkarleby kommun)\n\n"
        "Parternas egen insats (egenfinansiering, ingår inte i det sökta beloppet):\n\n"
        f"- Arbetsförmedlare, tjänstgöringsgrad 50{NBSP}% (Arbetsförmedlingens egenfinansiering)"
    )


def test_one_party_names_no_party_in_bemanning(inlamnad, cecilia_forbundschef):
    inlamnad.parter.exclude(ordning=0).delete()
    arendet = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad).arendet
    bemanning = arendet.split("# Bemanning\n\n")[1].split("\n\n# ")[0]
    assert bemanning == f"- Arbetsmarknadsstödjare, tjänstgöringsgrad 100{NBSP}%, 1 januari 2023 – 31 december 2024"


def test_a_period_past_the_applications_is_pointed_out(inlamnad, cecilia_forbundschef, client):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)  # 2023-01-01 – 2024-12-31
    client.force_login(cecilia_forbundschef)
    detalj, redigera = reverse("beslut:detalj", args=[forslag.pk]), reverse("beslut:redigera", args=[forslag.pk])
    assert "går utanför ansökans period" not in client.get(detalj).content.decode()
    assert "går utanför ansökans period" not in client.get(redigera).content.decode()

    assert client.post(redigera, edit_post(forslag, period_till="2025-06-30")).status_code == 302
    varning = (
        "Förslagets period, 1 januari 2023 – 30 juni 2025, går utanför ansökans period, "
        "1 januari 2023 – 31 december 2024."
    )
    assert varning in client.get(detalj).content.decode()
    assert varning in client.get(redigera).content.decode()
    forslag.refresh_from_db()
    # Shown as typed, before it is saved, too.
    page = client.post(redigera, edit_post(forslag, period_fran="2022-07-01", period_till="2024-12-31", belopp="-1"))
    assert "Förslagets period, 1 juli 2022 – 31 december 2024, går utanför" in page.content.decode()


def test_shares_of_the_frame_have_one_decimal(inlamnad, bertil_handlaggare, client):
    from ansokningar import selectors
    from ansokningar.presentation import innehall
    from beslut import facts
    from beslut.models import Verksamhetsinriktning

    per_ar = dict(innehall(selectors.load(inlamnad.pk)).budget.per_ar)  # 2023 and 2024
    # Every year against the frame of the one inriktning in force.
    Verksamhetsinriktning.objects.create(ar=2024, ram=per_ar[2023] * 50)  # 2023: exactly 2 %
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:beredning", args=[inlamnad.pk])).content.decode()
    ram = page.split("Andel av ramen i inriktningen för 2024")[1].split("</table>")[0]
    assert f'<td class="num">2,0{NBSP}%</td>' in ram
    assert facts.andel_text(facts.andel(per_ar[2024], per_ar[2024] * 52)) == f"1,9{NBSP}%"  # 1.923… %
    andel_efter = page.split("Fördelning efter denna insats")[1].split("</section>")[0]
    assert f"100,0{NBSP}%" in andel_efter  # the only category's share after it

    assert facts.andel_text(facts.andel(1, 40)) == f"2,5{NBSP}%"
    assert facts.andel_text(facts.andel(1, 16)) == f"6,3{NBSP}%"  # 6.25: half up, not to even
    assert facts.andel(5, 0) is None and facts.andel_text(None) == ""

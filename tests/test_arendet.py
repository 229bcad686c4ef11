"""The drafted Ärendet says, point by point, what issue 9 lists and the
förbund's own proposals say (seed 001): parties and insatsägare, syfte,
målgrupp and goals per del, participants, staffing per del with
tjänstgöringsgrad (the parties' own posts as theirs), period and how the
money falls on it, egenfinansiering per party, and for a tilläggsansökan
the earlier decisions and what changes now. Its figures add up."""

import datetime
import re
from decimal import Decimal

import pytest

from ansokningar import seed, selectors, services
from ansokningar.models import Ansokan, Budgetbelopp, Budgetrad, Del, Mal, Part
from beslut.arendet import arendet
from samordning.formatting import genitiv
from tests.factories import UserFactory, make_insats

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"


def kr(value):
    return f"{value:,}".replace(",", NBSP) + f"{NBSP}kr"


def belopp_i(text):
    return [int(m.replace(NBSP, "")) for m in re.findall(r"(\d{1,3}(?:\u00a0\d{3})*)\u00a0kr", text)]


def section(text, heading):
    return text.split(f"# {heading}\n\n")[1].split("\n\n# ")[0]


@pytest.fixture
def tva_delar(anna_sokande, orgs):
    """Älvkarleby kommun with Region Uppsala: a structural del then an
    individual one, a post paid by the förbund in each, the region's own
    post (egenfinansiering), a line of the whole insats and ESF money."""
    kategorier, _ = seed.ensure_categories()
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Två faser")
    Ansokan.objects.filter(pk=a.pk).update(
        startdatum=D(2027, 1, 1), slutdatum=D(2028, 12, 31), syfte="Syftet är att fler unga når studier.",
        malgrupp="Unga vuxna 18–29 år.", antal_deltagare=30,
    )
    region = Part.objects.create(ansokan=a, organisation=orgs["region"], ordning=1)
    alv = Part.objects.get(ansokan=a, ordning=0)
    struktur = Del.objects.create(
        ansokan=a, ordning=0, namn="Kartläggning", startdatum=D(2027, 1, 1), slutdatum=D(2027, 6, 30),
        kategori=kategorier["Strukturövergripande"], malgrupp="Parternas handläggare.",
    )
    individ = Del.objects.create(
        ansokan=a, ordning=1, namn="Stegvis", startdatum=D(2027, 7, 1), slutdatum=D(2028, 12, 31),
        kategori=kategorier["Individinriktad"], malgrupp="Unga vuxna som varken arbetar eller studerar.",
    )
    Mal.objects.bulk_create([
        Mal(ansokan=a, typ="overgripande", text="Fler unga i studier."),
        Mal(ansokan=a, del_av=struktur, typ="effekt", text="En gemensam kartläggning finns."),
        Mal(ansokan=a, del_av=struktur, typ="insats", text="Tio handläggare intervjuade."),
        Mal(ansokan=a, del_av=individ, typ="effekt", text="Hälften börjar studera."),
        Mal(ansokan=a, del_av=individ, typ="insats", text="30 deltagare per år."),
    ])  # fmt: skip
    Budgetrad.objects.filter(ansokan=a).delete()
    lines = [
        # benämning, avsnitt, del, tjänst %, {part: kr}
        ("Processledare", "lon", struktur, Decimal("50"), {alv: 240_000}),
        ("Studiecoach", "lon", individ, Decimal("100"), {alv: 1_080_000}),
        ("Vägledare", "egen_lon", individ, Decimal("20"), {region: 180_000}),
        ("Utvärdering", "ovrig", None, None, {alv: 75_000}),
        ("Lokalhyra", "egen_lokal", None, None, {alv: 30_000, region: 12_000}),
        ("ESF", "ovrig_fin", None, None, {alv: 50_000}),
    ]
    for i, (namn, avsnitt, del_, tjanst, belopp) in enumerate(lines):
        rad = Budgetrad.objects.create(
            ansokan=a, avsnitt=avsnitt, benamning=namn, del_av=del_, tjanst_procent=tjanst, ordning=i
        )
        for part, value in belopp.items():
            Budgetbelopp.objects.create(rad=rad, part=part, belopp=value)
    a.refresh_from_db()
    services.update_totals(a)
    a.refresh_from_db()
    return a


def test_every_point_of_arendet_for_an_application_in_delar(tva_delar):
    text = arendet(selectors.load(tva_delar.pk))
    assert (
        "Älvkarleby kommun och Region Uppsala ansöker gemensamt om finansiering av insatsen Två faser. "
        "Älvkarleby kommun är insatsägare och Region Uppsala är samverkanspart."
    ) in text
    assert "Insatsen planeras pågå från 1 januari 2027 till 31 december 2028." in text
    assert f"Det sökta beloppet är {kr(1_395_000)} och kostnaderna fördelas över perioden med" in text
    assert section(text, "Syfte") == "Syftet är att fler unga når studier."
    assert "Unga vuxna 18–29 år.\n\nInsatsen förväntas nå 30 deltagare per år." in section(text, "Målgrupp")

    del1, del2 = section(text, "Del 1: Kartläggning"), section(text, "Del 2: Stegvis")
    assert "Målgrupp:\n\nParternas handläggare." in del1
    assert "Effektmål:\n\n- En gemensam kartläggning finns." in del1 and "Insatsmål:\n\n- Tio handläggare intervjuade." in del1
    assert f"- Processledare, tjänstgöringsgrad 50{NBSP}% (Älvkarleby kommun)" in del1
    assert "Hälften börjar studera." in del2 and "Hälften" not in del1
    # The region's own post is its contribution, apart from what the förbund pays.
    forbund, egen = del2.split("Parternas egen insats")
    assert f"- Studiecoach, tjänstgöringsgrad 100{NBSP}% (Älvkarleby kommun)" in forbund and "Vägledare" not in forbund
    assert f"- Vägledare, tjänstgöringsgrad 20{NBSP}% (Region Uppsalas egenfinansiering)" in egen

    fin = section(text, "Finansiering")
    assert f"- Del 1: Kartläggning: {kr(240_000)}" in fin
    assert f"- Del 2: Stegvis: {kr(1_080_000)}" in fin
    assert f"- Gemensamt för hela insatsen: {kr(75_000)}" in fin
    assert (
        f"Parterna bidrar med egenfinansiering på sammanlagt {kr(222_000)}: "
        f"Älvkarleby kommun {kr(30_000)} och Region Uppsala {kr(192_000)}."
    ) in fin
    assert f"Övrig finansiering: {kr(50_000)} (ESF)." in fin
    assert f"Insatsens totala kostnad är {kr(1_667_000)}." in fin


def test_the_figures_of_arendet_add_up(tva_delar):
    text = arendet(selectors.load(tva_delar.pk))
    total = tva_delar.summa_forbund
    years = text.split("fördelas över perioden med ")[1].split(".\n")[0]
    assert sum(belopp_i(years)) == total
    per_del = section(text, "Finansiering").split("fördelas så här:\n\n")[1].split("\n\n")[0]
    assert sum(belopp_i(per_del)) == total


def test_a_single_party_is_insatsagare_in_one_sentence(anna_sokande, orgs):
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Ensam")
    text = arendet(selectors.load(a.pk))
    assert "Älvkarleby kommun ansöker om finansiering av insatsen Ensam och är insatsägare." in text


def test_a_tillaggsansokan_recounts_the_earlier_decisions_and_what_changes(
    anna_sokande, bertil_handlaggare, orgs
):
    kategorier, _ = seed.ensure_categories()
    grants = [
        {"beslutsdatum": D(2018, 3, 14), "organ": "styrelse", "paragraf": 14, "diarienummer": "SFU 2018/7",
         "period_fran": D(2018, 4, 1), "period_till": D(2019, 3, 31), "belopp": 135_000, "tjanstgoringsgrad": Decimal("50")},
        {"beslutsdatum": D(2019, 3, 20), "organ": "au", "paragraf": 21, "diarienummer": "SFU 2019/11",
         "period_fran": D(2019, 4, 1), "period_till": D(2021, 3, 31), "belopp": 270_000, "tjanstgoringsgrad": Decimal("50")},
    ]  # fmt: skip
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"], grants=grants)
    a = services.skapa_ansokan(
        by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=insats.namn, typ=Ansokan.Typ.TILLAGG, insats=insats
    )
    Ansokan.objects.filter(pk=a.pk).update(startdatum=D(2021, 4, 1), slutdatum=D(2023, 3, 31))
    Budgetrad.objects.filter(ansokan=a).delete()
    rad = Budgetrad.objects.create(ansokan=a, avsnitt="lon", benamning="Lokussamordnare", tjanst_procent=Decimal("25"))
    Budgetbelopp.objects.create(rad=rad, part=Part.objects.get(ansokan=a), belopp=316_000)
    a.refresh_from_db()
    services.update_totals(a)
    text = arendet(selectors.load(a.pk))
    assert "ansöker om fortsatt finansiering av insatsen Lokussamordnare Älvkarleby och är insatsägare." in text
    assert "Tilläggsansökan gäller perioden 1 april 2021 – 31 mars 2023." in text
    tidigare = section(text, "Tidigare finansiering")
    assert "Förbundet har finansierat insatsen sedan 1 april 2018 genom följande beslut:" in tidigare
    assert (
        f"- Förbundsstyrelsen 14 mars 2018, §{NBSP}14 (SFU 2018/7): {kr(135_000)} för perioden "
        f"1 april 2018 – 31 mars 2019, tjänstgöringsgrad 50{NBSP}%"
    ) in tidigare
    assert f"- Arbetsutskottet 20 mars 2019, §{NBSP}21 (SFU 2019/11)" in tidigare
    assert f"Sammanlagt har förbundet beviljat {kr(405_000)} till insatsen." in tidigare
    assert "tar vid direkt efter den senast beviljade, som slutar 31 mars 2021." in tidigare
    assert f"Tjänstgöringsgraden ändras från 50{NBSP}% till 25{NBSP}%." in tidigare
    assert f"Beloppet per år ändras från {kr(135_000)} till {kr(158_000)}." in tidigare


def test_genitive_of_organisation_names():
    assert genitiv("Region Uppsala") == "Region Uppsalas"
    assert genitiv("Heby kommun") == "Heby kommuns"
    assert genitiv("Försäkringskassan") == "Försäkringskassans"
    assert genitiv("Hälsans hus") == "Hälsans hus"


def test_a_top_up_running_beside_the_main_grant_adds_to_the_level_per_year(anna_sokande, bertil_handlaggare, orgs):
    """The tester's case: a styrelse grant of 620 000 kr for 2025–2026 and an
    AU top-up of 120 000 kr for April–December 2026 run side by side, so the
    förbund funds 310 000 + 160 000 = 470 000 kr a year at the end, and the
    tjänstgöringsgrad is the latest decision's."""
    kategorier, _ = seed.ensure_categories()
    grants = [
        {"beslutsdatum": D(2024, 11, 20), "organ": "styrelse", "paragraf": 45, "period_fran": D(2025, 1, 1),
         "period_till": D(2026, 12, 31), "belopp": 620_000, "tjanstgoringsgrad": Decimal("50")},
        {"beslutsdatum": D(2026, 3, 18), "organ": "au", "paragraf": 12, "period_fran": D(2026, 4, 1),
         "period_till": D(2026, 12, 31), "belopp": 120_000, "tjanstgoringsgrad": Decimal("75")},
    ]  # fmt: skip
    insats = make_insats(bertil_handlaggare, orgs["region"], kategorier["Individinriktad"], namn="Psykiatrisamordnare", grants=grants)
    lars = UserFactory(username="lars9", roll="sokande", organisationer=[orgs["region"]])
    a = services.skapa_ansokan(by=lars, insatsagare=orgs["region"], namn=insats.namn, typ=Ansokan.Typ.TILLAGG, insats=insats)
    Ansokan.objects.filter(pk=a.pk).update(startdatum=D(2027, 1, 1), slutdatum=D(2028, 12, 31))
    Budgetrad.objects.filter(ansokan=a).delete()
    rad = Budgetrad.objects.create(ansokan=a, avsnitt="lon", benamning="Psykiatrisamordnare", tjanst_procent=Decimal("100"))
    Budgetbelopp.objects.create(rad=rad, part=Part.objects.get(ansokan=a), belopp=1_320_000)
    a.refresh_from_db()
    services.update_totals(a)
    text = arendet(selectors.load(a.pk))
    assert f"Tjänstgöringsgraden ändras från 75{NBSP}% till 100{NBSP}%." in text
    assert (
        f"Beloppet per år ändras från {kr(470_000)} (de två beslut som gäller i slutet av perioden sammantaget) "
        f"till {kr(660_000)}."
    ) in text
    assert "Insatsen består av" not in text  # the Bedömning's sentence

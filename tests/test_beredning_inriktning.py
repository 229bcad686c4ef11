"""Issue 9 item 4: the beredning against the inriktning the board will decide
under. One inriktning for the whole case (chosen, by default the one in force
on the planned decision date), checklist points answered ja, nej or ej
tillämpligt, and a Bedömning draft that says only what was found, names the
inriktning's year and target groups, and never says twice what the
handläggare's note says."""

import datetime
import itertools
import re
from collections import Counter

import pytest
from django.urls import reverse

from ansokningar import selectors
from ansokningar.models import Ansokan, PrioriteradMalgrupp
from beslut import bedomning, facts, services
from beslut.models import Beredning, Verksamhetsinriktning

pytestmark = pytest.mark.django_db
D = datetime.date
JA, NEJ, EJ = Beredning.Svar.JA, Beredning.Svar.NEJ, Beredning.Svar.EJ_TILLAMPLIGT
CHECKLIST = Beredning.CHECKLIST
UNGA = "Unga vuxna 16–29 år som varken arbetar eller studerar"


def skapa_inriktning(ar, ram=10_000_000, malgrupper=()):
    from ansokningar.models import Insatskategori

    inriktning = Verksamhetsinriktning.objects.create(ar=ar, ram=ram)
    inriktning.prioriterade_malgrupper.set(malgrupper)
    kategorier = {k.namn: k for k in Insatskategori.objects.all()}
    for namn, procent in [("Individinriktad", 60), ("Strukturövergripande", 30), ("Kompetenshöjande", 10)]:
        if namn in kategorier:
            inriktning.fordelning.create(kategori=kategorier[namn], procent=procent)
    return inriktning


def spara(ansokan, by, **data):
    base = {**dict.fromkeys(CHECKLIST, ""), "anteckningar": "", "rekommendation": "", "rekommendation_datum": None}
    return services.spara_beredning(ansokan=ansokan, by=by, data={**base, **data})


def meningar(text):
    return [m for stycke in text.split("\n\n") for m in re.split(r"(?<=\.)\s+", stycke) if m]


def test_the_inriktning_in_force_is_the_latest_not_after_the_decision_year(db):
    for ar in (2021, 2023, 2025):
        skapa_inriktning(ar)
    assert Verksamhetsinriktning.i_kraft(D(2020, 12, 31)) is None
    assert Verksamhetsinriktning.i_kraft(D(2022, 6, 1)).ar == 2021
    assert Verksamhetsinriktning.i_kraft(D(2023, 1, 1)).ar == 2023
    assert Verksamhetsinriktning.i_kraft(D(2030, 1, 1)).ar == 2025
    # A beredning's own choice wins over its planned date.
    assert facts.inriktning(Beredning(planerat_beslutsdatum=D(2024, 3, 1))).ar == 2023
    chosen = Verksamhetsinriktning.objects.get(ar=2025)
    assert facts.inriktning(Beredning(planerat_beslutsdatum=D(2024, 3, 1), inriktning=chosen)).ar == 2025


def test_the_page_proposes_the_inriktning_in_force_and_keeps_a_choice(inlamnad, bertil_handlaggare, client):
    i2022, i2025 = skapa_inriktning(2022), skapa_inriktning(2025)
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    page = client.get(url).content.decode()
    assert "Den som gäller på det planerade beslutsdatumet" in page
    assert f"(nu {i2025})" in page  # today's: the latest inriktning
    # Left empty: the one in force on the planned decision date is stored.
    post = {**dict.fromkeys(CHECKLIST, ""), "version": 0, "anteckningar": "", "rekommendation": ""}
    assert client.post(url, {**post, "planerat_beslutsdatum": "2022-10-01", "inriktning": ""}).status_code == 302
    beredning = Beredning.objects.get(ansokan=inlamnad)
    assert (beredning.inriktning, beredning.planerat_beslutsdatum) == (i2022, D(2022, 10, 1))
    # Chosen by the handläggare: kept, whatever the date.
    post.update(version=beredning.version, planerat_beslutsdatum="2022-10-01", inriktning=i2025.pk)
    assert client.post(url, post).status_code == 302
    assert Beredning.objects.get(ansokan=inlamnad).inriktning == i2025


def test_a_multi_year_application_is_assessed_against_one_inriktning(
    inlamnad, bertil_handlaggare, cecilia_forbundschef, client
):
    """2023–2024, decided in the autumn of 2022 under the only inriktning
    there is (2022): both years against its frame and guideline, no year
    without one."""
    skapa_inriktning(2022, ram=4_000_000, malgrupper=PrioriteradMalgrupp.objects.all())
    spara(inlamnad, bertil_handlaggare, planerat_beslutsdatum=D(2022, 9, 14), malgrupp_prioriterad=JA)
    beredning = Beredning.objects.get(ansokan=inlamnad)
    assert beredning.inriktning.ar == 2022
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:beredning", args=[inlamnad.pk])).content.decode()
    assert "ingen ram" not in page and "ingen inriktning" not in page.lower()
    assert "Andel av ramen i inriktningen för 2022" in page
    assert "Riktlinje: inriktningen för 2022, för alla år ansökan gäller." in page

    full = selectors.load(inlamnad.pk)
    from ansokningar.presentation import innehall

    content = innehall(full)
    inriktning = facts.inriktning(beredning)
    andelar = facts.andelar_av_ram(content.budget.per_ar, inriktning)
    assert [(a.ar, a.ram) for a in andelar] == [(2023, 4_000_000), (2024, 4_000_000)]
    assert all(a.procent is not None for a in andelar)
    years = facts.fordelning(full, content.budget, [], inriktning)
    assert [y.ar for y in years] == [2023, 2024]
    for year in years:
        assert year.har_inriktning
        assert {r.kategori: r.riktlinje for r in year.rader}["Individinriktad"] == 60

    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert "förbundets prioriterade målgrupper i inriktningen för 2022." in forslag.bedomning


def test_without_any_inriktning_the_page_says_so(inlamnad, bertil_handlaggare, cecilia_forbundschef, client):
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    page = client.get(url).content.decode()
    assert "Det finns ingen verksamhetsinriktning som gäller på det planerade beslutsdatumet." in page
    assert "Ingen inriktning att jämföra med." in page and "ingen ram" not in page
    spara(inlamnad, bertil_handlaggare, budget_rimlig=JA)
    assert Beredning.objects.get(ansokan=inlamnad).inriktning is None
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert "inriktningen för" not in forslag.bedomning and "Budgeten bedöms som rimlig." in forslag.bedomning


def test_checklist_points_are_radio_groups_with_three_answers(inlamnad, bertil_handlaggare, client):
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    page = client.get(url).content.decode()
    for name in CHECKLIST:
        label = str(Beredning._meta.get_field(name).verbose_name)
        group = re.search(rf"<fieldset[^>]*>\s*<legend[^>]*>{re.escape(label)}</legend>(.*?)</fieldset>", page, re.S)
        assert group, name
        values = re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', group[1])
        assert values == ["ja", "nej", "ej_tillampligt", ""], name
        for input_id in re.findall(r'id="([^"]+)"', group[1]):
            assert f'for="{input_id}"' in group[1]
    post = dict.fromkeys(CHECKLIST, EJ)
    post.update(version=0, anteckningar="", rekommendation="", planerat_beslutsdatum="2026-01-15", inriktning="")
    post["budget_rimlig"] = NEJ
    assert client.post(url, post).status_code == 302
    beredning = Beredning.objects.get(ansokan=inlamnad)
    assert [getattr(beredning, n) for n in CHECKLIST] == [EJ, EJ, EJ, EJ, NEJ, EJ, EJ]
    post["budget_rimlig"] = "kanske"
    post["version"] = beredning.version
    page = client.post(url, post).content.decode()
    assert "Beredningen är inte sparad" in page and 'aria-describedby="id_budget_rimlig_fel"' in page
    from tests.test_tillganglighet import error_page_problems

    assert error_page_problems(page) == []


@pytest.mark.parametrize("med_inriktning", [True, False])
def test_every_combination_of_answers_says_each_finding_once(inlamnad, django_assert_num_queries, med_inriktning):
    """All 4^7 answer combinations (ja, nej, ej tillämpligt, not answered):
    each point answered ja or nej is reported by exactly one sentence, no
    other point by any; the text is the kind, the inriktning's year (once)
    and those sentences, none of them twice."""
    if med_inriktning:
        skapa_inriktning(2022, malgrupper=PrioriteradMalgrupp.objects.all())
    ansokan = selectors.load(inlamnad.pk)
    inriktning = facts.inriktning(None, D(2022, 9, 14))
    assert (inriktning is not None) == med_inriktning
    inledning = bedomning.bedomning(ansokan)
    with django_assert_num_queries(0):
        for svar in itertools.product([JA, NEJ, EJ, ""], repeat=len(CHECKLIST)):
            b = Beredning(anteckningar="", **dict(zip(CHECKLIST, svar, strict=True)))
            funna = bedomning.fynd(ansokan, b, inriktning)
            besvarade = {p: s for p, s in zip(CHECKLIST, svar, strict=True) if s in (JA, NEJ)}
            tackta = Counter(p for m in funna for p in m.punkter)
            assert set(tackta) == set(besvarade) and set(tackta.values()) <= {1}, svar
            for m in funna:
                if any(besvarade[p] == NEJ for p in m.punkter):
                    assert " inte " in m.text or m.text.startswith("Färre"), m.text
            text = bedomning.bedomning(ansokan, b, inriktning)
            alla = meningar(text)
            assert len(alla) == len(set(alla)), text
            ar = [f"Ansökan har bedömts mot förbundets inriktning för {inriktning.ar}."] if inriktning else []
            if inriktning and any(f"inriktningen för {inriktning.ar}" in m.text for m in funna):
                ar = []
            assert alla == meningar(inledning) + ar + [m.text for m in funna], svar
            if inriktning:
                assert sum(f"inriktning för {inriktning.ar}" in m or f"inriktningen för {inriktning.ar}" in m for m in alla) == 1


def test_target_groups_in_words(inlamnad):
    """The groups the application names that are among the inriktning's."""
    unga = PrioriteradMalgrupp.objects.create(namn=UNGA, ordning=0)
    andra = PrioriteradMalgrupp.objects.exclude(pk=unga.pk)
    skapa_inriktning(2025, malgrupper=[unga, *andra])
    inlamnad.prioriterade_malgrupper.set([unga])
    ansokan = selectors.load(inlamnad.pk)
    inriktning = facts.inriktning(None, D(2025, 3, 1))
    text = bedomning.bedomning(ansokan, Beredning(malgrupp_prioriterad=JA, anteckningar=""), inriktning)
    assert (
        "Insatsen riktar sig till unga vuxna 16–29 år som varken arbetar eller studerar, en av förbundets "
        "prioriterade målgrupper i inriktningen för 2025."
    ) in text
    text = bedomning.bedomning(ansokan, Beredning(malgrupp_prioriterad=NEJ, anteckningar=""), inriktning)
    assert "Målgruppen hör inte till förbundets prioriterade målgrupper i inriktningen för 2025." in text


def test_the_kind_per_del_and_the_structural_wording(inlamnad):
    from ansokningar.models import Insatskategori

    struktur = Insatskategori.objects.get(namn="Strukturövergripande")
    Ansokan.objects.filter(pk=inlamnad.pk).update(kategori=struktur)
    ansokan = selectors.load(inlamnad.pk)
    b = Beredning(malgrupp_arbetsfor=EJ, malgrupp_prioriterad=EJ, matbara_mal=JA, diskuterad_lokus=JA, alla_signerat=JA, anteckningar="")
    assert bedomning.bedomning(ansokan, b) == (
        "Denna insats är en strukturövergripande insats.\n\n"
        "I ansökan anges resultat och mätbara mål som ligger i linje med förbundets inriktning. "
        "Ansökan har diskuterats av parterna och alla parter i Lokusgruppen har ställt sig bakom ansökan."
    )


# One note per subject, in the words a handläggare might use.
ANTECKNING = {
    "malgrupp_arbetsfor": "Deltagarna är i arbetsför ålder.",
    "malgrupp_prioriterad": "Insatsen når förbundets prioriterade grupper väl.",
    "minst_tva_parter": "Två parter driver insatsen gemensamt.",
    "matbara_mal": "Målen är tydliga och mätbara.",
    "budget_rimlig": "Budgeten är väl avvägd för uppdraget.",
    "diskuterad_lokus": "Ansökan diskuterades på lokusgruppens möte i maj.",
    "alla_signerat": "Samtliga parter har skrivit under.",
}


@pytest.mark.parametrize("punkt", CHECKLIST)
@pytest.mark.parametrize("svar", [JA, NEJ])
def test_a_point_the_note_speaks_of_is_not_said_again(inlamnad, punkt, svar):
    ansokan = selectors.load(inlamnad.pk)
    alla = dict.fromkeys(CHECKLIST, JA) | {punkt: svar}
    utan = bedomning.fynd(ansokan, Beredning(anteckningar="", **alla))
    note = ANTECKNING[punkt]
    if punkt == "malgrupp_prioriterad" and svar == JA:
        # The groups are said only when the note names them (a tester's
        # note calling the group "prioriterad" told the board nothing).
        namn = [g.namn for g in bedomning.prioriterade(ansokan, None)]
        vag = bedomning.fynd(ansokan, Beredning(anteckningar=note, **alla))
        assert punkt in {p for m in vag for p in m.punkter}
        note = "Insatsen når " + " och ".join(n[0].lower() + n[1:] for n in namn) + "."
    med = bedomning.fynd(ansokan, Beredning(anteckningar=note, **alla))
    assert punkt in {p for m in utan for p in m.punkter}
    assert punkt not in {p for m in med for p in m.punkter}
    # Every other point is still reported.
    assert {p for m in med for p in m.punkter} == set(CHECKLIST) - {punkt}
    text = bedomning.bedomning(ansokan, Beredning(anteckningar=note, **alla))
    assert text.count(note) == 1


def test_a_note_that_repeats_a_finding_word_for_word_is_said_once(inlamnad):
    ansokan = selectors.load(inlamnad.pk)
    note = (
        "Denna insats är en individinriktad insats med mål att fler går vidare till arbete. "
        "I ansökan anges resultat och mätbara mål som ligger i linje med förbundets inriktning."
    )
    b = Beredning(anteckningar=note, **dict.fromkeys(CHECKLIST, JA))
    text = bedomning.bedomning(ansokan, b)
    alla = meningar(text)
    assert len(alla) == len(set(alla))
    assert text.count("mätbara mål") == 1 and text.count("individinriktad insats") == 1
    assert text.count(note) == 1
    # Beside the keywords: a note sentence nearly the same as a generated one.
    mening = bedomning.Mening("Ansökan har diskuterats av parterna och alla parter har ställt sig bakom ansökan.")
    assert bedomning._sagt_i(mening, "Bra insats. Ansökan har diskuterats av parterna och alla parterna har ställt sig bakom den.")
    assert not bedomning._sagt_i(mening, "Bra insats. Uppföljningen sker varje kvartal.")


def test_an_unsigned_party_is_named(inlamnad):
    ansokan = selectors.load(inlamnad.pk)
    b = Beredning(anteckningar="", alla_signerat=NEJ)
    saknas = [p.organisation.namn for p in ansokan.parter.all() if not p.signerad_aktuell]
    assert len(saknas) == 4  # nobody has signed the fixture's application
    text = bedomning.bedomning(ansokan, b)
    assert "Älvkarleby kommun, Arbetsförmedlingen, Försäkringskassan och Region Uppsala har ännu inte skrivit under ansökan." in text

"""What the drafting writes from the case (Ärendet, Bedömning), the
beredning's facts for every budget year, the delegationsbeslut, and the
proposal's page header."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ansokningar.models import Ansokan, Del, Insatskategori
from beslut import arendet as arendet_module
from beslut import bedomning, drafting, facts, services
from beslut.models import Beredning, Beslutsforslag, Verksamhetsinriktning
from beslut.pdf import render_forslag_pdf
from samordning.models import Forbund
from tests.helpers import edit_post, pdf_text

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def beredning(ansokan, by, **extra):
    data = {**dict.fromkeys(Beredning.CHECKLIST, Beredning.Svar.JA), "rekommendation": "bifall", "anteckningar": "", **extra}
    return services.spara_beredning(ansokan=ansokan, by=by, data=data)


def test_arendet_tells_the_background_without_repeating_itself(inlamnad, cecilia_forbundschef):
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    text = forslag.arendet
    assert text.startswith("# Ansökan\n\nÄlvkarleby kommun, Arbetsförmedlingen, Försäkringskassan och Region Uppsala ansöker gemensamt om finansiering")
    assert "I dagsläget saknar kommunen egna resurser" in text  # the application's bakgrund
    assert text.index("I dagsläget saknar") < text.index("Syftet är att")
    assert "Insatsägare är" not in text
    fore_bemanning = text.split("# Bemanning")[0]  # Bemanning names each line's party
    # Named once among the parties and once as insatsägare, then only in the application's own texts.
    assert fore_bemanning.count("Älvkarleby kommun") == 2 + inlamnad.bakgrund.count("Älvkarleby kommun")


def test_drafted_running_text_has_no_iso_dates(inlamnad, bertil_handlaggare, cecilia_forbundschef):
    beredning(inlamnad, bertil_handlaggare, rekommendation_datum=timezone.localdate())
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert not ISO.findall(forslag.arendet) and not ISO.findall(forslag.bedomning)
    assert f"Beredningsgruppen rekommenderade den {timezone.localdate().day} " in forslag.bedomning
    assert "från 1 januari 2023 till 31 december 2024" in forslag.arendet


def test_expected_participants_without_a_target_group_text(inlamnad, cecilia_forbundschef):
    Ansokan.objects.filter(pk=inlamnad.pk).update(malgrupp="", antal_deltagare=25)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert "# Målgrupp\n\nInsatsen förväntas nå 25 deltagare per år." in forslag.arendet
    assert "minst" not in forslag.arendet.split("# Målgrupp")[1].split("#")[0]


def test_period_in_running_text():
    assert drafting.period(D(2026, 1, 1), D(2026, 12, 31)) == "1 januari–31 december 2026"
    assert drafting.period(D(2021, 4, 1), D(2023, 3, 31)) == "1 april 2021 – 31 mars 2023"
    assert drafting.period(D(2021, 4, 1), None) == "från 1 april 2021"
    assert drafting.period(None, None) == ""


def budget_of(ansokan):
    from ansokningar import selectors
    from ansokningar.presentation import innehall

    full = selectors.load(ansokan.pk)
    return full, innehall(full)


def test_facts_cover_every_budget_year(inlamnad, bertil_handlaggare, client):
    """Without parts: each year's money under the application's category,
    next to what the förbund granted that year."""
    individ = Insatskategori.objects.get(namn="Individinriktad")
    for ar in (2023, 2024):
        i = Verksamhetsinriktning.objects.create(ar=ar, ram=4_000_000)
        i.fordelning.create(kategori=individ, procent=60)
    full, content = budget_of(inlamnad)
    years = facts.fordelning(full, content.budget)
    assert [(y.ar, [(r.kategori, r.denna) for r in y.rader]) for y in years] == [
        (2023, [("Individinriktad", 770_200)]),  # twelve months each (issue 9: by months, not days)
        (2024, [("Individinriktad", 770_200)]),
    ]
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:beredning", args=[inlamnad.pk])).content.decode()
    assert page.count('<caption class="caption-top fw-semibold text-body">') == 2


def test_parts_share_a_year_by_their_months(inlamnad):
    kategorier = {k.namn: k for k in Insatskategori.objects.all()}
    struktur, individ = kategorier["Strukturövergripande"], kategorier["Individinriktad"]
    Del.objects.create(ansokan=inlamnad, ordning=0, namn="Kartläggning", startdatum=D(2023, 1, 1), slutdatum=D(2023, 3, 31), kategori=struktur)
    Del.objects.create(ansokan=inlamnad, ordning=1, namn="Coachning", startdatum=D(2023, 4, 1), slutdatum=D(2024, 12, 31), kategori=individ)
    full, content = budget_of(inlamnad)
    rader = [r for s in content.budget.forbund_avsnitt for r in s.rader]
    # Each year twelve months of the line; 2023: 3 months of the first part,
    # 9 of the second (by months, as the application's own per-year sums);
    # 2024: only the second.
    assert facts.per_kategori(full, rader, [d.del_ for d in content.delar]) == {
        2023: {struktur.pk: 192_550, individ.pk: 577_650},
        2024: {individ.pk: 770_200},
    }
    assert bedomning.bedomning(full).startswith(
        "Insatsen består av två delar: en strukturövergripande del, Kartläggning, 1 januari–31 mars 2023, "
        "och en individinriktad del, Coachning, 1 april 2023 – 31 december 2024."
    )


def test_a_line_of_one_part_counts_under_that_part(inlamnad):
    kategorier = {k.namn: k for k in Insatskategori.objects.all()}
    struktur, individ = kategorier["Strukturövergripande"], kategorier["Individinriktad"]
    kartlaggning = Del.objects.create(ansokan=inlamnad, ordning=0, namn="Kartläggning", startdatum=D(2023, 1, 1), slutdatum=D(2023, 3, 31), kategori=struktur)
    Del.objects.create(ansokan=inlamnad, ordning=1, namn="Coachning", startdatum=D(2023, 4, 1), slutdatum=D(2024, 12, 31), kategori=individ)
    # The salary line (1 362 000 kr over 2023–2024) belongs to the first part.
    inlamnad.budgetrader.filter(avsnitt="lon").update(del_av=kartlaggning)
    full, content = budget_of(inlamnad)
    rader = [r for s in content.budget.forbund_avsnitt for r in s.rader]
    result = facts.per_kategori(full, rader, [d.del_ for d in content.delar])
    assert result[2023][struktur.pk] > 680_000 and result[2024][struktur.pk] > 680_000
    assert sum(sum(y.values()) for y in result.values()) == 1_540_400
    assert f"# Del 1: Kartläggning\n\nStrukturövergripande del, 1 januari–31 mars 2023.\n\nSökt belopp för delen: 1{NBSP}362{NBSP}000{NBSP}kr." in arendet_module.arendet(full, content)


def test_recommendation_date_may_precede_the_submission_but_not_today(inlamnad, bertil_handlaggare, client):
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    inkom = timezone.localdate(inlamnad.inlamnad)
    data = {"rekommendation": "bifall", "anteckningar": "Mina anteckningar"}
    data["rekommendation_datum"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = client.post(url, data).content.decode()
    assert "Datumet kan inte ligga i framtiden." in page
    assert "Mina anteckningar" in page and not Beredning.objects.filter(ansokan=inlamnad).exists()
    # The beredningsgrupp met before the application was diarieförd.
    data["rekommendation_datum"] = (inkom - datetime.timedelta(days=20)).isoformat()
    assert client.post(url, data).status_code == 302


def test_delegationsbeslut(inlamnad, cecilia_forbundschef, client):
    Forbund.objects.filter(pk=1).update(delegationsgrans=2_000_000)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert forslag.instans == Beslutsforslag.Instans.DELEGATION
    text = pdf_text(render_forslag_pdf(forslag))
    assert "Delegationsbeslut" in text and "Förbundschefen beslutar" in text
    assert "Tjänsteskrivelse" not in text and "Förslag till beslut" not in text
    assert "(beslut om högst 2 000 000 kr) och anmäls till förbundsstyrelsen vid dess nästa sammanträde." in text.replace("\n", " ")
    client.force_login(cecilia_forbundschef)
    detail = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "Delegationsbeslut" in detail and "anmäls till förbundsstyrelsen" in detail


def test_delegation_above_the_limit_is_refused(inlamnad, cecilia_forbundschef, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    Forbund.objects.filter(pk=1).update(delegationsgrans=500_000)
    client.force_login(cecilia_forbundschef)

    page = client.post(reverse("beslut:redigera", args=[forslag.pk]), edit_post(forslag, instans="delegation")).content.decode()
    assert f"Förbundschefen får besluta om högst 500{NBSP}000{NBSP}kr på delegation; beloppet är 1{NBSP}540{NBSP}400{NBSP}kr." in page
    Beslutsforslag.objects.filter(pk=forslag.pk).update(instans="delegation")
    with pytest.raises(services.WorkflowError, match="över delegationsgränsen"):
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    assert "över delegationsgränsen" in client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()


def test_delegation_line_without_a_limit():
    forslag = Beslutsforslag(instans=Beslutsforslag.Instans.DELEGATION)
    assert drafting.delegation(forslag, Forbund(delegationsgrans=None)) == (
        "Beslutet fattas med stöd av förbundsstyrelsens delegation till förbundschefen och anmäls till "
        "förbundsstyrelsen vid dess nästa sammanträde."
    )
    assert drafting.delegation(Beslutsforslag(instans="styrelse"), Forbund()) == ""


def test_detail_page_header_names_forbund_and_handlaggare(inlamnad, bertil_handlaggare, cecilia_forbundschef, client, forbund):
    beredning(inlamnad, bertil_handlaggare)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    client.force_login(bertil_handlaggare)
    page = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    head = page.split('<div class="row g-4">')[0]
    assert forbund.namn in head and "Handläggare: Bertil Holm" in head


def test_beredning_page_queries_do_not_grow_with_parts_and_years(inlamnad, bertil_handlaggare, client, django_assert_max_num_queries):
    kategorier = list(Insatskategori.objects.all())
    Del.objects.create(ansokan=inlamnad, ordning=0, namn="Del 0", startdatum=D(2023, 1, 1), slutdatum=D(2023, 6, 30), kategori=kategorier[0])
    Verksamhetsinriktning.objects.create(ar=2022, ram=1_000_000).fordelning.create(kategori=kategorier[0], procent=50)
    Verksamhetsinriktning.objects.create(ar=2023, ram=1_000_000).fordelning.create(kategori=kategorier[0], procent=50)
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:beredning", args=[inlamnad.pk])
    with django_assert_max_num_queries(40) as one:
        assert client.get(url).status_code == 200
    for i in range(1, 6):
        Del.objects.create(ansokan=inlamnad, ordning=i, namn=f"Del {i}", startdatum=D(2023 + i, 1, 1), slutdatum=D(2023 + i, 12, 31), kategori=kategorier[i % 3])
        Verksamhetsinriktning.objects.create(ar=2023 + i, ram=1_000_000).fordelning.create(kategori=kategorier[0], procent=50)
    Ansokan.objects.filter(pk=inlamnad.pk).update(slutdatum=D(2028, 12, 31))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("<caption") >= 2

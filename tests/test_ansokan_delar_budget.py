"""Budget lines that belong to a del, so the follow-up can report each del
separately; goals for the whole insats next to the delar; the lokusgrupp on
the form; the form's headings in the seed's order."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ansokningar import services
from ansokningar.models import Ansokan, Budgetrad, Mal
from ansokningar.pdf import render_ansokan_pdf
from samordning.models import Lokusgrupp

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def ansokan(anna_sokande, orgs):
    return services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Vägar till arbete")


def form(a, orgs, kategorier, **changes):
    alv, af = orgs["alvkarleby"].pk, orgs["af"].pk
    data = {
        "version": a.version, "action": "spara", "namn": a.namn, "syfte": "Samordnat stöd.", "bakgrund": "Behov.",
        "startdatum": "2026-01-01", "slutdatum": "2028-12-31", "malgrupp": "Personer långt från arbete.",
        "antal_deltagare": "40", "metod": "Metod.", "uppfoljning": "Uppföljning.", "tillvaratas": "Lärande.",
        "diskuterad": "ja", "diskuterad_hur": "Lokus 12 maj.", "samverkansparter": [str(af)],
        "mal_overgripande": ["Fler i arbete"],
        "mal_effekt": ["Parterna har en gemensam bild av behoven"], "mal_insats": ["Fyra lokusmöten per år"],
        "del-0-namn": "Strukturfas", "del-0-startdatum": "2026-01-01", "del-0-slutdatum": "2026-12-31",
        "del-0-kategori": str(kategorier["Strukturövergripande"].pk), "del-0-malgrupp": "Parternas medarbetare.",
        "del-0-mal_effekt": ["Gemensam rutin"], "del-0-mal_insats": ["Rutinen antagen"],
        "del-3-namn": "Individfas", "del-3-startdatum": "2027-01-01", "del-3-slutdatum": "2028-12-31",
        "del-3-kategori": str(kategorier["Individinriktad"].pk), "del-3-malgrupp": "Unga vuxna.",
        "del-3-mal_effekt": ["60 procent närmare arbete"], "del-3-mal_insats": ["40 deltagare per år"],
        "rad-0-avsnitt": "lon", "rad-0-standard": "False", "rad-0-benamning": "Processledare",
        "rad-0-tjanst_procent": "50", "rad-0-fran": "2026-01-01", "rad-0-till": "2026-12-31",
        f"rad-0-org{alv}": "350 000", "rad-0-del_av": "0",
        "rad-1-avsnitt": "lon", "rad-1-standard": "False", "rad-1-benamning": "Arbetscoach",
        "rad-1-tjanst_procent": "100", "rad-1-fran": "2027-01-01", "rad-1-till": "2028-12-31",
        f"rad-1-org{alv}": "1 300 000", f"rad-1-org{af}": "200 000", "rad-1-del_av": "3",
        "rad-2-avsnitt": "lokal", "rad-2-standard": "True", "rad-2-benamning": "Lokalhyra",
        f"rad-2-org{alv}": "60 000", "rad-2-del_av": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_budget_lines_belong_to_delar_and_are_shown_per_del(client, anna_sokande, orgs, kategorier, ansokan):
    client.force_login(anna_sokande)
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    for _ in range(2):  # the second save fills Arbetsförmedlingen's new column
        ansokan.refresh_from_db()
        response = client.post(url, form(ansokan, orgs, kategorier))
        assert response.status_code == 302, response.content.decode()[:2000]
    rader = {r.benamning: r for r in Budgetrad.objects.filter(ansokan=ansokan).select_related("del_av")}
    assert rader["Processledare"].del_av.namn == "Strukturfas"
    assert rader["Arbetscoach"].del_av.namn == "Individfas"
    assert rader["Lokalhyra"].del_av is None

    # The form comes back with each line's del chosen (by its place on the page).
    page = client.get(url).content.decode()
    selects = re.findall(r'<select[^>]*name="(rad-\d+-del_av)"[^>]*>(.*?)</select>', page, re.S)
    chosen = {name: re.search(r'<option value="([^"]*)" selected', options) for name, options in selects}
    assert {n: (m.group(1) if m else None) for n, m in chosen.items()}["rad-0-del_av"] == "0"
    # Each del once, "Del 2 – Individfas" (never "Del 2: Del 2 – …"), and the whole insats.
    assert "Del 2 – Individfas" in page and "Gemensamt för hela insatsen" in page

    detail = client.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "Sökt från förbundet per del" in detail
    for text in ("Del 1: Strukturfas", f"350{NBSP}000{NBSP}kr", "Del 2: Individfas", f"1{NBSP}500{NBSP}000{NBSP}kr",
                 "Gemensamt för hela insatsen", f"60{NBSP}000{NBSP}kr"):  # fmt: skip
        assert text in detail, text

    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_ansokan_pdf(ansokan, use_cache=False))).pages).replace(NBSP, " "))
    assert "Sökt från förbundet per del" in text
    assert "Del 1: Strukturfas (strukturövergripande) 2026-01-01 – 2026-12-31 350 000 kr" in text
    assert "Del 2: Individfas (individinriktad) 2027-01-01 – 2028-12-31 1 500 000 kr" in text
    assert "Gemensamt för hela insatsen 2026-01-01 – 2028-12-31 60 000 kr" in text
    assert "Totalt från Samordningsförbundet 1 910 000 kr" in text
    assert "1. Processledare (del 1)" in text and "1. Arbetscoach (del 2)" not in text and "2. Arbetscoach (del 2)" in text


def test_a_line_whose_del_was_removed_gets_a_message(client, anna_sokande, orgs, kategorier, ansokan):
    client.force_login(anna_sokande)
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    data = form(ansokan, orgs, kategorier, **{"rad-1-del_av": "7"})
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Delen finns inte längre i ansökan: välj en annan del eller hela insatsen." in text
    assert 'value="Arbetscoach"' in text
    assert not Budgetrad.objects.filter(ansokan=ansokan, benamning="Arbetscoach").exists()


def test_goals_for_the_whole_insats_show_next_to_the_delar(client, anna_sokande, orgs, kategorier, ansokan):
    client.force_login(anna_sokande)
    client.post(reverse("ansokningar:redigera", args=[ansokan.pk]), form(ansokan, orgs, kategorier))
    assert Mal.objects.filter(ansokan=ansokan, del_av=None, typ=Mal.Typ.EFFEKT).exists()
    detail = client.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "Parterna har en gemensam bild av behoven" in detail and "Fyra lokusmöten per år" in detail
    assert detail.index("Fyra lokusmöten per år") < detail.index("Insatsens delar")
    assert "Gemensam rutin" in detail


def test_lokusgrupp_can_be_set_for_an_application_of_the_region(client, lars_region, bertil_handlaggare, orgs, kategorier):
    lokus = Lokusgrupp.objects.create(namn="Lokus Älvkarleby", kommun=orgs["alvkarleby"])
    ansokan = services.skapa_ansokan(by=lars_region, insatsagare=orgs["region"], namn="Vårdens väg till arbete")
    assert ansokan.lokusgrupp is None  # the region has no lokusgrupp of its own
    data = form(ansokan, orgs, kategorier, lokusgrupp=str(lokus.pk), samverkansparter=[str(orgs["alvkarleby"].pk)])
    data = {k: v for k, v in data.items() if not k.startswith("rad-")}
    client.force_login(lars_region)
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    assert "Ingen lokusgrupp" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    ansokan.refresh_from_db()
    assert ansokan.lokusgrupp == lokus
    Ansokan.objects.filter(pk=ansokan.pk).update(status=Ansokan.Status.INLAMNAD, inlamnad="2026-03-01T10:00Z")
    client.force_login(bertil_handlaggare)
    listing = client.get(reverse("ansokningar:lista"), {"lokusgrupp": lokus.pk})
    assert [a.namn for a in listing.context["page"]] == ["Vårdens väg till arbete"]


def test_a_kommun_application_gets_its_lokusgrupp_by_default(anna_sokande, orgs):
    lokus = Lokusgrupp.objects.create(namn="Lokus Älvkarleby", kommun=orgs["alvkarleby"])
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="X")
    assert a.lokusgrupp == lokus


SEED_HEADINGS = [
    "Insatsens namn",
    "Insatsägare",
    "Samverkansparter",
    "Beskriv syftet med insatsen",
    "Beskriv målen med insatsen",
    "Beskriv bakgrunden till/behovet av insatsen",
    "Planerad insatstid",
    "Beskriv målgrupp för insatsen",
    "Beskriv metod/metoder ni kommer använda",
    "Beskriv metod för uppföljning och utvärdering av målen",
    "Beskriv hur ni tänker ta tillvara resultaten från insatsen",
    "Ange budget/finansiering",
    "Har ansökan diskuterats i lokusgrupp eller beredningsgrupp?",
    "Överenskommelse",
]


def test_edit_page_headings_are_the_seeds_in_its_order(client, anna_sokande, ansokan):
    client.force_login(anna_sokande)
    page = client.get(reverse("ansokningar:redigera", args=[ansokan.pk])).content.decode()
    headings = [h for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page) if h in SEED_HEADINGS]
    assert headings == SEED_HEADINGS


def test_without_lines_tied_to_delar_the_whole_insats_has_it_all(client, anna_sokande, orgs, kategorier, ansokan):
    """No line tied to a del: the sums per del still add up, the delar at
    0 kr and everything on the row of the whole insats (issue 9: a line of
    no del is shown as such, never left out)."""
    client.force_login(anna_sokande)
    data = form(ansokan, orgs, kategorier, **{"rad-0-del_av": "", "rad-1-del_av": ""})
    assert client.post(reverse("ansokningar:redigera", args=[ansokan.pk]), data).status_code == 302
    detail = client.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "Sökt från förbundet per del" in detail
    table = detail.split('data-summor="per_del"')[1].split("</table>")[0]
    assert re.findall(r'data-belopp="(\d+)"', table) == ["0", "0", "1710000", "1710000"]  # one save: the new party has no column yet
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_ansokan_pdf(ansokan, use_cache=False))).pages)
    assert "Gemensamt för hela insatsen 2026-01-01 – 2028-12-31 1 710 000 kr" in re.sub(r"\s+", " ", text.replace(NBSP, " "))


def test_money_per_year_follows_the_del_of_each_line(client, anna_sokande, orgs, kategorier, ansokan):
    """A line of a del is spent in the del's years, not over the whole
    insats: the beredning's frame and distribution read these figures."""
    from ansokningar.budget import split_by_year
    from ansokningar.presentation import innehall

    client.force_login(anna_sokande)
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    extra = {
        "rad-4-avsnitt": "ovrig", "rad-4-standard": "False", "rad-4-benamning": "Extern utvärdering",
        f"rad-4-org{orgs['alvkarleby'].pk}": "30 000", "rad-4-del_av": "0",  # Strukturfas, 2026 only
    }  # fmt: skip
    for _ in range(2):
        ansokan.refresh_from_db()
        assert client.post(url, form(ansokan, orgs, kategorier, **extra)).status_code == 302
    ansokan.refresh_from_db()
    per_ar = dict(innehall(ansokan).budget.per_ar)

    D = datetime.date
    lokal = split_by_year(60_000, D(2026, 1, 1), D(2028, 12, 31))  # the whole insats
    coach = split_by_year(1_500_000, D(2027, 1, 1), D(2028, 12, 31))  # Individfas, own dates
    assert per_ar == {
        2026: 350_000 + 30_000 + lokal[2026],
        2027: coach[2027] + lokal[2027],
        2028: coach[2028] + lokal[2028],
    }


def test_a_salary_line_of_a_del_stays_within_the_del(client, anna_sokande, orgs, kategorier, ansokan):
    client.force_login(anna_sokande)
    url = reverse("ansokningar:redigera", args=[ansokan.pk])
    data = form(ansokan, orgs, kategorier, **{"rad-0-till": "2027-06-30"})  # Strukturfas ends 2026-12-31
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Tjänsten kan inte sluta efter delens slutdatum (2026-12-31)." in response.content.decode()
    assert not Budgetrad.objects.filter(ansokan=ansokan, benamning="Processledare").exists()

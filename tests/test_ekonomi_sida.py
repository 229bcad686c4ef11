"""The ekonomi page (issue 11, item 5) as the förbundschef and the board read
it: every figure shown for five years is checked against a hand
computation here, to the krona, from the decisions and the claims.

The case, chosen year 2028 (the page shows 2026–2030):

- "Två faser" (Individinriktad): 2 285 000 kr granted 2027–2029 for the
  application of tests/test_ansokan_per_ar.py, which commits its own
  per-year budget: 465 000 / 1 000 000 / 820 000.
- "Unga vuxna" (Strukturövergripande): 600 001 kr July 2026 – June 2028,
  no application, so by whole months 6 / 12 / 6 of 24: 150 000,25 /
  300 000,5 / 150 000,25, the krona left to the largest remainder (2027):
  150 000 / 300 001 / 150 000.
- "Kartläggning" (Kompetenshöjande): 200 000 kr 2027–2028 (100 000 a year),
  closed after 60 000 kr paid 15 November 2027 (for September–October) and
  25 000 kr 1 March 2028 (for January–February 2028): it commits only
  those, in the years of their costs; 40 000 (2027) and 75 000 (2028) are
  released.
- Paid (each counted in the year of its costs): "Två faser" 120 000 + 5 500
  for July–November 2027, paid 20 December 2027; "Unga vuxna" 70 000 +
  3 000 + 1 234 for January 2028, paid 10 February 2028; an attested claim
  of 99 999 on "Två faser" not paid (not counted).
- Funds 2027: FK 900 000, Region 450 000, Älvkarleby 270 000, Knivsta
  180 000, eget kapital 300 000. 2028: 1 000 000 / 500 000 / 300 000 /
  200 000, eget kapital 400 000. No budget for 2026, 2029, 2030.
- Guideline 2028: 60 / 30 / 10 %.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ansokningar.models import Ansokan
from beslut.models import Fordelning, Verksamhetsinriktning
from insatser.models import Arsbudget, Beviljande, Insats, Medlemsbidrag, Rekvisition
from tests import test_ansokan_per_ar as per_ar

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP, MINUS = "\u00a0", "\u2212"
S = Rekvisition.Status

YEARS = [2026, 2027, 2028, 2029, 2030]
# Per row of the overview, the five years by hand.
EXPECTED = {
    "stat": [0, 900_000, 1_000_000, 0, 0],
    "region": [0, 450_000, 500_000, 0, 0],
    "kommuner": [0, 270_000 + 180_000, 300_000 + 200_000, 0, 0],
    "bidrag": [0, 1_800_000, 2_000_000, 0, 0],
    "eget_kapital": [0, 300_000, 400_000, 0, 0],
    "medel": [0, 2_100_000, 2_400_000, 0, 0],
    # 2026: Unga vuxna; 2027: 465 000 + 300 001 + 60 000 paid on the closed
    # one; 2028: 1 000 000 + 150 000 + 25 000; 2029: 820 000.
    "beslutat": [150_000, 825_001, 1_175_000, 820_000, 0],
    "kvar": [-150_000, 2_100_000 - 825_001, 2_400_000 - 1_175_000, -820_000, 0],
    "betalt": [0, 125_500 + 60_000, 74_234 + 25_000, 0, 0],
    "ej_betalt": [150_000, 825_001 - 185_500, 1_175_000 - 99_234, 820_000, 0],
    "frigjort": [0, 40_000, 75_000, 0, 0],
}


def insats(org, kategori, namn, fran, till, kr, ansokan=None):
    i = Insats.objects.create(namn=namn, insatsagare=org, kategori=kategori)
    return Beviljande.objects.create(
        insats=i, ansokan=ansokan, beslutsdatum=fran, period_fran=fran, period_till=till, belopp=kr
    )


def claim(user, beviljande, status, betald, *belopp, period=None):
    fran, till = period or (beviljande.period_fran, beviljande.period_fran)
    r = Rekvisition.objects.create(
        insats=beviljande.insats, beviljande=beviljande, period_fran=fran,
        period_till=till, status=status, betald=betald,
        inlamnad_av=user, inlamnad=timezone.now(),
    )  # fmt: skip
    for kategori, kr in zip(["lon", "lokal", "ovrig"], belopp, strict=False):
        r.rader.create(kategori=kategori, belopp=kr)
    return r


def budget(ar, eget_kapital, orgs, **bidrag):
    b = Arsbudget.objects.create(ar=ar, eget_kapital=eget_kapital)
    for org, kr in bidrag.items():
        Medlemsbidrag.objects.create(arsbudget=b, organisation=orgs[org], belopp=kr)


@pytest.fixture
def fall(anna_sokande, orgs, bertil_handlaggare):
    kat = per_ar.seed.ensure_categories()[0]
    ansokan = per_ar.i_delar.__wrapped__(anna_sokande, orgs)
    tva = insats(orgs["alvkarleby"], kat["Individinriktad"], "Två faser",
                 D(2027, 1, 1), D(2029, 12, 31), 2_285_000, ansokan)  # fmt: skip
    unga = insats(orgs["knivsta"], kat["Strukturövergripande"], "Unga vuxna",
                  D(2026, 7, 1), D(2028, 6, 30), 600_001)  # fmt: skip
    kart = insats(orgs["region"], kat["Kompetenshöjande"], "Kartläggning",
                  D(2027, 1, 1), D(2028, 12, 31), 200_000)  # fmt: skip
    claim(bertil_handlaggare, tva, S.BETALD, D(2027, 12, 20), 120_000, 5_500, period=(D(2027, 7, 1), D(2027, 11, 30)))
    claim(bertil_handlaggare, unga, S.BETALD, D(2028, 2, 10), 70_000, 3_000, 1_234, period=(D(2028, 1, 1), D(2028, 1, 31)))
    claim(bertil_handlaggare, tva, S.ATTESTERAD, None, 99_999)
    claim(bertil_handlaggare, kart, S.BETALD, D(2027, 11, 15), 60_000, period=(D(2027, 9, 1), D(2027, 10, 31)))
    claim(bertil_handlaggare, kart, S.BETALD, D(2028, 3, 1), 25_000, period=(D(2028, 1, 1), D(2028, 2, 29)))
    Insats.objects.filter(pk=kart.insats_id).update(
        status=Insats.Status.AVSLUTAD, avslutad_datum=D(2028, 3, 31)
    )
    budget(2027, 300_000, orgs, fk=900_000, region=450_000, alvkarleby=270_000, knivsta=180_000)
    budget(2028, 400_000, orgs, fk=1_000_000, region=500_000, alvkarleby=300_000, knivsta=200_000)
    inriktning = Verksamhetsinriktning.objects.create(ar=2028, ram=2_000_000)
    for namn, procent in [
        ("Individinriktad", 60),
        ("Strukturövergripande", 30),
        ("Kompetenshöjande", 10),
    ]:
        Fordelning.objects.create(inriktning=inriktning, kategori=kat[namn], procent=procent)
    return kat


def kronor(text):
    """'1 000 000 kr' / '−150 000 kr' (as |kr writes them) -> int."""
    text = text.replace(NBSP, " ").strip()
    m = re.fullmatch(rf"({MINUS})?([\d ]+) kr", text)
    assert m, text
    return int(m.group(2).replace(" ", "")) * (-1 if m.group(1) else 1)


def rows(page):
    return {
        name: [kronor(c) for c in re.findall(r'<td class="num[^"]*">(.*?)</td>', body)]
        for name, body in re.findall(r'<tr data-rad="(\w+)"[^>]*>(.*?)</tr>', page, re.S)
    }


def table(page, table_id):
    body = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    return [
        [re.sub(r"<[^>]+>", "", c).replace(NBSP, " ").strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]  # fmt: skip


def test_every_figure_of_the_page_recomputes_by_hand(client, cecilia_forbundschef, fall):
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("insatser:ekonomi") + "?ar=2028").content.decode()
    headers = re.findall(
        r'<th scope="col" class="num[^"]*">(\d{4})', page.split('id="oversikt"')[1]
    )
    assert [int(y) for y in headers] == YEARS
    assert rows(page) == EXPECTED
    # Every row adds up as the page says it does.
    for i in range(5):
        assert EXPECTED["medel"][i] == EXPECTED["bidrag"][i] + EXPECTED["eget_kapital"][i]
        assert EXPECTED["kvar"][i] == EXPECTED["medel"][i] - EXPECTED["beslutat"][i]
        assert EXPECTED["ej_betalt"][i] == EXPECTED["beslutat"][i] - EXPECTED["betalt"][i]

    assert table(page, "bidrag-per-medlem") == [
        ["Medlem", "Bidrag"],
        ["Försäkringskassan", "1 000 000 kr"], ["Knivsta kommun", "200 000 kr"],
        ["Region Uppsala", "500 000 kr"], ["Älvkarleby kommun", "300 000 kr"],
        ["Summa", "2 000 000 kr"],
    ]  # fmt: skip
    assert table(page, "andelar") == [
        ["Huvudman", "Bidrag", "Andel", "Enligt lagen"],
        ["Staten genom Försäkringskassan", "1 000 000 kr", "50 %", "50 %"],
        ["Regionen", "500 000 kr", "25 %", "25 %"],
        ["Kommunerna", "500 000 kr", "25 %", "25 %"],
    ]
    # 1 000 000 / 1 175 000 = 85,106 %; 150 000 / 1 175 000 = 12,766 %;
    # 25 000 / 1 175 000 = 2,128 %.
    assert table(page, "fordelning") == [
        ["Inriktning", "Beslutat", "Andel", "Riktmärke", "Skillnad (procentenheter)"],
        ["Individinriktad", "1 000 000 kr", "85,1 %", "60 %", "+25,1"],
        ["Strukturövergripande", "150 000 kr", "12,8 %", "30 %", f"{MINUS}17,2"],
        ["Kompetenshöjande", "25 000 kr", "2,1 %", "10 %", f"{MINUS}7,9"],
        ["Summa", "1 175 000 kr", ""],
    ]
    # The chart says the same in its accessible name and description.
    svg = page.split('<svg class="fordelning-diagram"')[1].split("</svg>")[0]
    assert 'role="img"' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1).replace(NBSP, " ")
    assert "Individinriktad: beslutat 85,1 %, riktmärke 60 %." in desc
    # The page says what "betalt" means and the rule for closed insatser.
    assert "markerade som betalda, räknat på det år kostnaderna gäller" in page
    assert "För en avslutad insats räknas som beslutat bara det som faktiskt betalats ut" in page


def test_the_years_links_move_the_window(client, david_ledamot, fall):
    client.force_login(david_ledamot)
    page = client.get(reverse("insatser:ekonomi") + "?ar=2028").content.decode()
    assert 'href="?ar=2029" rel="next"' in page and 'href="?ar=2027" rel="prev"' in page
    assert "Ändra årets medel" not in page  # the board reads, the förbundschef edits
    page = client.get(reverse("insatser:ekonomi") + "?ar=2031").content.decode()
    headers = re.findall(
        r'<th scope="col" class="num[^"]*">(\d{4})', page.split('id="oversikt"')[1]
    )
    assert headers == ["2029", "2030", "2031", "2032", "2033"]


@pytest.mark.parametrize("ar", ["x", "1899", "99999", ""])
def test_a_garbled_year_shows_the_current_one(client, cecilia_forbundschef, ar):
    client.force_login(cecilia_forbundschef)
    response = client.get(reverse("insatser:ekonomi"), {"ar": ar})
    assert response.status_code == 200
    assert f"Ekonomi per år: {timezone.localdate().year}" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow(
    client, cecilia_forbundschef, fall, orgs, bertil_handlaggare, anna_sokande
):
    """The case's three insatser, then 20 more: grants by months, grants of
    one application and of applications of their own, paid claims, closed
    insatser."""
    client.force_login(cecilia_forbundschef)
    url = reverse("insatser:ekonomi") + "?ar=2028"
    _queries(client, url)  # warm the session's and the förbund's caches
    one = _queries(client, url)
    for i in range(20):
        b = insats(orgs["knivsta"], fall["Individinriktad"], f"Insats {i}",
                   D(2026 + i % 3, 1, 1), D(2028 + i % 3, 6, 30), 10_000 + i, Ansokan.objects.first() if i % 2 else None)  # fmt: skip
        claim(bertil_handlaggare, b, S.BETALD, D(2027 + i % 3, 5, 1), 1_000, 2)
        if i % 4 == 0:
            Insats.objects.filter(pk=b.insats_id).update(status=Insats.Status.AVSLUTAD)
        if i % 5 == 0:
            egen = per_ar.i_delar.__wrapped__(anna_sokande, orgs)
            insats(orgs["alvkarleby"], fall["Individinriktad"], f"Egen {i}",
                   D(2027, 1, 1), D(2029, 12, 31), 2_285_000, egen)  # fmt: skip
    many = _queries(client, url)
    assert many == one
    assert one <= 16, one


def test_the_menu_marks_ekonomi_alone_as_the_current_section(client, cecilia_forbundschef):
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("insatser:ekonomi")).content.decode()
    current = re.findall(
        r'<a class="nav-link active" aria-current="page" href="([^"]+)">([^<]+)</a>', page
    )
    assert current == [(reverse("insatser:ekonomi"), "Ekonomi")]

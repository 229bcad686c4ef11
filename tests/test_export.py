"""The export for Uppföljning Finsam (issue 11, item 6): one row per insats
(or del) and calendar year, as CSV for Swedish Excel and as XLSX, every
figure worked out here by hand; formula characters neutralised in both
formats; the page's choices and who may use it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ansokningar import services as ansokan_services
from insatser import export
from insatser.models import Beviljande, Insats, Rapport, Rekvisition, Rekvisitionsrad
from tests import test_ansokan_per_ar as per_ar

pytestmark = pytest.mark.django_db
D = datetime.date
S = Rekvisition.Status
URL = "insatser:export"


def claim(insats, bev, by, status, betald=None, period=None, **rader):
    fran, till = period or (bev.period_fran, bev.period_fran)
    r = Rekvisition.objects.create(
        insats=insats, beviljande=bev, period_fran=fran, period_till=till,
        status=status, betald=betald, inlamnad_av=by, inlamnad=timezone.now(),
    )  # fmt: skip
    for kategori, belopp in rader.items():
        Rekvisitionsrad.objects.create(rekvisition=r, kategori=kategori, belopp=belopp)
    return r


def report(insats, typ, fran, till, status=Rapport.Status.GODKAND, **antal):
    return Rapport.objects.create(
        insats=insats, typ=typ, period_fran=fran, period_till=till, forfallodatum=till, status=status, **antal
    )


@pytest.fixture
def lokus(orgs, kategorier, anna_sokande):
    """A two-year grant April 2025 – March 2027 of 360 001 kr (9, 12 and 3
    months: 135 000 / 180 001 / 45 000 kr, the krona to the largest
    remainder), its claims and its reports."""
    a = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Lokus")
    a.malgrupp = "Unga vuxna 16–29 år som varken arbetar eller studerar"
    a.save()
    insats = Insats.objects.create(
        namn="Lokussamordnare", insatsagare=orgs["alvkarleby"], kategori=kategorier["Individinriktad"],
        startdatum=D(2025, 4, 1),
    )  # fmt: skip
    insats.samverkansparter.set([orgs["region"], orgs["af"]])
    bev = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 3, 1), period_fran=D(2025, 4, 1), period_till=D(2027, 3, 31),
        belopp=360_001, ansokan=a,
    )  # fmt: skip
    claim(insats, bev, anna_sokande, S.BETALD, D(2025, 11, 30), lon=60_000, lokal=5_000)
    claim(insats, bev, anna_sokande, S.BETALD, D(2026, 1, 15), (D(2025, 12, 1), D(2025, 12, 31)), ovrig=30_000)  # for 2025, paid in 2026
    claim(insats, bev, anna_sokande, S.BETALD, D(2026, 6, 30), (D(2026, 4, 1), D(2026, 5, 31)), lon=40_000)
    claim(insats, bev, anna_sokande, S.ATTESTERAD, lon=1_000)  # not paid: no utfall
    claim(insats, bev, anna_sokande, S.RETURNERAD, lon=2_000)
    L, A = Rapport.Typ.LAGESRAPPORT, Rapport.Typ.ARSRAPPORT
    # 2025: two quarterly reports, no årsrapport: the new add up (3+2, 1+4);
    # the ongoing are a stock and are not exported.
    report(insats, L, D(2025, 4, 1), D(2025, 6, 30), nya_kvinnor=3, nya_man=1, pagaende_kvinnor=0)
    report(insats, L, D(2025, 7, 1), D(2025, 9, 30), status=Rapport.Status.INLAMNAD, nya_kvinnor=2,
           nya_man=4, pagaende_kvinnor=3, pagaende_man=1, avslutade_man=1)  # fmt: skip
    report(insats, L, D(2025, 10, 1), D(2025, 12, 31), status=Rapport.Status.EJ_INLAMNAD, nya_kvinnor=50)
    # 2026: the årsrapport covers the year; its quarters are not added to it.
    report(insats, L, D(2026, 1, 1), D(2026, 3, 31), nya_kvinnor=7)
    report(insats, A, D(2026, 1, 1), D(2026, 12, 31), nya_kvinnor=6, nya_man=5, nya_annan=1, avslutade_kvinnor=2)
    return insats


PER_INSATS = [
    "År", "Insatsens namn", "Insatsägare", "Samverkansparter", "Inriktning", "Målgrupp", "Startdatum",
    "Slutdatum", "Budget (kr)", "Utfall (kr)",
    "Nya deltagare, kvinnor", "Nya deltagare, män", "Nya deltagare, annan eller ej angivet",
    "Avslutade deltagare, kvinnor", "Avslutade deltagare, män", "Avslutade deltagare, annan eller ej angivet",
]  # fmt: skip
MALGRUPP = "Unga vuxna 16–29 år som varken arbetar eller studerar"
COMMON = ["Lokussamordnare", "Älvkarleby kommun", "Arbetsförmedlingen, Region Uppsala", "Individinriktad", MALGRUPP]
# Utfall by the year of the costs: 65 000 + 30 000 (December, paid in
# January) in 2025; 40 000 in 2026.
EXPECTED = [
    [2025, *COMMON, D(2025, 4, 1), D(2027, 3, 31), 135_000, 95_000, 5, 5, 0, 0, 1, 0],
    [2026, *COMMON, D(2025, 4, 1), D(2027, 3, 31), 180_001, 40_000, 6, 5, 1, 2, 0, 0],
    [2027, *COMMON, D(2025, 4, 1), D(2027, 3, 31), 45_000, 0, None, None, None, None, None, None],
]


def download(client, user, **params):
    client.force_login(user)
    query = {"fran": 2024, "till": 2028, "niva": "insats", "format": "xlsx", **params}
    return client.get(reverse(URL), query)


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Swedish Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert b"\r\n" in raw
    return rows


def read_xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response.content))
    return wb, wb.active


def test_the_rows_are_the_hand_computed_figures(lokus):
    rows = export.rader(2024, 2028)
    cols = [k.key for k in export.kolumner()]
    assert [[r[c] for c in cols] for r in rows] == EXPECTED
    # The years add up to the grant and to what was paid.
    assert sum(r["budget"] for r in rows) == 360_001
    assert sum(r["utfall"] for r in rows) == 65_000 + 30_000 + 40_000


def test_a_closed_insats_has_what_it_used_as_its_budget(lokus):
    """Closed (as avsluta_insats leaves it) in August 2026: its budget per
    year is what it used, as on the ekonomi page, the unused rest having gone
    back to the years' funds; no row for 2027, when it no longer ran; its
    end is the day it closed."""
    Insats.objects.filter(pk=lokus.pk).update(status=Insats.Status.AVSLUTAD, avslutad_datum=D(2026, 8, 31))
    rows = export.rader(2025, 2027)
    assert [(r["ar"], r["budget"], r["utfall"], r["slutdatum"]) for r in rows] == [
        (2025, 95_000, 95_000, D(2026, 8, 31)),
        (2026, 40_000, 40_000, D(2026, 8, 31)),
    ]
    from insatser.ekonomi import ekonomi

    years = {e.ar: e for e in ekonomi(2025, 2027, riktlinje=False)}
    assert [years[ar].beslutat for ar in (2025, 2026, 2027)] == [95_000, 40_000, 0]


def test_only_the_years_asked_for_and_active(lokus):
    assert [r["ar"] for r in export.rader(2026, 2026)] == [2026]
    assert export.rader(2020, 2024) == []
    assert export.rader(2028, 2030) == []


def test_xlsx_opens_with_headings_numbers_and_dates(client, lokus, bertil_handlaggare):
    response = download(client, bertil_handlaggare)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="uppfoljning-finsam-2024-2028.xlsx"'
    wb, ws = read_xlsx(response)
    assert ws.title == "Uppföljning Finsam"
    assert wb.properties.title == "Uppföljning Finsam 2024–2028"
    assert ws.freeze_panes == "A2"
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    assert values[0] == PER_INSATS
    assert all(cell.font.bold for cell in ws[1])
    # openpyxl reads dates back as datetimes at midnight
    expected = [
        [v if not isinstance(v, D) else datetime.datetime.combine(v, datetime.time()) for v in row]
        for row in EXPECTED
    ]
    assert values[1:] == expected
    budget, start = ws.cell(row=2, column=9), ws.cell(row=2, column=7)
    assert budget.data_type == "n" and isinstance(budget.value, int) and budget.number_format == "#,##0"
    assert start.is_date and start.number_format == "yyyy-mm-dd"
    assert ws.cell(row=2, column=1).number_format == "0"  # the year without a thousands space
    assert ws.column_dimensions["B"].width >= 20


def test_csv_is_semicolon_separated_utf8_with_integers(client, lokus, cecilia_forbundschef):
    response = download(client, cecilia_forbundschef, format="csv", fran=2025, till=2027)
    assert response["Content-Disposition"] == 'attachment; filename="uppfoljning-finsam-2025-2027.csv"'
    rows = read_csv(response)
    assert rows[0] == PER_INSATS
    as_text = [["" if v is None else v.isoformat() if isinstance(v, D) else str(v) for v in row] for row in EXPECTED]
    assert rows[1:] == as_text
    assert rows[2][8] == "180001"  # an integer: no decimals, no thousands separator


def test_per_del_from_the_application_budget(client, anna_sokande, orgs, kategorier, gunilla_admin):
    """The two-del application of test_ansokan_per_ar, granted as applied
    for: each del's money per year from its lines, the lines of the whole
    insats on their own row, worked out by hand there."""
    a = per_ar.i_delar.__wrapped__(anna_sokande, orgs)
    a.malgrupp = "Hela insatsens målgrupp"
    a.save()
    insats = Insats.objects.create(namn="Två faser", insatsagare=orgs["alvkarleby"], kategori=kategorier["Kompetenshöjande"])
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2026, 11, 1), period_fran=D(2027, 1, 1), period_till=D(2029, 12, 31),
        belopp=2_285_000, ansokan=a,
    )  # fmt: skip
    a.delar.filter(namn="Individfas").update(malgrupp="Deltagare i individfasen")
    rows = read_csv(download(client, gunilla_admin, format="csv", niva="del", fran=2026, till=2030))
    head = rows[0]
    assert head[:3] == ["År", "Insatsens namn", "Del"]
    pick = [head.index(h) for h in ("År", "Del", "Inriktning", "Målgrupp", "Startdatum", "Slutdatum", "Budget (kr)", "Utfall (kr)")]
    got = [[row[i] for i in pick] for row in rows[1:]]
    assert got == [
        # Strukturfas 2027: Processledare 100 000
        ["2027", "Strukturfas", "Strukturövergripande", "Hela insatsens målgrupp", "2027-01-01", "2027-12-31", "100000", ""],
        # Individfas: Lokalhyra 365 000 a year, Arbetscoach 270 000 + 90 000
        ["2028", "Individfas", "Individinriktad", "Deltagare i individfasen", "2028-01-01", "2029-12-31", "635000", ""],
        ["2029", "Individfas", "Individinriktad", "Deltagare i individfasen", "2028-01-01", "2029-12-31", "455000", ""],
        # Utvärdering, of the whole insats: 365 000 a year; the insats's own
        # category (kompetenshöjande counts as strukturövergripande)
        ["2027", "Gemensamt för hela insatsen", "Strukturövergripande", "Hela insatsens målgrupp", "2027-01-01", "2029-12-31", "365000", "0"],
        ["2028", "Gemensamt för hela insatsen", "Strukturövergripande", "Hela insatsens målgrupp", "2027-01-01", "2029-12-31", "365000", "0"],
        ["2029", "Gemensamt för hela insatsen", "Strukturövergripande", "Hela insatsens målgrupp", "2027-01-01", "2029-12-31", "365000", "0"],
    ]  # fmt: skip
    # The same years per insats: the sums per year agree with the rows per del.
    per_insats = {r["ar"]: r["budget"] for r in export.rader(2026, 2030)}
    assert per_insats == per_ar.EXPECTED
    budget = head.index("Budget (kr)")
    for ar, kr in per_ar.EXPECTED.items():
        assert sum(int(row[budget]) for row in rows[1:] if row[0] == str(ar)) == kr


def test_per_del_a_changed_amount_stays_on_the_whole_insats(anna_sokande, orgs, kategorier):
    """A board that granted less than applied for: the application's budget
    per del is not what the decision commits, so the grant is spread by
    months on the row for the whole insats (as on the ekonomi page)."""
    a = per_ar.i_delar.__wrapped__(anna_sokande, orgs)
    insats = Insats.objects.create(namn="Två faser", insatsagare=orgs["alvkarleby"], kategori=kategorier["Individinriktad"])
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2026, 11, 1), period_fran=D(2027, 1, 1), period_till=D(2029, 12, 31),
        belopp=360_000, ansokan=a,
    )  # fmt: skip
    rows = export.rader(2027, 2029, per_del=True)
    assert [(r["ar"], r["del"], r["budget"]) for r in rows] == [
        (2027, "", 120_000), (2028, "", 120_000), (2029, "", 120_000)
    ]


# --- neutralising ------------------------------------------------------------------------


def test_the_helper_leaves_numbers_and_dates_alone():
    n = export.neutralisera
    assert [n("=1+1"), n("+46"), n("-5"), n("@SUM(A1)"), n("\tx"), n("\rx")] == [
        "'=1+1", "'+46", "'-5", "'@SUM(A1)", "'\tx", "'\rx",
    ]  # fmt: skip
    assert n(-5) == -5 and n(0) == 0 and n(None) is None and n(D(2025, 1, 1)) == D(2025, 1, 1)
    assert n("Lokus = bra") == "Lokus = bra" and n("") == ""


HOSTILE = {
    "namn": '=HYPERLINK("http://x.invalid","klicka")',
    "del": "\t=1+1",
    "insatsagare": "+46 kommun",
    "samverkansparter": "-2+3 part",
    "inriktning": "@SUM(1;2)",
    "malgrupp": "\r=cmd|' /C calc'!A0",
}


@pytest.fixture
def hostile(orgs, kategorier, anna_sokande):
    """Every text column with a value a spreadsheet would run."""
    from ansokningar.models import Budgetbelopp, Budgetrad, Del, Insatskategori, Part
    from samordning.models import Organisation

    assert set(HOSTILE) == {k.key for k in export.textkolumner(per_del=True)}  # every text column
    owner = Organisation.objects.create(namn=HOSTILE["insatsagare"], typ=Organisation.Typ.KOMMUN)
    party = Organisation.objects.create(namn=HOSTILE["samverkansparter"], typ=Organisation.Typ.ANNAN)
    kategori = kategorier["Individinriktad"]
    # Not one of the choices: the display is the stored value itself.
    Insatskategori.objects.filter(pk=kategori.pk).update(inriktning=HOSTILE["inriktning"])
    kategori.refresh_from_db()
    a = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=owner, namn="x")
    a.malgrupp = HOSTILE["malgrupp"]
    a.save()
    del_ = Del.objects.create(ansokan=a, namn=HOSTILE["del"], malgrupp=HOSTILE["malgrupp"], kategori=kategori,
                              startdatum=D(2025, 1, 1), slutdatum=D(2025, 12, 31))  # fmt: skip
    # The del's budget is the grant, so the export per del has a row for it.
    Budgetrad.objects.filter(ansokan=a).delete()
    rad = Budgetrad.objects.create(ansokan=a, avsnitt="lon", benamning="Coach", del_av=del_)
    Budgetbelopp.objects.create(rad=rad, part=Part.objects.get(ansokan=a), belopp=100_000)
    insats = Insats.objects.create(namn=HOSTILE["namn"], insatsagare=owner, kategori=kategori)
    insats.samverkansparter.set([party])
    bev = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 1, 1), period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31),
        belopp=100_000, ansokan=a,
    )  # fmt: skip
    claim(insats, bev, anna_sokande, S.BETALD, D(2025, 6, 1), lon=12_345)
    return insats


@pytest.mark.parametrize("niva", ["insats", "del"])
def test_every_text_column_is_neutralised_and_numbers_stay_numbers(client, hostile, bertil_handlaggare, niva):
    per_del = niva == "del"
    cols = export.kolumner(per_del=per_del)
    texts = [i for i, k in enumerate(cols) if k.typ == export.TEXT]
    if not per_del:
        assert "del" not in [k.key for k in cols]
    csv_rows = read_csv(download(client, bertil_handlaggare, format="csv", niva=niva, fran=2025, till=2025))
    _wb, ws = read_xlsx(download(client, bertil_handlaggare, niva=niva, fran=2025, till=2025))
    xlsx_rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(csv_rows) - 1 == len(xlsx_rows) >= 1
    if per_del:  # the del's row and the whole insats's (its utfall)
        assert [r[2] for r in csv_rows[1:]] == ["'" + HOSTILE["del"], "Gemensamt för hela insatsen"]
    for csv_row, xlsx_row in zip(csv_rows[1:], xlsx_rows, strict=True):
        for i in texts:
            key = cols[i].key
            if key == "del" and csv_row[i] == "Gemensamt för hela insatsen":
                continue
            assert csv_row[i] == "'" + HOSTILE[key], (key, csv_row[i])
            # XML reads a carriage return back as a line feed: the apostrophe is what counts.
            assert xlsx_row[i] == "'" + HOSTILE[key].replace("\r", "\n"), (key, xlsx_row[i])
    # No cell of the workbook is a formula, and the amounts are numbers.
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    utfall = [k.key for k in cols].index("utfall")
    assert 12_345 in [r[utfall] for r in xlsx_rows]
    assert "12345" in [r[utfall] for r in csv_rows[1:]]


# --- the page ------------------------------------------------------------------------------


def test_the_page_defaults_to_last_year_and_says_where_figures_come_from(client, bertil_handlaggare):
    client.force_login(bertil_handlaggare)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    last = timezone.localdate().year - 1
    assert f'name="fran" value="{last}"' in html and f'name="till" value="{last}"' in html
    for text in ("Var uppgifterna kommer ifrån", "betalda rekvisitioner", "Bara antal", "Gemensamt för hela insatsen"):
        assert text in html, text


def test_a_wrong_year_is_said_at_the_field(client, bertil_handlaggare):
    from tests.test_tillganglighet import error_page_problems

    client.force_login(bertil_handlaggare)
    response = client.get(reverse(URL), {"fran": "2026", "till": "2025", "niva": "insats", "format": "csv"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Till-året kan inte vara före från-året." in html
    assert not error_page_problems(html), error_page_problems(html)
    response = client.get(reverse(URL), {"fran": "tjugo", "till": "99999", "niva": "x", "format": "pdf"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ange året med fyra siffror" in html and "Ange ett år till och med 2100." in html
    assert 'value="tjugo"' in html  # what was typed comes back


@pytest.mark.parametrize(
    "persona, link",
    [("bertil_handlaggare", True), ("cecilia_forbundschef", True), ("gunilla_admin", True),
     ("fredrik_sekreterare", False), ("anna_sokande", False)],
)  # fmt: skip
def test_the_list_links_to_the_export_for_those_who_may_use_it(client, request, persona, link):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    html = client.get(reverse("insatser:lista")).content.decode()
    assert ("Exportera till Uppföljning Finsam" in html) is link
    assert client.get(reverse(URL)).status_code == (200 if link else 403)


def test_a_stray_control_character_cannot_hide_a_formula_in_xlsx():
    """XML cannot hold a control character, so the XLSX writer strips it;
    it is stripped before the neutralising, or "\\x01=…" became a live formula."""
    from openpyxl import load_workbook

    cols = export.kolumner()
    rad = {k.key: None for k in cols} | {"namn": "\x01=HYPERLINK(\"http://x\")", "ar": 2025}
    wb = load_workbook(io.BytesIO(export.som_xlsx([rad], cols)))
    cell = wb.active.cell(row=2, column=[k.key for k in cols].index("namn") + 1)
    assert cell.data_type != "f" and cell.value == "'=HYPERLINK(\"http://x\")"

"""Issue 9 item 5: the clause library serves more than one förbund's habit.

A förbund chooses one clause set (audited, version-checked), previewed with
one of its own cases; the drafted clauses are then verbatim what the förbund
writes, with amounts and dates written as the set says, and plain text
(no italics) wherever they are shown.
"""

import datetime
import itertools
import re

import pytest
from django.urls import reverse

from ansokningar.models import Ansokan
from beslut import drafting, klausuler, services
from beslut.models import Beslutsforslag, Klausul, KlausulUppsattning
from beslut.pdf import TEMPLATE, context
from samordning import pdf as pdf_module
from samordning.models import AuditEntry, Organisation

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date

# Seed 001's clauses for Lokussamordnare Älvkarleby, word for word (the
# seed's asterisks are the PDF-to-text conversion's italics, not words).
SEED_001 = [
    "bevilja finansiellt stöd enligt ansökan Lokussamordnare Älvkarleby, för perioden 1 april 2021 till "
    f"31 mars 2023, maximalt 316{NBSP}000{NBSP}kronor",
    "finansieringen av insatsen gäller under förutsättning att förbundet beviljas medel från "
    "medlemsorganisationerna framöver",
    "finansiering av insatsen gäller under förutsättning att insatsen följer aktuell ansökan, gällande "
    "lagstiftning och av förbundet antagna styrdokument",
]
# The domain guide's habit: grant, then set aside the amount for the period.
README = [
    "bevilja finansiellt stöd enligt ansökan till insatsen X",
    f"avsätta maximalt 450{NBSP}000{NBSP}kr som finansiering under perioden 2025-01-01 till 2026-12-31",
    *SEED_001[1:],
]


LOKUS_FRAN, LOKUS_TILL = D(2021, 4, 1), D(2023, 3, 31)


def case(namn="Lokussamordnare Älvkarleby", belopp=316_000, fran=LOKUS_FRAN, till=LOKUS_TILL, typ="tillagg"):
    """An unsaved application and proposal: what drafting reads."""
    ansokan = Ansokan(namn=namn, typ=typ, insatsagare=Organisation(namn="Älvkarleby kommun"))
    forslag = Beslutsforslag(titel=namn, belopp=belopp, period_fran=fran, period_till=till, ansokan=ansokan)
    return forslag, ansokan


def drafted(uppsattning, forslag, ansokan, utfall="bifall"):
    forslag.utfall = utfall
    return [text for text, _k in drafting.standard_satser(forslag, ansokan, uppsattning=uppsattning)]


@pytest.fixture
def sets(db):
    klausuler.load_defaults(Klausul)  # transactional tests may have flushed the migration's rows
    return {u.namn: u for u in KlausulUppsattning.objects.all()}


def test_each_default_set_drafts_the_forbunds_own_words(sets):
    samlat, avsattning = sets[klausuler.SAMLAT], sets[klausuler.AVSATTNING]
    assert drafted(samlat, *case()) == SEED_001
    assert drafted(avsattning, *case("X", 450_000, D(2025, 1, 1), D(2026, 12, 31), typ="ny")) == README
    for u in (samlat, avsattning):
        assert drafted(u, *case("X"), utfall="avslag") == ["avslå tilläggsansökan om finansiellt stöd till insatsen X"]


def test_a_new_proposal_gets_the_chosen_sets_clauses_verbatim(sets, inlamnad, cecilia_forbundschef, forbund):
    """Through the services, as the förbundschef works: choose seed 001's
    set, draft the Lokussamordnare case, and the clauses are the seed's."""
    Ansokan.objects.filter(pk=inlamnad.pk).update(
        namn="Lokussamordnare Älvkarleby", summa_forbund=316_000, startdatum=D(2021, 4, 1), slutdatum=D(2023, 3, 31)
    )
    services.valj_uppsattning(uppsattning=sets[klausuler.SAMLAT], by=cecilia_forbundschef, version=forbund.version)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    assert [s.text for s in forslag.satser.all()] == SEED_001
    # Already drafted proposals keep their clauses when the choice changes.
    forbund.refresh_from_db()
    services.valj_uppsattning(uppsattning=sets[klausuler.AVSATTNING], by=cecilia_forbundschef, version=forbund.version)
    assert [s.text for s in forslag.satser.all()] == SEED_001


BELOPP_I_TEXT = re.compile(r"(\d{1,3}(?:\u00a0\d{3})*)\u00a0(kr|kronor)\b")
ISO_I_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LANG_I_TEXT = re.compile(r"\b\d{1,2} (?:" + "|".join(klausuler.MANADER) + r") \d{4}\b")
CASES = [
    case(),
    case("Förstärkt stöd till arbete & studier", 1_540_400, D(2023, 1, 1), D(2024, 12, 31), typ="ny"),
    case("Kort", 999, D(2026, 12, 31), D(2027, 1, 1), typ="ny"),
    case("Stor", 12_345_678, D(2028, 2, 29), D(2030, 6, 30)),
]


def test_every_set_in_every_format_fills_and_formats_every_clause(sets, django_assert_max_num_queries):
    """The sweep: each set (the defaults and one with every clause of the
    outcomes) × each amount and date format × a few cases: no clause keeps
    a placeholder, every amount is the proposal's in the set's unit, every
    date is the period's in the set's format, and a set that states the
    amount does so."""
    alla = KlausulUppsattning(namn="Alla")  # unsaved: its clauses are listed below
    library = {u.pk: list(u.klausuler.all()) for u in sets.values()}
    library[None] = list(Klausul.objects.filter(typ__in=["bifall", "villkor", "avslag"]))
    formats = itertools.product(KlausulUppsattning.Beloppformat.values, KlausulUppsattning.Datumformat.values)
    checked = 0
    with django_assert_max_num_queries(0):  # everything drafts from what the caller has
        for (beloppformat, datumformat), u, (forslag, ansokan), utfall in itertools.product(
            list(formats), [*sets.values(), alla], CASES, ["bifall", "avslag"]
        ):
            u.beloppformat, u.datumformat = beloppformat, datumformat
            forslag.utfall = utfall
            satser = drafting.standard_satser(forslag, ansokan, library[u.pk], u)
            som_datum = klausuler.DATUMFORMAT[datumformat]
            for text, k in satser:
                where = (u.namn, beloppformat, datumformat, forslag.titel, text)
                assert "{" not in text and "}" not in text, where
                amounts = BELOPP_I_TEXT.findall(text)
                assert all(unit == beloppformat for _digits, unit in amounts), where
                assert {int(digits.replace(NBSP, "")) for digits, _unit in amounts} <= {forslag.belopp}, where
                if "{belopp}" in k.text:
                    assert amounts, where
                dates = ISO_I_TEXT.findall(text) + LANG_I_TEXT.findall(text)
                wrong = LANG_I_TEXT if datumformat == "iso" else ISO_I_TEXT
                assert not wrong.findall(text), where
                assert set(dates) <= {som_datum(forslag.period_fran), som_datum(forslag.period_till)}, where
                checked += 1
    assert checked > 100


def test_the_choice_is_audited_and_version_checked(sets, cecilia_forbundschef, forbund):
    samlat = sets[klausuler.SAMLAT]
    stale = forbund.version
    services.valj_uppsattning(uppsattning=samlat, by=cecilia_forbundschef, version=stale)
    entry = AuditEntry.objects.get(handling="klausuluppsattning.vald")
    assert entry.data == {"andrat": {"vald": [klausuler.AVSATTNING, klausuler.SAMLAT]}}
    assert entry.anvandare == cecilia_forbundschef
    # A page opened before that save is refused, and nothing changes.
    with pytest.raises(services.ConflictError):
        services.valj_uppsattning(uppsattning=sets[klausuler.AVSATTNING], by=cecilia_forbundschef, version=stale)
    assert list(KlausulUppsattning.objects.filter(vald=True)) == [samlat]
    assert AuditEntry.objects.filter(handling="klausuluppsattning.vald").count() == 1


def test_choosing_on_the_page(sets, cecilia_forbundschef, forbund, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:klausul_uppsattningar")
    samlat = sets[klausuler.SAMLAT]
    response = client.post(url, {"uppsattning": samlat.pk, "version": forbund.version}, follow=True)
    assert "Nya beslutsförslag får nu satserna i ”Ett samlat beviljandebeslut”." in response.content.decode()
    assert KlausulUppsattning.objects.get(vald=True) == samlat
    # The same stale page again: refused with the reason, the choice unchanged.
    avsattning = sets[klausuler.AVSATTNING]
    response = client.post(url, {"uppsattning": avsattning.pk, "version": forbund.version}, follow=True)
    assert "Valet är inte sparat" in response.content.decode()
    assert KlausulUppsattning.objects.get(vald=True) == samlat
    forbund.refresh_from_db()
    response = client.post(url, {"uppsattning": "", "version": forbund.version}, follow=True)
    assert "Välj en av uppsättningarna." in response.content.decode()


def test_the_preview_fills_each_set_from_a_real_case(sets, inlamnad, anna_sokande, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:klausul_uppsattningar")
    page = client.get(url).content.decode()
    namn = "Förstärkt stöd till arbete &amp; studier"
    # Default: the latest application, each set as it would draft it.
    assert f'<option value="{inlamnad.pk}" selected>' in page
    assert f"enligt ansökan till insatsen {namn}</td>" in page
    assert f"maximalt 1{NBSP}540{NBSP}400{NBSP}kr som finansiering under perioden" in page
    assert f"enligt ansökan {namn}, för perioden 1 januari 2023 till 31 december 2024, maximalt 1{NBSP}540{NBSP}400{NBSP}kronor" in page
    assert f"avslå ansökan om finansiellt stöd till insatsen {namn}" in page
    # Another case, picked: its proposal's amount and period.
    forslag = services.skapa_forslag(by=cecilia_forbundschef, ansokan=inlamnad)
    Beslutsforslag.objects.filter(pk=forslag.pk).update(belopp=900_000)
    page = client.get(url, {"fall": inlamnad.pk}).content.decode()
    assert f"maximalt 900{NBSP}000{NBSP}kronor" in page and "Ifyllt från beslutsförslaget" in page
    # An unknown case falls back to the latest; none at all: the invented example.
    assert client.get(url, {"fall": "999999"}).status_code == 200
    Ansokan.objects.filter(pk=inlamnad.pk).update(inlamnad=None)
    page = client.get(url).content.decode()
    assert "Exempelinsatsen" in page and "ingen inlämnad ansökan" in page


def test_the_choice_pages_query_count_does_not_grow_with_sets(sets, inlamnad, cecilia_forbundschef, client, django_assert_max_num_queries):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:klausul_uppsattningar")
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for i in range(3):
        u = KlausulUppsattning.objects.create(namn=f"Egen {i}")
        u.klausuler.set(Klausul.objects.all())
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_a_set_is_written_on_its_own_page(sets, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    villkor = list(Klausul.objects.filter(typ="villkor"))
    data = {
        "namn": "Vår egen", "beskrivning": "", "beloppformat": "kronor", "datumformat": "iso",
        "satser": [str(Klausul.objects.get(namn="Avsätta medel").pk), *(str(k.pk) for k in villkor)],
    }  # fmt: skip
    assert client.post(reverse("beslut:klausul_uppsattning_ny"), data).status_code == 302
    egen = KlausulUppsattning.objects.get(namn="Vår egen")
    assert set(egen.klausuler.values_list("namn", flat=True)) == {"Avsätta medel", *(k.namn for k in villkor)}
    assert not egen.vald
    assert drafted(egen, *case("X", 450_000, D(2025, 1, 1), D(2026, 12, 31)))[0] == (
        f"avsätta maximalt 450{NBSP}000{NBSP}kronor som finansiering under perioden 2025-01-01 till 2026-12-31"
    )
    entry = AuditEntry.objects.get(handling="klausuluppsattning.skapad")
    assert entry.data["andrat"]["beloppformat"] == ["", "kronor"]
    # A stale page is refused, with what was typed kept.
    url = reverse("beslut:klausul_uppsattning", args=[egen.pk])
    assert client.post(url, {**data, "version": egen.version, "beskrivning": "Ny"}).status_code == 302
    page = client.post(url, {**data, "version": egen.version, "beskrivning": "Annan text"}).content.decode()
    assert "Uppsättningen har sparats av någon annan" in page and "Annan text" in page
    egen.refresh_from_db()
    assert egen.beskrivning == "Ny"
    # Two sets cannot have one name.
    page = client.post(reverse("beslut:klausul_uppsattning_ny"), data).content.decode()
    assert "Det finns redan en uppsättning med det namnet." in page


MARKUP = re.compile(r"<(?:em|i|b|u|strong)\b")
SATSER = re.compile(r'<table class="satser[^"]*">.*?</table>|<div class="satser">.*?</div>|id="lista-sats".*?</fieldset>', re.S)


def test_no_italics_or_other_markup_in_clauses_anywhere(sets, forslag, cecilia_forbundschef, client, forbund):
    """Every place a clause is shown: the proposal's page, its edit page,
    the confirmation of standard clauses, the library, the choice page and
    the PDF; with each style. The insats's name is plain text."""
    client.force_login(cecilia_forbundschef)
    namn = "Förstärkt stöd till arbete &amp; studier"
    forslag.satser.filter(ordning=0).update(text=f"bevilja stöd till insatsen {forslag.titel}, *ej kursiv*")
    urls = [
        reverse("beslut:detalj", args=[forslag.pk]),
        reverse("beslut:redigera", args=[forslag.pk]),
        reverse("beslut:standardsatser", args=[forslag.pk]),
        reverse("beslut:klausuler"),
        reverse("beslut:klausul_uppsattningar"),
    ]
    for stil in ("att", "numrerad"):
        services.spara_beslutsstil(by=cecilia_forbundschef, stil=stil)
        forbund.refresh_from_db()
        pages = {url: client.get(url).content.decode() for url in urls}
        pages["pdf"] = pdf_module.render_html(TEMPLATE, context(forslag, forbund=forbund))
        for where, page in pages.items():
            blocks = SATSER.findall(page)
            assert blocks, where
            assert any(namn in b for b in blocks), where
            for block in blocks:
                assert not MARKUP.search(block.replace("<strong>Kontrollera:</strong>", "")), (where, stil, block)
        assert "*ej kursiv*" in pages[urls[0]] and "*ej kursiv*" in pages["pdf"]


def test_a_clause_written_with_an_old_fixed_format_is_pointed_out(sets, inlamnad, cecilia_forbundschef, client):
    """{belopp_kronor}, {fran_text} and {till_text} keep working for library
    texts written before the sets, always as 316 000 kronor and 1 april
    2021; in a set that writes otherwise, the preview says so."""
    gammal = Klausul.objects.create(
        namn="Gammal", typ="bifall", ordning=99, text="avsätta {belopp_kronor} för {fran_text}–{till_text}"
    )
    sets[klausuler.AVSATTNING].klausuler.add(gammal)
    sets[klausuler.SAMLAT].klausuler.add(gammal)
    forslag, ansokan = case()
    assert f"avsätta 316{NBSP}000{NBSP}kronor för 1 april 2021–31 mars 2023" in drafted(
        sets[klausuler.AVSATTNING], forslag, ansokan
    )
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:klausul_uppsattningar")).content.decode()
    assert page.count("”Gammal” skriver {belopp_kronor}, som inte följer uppsättningens format. Skriv {belopp} i stället.") == 1
    assert page.count("”Gammal” skriver {fran_text}") == 1  # the samlat set writes dates that way

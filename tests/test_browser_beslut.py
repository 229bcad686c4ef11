"""The förbundschef's road in Chromium: beredning facts, a proposal drafted
from the case, a clause from the library, reordering, fastställ, and every
decision page checked with axe-core."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ansokningar import seed
from ansokningar import services as ansokan_services
from beslut import klausuler
from beslut.models import Beredning, Beslutsforslag, Klausul
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def inlamnad(anna_sokande, orgs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed.ensure_categories()
    klausuler.load_defaults(Klausul)  # flushed by earlier transactional tests
    a = seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()})
    ansokan_services.lamna_in(ansokan=a, by=anna_sokande)
    return a


def assert_accessible(page, name):
    violations = page.axe_violations()
    assert not violations, (name, violations)


def test_beredning_to_fastställd_proposal(page, inlamnad, bertil_handlaggare, cecilia_forbundschef):
    pw = page.pw
    page.login("bertil", PASSWORD)
    page.goto(reverse("beslut:lista"))
    assert_accessible(page, "lista")
    pw.get_by_role("link", name=inlamnad.namn).click()
    for punkt in ("Målgruppen är i arbetsför ålder (16–64 år)", "Målen är mätbara", "Budgeten är rimlig"):
        pw.get_by_role("group", name=punkt).get_by_label("Ja", exact=True).check()
    pw.get_by_label("Bifall").check()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    pw.get_by_label("Datum för rekommendationen").fill(tomorrow.isoformat())  # refused
    pw.get_by_role("button", name="Spara beredningen").click()
    # At the field, and in the error summary at the top (base.html).
    assert pw.locator("#div_id_rekommendation_datum").get_by_text("Datumet kan inte ligga i framtiden.").is_visible()
    assert pw.locator("#felsammanfattning").get_by_role("link", name="Datumet kan inte ligga i framtiden.").is_visible()
    assert pw.get_by_text("Beredningen är inte sparad. Rätta det som är markerat nedan.").is_visible()
    assert_accessible(page, "beredning med fel")
    pw.get_by_label("Datum för rekommendationen").fill(timezone.localdate().isoformat())
    pw.get_by_role("button", name="Spara beredningen").click()
    assert pw.get_by_text("Beredningen är sparad.").is_visible()
    assert_accessible(page, "beredning")
    assert Beredning.objects.get(ansokan=inlamnad).rekommendation == "bifall"
    page.logout()

    page.login("cecilia", PASSWORD)
    page.goto(reverse("beslut:beredning", args=[inlamnad.pk]))
    pw.get_by_role("button", name="Skriv beslutsförslag").click()
    assert pw.get_by_role("heading", name=inlamnad.namn).is_visible()
    assert_accessible(page, "redigera")
    clauses = pw.locator("textarea[name=sats]")
    assert clauses.count() == 4
    assert clauses.nth(1).input_value().startswith("avsätta maximalt 1\u00a0540\u00a0400\u00a0kr")
    pw.get_by_label("Från biblioteket").select_option(label="Övrigt: Lägga till handlingarna")
    pw.get_by_role("button", name="Lägg till", exact=True).click()
    assert clauses.count() == 5
    pw.locator(".goal-item").nth(4).get_by_role("button", name="Flytta upp").click()
    pw.get_by_label("Underrubrik").fill("Ansökan")
    pw.get_by_role("button", name="Spara", exact=True).click()
    assert pw.get_by_text("Beslutsförslaget är sparat.").is_visible()
    forslag = Beslutsforslag.objects.get(ansokan=inlamnad)
    satser = list(forslag.satser.select_related("klausul"))
    assert satser[3].text == "lägga informationen till handlingarna" and len(satser) == 5
    assert satser[3].klausul.namn == "Lägga till handlingarna"  # the hidden link went along

    # A new amount is filled into the untouched clauses; a rewritten one is pointed out.
    clauses.nth(0).fill("bevilja stöd med högst 1 540 400 kr")
    pw.get_by_label("Maximalt belopp (kr)").fill("1200000")
    pw.get_by_role("button", name="Spara", exact=True).click()
    assert clauses.nth(1).input_value().startswith("avsätta maximalt 1\u00a0200\u00a0000\u00a0kr")
    assert pw.get_by_text("Satsen nämner 1\u00a0540\u00a0400\u00a0kr men förslagets belopp är 1\u00a0200\u00a0000\u00a0kr.").is_visible()
    assert_accessible(page, "redigera med varning")
    page.screenshot("beslut-redigera-varning")

    # Replacing with the standard clauses saves what was typed, then asks.
    pw.get_by_role("textbox", name="Bedömning").fill("Skrivet före ersättningen.")
    pw.get_by_role("button", name="Spara och ersätt satserna med bibliotekets standardsatser …").click()
    assert pw.get_by_role("heading", name="Ersätta satserna med bibliotekets standardsatser?").is_visible()
    assert_accessible(page, "ersätt satserna")
    page.screenshot("beslut-ersatt-satserna")
    pw.get_by_label("Behåll dem, efter standardsatserna").uncheck()
    pw.get_by_role("button", name="Ersätt satserna").click()
    assert pw.get_by_text("Satserna är ersatta med bibliotekets standardsatser.").is_visible()
    assert pw.get_by_role("textbox", name="Bedömning").input_value() == "Skrivet före ersättningen."
    assert clauses.count() == 4
    forslag.refresh_from_db()

    page.goto(reverse("beslut:detalj", args=[forslag.pk]))
    assert_accessible(page, "detalj")
    # ISO dates in the clauses never break over two lines, even on a phone.
    pw.set_viewport_size({"width": 390, "height": 800})
    dates = pw.locator(".satser .text-nowrap")
    assert dates.count() == 2
    assert pw.evaluate("[...document.querySelectorAll('.satser .text-nowrap')].every(e => e.getClientRects().length === 1)")
    assert pw.locator(".satser em").count() == 0  # clauses are plain text: no italics unless the library writes them (issue 9)
    pw.set_viewport_size({"width": 1280, "height": 900})
    page.bekrafta(pw.get_by_role("button", name="Fastställ"))
    assert pw.get_by_text("Version 1 är fastställd.").is_visible()
    # Unchanged since: the fastställd version's PDF, nothing to fastställa again.
    assert pw.get_by_role("link", name="PDF (fastställd version 1)").is_visible()
    assert pw.get_by_role("button", name="Fastställ").count() == 0
    assert pw.get_by_text("Utkastet är oförändrat sedan version 1.").is_visible()
    assert_accessible(page, "detalj, fastställd")
    page.goto(reverse("beslut:jamfor", args=[forslag.pk]))
    assert pw.get_by_text("De två är likadana: inget har ändrats mellan dem.").is_visible()
    assert_accessible(page, "jämför")
    page.screenshot("beslut-jamfor")
    page.goto(reverse("beslut:redigera", args=[forslag.pk]))
    pw.get_by_label("Maximalt belopp (kr)").fill("1 100 000")
    pw.get_by_role("button", name="Spara", exact=True).click()
    page.goto(reverse("beslut:detalj", args=[forslag.pk]))
    assert pw.get_by_text("Ändrat sedan version 1", exact=True).is_visible()
    assert pw.get_by_role("button", name="Fastställ version 2").is_visible()
    assert_accessible(page, "detalj, ändrat sedan")
    page.screenshot("beslut-detalj-andrat")

    for name in ["inriktningar", "inriktning_ny", "klausuler", "klausul_ny", "ny"]:
        page.goto(reverse(f"beslut:{name}"))
        assert_accessible(page, name)
    page.screenshot("beslut-satsbibliotek")
    # The inriktning page: amounts in whole kronor, its message at the field and on top.
    page.goto(reverse("beslut:inriktning_ny"))
    pw.get_by_label("Ram för insatser (kr)").fill("12 500 000,50")
    pw.get_by_role("button", name="Spara").click()
    assert pw.locator("#div_id_ram").get_by_text("Ange beloppet i hela kronor, utan decimaler.").is_visible()
    assert pw.get_by_text("Inriktningen är inte sparad. Rätta det som är markerat nedan.").is_visible()
    assert_accessible(page, "inriktning med fel")
    page.goto(reverse("beslut:redigera", args=[forslag.pk]))
    page.screenshot("beslut-redigera")
    assert timezone.localdate(forslag.versioner.get().faststalld) == timezone.localdate()

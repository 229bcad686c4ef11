"""An avvikelserapport in real Chromium: the insatsägare's sökande files one
from the insats page with the keyboard; the handläggare finds it there, marks
it "kräver nytt beslut" (confirmed in the dialog) and drafts the
beslutsförslag from it. The insats page and the report pass axe-core
without serious or critical problems."""

import pytest
from playwright.sync_api import expect

from beslut.models import Beslutsforslag
from insatser.models import Avvikelse
from tests.factories import PASSWORD, make_insats
from tests.test_browser_ansokan import no_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_an_avvikelse_and_draft_a_proposal(page, anna_sokande, bertil_handlaggare, orgs, kategorier):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    pw = page.pw

    # --- anna, by keyboard ---------------------------------------------------------
    page.login("anna", PASSWORD)
    page.goto(f"/insatser/{insats.pk}/")
    expect(pw.get_by_role("heading", name="Tidslinje")).to_be_visible()
    no_axe(page, "insatsens sida, insatsägaren")
    link = pw.get_by_role("link", name="Rapportera avvikelse").first
    link.focus()
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_role("heading", name="Rapportera avvikelse")).to_be_visible()
    expect(pw.get_by_text("Skriv inga personuppgifter om deltagare.").first).to_be_visible()
    pw.get_by_label("Vad har förändrats?").focus()
    pw.keyboard.type("Den ena coachtjänsten är vakant.")
    pw.keyboard.press("Tab")
    expect(pw.get_by_label("Sedan när?")).to_be_focused()
    pw.get_by_label("Sedan när?").fill("2025-03-01")  # Tab walks the date's own parts first
    pw.get_by_label("Konsekvenser för mål, budget, deltagare och bemanning").focus()
    pw.keyboard.type("Åtta deltagare i stället för femton under våren.")
    no_axe(page, "ny avvikelse")
    pw.get_by_role("button", name="Lämna in avvikelserapporten").focus()
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_text("Avvikelserapporten är inlämnad.")).to_be_visible()
    expect(pw.get_by_text("Ny, ej hanterad")).to_be_visible()
    # The page comes back at its avvikelser (#i-avvikelser): that section's
    # heading has the focus, never the page body (static/js/fokus.js).
    expect(pw.locator("#i-avvikelser")).to_be_focused()
    page.logout()

    # --- bertil handles it and drafts the proposal -------------------------------
    page.login("bertil", PASSWORD)
    page.goto(f"/insatser/{insats.pk}/")
    expect(pw.get_by_text("Avvikelserapport inlämnad")).to_be_visible()  # the timeline
    no_axe(page, "insatsens sida, handläggaren")
    page.screenshot("insats-sida-handlaggare")
    pw.locator("section[aria-labelledby=i-avvikelser] tbody a").first.click()
    expect(pw.get_by_role("heading", name="Hantera avvikelsen")).to_be_visible()
    pw.get_by_label("Kräver nytt beslut").check()
    pw.get_by_label("Kommentar till insatsägaren").fill("Budgeten för 2025 behöver minskas genom ett nytt beslut.")
    no_axe(page, "hantera avvikelse")
    page.screenshot("avvikelse-hantera")
    page.bekrafta(pw.get_by_role("button", name="Spara hanteringen …"))
    expect(pw.get_by_text("Avvikelserapporten är hanterad.")).to_be_visible()
    page.bekrafta(pw.get_by_role("button", name="Skapa beslutsförslag …"))
    forslag = Beslutsforslag.objects.get()
    expect(pw.get_by_role("heading", name=forslag.titel, level=1)).to_be_visible()
    expect(pw.get_by_text("Den ena coachtjänsten är vakant.")).to_be_visible()  # Ärendet
    assert Avvikelse.objects.get().beslutsforslag == forslag
    assert "Den ena coachtjänsten är vakant." in forslag.arendet

"""A claim in real Chromium (issue 11 item 2, as it will be checked): the
insatsägare's sökande files a claim that would exceed the grant (refused
with the amount over, every value kept, told to choose the file again),
then a correct one; the handläggare finds it in the list, attests it and
marks it paid, each confirmed in the dialog. The steps that matter are
reached with the keyboard, and every page passes axe-core."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats, Rekvisition
from tests.factories import PASSWORD
from tests.test_browser_ansokan import kr, no_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def tab_to(pw, locator, limit=80):
    """Tab until `locator` has the focus: it is reachable with the keyboard."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        pw.keyboard.press("Tab")
    raise AssertionError(f"{locator} nåddes inte med Tab")


def test_a_claim_over_the_maximum_then_a_correct_one_attested_and_paid(
    page, anna_sokande, bertil_handlaggare, orgs, media
):
    pw = page.pw
    idag = timezone.localdate()
    ar = idag.year - 1  # last year's quarters have ended whatever day the test runs
    insats = Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])
    beslut = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(ar - 1, 12, 10), organ=Beviljande.Organ.STYRELSE, paragraf=84,
        period_fran=D(ar, 1, 1), period_till=D(ar + 1, 12, 31), belopp=100_000,
    )  # fmt: skip
    rek.lamna_in(
        insats=insats, beviljande=beslut, period=(D(ar, 1, 1), D(ar, 3, 31)), rader={"lon": 90_000},
        by=anna_sokande,
    )  # fmt: skip
    fran, till = D(ar, 4, 1).isoformat(), D(ar, 6, 30).isoformat()

    # --- anna files a claim over the maximum, then a correct one -------------------
    page.login("anna", PASSWORD)
    page.goto(f"/insatser/{insats.pk}/")
    section = pw.locator("section[aria-labelledby=i-rekvisitioner]")
    expect(section.get_by_role("table").last).to_contain_text("Lönekostnader")  # budget mot utfall
    no_axe(page, "insats med rekvisitioner")
    ny = pw.get_by_role("link", name="Ny rekvisition")
    tab_to(pw, ny)
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_role("heading", name=re.compile("Ny rekvisition"))).to_be_visible()
    no_axe(page, "ny rekvisition")

    pw.get_by_label("Perioden från").fill(fran)
    pw.get_by_label("Perioden till").fill(till)
    pw.get_by_label("Lönekostnader").fill("15 000")
    pw.get_by_label("Övriga kostnader").fill("2500")
    expect(pw.locator("[data-rekvisition-summa]")).to_have_text(kr("17 500 kr"))
    pw.locator("#id_bilaga").set_input_files(
        files=[{"name": "kvitto.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 kvitto"}]
    )
    pw.get_by_label("Kommentar till förbundets kansli").fill("Andra kvartalet, två tjänster.")
    lamna = pw.get_by_role("button", name="Lämna in rekvisitionen")
    tab_to(pw, lamna)
    with pw.expect_navigation():
        pw.keyboard.press("Enter")

    summary = pw.locator("#felsammanfattning")
    expect(summary).to_contain_text(kr("Rekvisitionen överskrider det beviljade beloppet med 7 500 kr."))
    expect(summary).to_be_focused()
    expect(pw.locator("#rader_error")).to_be_visible()
    expect(pw.get_by_label("Lönekostnader")).to_have_value("15 000")
    expect(pw.get_by_label("Övriga kostnader")).to_have_value("2500")
    expect(pw.get_by_label("Lönekostnader")).to_have_attribute("aria-invalid", "true")
    expect(pw.get_by_label("Lokalkostnader")).not_to_have_class(re.compile("is-invalid"))  # nothing typed there
    expect(pw.get_by_label("Perioden från")).to_have_value(fran)
    expect(pw.get_by_label("Kommentar till förbundets kansli")).to_have_value("Andra kvartalet, två tjänster.")
    expect(pw.get_by_text("välj verifikationen på nytt")).to_be_visible()
    no_axe(page, "ny rekvisition med fel")
    page.screenshot("rekvisition-over-maximum")
    assert Rekvisition.objects.count() == 1

    pw.get_by_label("Lönekostnader").fill("7 500")
    pw.locator("#id_bilaga").set_input_files(
        files=[{"name": "kvitto.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 kvitto"}]
    )
    lamna.click()
    expect(pw.get_by_text("Rekvisitionen är inlämnad.")).to_be_visible()
    r = Rekvisition.objects.latest("id")
    assert r.summa == 10_000 and r.filnamn == "kvitto.pdf"
    no_axe(page, "rekvisition inlämnad")
    page.logout()

    # --- bertil attests and records the payment ------------------------------------
    page.login("bertil", PASSWORD)
    page.goto("/insatser/rekvisitioner/")
    pw.get_by_label("Status", exact=True).select_option(label="Att attestera")
    pw.get_by_role("button", name="Filtrera").click()
    expect(pw.get_by_text("2 rekvisitioner, äldst först")).to_be_visible()
    no_axe(page, "lista")
    pw.get_by_role("link", name=f"Nr {r.pk}").click()
    expect(pw.get_by_role("heading", name=re.compile(f"Rekvisition {r.pk}"))).to_be_visible()
    no_axe(page, "att attestera")
    page.screenshot("rekvisition-att-attestera")
    attest = pw.get_by_role("button", name="Attestera …")
    page.skript_redo()
    tab_to(pw, attest)
    pw.keyboard.press("Enter")
    page.bekrafta()  # the dialog the key opened
    expect(pw.get_by_text("Rekvisitionen är attesterad.")).to_be_visible()

    pw.get_by_label("Utbetalningsdag").fill(idag.isoformat())
    page.bekrafta(pw.get_by_role("button", name="Markera som betald …"))
    expect(pw.get_by_text("Rekvisitionen är markerad som betald.")).to_be_visible()
    expect(pw.locator(".page-head")).to_contain_text("Betald")
    no_axe(page, "betald")
    page.goto(f"/insatser/{insats.pk}/")
    no_axe(page, "insats med betald rekvisition")
    page.screenshot("rekvisition-pa-insatsen")
    r.refresh_from_db()
    assert r.status == Rekvisition.Status.BETALD and r.betald == idag and r.attesterad_av == bertil_handlaggare

"""The insatser register in real Chromium: the handläggare registers an
insats the förbund already funds, with two earlier grants (a row added, a
mistake refused next to its field without losing what was typed, a row
removed), sees it in the list and on its page; the insatsägare's sökande
then files a tilläggsansökan for it and sees its earlier grants on the
application. Every insatser page passes axe-core without serious or
critical problems."""

import re

import pytest
from playwright.sync_api import expect

from ansokningar.models import Ansokan
from insatser.models import Insats
from tests.factories import PASSWORD
from tests.test_browser_ansokan import kr, no_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMN = "Lokussamordnare Älvkarleby"


def grant_row(pw, n):
    return pw.locator("tr[data-rad]:not([hidden])").nth(n)


def fill_grant(row, beslut, dnr, fran, till, belopp):
    row.get_by_label("Beslutsdatum").fill(beslut)
    row.get_by_label("Diarienummer").fill(dnr)
    row.get_by_label("Från").fill(fran)
    row.get_by_label("Till").fill(till)
    row.get_by_label("Belopp (kr)").fill(belopp)


def test_register_an_insats_and_apply_for_its_extension(
    page, bertil_handlaggare, anna_sokande, erik_utomstaende, orgs, kategorier
):
    pw = page.pw

    # --- bertil registers the insats with its two grants -------------------------
    page.login("bertil", PASSWORD)
    pw.get_by_role("link", name="Insatser", exact=True).first.click()
    expect(pw.get_by_role("heading", name="Insatser", exact=True)).to_be_visible()
    expect(pw.get_by_text("0 insatser")).to_be_visible()
    no_axe(page, "lista tom")
    pw.get_by_role("link", name="Registrera pågående insats").click()
    expect(pw.get_by_role("heading", name="Registrera pågående insats")).to_be_visible()
    no_axe(page, "ny")

    pw.get_by_label("Insatsens namn").fill(NAMN)
    pw.get_by_label("Insatsägare").select_option(label="Älvkarleby kommun")
    pw.get_by_label("Inriktning").select_option(label="Strukturövergripande")
    pw.get_by_label("Startdatum").fill("2018-04-01")
    fill_grant(grant_row(pw, 0), "2018-03-14", "SFU 2018/7", "2018-04-01", "2019-03-31", "135000")
    pw.get_by_role("button", name="+ Lägg till beviljande").click()
    expect(grant_row(pw, 1).get_by_label("Beslutsdatum")).to_be_focused()
    # A mistake: the period ends before it starts; the amount as the protocol writes it.
    fill_grant(
        grant_row(pw, 1), "2019-03-20", "SFU 2019/11", "2021-04-01", "2021-03-31", "270 000 kr"
    )
    # A third row added by mistake and removed again.
    pw.get_by_role("button", name="+ Lägg till beviljande").click()
    fill_grant(grant_row(pw, 2), "2020-01-01", "fel", "2020-01-01", "2020-12-31", "-450")
    belopp = grant_row(pw, 2).get_by_label("Belopp (kr)")
    belopp.press("Tab")  # leaving a field that is not whole kronor marks it at once
    expect(belopp).to_have_class(re.compile("is-invalid"))
    expect(belopp).to_have_attribute("aria-invalid", "true")
    expect(pw.locator("[data-summa]")).to_have_text(kr("405 000 kr"))  # left out of the sum
    belopp.fill("999")
    belopp.press("Tab")
    expect(belopp).not_to_have_class(re.compile("is-invalid"))
    expect(pw.locator("[data-summa]")).to_have_text(kr("405 999 kr"))
    grant_row(pw, 2).get_by_role("button", name="Ta bort").click()
    expect(pw.locator("tr[data-rad]:not([hidden])")).to_have_count(2)
    expect(pw.locator("[data-summa]")).to_have_text(kr("405 000 kr"))
    pw.get_by_role("button", name="Registrera insatsen").click()

    expect(
        pw.get_by_text("Insatsen är inte sparad. Rätta det som är markerat nedan.")
    ).to_be_visible()
    row = grant_row(pw, 1)
    expect(row.get_by_text("Till-datum kan inte vara före från-datum.")).to_be_visible()
    expect(row.get_by_label("Till")).to_have_class(re.compile("is-invalid"))
    # Nothing typed is lost; the removed row stays removed.
    expect(pw.get_by_label("Insatsens namn")).to_have_value(NAMN)
    expect(pw.get_by_label("Startdatum")).to_have_value("2018-04-01")
    expect(grant_row(pw, 0).get_by_label("Diarienummer")).to_have_value("SFU 2018/7")
    expect(row.get_by_label("Belopp (kr)")).to_have_value("270 000 kr")
    expect(pw.locator("tr[data-rad]:not([hidden])")).to_have_count(2)
    no_axe(page, "ny med fel")
    page.screenshot("insats-ny-fel")
    assert not Insats.objects.exists()

    row.get_by_label("Från").fill("2019-04-01")
    pw.get_by_role("button", name="Registrera insatsen").click()
    expect(pw.get_by_text(f"Insatsen {NAMN} är registrerad.")).to_be_visible()
    insats = Insats.objects.get()
    assert pw.url.endswith(f"/insatser/{insats.pk}/")
    assert list(insats.beviljanden.values_list("diarienummer", "belopp")) == [
        ("SFU 2018/7", 135_000),
        ("SFU 2019/11", 270_000),
    ]
    grants = pw.locator("section[aria-labelledby=i-beviljanden]")
    expect(grants.get_by_role("row", name="SFU 2019/11")).to_contain_text("2019-04-01 – 2021-03-31")
    expect(grants.get_by_role("row", name=re.compile("Beviljat totalt"))).to_contain_text(
        kr("405 000 kr")
    )
    no_axe(page, "detalj")
    page.screenshot("insats-detalj-kansli")

    page.goto("/insatser/")
    listing = pw.get_by_role("row", name=re.compile(NAMN))
    expect(listing).to_contain_text("Älvkarleby kommun")
    expect(listing).to_contain_text("Strukturövergripande")
    expect(listing).to_contain_text("2018-04-01 – 2021-03-31")
    expect(listing).to_contain_text(kr("405 000 kr"))
    expect(listing).to_contain_text("Pågår")
    pw.get_by_label("Status").select_option(label="Avslutad")
    pw.get_by_role("button", name="Filtrera").click()
    expect(pw.get_by_text("Inga insatser matchar.")).to_be_visible()
    with pw.expect_navigation():  # axe must not run while the page is being replaced
        pw.get_by_role("link", name="Rensa").click()
    no_axe(page, "lista")
    page.screenshot("insats-lista")

    page.goto(f"/insatser/{insats.pk}/redigera/")
    expect(pw.get_by_label("Belopp (kr)").nth(1)).to_have_value("270000")
    no_axe(page, "redigera")
    page.screenshot("insats-redigera")
    page.logout()

    # --- anna files a tilläggsansökan for it ---------------------------------------
    page.login("anna", PASSWORD)
    pw.get_by_role("link", name="Insatser", exact=True).first.click()
    pw.get_by_role("link", name=NAMN).click()
    no_axe(page, "detalj sökande")
    expect(pw.get_by_role("link", name="Redigera")).to_have_count(0)
    pw.get_by_role("link", name="Ny tilläggsansökan").click()
    expect(pw.get_by_role("heading", name="Ny ansökan")).to_be_visible()
    # Prefilled from the insats's page; the option names the insats and its owner.
    expect(pw.get_by_label("Insatsens namn")).to_have_value(NAMN)
    expect(pw.get_by_label("Tilläggsansökan")).to_be_checked()
    expect(pw.get_by_label("Insats som ansökan förlänger")).to_have_value(str(insats.pk))
    expect(pw.get_by_label("Insats som ansökan förlänger").locator("option:checked")).to_contain_text(f"{NAMN} – ")
    pw.get_by_role("button", name="Skapa utkast").click()
    expect(pw.get_by_text("Utkastet är skapat")).to_be_visible()
    ansokan = Ansokan.objects.get(insats=insats)
    assert ansokan.typ == Ansokan.Typ.TILLAGG

    page.goto(f"/ansokningar/{ansokan.pk}/")
    earlier = pw.locator("section[aria-labelledby=d-tidigare]")
    expect(
        earlier.get_by_role("heading", name="Tidigare beviljanden till insatsen")
    ).to_be_visible()
    expect(earlier.get_by_role("row", name="SFU 2018/7")).to_contain_text(kr("135 000 kr"))
    expect(earlier.get_by_role("row", name="SFU 2019/11")).to_contain_text(
        "2019-04-01 – 2021-03-31"
    )
    page.screenshot("insats-tillaggsansokan-tidigare")

    # The draft shows on the insats for anna (her own), linked.
    page.goto(f"/insatser/{insats.pk}/")
    applications = pw.locator("section[aria-labelledby=i-ansokningar]")
    expect(applications.get_by_role("link", name=NAMN)).to_have_attribute(
        "href", f"/ansokningar/{ansokan.pk}/"
    )
    expect(applications).to_contain_text("Tilläggsansökan")
    page.screenshot("insats-detalj-sokande")
    page.logout()

    # --- erik, of another kommun, does not see it -------------------------------------
    page.login("erik", PASSWORD)
    page.goto("/insatser/")
    expect(pw.get_by_text("0 insatser")).to_be_visible()
    response = page.goto(f"/insatser/{insats.pk}/")
    assert response.status == 404
    page.logout()

    # --- bertil corrects it: the inriktning is fixed now that an application refers to it
    page.login("bertil", PASSWORD)
    page.goto(f"/insatser/{insats.pk}/redigera/")
    expect(pw.get_by_label("Inriktning")).to_be_disabled()
    expect(pw.get_by_text("Inriktningen kan inte ändras")).to_be_visible()
    # The status is not edited here: an insats is closed on its closing page.
    expect(pw.get_by_label("Avslutad")).to_have_count(0)
    grant_row(pw, 0).get_by_role("button", name="Ta bort").click()
    expect(pw.locator("[data-summa]")).to_have_text(kr("270 000 kr"))
    no_axe(page, "redigera med låst inriktning")
    page.screenshot("insats-redigera-last")
    pw.get_by_role("button", name="Spara ändringarna").click()
    expect(pw.get_by_text(f"Ändringarna i {NAMN} är sparade.")).to_be_visible()
    expect(pw.get_by_text("Insats ändrad (beviljanden)")).to_be_visible()
    expect(pw.locator(".page-head .status-badge")).to_have_text("Pågår")
    insats.refresh_from_db()
    assert insats.status == "pagar" and insats.kategori.namn == "Strukturövergripande"
    assert list(insats.beviljanden.values_list("belopp", flat=True)) == [270_000]

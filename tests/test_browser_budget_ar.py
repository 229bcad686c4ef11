"""Issue 9 item 3 in real Chromium: the split per year of a budget line
follows the typed amount while the sökande has not changed it (the same
whole-month proposal the server makes), says at once when an own split no
longer adds up, and the server refuses it at the field on save. Keyboard
only, and the page passes axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from ansokningar import services
from ansokningar.models import Budgetbelopp, Budgetrad, Budgetradsar, Part
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
NBSP = "\u00a0"


def test_the_split_per_year_follows_the_amount_until_changed(page, anna_sokande, orgs):
    a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Vägar till arbete")
    a.startdatum, a.slutdatum = D(2021, 4, 1), D(2023, 3, 31)
    a.save()
    rad = Budgetrad.objects.create(
        ansokan=a, avsnitt="lon", benamning="Processledare", fran=D(2021, 4, 1), till=D(2023, 3, 31), ordning=0
    )
    Budgetbelopp.objects.create(rad=rad, part=Part.objects.get(ansokan=a), belopp=24_000)
    services.update_totals(a)

    pw = page.pw
    page.login("anna", PASSWORD)
    page.goto(f"/ansokningar/{a.pk}/redigera/")
    years = {y: pw.locator(f"input[name=rad-0-ar_{y}]") for y in (2021, 2022, 2023)}
    expect(years[2021]).to_have_value("9 000")
    amount = pw.locator("input[name^=rad-0-org]")
    amount.focus()
    pw.keyboard.press("Control+A")
    pw.keyboard.type("48 000")
    expect(years[2021]).to_have_value("18 000")
    expect(years[2022]).to_have_value("24 000")
    expect(years[2023]).to_have_value("6 000")

    # By keyboard: the years come just before the line's amounts.
    amount.focus()
    pw.keyboard.press("Shift+Tab")
    expect(years[2023]).to_be_focused()
    years[2021].focus()
    pw.keyboard.press("Control+A")
    pw.keyboard.type("20 000")
    status = pw.locator("tr.budget-row", has=years[2021]).locator("[data-ar-status]")
    expect(status).to_have_text(f"Beloppen per år blir 50{NBSP}000 kr av radens 48{NBSP}000 kr.")
    violations = page.axe_violations()
    assert not violations, violations

    pw.get_by_role("button", name="Spara utkast").click()
    pw.wait_for_load_state()
    message = pw.locator("#id_rad-0-ar_2021_error")
    expect(message).to_contain_text(f"Beloppen per år blir 50{NBSP}000{NBSP}kr men raden är 48{NBSP}000{NBSP}kr.")
    expect(years[2021]).to_have_value("20 000")
    expect(years[2021]).to_have_attribute("aria-describedby", "id_rad-0-ar_2021_error rad-0-ar-hjalp")

    years[2022].focus()
    pw.keyboard.press("Control+A")
    pw.keyboard.type("22 000")
    expect(status).to_have_text("")
    pw.get_by_role("button", name="Spara utkast").click()
    expect(pw.get_by_text("Utkastet är sparat.")).to_be_visible()
    assert dict(Budgetradsar.objects.values_list("ar", "belopp")) == {2021: 20_000, 2022: 22_000, 2023: 6_000}

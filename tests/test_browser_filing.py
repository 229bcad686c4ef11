"""Filing without detours in Chromium, by keyboard (issue 9, item 6):
choosing the insats of a tilläggsansökan fills in its name, owner and type
at once; adding a del switches the goals section's note to say that
effekt- and insatsmål go with each del."""

import pytest
from playwright.sync_api import expect

from ansokningar import seed
from ansokningar.models import Ansokan
from insatser.models import Insats
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_the_insats_fills_in_the_form_and_delar_move_the_goals(page, anna_sokande, orgs):
    kategorier, _ = seed.ensure_categories()
    insats = Insats.objects.create(
        namn="Lokussamordnare Älvkarleby", insatsagare=orgs["alvkarleby"], kategori=kategorier["Strukturövergripande"]
    )
    pw = page.pw
    page.login("anna", PASSWORD)
    page.goto("/ansokningar/ny/")
    select = pw.get_by_label("Insats som ansökan förlänger")
    select.focus()
    select.select_option(str(insats.pk))  # what arrow keys and Enter do on a focused select
    expect(pw.get_by_label("Insatsens namn")).to_have_value("Lokussamordnare Älvkarleby")
    expect(pw.get_by_label("Tilläggsansökan")).to_be_checked()
    assert page.axe_violations() == []
    with pw.expect_navigation():
        pw.get_by_role("button", name="Skapa utkast").press("Enter")
    pw.wait_for_load_state("networkidle")
    ansokan = Ansokan.objects.get()
    assert (ansokan.typ, ansokan.insats_id, ansokan.namn) == ("tillagg", insats.pk, insats.namn)

    med_delar = pw.locator("[data-mal-med-delar]")
    expect(med_delar).to_be_hidden()
    pw.get_by_role("button", name="+ Lägg till en del").press("Enter")
    expect(med_delar).to_be_visible()
    expect(pw.locator("[data-mal-utan-delar]")).to_be_hidden()
    assert page.foreign_requests == []

"""The sekreterare plans a meeting in real Chromium: the föredragningslista
starts with the standard points, a beslutsärende (a fastställd proposal)
and an informationsärende with a PDF handling are added, and the list is
reordered from the keyboard, the focus staying on the moved ärende's
button across the reload. Every page passes axe-core."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from beslut.models import Beslutsforslag, FaststalldVersion, Organ, Sammantrade
from tests.factories import PASSWORD
from tests.test_browser_ansokan import no_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_a_meeting_and_order_its_list_by_keyboard(
    page, fredrik_sekreterare, cecilia_forbundschef, media
):
    Organ.objects.create(namn="Förbundsstyrelsen", typ=Organ.Typ.STYRELSE)
    forslag = Beslutsforslag.objects.create(
        datum=datetime.date(2026, 11, 1), titel="Lokussamordnare Älvkarleby", diarienummer="SFU 2026/14",
        skapad_av=cecilia_forbundschef,
    )  # fmt: skip
    FaststalldVersion.objects.create(
        forslag=forslag, nummer=1, faststalld_av=cecilia_forbundschef, sha256="0" * 64,
        innehall={"titel": forslag.titel, "diarienummer": forslag.diarienummer},
        pdf=ContentFile(b"%PDF-1.4 v", name="v1.pdf"),
    )  # fmt: skip
    pw = page.pw
    page.login("fredrik", PASSWORD)
    pw.get_by_role("link", name="Sammanträden", exact=True).first.click()
    no_axe(page, "lista")
    pw.get_by_role("link", name="Planera sammanträde").click()
    no_axe(page, "planera")
    pw.get_by_label("Organ").select_option(label="Förbundsstyrelsen")
    pw.get_by_label("Datum").fill("2026-12-10")
    pw.get_by_label("Klockan").fill("13:15")
    pw.get_by_label("Plats").fill("Förbundets kansli, Uppsala")
    pw.get_by_role("button", name="Planera sammanträdet").click()
    expect(pw.get_by_role("heading", name="Förbundsstyrelsen 10 december 2026")).to_be_visible()
    rubriker = pw.locator(".foredragningslista h3")
    expect(rubriker).to_have_text([
        "1. Sammanträdets öppnande", "2. Fastställande av dagordning", "3. Val av justerare",
        "4. Föregående protokoll", "5. Sammanträdets avslutande",
    ])  # fmt: skip
    no_axe(page, "sammanträde")

    beslut = pw.locator("details", has=pw.get_by_text("Beslutsärende", exact=True))
    beslut.get_by_text("Beslutsärende", exact=True).click()
    beslut.get_by_label("Fastställt beslutsförslag").select_option(index=1)
    beslut.get_by_role("button", name="Lägg till beslutsärende").click()
    info = pw.locator("details", has=pw.get_by_text("Informationsärende", exact=True))
    info.get_by_text("Informationsärende", exact=True).click()
    info.get_by_label("Rubrik").fill("Läget i lokusgrupperna")
    info.get_by_role("button", name="Lägg till informationsärende").click()
    expect(rubriker.nth(4)).to_have_text("5. Lokussamordnare Älvkarleby")
    expect(rubriker.nth(5)).to_have_text("6. Läget i lokusgrupperna")

    # The informationsärende's handling: a PDF, uploaded where the ärende is.
    ärende = pw.locator("li.arende", has=pw.get_by_text("Läget i lokusgrupperna"))
    ärende.get_by_label("Handling (PDF, högst 20 MB)").set_input_files(
        files=[
            {
                "name": "lagesrapport.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 rapport",
            }
        ]
    )
    ärende.get_by_role("button", name="Ladda upp handling").click()
    expect(pw.get_by_role("link", name="lagesrapport.pdf")).to_be_visible()

    # Reordered from the keyboard: Enter on "up", and the focus comes back to
    # the same ärende's button ("down" now that it stands first).
    # The page after the upload settles first: its scripts place the focus
    # on load (static/js/fokus.js), which would take it from the button.
    pw.wait_for_load_state("networkidle")
    upp = pw.get_by_role("button", name="Flytta upp: Läget i lokusgrupperna")
    upp.focus()
    expect(upp).to_be_focused()
    pw.keyboard.press("Enter")
    pw.wait_for_url(re.compile("#ned-"), timeout=30_000)
    expect(rubriker.nth(4)).to_have_text("5. Läget i lokusgrupperna")
    expect(pw.get_by_role("button", name="Flytta ned: Läget i lokusgrupperna")).to_be_focused()
    pw.keyboard.press("Enter")
    pw.wait_for_url(re.compile("#upp-"), timeout=30_000)
    expect(rubriker.nth(4)).to_have_text("5. Lokussamordnare Älvkarleby")
    expect(pw.get_by_role("button", name="Flytta upp: Läget i lokusgrupperna")).to_be_focused()
    no_axe(page, "sammanträde med ärenden")
    mote = Sammantrade.objects.get()
    assert list(mote.arenden.order_by("ordning").values_list("rubrik", flat=True))[4:6] == [
        "Lokussamordnare Älvkarleby",
        "Läget i lokusgrupperna",
    ]

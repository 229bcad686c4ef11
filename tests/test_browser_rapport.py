"""A quarterly report in real Chromium (issue 11 item 3, as it will be
checked): the insatsägare's sökande opens the report from the insats page,
types progress on the effektmål and the participant counts with the
keyboard, is told at the field when the counts do not add up (everything
typed kept), submits after the confirmation dialog; the handläggare accepts
it. Every page passes axe-core."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ansokningar import services as ansokan_services
from ansokningar.models import Mal
from insatser import rapporter
from insatser.models import Beviljande, Insats, Rapport
from tests.factories import PASSWORD
from tests.test_browser_ansokan import no_axe
from tests.test_browser_rekvisition import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_a_quarterly_report_with_participant_counts_filed_and_accepted(
    page, anna_sokande, bertil_handlaggare, orgs
):
    pw = page.pw
    # Last year's: a quarter is submitted only after it has ended (rapporter.for_tidigt).
    ar = datetime.date.today().year - 1
    insats = Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])
    ansokan = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=insats.insatsagare, namn=insats.namn)
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(ar - 1, 12, 1), period_fran=D(ar, 1, 1), period_till=D(ar, 12, 31),
        belopp=100_000, ansokan=ansokan,
    )  # fmt: skip
    Mal.objects.create(ansokan=ansokan, typ=Mal.Typ.EFFEKT, text="Fler deltagare i arbete eller studier", ordning=1)
    rapporter.satt_plan(
        insats=insats, by=bertil_handlaggare, version=0, lagesrapporter="kvartal", arsrapport=False,
        slutrapport=True, idag=D(ar - 1, 12, 15),
    )  # fmt: skip
    q1 = insats.rapporter.get(typ=Rapport.Typ.LAGESRAPPORT, period_fran=D(ar, 1, 1))

    # --- anna opens the first quarter's report from the insats page ---------------
    page.login("anna", PASSWORD)
    page.goto(f"/insatser/{insats.pk}/")
    pw.wait_for_load_state("networkidle")
    section = pw.locator("section[aria-labelledby=i-rapporter]")
    expect(section).to_contain_text("Lägesrapport varje kvartal")
    no_axe(page, "insats med rapporter")
    link = section.get_by_role("link", name="Lägesrapport").first
    tab_to(pw, link)
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_role("heading", level=1)).to_contain_text("Lägesrapport")
    no_axe(page, "rapportformuläret")

    # --- typed with the keyboard: the goal, then the counts, a wrong one first ------
    pw.wait_for_load_state("networkidle")
    mal = pw.get_by_label("Fler deltagare i arbete eller studier")
    mal.focus()
    pw.keyboard.type("Fyra av tolv gick vidare till arbete eller studier.")
    for label, value in [
        ("Nya under perioden – kvinnor", "5"),
        ("Nya under perioden – män", "4"),
        ("Pågående sedan tidigare – kvinnor", "3"),
        ("Avslutade under perioden – kvinnor", "2"),
        ("Avslutade under perioden – män", "6"),  # more than 4 new and 0 ongoing
        ("Avslutade till arbete – kvinnor", "1"),
        ("Avslutade till studier – män", "1"),
    ]:
        field = pw.get_by_label(label, exact=True)
        field.focus()
        pw.keyboard.press("Control+A")
        pw.keyboard.type(value)
    lamna = pw.get_by_role("button", name="Lämna in rapporten …")
    page.skript_redo()
    tab_to(pw, lamna)
    pw.keyboard.press("Enter")
    page.bekrafta()

    summary = pw.locator("#felsammanfattning")
    expect(summary).to_contain_text(
        "Avslutade under perioden – män: Avslutade (män) kan inte vara fler än nya och pågående tillsammans (4)."
    )
    expect(summary).to_be_focused()
    expect(pw.locator("#id_avslutade_man_error")).to_be_visible()
    expect(pw.get_by_label("Nya under perioden – kvinnor", exact=True)).to_have_value("5")
    expect(mal).to_have_value("Fyra av tolv gick vidare till arbete eller studier.")
    no_axe(page, "rapportformuläret med fel")
    q1.refresh_from_db()
    assert q1.status == Rapport.Status.EJ_INLAMNAD

    field = pw.get_by_label("Avslutade under perioden – män", exact=True)
    field.focus()
    pw.keyboard.press("Control+A")
    pw.keyboard.type("2")
    tab_to(pw, lamna)
    page.skript_redo()
    pw.keyboard.press("Enter")
    page.bekrafta()
    expect(pw.locator("body")).to_contain_text("Rapporten är inlämnad")
    q1.refresh_from_db()
    assert (q1.status, q1.nya_kvinnor, q1.nya_man, q1.avslutade_man, q1.studier_man) == ("inlamnad", 5, 4, 2, 1)
    page.screenshot("rapport-inlamnad")
    page.logout()

    # --- bertil accepts it ------------------------------------------------------------
    page.login("bertil", PASSWORD)
    page.goto(f"/insatser/rapporter/{q1.pk}/")
    expect(pw.get_by_role("heading", name="Granska rapporten")).to_be_visible()
    expect(pw.locator("table").first).to_contain_text("Nya under perioden")
    no_axe(page, "rapport att granska")
    godkann = pw.get_by_role("button", name=re.compile("^Godkänn"))
    page.skript_redo()
    tab_to(pw, godkann)
    pw.keyboard.press("Enter")
    page.bekrafta()
    expect(pw.locator("body")).to_contain_text("Rapporten är godkänd.")
    q1.refresh_from_db()
    assert q1.status == Rapport.Status.GODKAND and q1.hanterad_av == bertil_handlaggare
    no_axe(page, "godkänd rapport")

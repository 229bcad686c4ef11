"""Ekonomi per år in real Chromium: the förbundschef opens it from the menu,
reads a year, moves to the next year with the keyboard and reads that one;
both pages pass axe-core without serious or critical problems. The figures
are those worked out by hand in tests/test_ekonomi_sida.py."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.test_ansokan_per_ar import NBSP
from tests.test_browser_ansokan import no_axe
from tests.test_ekonomi_sida import fall  # noqa: F401  (the case, as a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(pw, rad, ar_index):
    return pw.locator(f'tr[data-rad="{rad}"] td').nth(ar_index)


@pytest.mark.usefixtures("fall")
def test_the_forbundschef_reads_a_year_and_moves_to_the_next_by_keyboard(
    page, cecilia_forbundschef
):
    pw = page.pw
    page.login("cecilia", PASSWORD)
    pw.get_by_role("link", name="Ekonomi", exact=True).first.click()
    expect(pw.get_by_role("heading", level=1)).to_contain_text("Ekonomi per år")
    page.goto("/insatser/ekonomi/?ar=2027")
    expect(pw.get_by_role("heading", level=1)).to_have_text("Ekonomi per år: 2027")
    # 2025–2029: 2027 is the third column.
    expect(cell(pw, "beslutat", 2)).to_have_text(f"825{NBSP}001{NBSP}kr")
    expect(
        pw.get_by_role(
            "img", name="Fördelning mellan inriktningar 2027: beslutad andel och riktmärke"
        )
    ).to_be_visible()
    no_axe(page, "ekonomi 2027")

    nasta = pw.get_by_role("link", name="Nästa år (2028)")
    nasta.focus()
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_role("heading", level=1)).to_have_text("Ekonomi per år: 2028")
    expect(cell(pw, "beslutat", 2)).to_have_text(f"1{NBSP}175{NBSP}000{NBSP}kr")
    expect(cell(pw, "betalt", 2)).to_have_text(f"99{NBSP}234{NBSP}kr")
    expect(cell(pw, "kvar", 2)).to_have_text(f"1{NBSP}225{NBSP}000{NBSP}kr")
    expect(pw.locator("#fordelning")).to_contain_text("85,1")
    no_axe(page, "ekonomi 2028")

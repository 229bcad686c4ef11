"""Justering in Chromium by keyboard alone (issue 10 item 7): two
justerare and the ordförande attest on their justering page, one notes an
invändning first; the last attest locks the protokoll; once anslaget it is
on the public anslagstavla. axe checks the justering page, its dialog and
the anslagstavla."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from beslut.models import Sammantrade
from tests.factories import PASSWORD
from tests.justering_data import bygg_mote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(pw, locator, limit=200):
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        pw.keyboard.press("Tab")
    raise AssertionError(f"nådde inte {locator} med Tab")


def attest_by_keyboard(page, url, invandning=None, check_axe=False):
    pw = page.pw
    page.goto(url)
    if invandning:
        field = pw.get_by_label("Invändning (om du inte håller med)")
        tab_to(pw, field)
        pw.keyboard.type(invandning)
        tab_to(pw, pw.get_by_role("button", name="Spara invändning"))
        with pw.expect_navigation():
            pw.keyboard.press("Enter")
        expect(pw.get_by_text("Invändningen är sparad.")).to_be_visible()
    button = pw.get_by_role("button", name="Justera protokollet")
    tab_to(pw, button)
    page.skript_redo()
    pw.keyboard.press("Enter")
    dialog = pw.get_by_role("dialog", name="Justera protokollet")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Justeringen kan inte ångras")
    if check_axe:
        violations = page.axe_violations()
        assert not violations, violations
    pw.keyboard.press("Tab")  # from Avbryt to Justera
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_text("Du har justerat protokollet.")).to_be_visible()


def test_two_justerare_and_the_ordforande_attest_by_keyboard(page, forbund, media):
    built = bygg_mote(antal=3, start=1)
    mote = built["mote"]
    url = reverse("beslut:justering", args=[mote.pk])

    page.login("hanna", PASSWORD)
    page.goto(url)
    expect(page.pw.get_by_role("heading", name="Hanna Ek, du justerar som justerare")).to_be_visible()
    violations = page.axe_violations()
    assert not violations, violations
    attest_by_keyboard(page, url, invandning="§ 2: reservationen är inte rätt återgiven.", check_axe=True)
    page.logout()

    page.login("ivar", PASSWORD)
    attest_by_keyboard(page, url)
    page.logout()

    page.login("david", PASSWORD)
    attest_by_keyboard(page, url)
    expect(page.pw.get_by_text("protokollet är nu justerat och låst")).to_be_visible()
    expect(page.pw.get_by_role("button", name="Justera protokollet")).to_have_count(0)
    mote.refresh_from_db()
    assert mote.status == Sammantrade.Status.JUSTERAT
    page.logout()

    from beslut.services import anslag

    anslag.anslaa(mote=mote, datum=timezone.localdate(), forvaringsplats=mote.forvaringsplats, by=built["sekreterare"])
    page.goto(reverse("anslagstavla"))  # logged out: public
    expect(page.pw.get_by_role("heading", name="Anslagstavla")).to_be_visible()
    expect(page.pw.get_by_role("link", name="Protokoll Förbundsstyrelsen 2026-11-23 (PDF)")).to_be_visible()
    violations = page.axe_violations()
    assert not violations, violations

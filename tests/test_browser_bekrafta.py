"""The confirmation of an act that cannot be undone (issue 9, item 7), by
keyboard alone in Chromium: withdrawing an application. Enter on the button
opens the dialog (static/js/bekrafta.js) with what will happen and the focus
on Avbryt; Escape, or Enter on Avbryt, closes it with nothing done and the
focus back on the button; confirming does the act. axe checks the open
dialog. test_bekrafta.py checks that every such form asks."""

import pytest
from playwright.sync_api import expect

from ansokningar.models import Ansokan
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(pw, locator, limit=200):
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        pw.keyboard.press("Tab")
    raise AssertionError(f"nådde inte {locator} med Tab")


def test_withdrawal_is_confirmed_in_a_dialog_by_keyboard(page, anna_sokande, orgs):
    from ansokningar import services

    pw = page.pw
    ansokan = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn="Återkallas med tangentbordet")
    page.login("anna", PASSWORD)
    page.goto(f"/ansokningar/{ansokan.pk}/")
    page.skript_redo()
    button = pw.get_by_role("button", name="Återkalla ansökan …")
    dialog = pw.get_by_role("dialog", name="Återkalla ansökan")
    cancel = dialog.get_by_role("button", name="Avbryt")

    def still_a_draft():
        ansokan.refresh_from_db()
        assert ansokan.status == Ansokan.Status.UTKAST
        assert pw.url.endswith(f"/ansokningar/{ansokan.pk}/")

    tab_to(pw, button)
    pw.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Återkallar du ansökan avslutas ärendet")
    expect(dialog).to_contain_text("det går inte att ångra")
    expect(cancel).to_be_focused()  # the safe choice
    violations = page.axe_violations()
    assert not violations, violations

    pw.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    still_a_draft()

    pw.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    pw.keyboard.press("Enter")  # on Avbryt
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    still_a_draft()

    pw.keyboard.press("Enter")
    expect(cancel).to_be_focused()
    pw.keyboard.press("Tab")
    confirm = dialog.get_by_role("button", name="Ja, återkalla ansökan")
    expect(confirm).to_be_focused()
    with pw.expect_navigation():
        pw.keyboard.press("Enter")
    expect(pw.get_by_text("Ansökan är återkallad.")).to_be_visible()
    ansokan.refresh_from_db()
    assert ansokan.status == Ansokan.Status.ATERKALLAD

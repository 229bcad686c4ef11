"""Each persona logs in through the real login form in Chromium and sees its
start page; the pages pass axe-core without serious or critical problems."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    "sokande": "Du företräder",
    "utomstaende": "Du företräder",
    "handlaggare": "Ärenden att handlägga",
    "forbundschef": "Ärenden att handlägga",
    "ledamot": "Kommande sammanträden",
    "ersattare": "Kommande sammanträden",
    "sekreterare": "Sammanträden och protokoll",
    "admin": "Förbundet, organisationer och lokusgrupper",
}


def test_every_persona_logs_in_and_sees_its_start_page(page, personas):
    page.goto("/")
    assert page.pw.get_by_role("heading", name="Logga in").is_visible()
    assert not page.axe_violations(), "inloggningssidan"
    for role, text in EXPECTED.items():
        user = personas[role]
        page.login(user.username, PASSWORD)
        assert page.pw.get_by_role("heading", name=f"Välkommen, {user.first_name}").is_visible()
        assert page.pw.get_by_text(text).first.is_visible(), role
        assert page.pw.get_by_text(user.get_roll_display()).first.is_visible()
        violations = page.axe_violations()
        assert not violations, (role, violations)
        page.screenshot(f"start-{role}")
        page.logout()
        assert page.pw.get_by_role("heading", name="Logga in").is_visible()


def test_wrong_password_gives_a_swedish_message(page, anna_sokande):
    page.login("anna", "fel-losenord")
    # In the form, and in the error summary at the top (base.html), linked to the first field.
    assert page.pw.locator("form").get_by_text("Ange ett korrekt användarnamn och lösenord").is_visible()
    summary = page.pw.locator("#felsammanfattning")
    assert summary.get_by_role("link", name="Ange ett korrekt användarnamn och lösenord").is_visible()


def test_administration_page_is_accessible(page, gunilla_admin):
    page.login("gunilla", PASSWORD)
    page.goto("/administration/")
    assert page.pw.get_by_role("heading", name="Administration", exact=True).is_visible()
    assert not page.axe_violations()


def test_account_and_error_pages_are_accessible(page, anna_sokande):
    for path in ["/konto/aterstall/", "/konto/aterstall/skickat/"]:
        page.goto(path)
        assert not page.axe_violations(), path
    page.login("anna", PASSWORD)
    for path in ["/konto/losenord/", "/finns-inte/", "/konto/logga-ut/"]:
        page.goto(path)
        assert not page.axe_violations(), path

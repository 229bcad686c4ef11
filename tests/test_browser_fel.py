"""A save refused because someone else saved first is an error like any
other (issue 8, item 7): in Chromium the notice stands in the error summary,
which takes the focus and is announced (role=alert), the title starts with
"Fel:", and it links to the latest version. Both kinds of notice are
checked: the one the page renders itself (moved into the summary, the
clause library, in the browser) and the error message a view sends (the
clause style, with the test client)."""

import re

import pytest
from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

from beslut import klausuler
from beslut.models import Klausul
from samordning.models import Forbund
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused(pw):
    return pw.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_focus_after_a_save_and_after_a_version_conflict(page, cecilia_forbundschef):
    klausuler.load_defaults(Klausul)  # flushed by earlier transactional tests
    klausul = Klausul.objects.order_by("pk").first()
    pw = page.pw
    page.login("cecilia", PASSWORD)
    # A save that worked: its message ("… är sparad") takes the focus, as a
    # status present at load is not read and the focus would be on the body.
    page.goto(reverse("beslut:klausul", args=[klausul.pk]))
    with pw.expect_navigation():
        pw.get_by_role("button", name="Spara", exact=True).click()
    assert _focused(pw) == "meddelanden"
    assert "sparad" in pw.locator("#meddelanden").inner_text()

    page.goto(reverse("beslut:klausul", args=[klausul.pk]))
    Klausul.objects.filter(pk=klausul.pk).update(version=F("version") + 1)  # another tab saved meanwhile
    pw.get_by_role("button", name="Spara", exact=True).click()
    pw.wait_for_load_state()

    assert pw.title().startswith("Fel: ")
    summary = pw.locator("#felsammanfattning")
    assert summary.get_attribute("role") == "alert"
    assert "sparats av någon annan" in summary.inner_text()
    assert _focused(pw) == "felsammanfattning"
    assert pw.locator(".messages .alert-danger").count() == 0  # said once, in the summary
    assert pw.get_by_text("sparats av någon annan").count() == 1  # said once, where the focus is
    pw.keyboard.press("Tab")  # on to the latest version, linked from the summary
    assert pw.evaluate("document.activeElement.textContent") == "Öppna den senaste versionen i ny flik"
    assert page.axe_violations() == []


@pytest.mark.django_db
def test_an_error_message_after_a_redirect_leads_the_summary(client, cecilia_forbundschef):
    """The error messages a view sends (a conflict on the proposal, the
    beredning or the clause style; a refused step) stand in the summary and
    put "Fel:" in the title, not in the quiet message box."""
    client.force_login(cecilia_forbundschef)
    Forbund.get()
    stil = Forbund.Beslutsstil.values[0]
    html = client.post(reverse("beslut:klausuler"), {"stil": stil, "version": "-1"}, follow=True).content.decode()
    assert "<title>Fel: " in html
    assert '<div id="felsammanfattning" class="alert alert-danger fel-sammanfattning" role="alert"' in html
    summary = html.split('id="felsammanfattning"')[1].split("</div>")[0]
    assert "har sparats av någon annan" in summary, summary
    assert 'class="messages"' not in html  # said once, in the summary


@pytest.mark.django_db
def test_the_same_message_at_two_fields_names_each_field(client, cecilia_forbundschef):
    """Two summary links with the same text would lead to different fields
    but read alike (WCAG 2.4.4): each gets its field's label in front."""
    from ansokningar.models import Insatskategori

    client.force_login(cecilia_forbundschef)
    a, b = (Insatskategori.objects.create(namn=namn) for namn in ("Individinriktad X", "Strukturövergripande X"))
    data = {"ar": 2027, "mal": "", "ram": 1000, f"andel_{a.pk}": "-5", f"andel_{b.pk}": "-5"}
    html = client.post(reverse("beslut:inriktning_ny"), data).content.decode()
    summary = html.split('id="felsammanfattning"')[1].split("</ul>")[0]
    items = re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary)
    assert (f"id_andel_{a.pk}", "Individinriktad X, andel i %: Kan inte vara negativ.") in items, items
    assert (f"id_andel_{b.pk}", "Strukturövergripande X, andel i %: Kan inte vara negativ.") in items, items


def test_clause_labels_follow_moves_and_say_what_happened(page, forslag):
    """In an ordered list (listor.js), a move or a removal renumbers the
    labels ("Sats 1" is never read for the second clause) and a polite live
    region says what happened, since the focus stays on the button."""
    pw = page.pw
    page.login("cecilia", PASSWORD)
    page.goto(reverse("beslut:redigera", args=[forslag.pk]))
    lista = pw.locator("[data-goal-list]")
    for text in ("först", "sedan"):
        lista.get_by_role("button", name="+ Ny sats").click()
        pw.keyboard.type(text)
    sist = lista.locator(".goal-item").last
    sist.get_by_role("button", name="Flytta upp").click()
    n = lista.locator(".goal-item").count()
    labels = lista.locator(".goal-item label").all_inner_texts()
    assert labels == [f"Sats {i}" for i in range(1, n + 1)], labels
    assert pw.get_by_role("textbox", name=f"Sats {n - 1}", exact=True).input_value() == "sedan"
    assert _focused(pw) != "BODY"
    status = lista.locator("[data-list-status]")
    expect(status).to_have_text(f"Flyttad till plats {n - 1} av {n}.")
    lista.locator(".goal-item").nth(n - 2).get_by_role("button", name="Ta bort").click()
    assert pw.evaluate("document.activeElement.id") == lista.locator(".goal-item").last.locator("textarea").get_attribute("id")
    expect(status).to_have_text(f"Sats {n - 1} borttagen.")
    assert lista.locator(".goal-item label").all_inner_texts()[-1] == f"Sats {n - 1}"

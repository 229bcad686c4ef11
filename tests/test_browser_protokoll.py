"""The sekreterare keeps the protokoll in Chromium, with the keyboard:
starts it (the § numbers), records närvaro with Lena leaving after § 3 and
Elsa serving for her from § 4 (an ersättare for the wrong ledamot is
refused at the field first), a bifall with a changed amount shown against
the proposal, jäv and an omröstning decided by the ordförande's vote; axe
finds nothing serious on the way."""

import pytest
from django.urls import reverse

from beslut.models import Narvaro, Paragraf
from beslut.services import protokoll as prot
from tests import protokoll_data as data
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, name):
    violations = page.axe_violations()
    assert not violations, (name, violations)


def press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def test_keeping_the_protokoll(page, david_ledamot, elsa_ersattare, fredrik_sekreterare, cecilia_forbundschef):
    organ, u = data.organ_med_ledamoter(david_ledamot, elsa_ersattare)
    mote = data.genomfort_mote(organ, fredrik_sekreterare, data.faststalld_version(cecilia_forbundschef))
    pw = page.pw
    page.login("fredrik", PASSWORD)
    page.goto(reverse("beslut:sammantrade", args=[mote.pk]))
    press(pw.get_by_role("link", name="För protokollet"))
    pw.wait_for_load_state()
    assert_accessible(page, "före start")
    page.skript_redo()
    press(pw.get_by_role("button", name="Påbörja protokollet"))
    page.bekrafta()
    assert pw.get_by_text("Protokollet är påbörjat").is_visible()
    assert pw.get_by_role("heading", name="§\u00a03 Vägen till arbete").is_visible()

    # Lena (row 2) leaves after § 3; Elsa (row 4) is present, not serving, until then
    # and serves for Lena from § 4 (a new row). First for Olof: refused at the field.
    pw.get_by_label("Till och med (rad 2)").select_option(index=3)
    pw.get_by_label("Till och med (rad 4)").select_option(index=3)
    pw.get_by_label("Ledamot eller ersättare (rad 6)").select_option(label="Elsa Karlsson (ersättare)")
    pw.get_by_label("Närvaro (rad 6)").select_option(label="Tjänstgörande ersättare")
    pw.get_by_label("Tjänstgör för (rad 6)").select_option(label="Olof Berg")
    pw.get_by_label("Från och med (rad 6)").select_option(index=4)
    press(pw.get_by_role("button", name="Spara närvaron"))
    pw.wait_for_load_state()
    fel = "Elsa Karlsson är inte ersättare för Olof Berg."
    assert pw.locator("#id_narvaro-5-ersatter_error").get_by_text(fel).is_visible()
    assert pw.locator("#felsammanfattning").get_by_role("link", name=fel).is_visible()
    assert pw.title().startswith("Fel: ")
    assert_accessible(page, "närvaro med fel")
    pw.get_by_label("Tjänstgör för (rad 6)").select_option(label="Lena Nord")  # what was typed came back
    press(pw.get_by_role("button", name="Spara närvaron"))
    pw.wait_for_load_state()
    assert pw.get_by_text("Närvaron är sparad.").is_visible()
    assert Narvaro.objects.filter(sammantrade=mote, typ=Narvaro.Typ.TJANSTGORANDE, ersatter=u["lena"]).count() == 1

    p3 = Paragraf.objects.get(arende__sammantrade=mote, nummer=3)
    p4 = Paragraf.objects.get(arende__sammantrade=mote, nummer=4)
    s3, s4 = pw.locator(f"#p{p3.pk}"), pw.locator(f"#p{p4.pk}")
    assert "David Jansson, Lena Nord, Olof Berg" in s3.inner_text()
    assert "David Jansson, Olof Berg, Elsa Karlsson" in s4.inner_text()

    # § 3: bifall with a changed amount.
    radio = s3.get_by_label("Bifall med ändringar")
    radio.focus()
    pw.keyboard.press("Space")
    text = s3.get_by_label("Beslutstext")
    text.fill(text.input_value().replace("450\u00a0000", "300\u00a0000"))
    belopp = s3.get_by_label("Beslutat belopp (kr)")
    belopp.focus()
    pw.keyboard.type("300 000")
    press(s3.get_by_role("button", name="Spara beslutet i §\u00a03"))
    pw.wait_for_load_state()
    assert pw.get_by_text("Beslutet i §\u00a03 är sparat.").is_visible()
    s3 = pw.locator(f"#p{p3.pk}")
    assert "Föreslaget belopp: 450\u00a0000\u00a0kr" in s3.inner_text()
    assert "Beslutat belopp: 300\u00a0000\u00a0kr" in s3.inner_text()
    assert s3.locator("del").get_by_text("450\u00a0000 kr", exact=False).is_visible()
    assert s3.locator("ins").get_by_text("300\u00a0000 kr", exact=False).is_visible()

    # Olof declares jäv in § 3: no longer among its beslutande.
    box = s3.get_by_role("group", name="Anmäler jäv").get_by_label("Olof Berg")
    box.focus()
    pw.keyboard.press("Space")
    press(s3.get_by_role("button", name="Spara jäv i §\u00a03"))
    pw.wait_for_load_state()
    s3 = pw.locator(f"#p{p3.pk}")
    assert "Olof Berg anmäler jäv och deltar inte i handläggningen." in s3.inner_text()
    assert s3.get_by_role("group", name="Olof Berg").count() == 0  # no vote for him
    p3.refresh_from_db()
    assert [x.person.first_name for x in prot.beslutande(p3)] == ["David", "Lena"]

    # Omröstning: 1–1, the ordförande's ja decides.
    for namn, svar in (("David Jansson", "Ja"), ("Lena Nord", "Nej")):
        choice = s3.get_by_role("group", name=namn).get_by_label(svar, exact=True)
        choice.focus()
        pw.keyboard.press("Space")
    press(s3.get_by_role("button", name="Spara omröstningen i §\u00a03"))
    pw.wait_for_load_state()
    s3 = pw.locator(f"#p{p3.pk}")
    assert "1 ja, 1 nej, 0 avstår." in s3.inner_text()
    assert "Lika röster; ordförandens röst avgör: ja." in s3.inner_text()
    assert_accessible(page, "protokollet")
    p3.refresh_from_db()
    assert (p3.beslut, p3.belopp, p3.omrostning) == ("andrat", 300_000, True)

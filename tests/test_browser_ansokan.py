"""The application journey in real Chromium: a sökande drafts an application
(goals added, reordered and removed; a samverkanspart; salary lines over two
calendar years with live sums), is stopped with a Swedish message when
something required is missing, submits and gets a diarienummer; both parties
sign; the handläggare asks for komplettering; the sökande completes and
resubmits; the handläggare sees it as Inlämnad again with its history.

The pages on the way pass axe-core without serious or critical problems."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ansokningar.models import Ansokan, Insatskategori, Mal, PrioriteradMalgrupp
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"
NAMN = "Vägen till arbete i Älvkarleby"


def kr(text):
    """'1 362 000' with the non-breaking spaces the page writes."""
    return text.replace(" ", NBSP)


@pytest.fixture
def kategorier(db):
    Insatskategori.objects.get_or_create(namn="Individinriktad", defaults={"inriktning": "individ"})
    Insatskategori.objects.get_or_create(namn="Strukturövergripande", defaults={"inriktning": "struktur", "ordning": 1})
    PrioriteradMalgrupp.objects.get_or_create(namn="Unga med aktivitetsersättning (16–29 år)")


def no_axe(page, what):
    violations = page.axe_violations()
    assert not violations, (what, violations)


def add_goal(pw, legend, text):
    goal_list = pw.locator("[data-goal-list]", has=pw.get_by_text(legend, exact=True)).first
    goal_list.get_by_role("button", name=re.compile("^\\+ Lägg till")).click()
    # The new textarea has focus: type into it as a user would.
    goal_list.locator("textarea").last.fill(text)


def goal_texts(pw, name):
    return pw.locator(f"textarea[name={name}]").evaluate_all("els => els.map(e => e.value)")


def budget_row(pw, section, n):
    return pw.locator(f"table[data-section={section}] tr.budget-row").nth(n)


def test_application_journey(page, anna_sokande, karin_af, bertil_handlaggare, orgs, kategorier):
    pw = page.pw

    # --- anna drafts ------------------------------------------------------
    page.login("anna", PASSWORD)
    page.goto("/ansokningar/")
    expect(pw.get_by_role("heading", name="Ansökningar", exact=True)).to_be_visible()
    no_axe(page, "lista")
    pw.get_by_role("link", name="Ny ansökan").click()
    expect(pw.get_by_role("heading", name="Ny ansökan")).to_be_visible()
    no_axe(page, "ny")
    pw.get_by_label("Insatsens namn").fill(NAMN)
    pw.get_by_role("button", name="Skapa utkast").click()
    expect(pw.get_by_text("Utkastet är skapat")).to_be_visible()
    ansokan = Ansokan.objects.get(namn=NAMN)
    assert pw.url.endswith(f"/ansokningar/{ansokan.pk}/redigera/")

    add_goal(pw, "Övergripande mål", "Fler i arbete eller studier")
    add_goal(pw, "Övergripande mål", "Samverkan som håller")
    add_goal(pw, "Övergripande mål", "Ett mål som ska bort")
    add_goal(pw, "Effektmål", "70 procent närmare arbete")
    add_goal(pw, "Insatsmål", "15 deltagare per år")
    add_goal(pw, "Insatsmål", "Handlingsplan inom fyra veckor")
    # Move "Samverkan som håller" first, remove the third.
    items = pw.locator("[data-name=mal_overgripande] .goal-item")
    items.nth(1).get_by_role("button", name="Flytta upp").click()
    items.nth(2).get_by_role("button", name="Ta bort").click()
    assert goal_texts(pw, "mal_overgripande") == ["Samverkan som håller", "Fler i arbete eller studier"]

    pw.get_by_label("Arbetsförmedlingen", exact=True).check()
    pw.get_by_role("button", name="Spara utkast").click()
    expect(pw.get_by_text("Utkastet är sparat.")).to_be_visible()

    # The page came back with a column for the new party; goals kept in order.
    assert goal_texts(pw, "mal_overgripande") == ["Samverkan som håller", "Fler i arbete eller studier"]
    assert goal_texts(pw, "mal_insats") == ["15 deltagare per år", "Handlingsplan inom fyra veckor"]
    lon = pw.locator("table[data-section=lon]")
    expect(lon.get_by_role("columnheader", name=re.compile("Arbetsförmedlingen"))).to_be_visible()
    no_axe(page, "redigera")

    # --- budget with live sums ---------------------------------------------
    add_salary = lon.get_by_role("button", name="+ Lägg till tjänst")
    add_salary.click()
    row = budget_row(pw, "lon", 0)
    row.get_by_label("Befattning").fill("Coach")
    row.get_by_label("Tjänstgöringsgrad (%)").fill("100")
    row.get_by_label("Från").fill("2026-07-01")
    row.get_by_label("Till").fill("2027-06-30")
    row.locator("[data-belopp]").nth(0).press_sequentially("681000")
    sum_lon = lon.locator("tr.sum-row [data-section-sum]")
    expect(sum_lon).to_have_text(kr("681 000"))
    expect(lon.get_by_role("row", name=re.compile("Summa lönekostnader"))).to_contain_text(kr("681 000"))

    add_salary.click()
    row = budget_row(pw, "lon", 1)
    row.get_by_label("Befattning").fill("Arbetskonsulent")
    row.get_by_label("Tjänstgöringsgrad (%)").fill("100")
    row.get_by_label("Från").fill("2026-07-01")
    row.get_by_label("Till").fill("2027-06-30")
    row.locator("[data-belopp]").nth(1).press_sequentially("681000")
    expect(sum_lon).to_have_text(kr("1 362 000"))
    forbund = pw.get_by_role("row", name=re.compile("^Totalt från Samordningsförbundet"))
    expect(forbund.locator("[data-col=all]")).to_have_text(kr("1 362 000"))
    expect(forbund.locator("[data-col='1']")).to_have_text(kr("681 000"))

    # Own financing counts in the total cost, not in what is sought.
    egen_lokal = budget_row(pw, "egen_lokal", 0)
    egen_lokal.locator("[data-belopp]").nth(0).press_sequentially("50000")
    total = pw.get_by_role("row", name=re.compile("^Total kostnad för insatsen"))
    expect(total.locator("[data-col=all]")).to_have_text(kr("1 412 000"))
    expect(forbund.locator("[data-col=all]")).to_have_text(kr("1 362 000"))

    # --- everything but Metod, then submit: refused next to the field --------
    pw.get_by_label("Beskriv syftet med insatsen").fill("Att fler kommer närmare arbete.")
    pw.get_by_label("Beskriv bakgrunden till/behovet av insatsen").fill("Många står långt från arbete.")
    pw.get_by_label("Planerat startdatum", exact=True).fill("2026-07-01")
    pw.get_by_label("Planerat slutdatum", exact=True).fill("2027-06-30")
    pw.get_by_label("Beskriv målgrupp för insatsen").fill("Unga vuxna 18–29 år.")
    pw.get_by_label("Förväntat antal deltagare per år").fill("15")
    pw.get_by_label("Inriktning").select_option(label="Individinriktad")
    pw.get_by_label("Unga med aktivitetsersättning (16–29 år)").check()
    pw.get_by_label("Beskriv metod för uppföljning och utvärdering av målen").fill("Enkät var 13:e vecka.")
    pw.get_by_label("Beskriv hur ni tänker ta tillvara resultaten från insatsen").fill("Spridningsseminarier.")
    pw.locator("input[name=diskuterad][value=nej]").check()
    page.bekrafta(pw.get_by_role("button", name="Spara och lämna in"))

    expect(pw.get_by_text("Ansökan är sparad men inte inlämnad: 1 uppgift saknas.")).to_be_visible()
    # The error summary at the top (base.html) links to the field.
    saknas = pw.locator("#felsammanfattning")
    saknas.get_by_role("link", name="Beskriv vilka metoder ni kommer att använda.").click()
    assert pw.url.endswith("#id_metod")
    metod = pw.locator("#div_id_metod")
    expect(metod.get_by_text("Beskriv vilka metoder ni kommer att använda.")).to_be_visible()
    expect(pw.get_by_label("Beskriv metod/metoder ni kommer använda")).to_have_class(re.compile("is-invalid"))
    # Nothing typed is lost.
    expect(pw.get_by_label("Beskriv syftet med insatsen")).to_have_value("Att fler kommer närmare arbete.")
    expect(pw.get_by_label("Planerat slutdatum", exact=True)).to_have_value("2027-06-30")
    expect(pw.get_by_label("Förväntat antal deltagare per år")).to_have_value("15")
    expect(pw.get_by_label("Arbetsförmedlingen", exact=True)).to_be_checked()
    expect(pw.locator("input[name=diskuterad][value=nej]")).to_be_checked()
    assert goal_texts(pw, "mal_overgripande") == ["Samverkan som håller", "Fler i arbete eller studier"]
    row = budget_row(pw, "lon", 1)
    expect(row.get_by_label("Befattning")).to_have_value("Arbetskonsulent")
    expect(row.get_by_label("Tjänstgöringsgrad (%)")).to_have_value("100")
    expect(row.get_by_label("Till")).to_have_value("2027-06-30")
    expect(row.locator("[data-belopp]").nth(1)).to_have_value("681000")
    expect(sum_lon).to_have_text(kr("1 362 000"))
    expect(total.locator("[data-col=all]")).to_have_text(kr("1 412 000"))
    no_axe(page, "redigera med fel")

    pw.get_by_label("Beskriv metod/metoder ni kommer använda").fill("Coachning och arbetsträning.")
    page.screenshot("ansokan-redigera-budget")
    page.bekrafta(pw.get_by_role("button", name="Spara och lämna in"))
    expect(pw.get_by_text("Ansökan är inlämnad.")).to_be_visible()
    ansokan.refresh_from_db()
    dnr = f"SFU {timezone.localdate().year}/1"  # the year of submission
    assert ansokan.diarienummer == dnr
    assert pw.url.endswith(f"/ansokningar/{ansokan.pk}/")
    expect(pw.locator(".eyebrow")).to_contain_text(dnr)
    expect(pw.locator(".page-head .status-badge")).to_have_text("Inlämnad")
    # .first: the detailed budget's row (the sums per del and per year end with one too)
    expect(pw.get_by_role("row", name=re.compile("^Totalt från Samordningsförbundet")).first).to_contain_text(
        kr("1 362 000")
    )
    assert ansokan.summa_forbund == 1_362_000 and ansokan.summa_total == 1_412_000
    assert list(ansokan.mal.filter(typ=Mal.Typ.OVERGRIPANDE).values_list("text", flat=True)) == [
        "Samverkan som håller",
        "Fler i arbete eller studier",
    ]
    no_axe(page, "detalj")
    page.logout()

    # --- both parties sign: karin finds it on her start page -------------------
    page.login("karin", PASSWORD)
    waiting = pw.get_by_role("region", name="Väntar på din underskrift")
    expect(waiting).to_contain_text("Skriv under för Arbetsförmedlingen")
    no_axe(page, "start samverkanspart")
    page.screenshot("ansokan-start-vantar-pa-underskrift")
    waiting.get_by_role("link", name=NAMN).click()
    page.bekrafta(pw.get_by_role("button", name="Skriv under för Arbetsförmedlingen"))
    expect(pw.get_by_text("Arbetsförmedlingen står nu bakom ansökan.")).to_be_visible()
    page.logout()

    page.login("anna", PASSWORD)
    page.goto(f"/ansokningar/{ansokan.pk}/")
    page.bekrafta(pw.get_by_role("button", name="Skriv under för Älvkarleby kommun"))
    expect(pw.get_by_text("Alla parter står bakom ansökan.")).to_be_visible()
    expect(pw.get_by_text("✓ Karin Dahl, Sektionschef")).to_be_visible()
    expect(pw.get_by_text("✓ Anna Berglund, Arbetsmarknadschef")).to_be_visible()
    page.screenshot("ansokan-detalj")
    page.logout()

    # --- the handläggare asks for komplettering ------------------------------
    page.login("bertil", PASSWORD)
    page.goto(f"/ansokningar/{ansokan.pk}/")
    no_axe(page, "detalj handläggare")
    pw.get_by_label("Vad behöver kompletteras?").fill("Beskriv hur deltagarna rekryteras.")
    pw.get_by_role("button", name="Begär komplettering").click()
    expect(pw.get_by_text("Begäran om komplettering är skickad")).to_be_visible()
    expect(pw.locator(".page-head .status-badge")).to_have_text("Komplettering begärd")
    page.logout()

    # --- anna completes and resubmits -----------------------------------------
    page.login("anna", PASSWORD)
    page.goto(f"/ansokningar/{ansokan.pk}/")
    expect(pw.get_by_text("Beskriv hur deltagarna rekryteras.")).to_be_visible()
    pw.get_by_role("link", name="Komplettera ansökan").click()
    expect(pw.get_by_role("heading", name="Förbundet begär komplettering")).to_be_visible()
    # Saved amounts and percentages come back as written in Swedish.
    row = budget_row(pw, "lon", 0)
    expect(row.get_by_label("Tjänstgöringsgrad (%)")).to_have_value("100")
    expect(row.locator("[data-belopp]").nth(0)).to_have_value("681 000")
    expect(pw.locator("table[data-section=lon] tr.sum-row [data-section-sum]")).to_have_text(kr("1 362 000"))
    metod = pw.get_by_label("Beskriv metod/metoder ni kommer använda")
    metod.fill("Coachning och arbetsträning. Deltagarna rekryteras via parternas handläggare.")
    page.bekrafta(pw.get_by_role("button", name="Spara och lämna in kompletteringen"))
    expect(pw.get_by_text("Ansökan är inlämnad.")).to_be_visible()
    expect(pw.locator(".page-head .status-badge")).to_have_text("Inlämnad")
    page.logout()

    # --- the handläggare sees it back, with its history ------------------------
    page.login("bertil", PASSWORD)
    page.goto("/ansokningar/")
    listing = pw.get_by_role("row", name=re.compile(NAMN))
    expect(listing).to_contain_text(dnr)
    expect(listing).to_contain_text("Inlämnad")
    expect(listing).to_contain_text("Komplettering inkommen")
    listing.get_by_role("link", name=NAMN).click()
    expect(pw.locator(".page-head .status-badge")).to_have_text("Inlämnad")
    expect(pw.locator(".page-head")).to_contain_text("Komplettering inkommen")
    no_axe(page, "detalj handläggare, komplettering inkommen")
    page.screenshot("ansokan-komplettering-inkommen")
    expect(pw.get_by_text("Deltagarna rekryteras via parternas handläggare.")).to_be_visible()
    history = pw.locator("section[aria-labelledby=d-hist] li")
    texts = history.all_inner_texts()
    assert sum("Inlämnad" in t for t in texts) == 2, texts
    assert any("Komplettering begärd" in t and "Bertil Holm" in t for t in texts), texts
    assert sum("Underskriven" in t for t in texts) == 2, texts
    expect(pw.get_by_text(re.compile("Besvarad \\d{4}-\\d{2}-\\d{2} kl"))).to_be_visible()


def test_four_party_application_detail_fits_and_passes_axe(page, inlamnad, karin_af, lars_region, maria_fk, bertil_handlaggare):
    """The demo application (seed 004, four parties): the budget gets the
    full width at 1280 px, its scroll container is reachable by keyboard,
    and a co-party sees the Överenskommelse before signing."""
    from ansokningar import services

    pw = page.pw
    pw.set_viewport_size({"width": 1280, "height": 900})
    for user in (karin_af, maria_fk):
        part = inlamnad.parter.get(organisation=user.organisationer.get())
        services.signera(ansokan=inlamnad, part=part, by=user)

    page.login("lars", PASSWORD)
    page.goto(f"/ansokningar/{inlamnad.pk}/")
    overenskommelse = pw.locator("section[aria-labelledby=d-overenskommelse] details")
    expect(overenskommelse).to_have_attribute("open", "")
    expect(overenskommelse).to_contain_text("Insatsägarna är verksamhetsansvariga.")
    expect(pw.get_by_role("link", name="Läs överenskommelsen")).to_be_visible()
    no_axe(page, "detalj fyra parter, samverkanspart före underskrift")
    page.bekrafta(pw.get_by_role("button", name="Skriv under för Region Uppsala"))
    expect(pw.get_by_text("Region Uppsala står nu bakom ansökan.")).to_be_visible()
    page.logout()

    page.login("bertil", PASSWORD)
    page.goto(f"/ansokningar/{inlamnad.pk}/")
    region = pw.get_by_role("region", name="Budget – detaljerad, per part")
    expect(region).to_have_attribute("tabindex", "0")
    # Every party's column is on screen: nothing cut off to the right.
    fits = region.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert fits, "the budget table is wider than its container at 1280 px"
    for org in ("Älvkarleby kommun", "Arbetsförmedlingen", "Försäkringskassan", "Region Uppsala"):
        box = region.get_by_role("columnheader", name=re.compile(org)).bounding_box()
        assert box["x"] + box["width"] <= 1280, org
    expect(region.get_by_role("row", name=re.compile("^Totalt från Samordningsförbundet")).first).to_contain_text(
        kr("1 540 400")
    )
    no_axe(page, "detalj fyra parter, handläggare")
    page.screenshot("ansokan-detalj-fyra-parter")


def test_amounts_are_typed_as_text_with_spaces_and_decimals_are_refused(page, anna_sokande, orgs, kategorier):
    """Chromium's number input turned "5000,50" into 500050 without a word:
    amounts are text, "1 540 400" counts, decimals get a message at the field."""
    from ansokningar import services

    pw = page.pw
    ansokan = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=NAMN)
    page.login("anna", PASSWORD)
    page.goto(f"/ansokningar/{ansokan.pk}/redigera/")
    lokalhyra = budget_row(pw, "lokal", 0).locator("[data-belopp]").nth(0)
    expect(lokalhyra).to_have_attribute("type", "text")
    expect(lokalhyra).to_have_attribute("inputmode", "numeric")
    lokalhyra.fill("1 540 400")
    lokalhyra.dispatch_event("input")
    forbund = pw.get_by_role("row", name=re.compile("^Totalt från Samordningsförbundet"))
    expect(forbund.locator("[data-col=all]")).to_have_text(kr("1 540 400"))
    lokalhyra.fill("5000,50")
    lokalhyra.dispatch_event("input")
    expect(forbund.locator("[data-col=all]")).to_have_text("0")  # not 500 050
    pw.get_by_role("button", name="Spara utkast").click()
    expect(pw.get_by_text("Ansökan är inte sparad. Rätta det som är markerat nedan.")).to_be_visible()
    row = budget_row(pw, "lokal", 0)
    expect(row.get_by_text("Ange beloppet i hela kronor, utan decimaler.")).to_be_visible()
    expect(row.locator("[data-belopp]").nth(0)).to_have_value("5000,50")
    no_axe(page, "redigera med fel i belopp")


def test_withdrawal_is_confirmed_and_delar_are_numbered(page, anna_sokande, orgs, kategorier):
    """Återkalla only after a second, explained step (the dialog of
    static/js/bekrafta.js); delar added in the browser get their numbers; a
    percentage with a Swedish decimal comma is saved and shown so."""
    from ansokningar import services

    pw = page.pw
    ansokan = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=NAMN)
    page.login("anna", PASSWORD)
    page.goto(f"/ansokningar/{ansokan.pk}/redigera/")

    add_del = pw.get_by_role("button", name="+ Lägg till en del")
    add_del.click()
    add_del.click()
    add_del.click()
    legends = pw.locator("[data-delar] [data-del] > legend")
    expect(legends).to_have_text(["Del 1", "Del 2", "Del 3"])
    pw.locator("[data-delar] [data-del]").nth(0).get_by_role("button", name="Ta bort delen").click()
    expect(legends).to_have_text(["Del 1", "Del 2"])
    pw.get_by_label("Delens namn").nth(0).fill("Strukturfas")
    pw.get_by_label("Delens namn").nth(1).fill("Individfas")

    lon = pw.locator("table[data-section=lon]")
    lon.get_by_role("button", name="+ Lägg till tjänst").click()
    row = budget_row(pw, "lon", 0)
    row.get_by_label("Befattning").fill("Coach")
    row.get_by_label("Tjänstgöringsgrad (%)").fill("50,5")
    row.locator("[data-belopp]").nth(0).press_sequentially("900000")
    pw.get_by_role("button", name="Spara utkast").click()
    expect(pw.get_by_text("Utkastet är sparat.")).to_be_visible()
    expect(legends).to_have_text(["Del 1", "Del 2"])
    row = budget_row(pw, "lon", 0)
    expect(row.get_by_label("Tjänstgöringsgrad (%)")).to_have_value("50,5")
    amount = row.locator("[data-belopp]").nth(0)
    expect(amount).to_have_value("900 000")
    # The whole "105" is visible beside the invalid-field icon: the box is wide enough.
    width = row.get_by_label("Tjänstgöringsgrad (%)").evaluate("el => el.getBoundingClientRect().width")
    assert width >= 5 * 16, width
    expect(pw.locator("table[data-section=lon] tr.sum-row [data-section-sum]")).to_have_text(kr("900 000"))
    expect(pw.get_by_text("Bilagor laddar du upp och tar bort på ansökans sida.")).to_be_visible()
    no_axe(page, "redigera med delar")

    page.goto(f"/ansokningar/{ansokan.pk}/")
    page.skript_redo()
    pw.get_by_role("button", name="Återkalla ansökan …").click()
    dialog = pw.get_by_role("dialog", name="Återkalla ansökan")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("det går inte att ångra")
    no_axe(page, "detalj med bekräftelse av återkallelse")
    page.screenshot("ansokan-aterkalla-bekrafta")
    page.bekrafta()
    expect(pw.get_by_text("Ansökan är återkallad.")).to_be_visible()
    expect(pw.locator(".page-head .status-badge")).to_have_text("Återkallad")
    ansokan.refresh_from_db()
    assert ansokan.status == Ansokan.Status.ATERKALLAD

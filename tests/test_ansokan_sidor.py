"""What the acceptance tester found on the application pages: withdrawal
needs a confirmation, values come back into the form as they are written
in Swedish, messages and labels say what they mean, free text renders the
same on the page as in the PDF, delar are numbered, a failed submission
lists what is missing with links, and the attachment address survives a
reload."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ansokningar import services
from ansokningar.models import Ansokan, Budgetrad, Del
from tests.test_ansokan_input import edit_url, field_errors, form_data, row_html

pytestmark = pytest.mark.django_db
S = Ansokan.Status
NBSP = "\u00a0"


def saved(anna, ansokan, orgs, kategori, **changes):
    response = anna.post(edit_url(ansokan), form_data(ansokan, orgs, kategori, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    ansokan.refresh_from_db()
    return ansokan


# --- withdrawal ------------------------------------------------------------------------


def test_withdrawal_asks_for_confirmation_first(anna, ansokan):
    page = anna.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    # The form asks in the dialog of static/js/bekrafta.js (test_bekrafta, test_browser_bekrafta).
    form = re.search(r'<form[^>]*ansokningar/\d+/aterkalla/[^>]*>', page).group(0)
    assert "det går inte att ångra" in form and 'data-bekrafta-knapp="Ja, återkalla ansökan"' in form
    assert "<script" not in form and "onclick" not in page

    url = reverse("ansokningar:aterkalla", args=[ansokan.pk])
    response = anna.post(url, follow=True)  # the first button alone posts nothing: no confirmation
    ansokan.refresh_from_db()
    assert ansokan.status == S.UTKAST
    assert "Ansökan är inte återkallad." in response.content.decode()
    anna.post(url, {"bekrafta": "ja"})
    ansokan.refresh_from_db()
    assert ansokan.status == S.ATERKALLAD


# --- values as written in Swedish --------------------------------------------------------


def test_percent_and_amounts_come_back_as_written(anna, ansokan, orgs, kategori):
    alv = orgs["alvkarleby"].pk
    saved(anna, ansokan, orgs, kategori, **{f"rad-0-org{alv}": "900000", "rad-0-tjanst_procent": "100",
          "rad-2-avsnitt": "lon", "rad-2-standard": "False", "rad-2-benamning": "Handledare",
          "rad-2-tjanst_procent": "50,5", f"rad-2-org{alv}": "12 000"})  # fmt: skip
    procent = dict(Budgetrad.objects.filter(ansokan=ansokan, avsnitt="lon").values_list("benamning", "tjanst_procent"))
    assert procent == {"Coach": Decimal("100"), "Handledare": Decimal("50.5")}
    page = html.unescape(anna.get(edit_url(ansokan)).content.decode())
    coach = row_html(page, "rad-0")
    assert re.search(r'name="rad-0-tjanst_procent" value="100"', coach)
    assert 'value="900 000"' in coach  # thousands apart, as the help text suggests
    handledare = next(row_html(page, f"rad-{i}") for i in range(3) if "Handledare" in row_html(page, f"rad-{i}"))
    assert 'value="50,5"' in handledare and 'value="12 000"' in handledare
    assert 'inputmode="decimal"' in handledare and "tjanst-procent" in handledare
    # The saved "900 000" is saved again as it is.
    data = form_data(ansokan, orgs, kategori, **{f"rad-0-org{alv}": "900 000", "rad-0-tjanst_procent": "100"})
    assert anna.post(edit_url(ansokan), data).status_code == 302
    detail = anna.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert f"Coach · 100{NBSP}%" in detail


@pytest.mark.parametrize("typed, message", [
    ("105", "Tjänstgöringsgraden kan vara högst 100 procent."),
    ("50,55", "Ange tjänstgöringsgraden med högst en decimal, t.ex. 50,5."),
    ("hälften", "Ange tjänstgöringsgraden i procent som ett tal, t.ex. 50."),
    ("-5", "Tjänstgöringsgraden kan inte vara negativ."),
])  # fmt: skip
def test_bad_percentages_get_a_message_and_stay_as_typed(anna, ansokan, orgs, kategori, typed, message):
    data = form_data(ansokan, orgs, kategori, **{"rad-0-tjanst_procent": typed})
    response = anna.post(edit_url(ansokan), data)
    assert response.status_code == 200
    row = row_html(response.content.decode(), "rad-0")
    assert message in row and f'value="{typed}"' in row


def test_long_name_message_has_thousands_separators(anna, ansokan, orgs, kategori):
    response = anna.post(edit_url(ansokan), form_data(ansokan, orgs, kategori, namn="n" * 12_345))
    assert field_errors(response.content.decode(), "namn") == [
        f"Texten är för lång: högst 200 tecken (nu 12{NBSP}345)."
    ]


def test_saving_during_komplettering_does_not_call_it_a_draft(anna, ansokan, orgs, kategori, bertil_handlaggare):
    saved(anna, ansokan, orgs, kategori)
    page = anna.get(edit_url(ansokan)).content.decode()
    assert "Spara utkast" in page
    services.lamna_in(ansokan=ansokan, by=ansokan.skapad_av)
    services.begar_komplettering(ansokan=ansokan, by=bertil_handlaggare, begaran="Mer om metoden.")
    ansokan.refresh_from_db()
    response = anna.post(edit_url(ansokan), form_data(ansokan, orgs, kategori), follow=True)
    text = response.content.decode()
    assert "Ansökan är sparad." in text and "Utkastet är sparat." not in text
    assert "Spara utkast" not in text and ">Spara<" in text


# --- how the detail page reads --------------------------------------------------------------


def test_inriktning_is_named_once(anna, ansokan, orgs, kategorier):
    detail = reverse("ansokningar:detalj", args=[ansokan.pk])
    saved(anna, ansokan, orgs, kategorier["Individinriktad"])
    page = anna.get(detail).content.decode()
    assert "Individinriktad (individinriktad)" not in page and "Individinriktad" in page
    saved(anna, ansokan, orgs, kategorier["Kompetenshöjande"])
    assert "Kompetenshöjande (strukturövergripande)" in anna.get(detail).content.decode()


def test_points_in_free_text_are_a_list_on_the_page_as_in_the_pdf(anna, ansokan, orgs, kategori):
    from ansokningar.pdf import render_ansokan_pdf

    text = "Insatsen ska:\n- samordna stödet\n• korta väntetiderna\n\nSedan följer vi upp."
    saved(anna, ansokan, orgs, kategori, syfte=text, **{"del-0-namn": "Fas 1", "del-0-malgrupp": "- unga\n- vuxna"})
    page = anna.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()
    assert "<p>Insatsen ska:</p>\n<ul><li>samordna stödet</li><li>korta väntetiderna</li></ul>\n<p>Sedan följer vi upp.</p>" in page
    assert "- samordna" not in page and "• korta" not in page
    assert "<ul><li>unga</li><li>vuxna</li></ul>" in page
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_ansokan_pdf(ansokan, use_cache=False))).pages)
    # The PDF draws the points as list markers (checked on its PNG), so only the text is extracted.
    assert "Insatsen ska:\nsamordna stödet\nkorta väntetiderna\nSedan" in pdf and "- samordna" not in pdf


def test_pdf_shows_the_status_but_no_internal_version(anna, ansokan, orgs, kategori):
    from ansokningar.pdf import render_ansokan_pdf

    for _ in range(3):
        saved(anna, ansokan, orgs, kategori)
    assert ansokan.version == 4
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_ansokan_pdf(ansokan, use_cache=False))).pages)
    assert "Status: Utkast" in pdf and "version" not in pdf.lower()


def test_list_filter_says_diarieår(client_for, bertil_handlaggare):
    page = client_for(bertil_handlaggare).get(reverse("ansokningar:lista")).content.decode()
    assert '<label class="form-label" for="id_ar">Diarieår</label>' in page


# --- the edit page --------------------------------------------------------------------------


def test_delar_are_numbered(anna, ansokan, orgs, kategori):
    saved(anna, ansokan, orgs, kategori, **{"del-0-namn": "Förfas", "del-5-namn": "Huvudfas"})
    page = anna.get(edit_url(ansokan)).content.decode()
    legends = re.findall(r'<legend class="h6">(.*?)</legend>', page, re.S)
    assert [re.sub(r"<[^>]+>", "", x) for x in legends] == ["Del 1", "Del 2", "Del "]  # the last: the template
    assert [d.namn for d in Del.objects.filter(ansokan=ansokan)] == ["Förfas", "Huvudfas"]


def test_failed_submission_lists_what_is_missing_with_links(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, action="lamna_in", metod="", mal_insats=[], diskuterad="")
    text = anna.post(edit_url(ansokan), data).content.decode()
    assert "3 uppgifter saknas" in text
    summary = text.split('id="felsammanfattning"')[1].split("</div>")[0]  # the page's error summary (base.html)
    links = {m: a for a, m in re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary)}
    assert links == {
        "Beskriv vilka metoder ni kommer att använda.": "id_metod",
        "Ange minst ett insatsmål.": "lista-mal_insats",
        "Svara på om ansökan har diskuterats i lokusgrupp eller beredningsgrupp.": "id_diskuterad_0",
    }
    for anchor in links.values():
        assert f'id="{anchor}"' in text, anchor


def test_participants_field_explains_itself(anna, ansokan):
    page = anna.get(edit_url(ansokan)).content.decode()
    field = page.split('id="div_id_antal_deltagare"')[1].split("</div>\n</div>")[0]
    assert "Förväntat antal deltagare per år" in field
    assert "Det antal deltagare ni räknar med att insatsen når under ett år" in field


def test_edit_page_points_to_the_attachments(anna, ansokan):
    page = anna.get(edit_url(ansokan)).content.decode()
    assert "Bilagor laddar du upp och tar bort på ansökans sida." in page
    assert f'href="{reverse("ansokningar:detalj", args=[ansokan.pk])}#d-bilagor"' in page
    assert 'id="d-bilagor"' in anna.get(reverse("ansokningar:detalj", args=[ansokan.pk])).content.decode()


def test_reloading_the_attachment_address_shows_the_application(anna, client_for, erik_utomstaende, ansokan, media):
    url = reverse("ansokningar:bilaga_ny", args=[ansokan.pk])
    response = anna.post(url, {})  # no file: the page with the message, at this address
    assert response.status_code == 400 and "Välj en fil att ladda upp." in response.content.decode()
    response = anna.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("ansokningar:detalj", args=[ansokan.pk])
    assert client_for(erik_utomstaende).get(url).status_code == 404  # not another organisation's

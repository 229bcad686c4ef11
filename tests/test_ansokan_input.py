"""Bad input on the application pages: a clear Swedish message next to the
field, never a 500, and the page comes back with everything the user typed.
Also: markup is stored and shown as text, attachments are checked by their
content, a stale save is refused, and diarienummer stay gap-free when many
submit at the same moment."""

import html
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.utils import timezone

from ansokningar import services
from ansokningar.models import Ansokan, Bilaga, Part
from samordning.formatting import belopp
from tests.factories import UserFactory

NBSP = "\u00a0"
KB = 1024
MB = 1024 * KB


def form_data(a, orgs, kategori, **changes):
    """A complete edit form as the browser posts it (two parties, one salary
    line and one fixed line). `changes` replace fields; None drops one."""
    alv, af = orgs["alvkarleby"].pk, orgs["af"].pk
    data = {
        "version": str(a.version),
        "action": "spara",
        "namn": a.namn,
        "syfte": "Att fler kommer närmare arbete.",
        "bakgrund": "Många står långt från arbete.",
        "startdatum": "2026-07-01",
        "slutdatum": "2027-06-30",
        "intag_slutdatum": "",
        "malgrupp": "Unga vuxna 18–29 år.",
        "antal_deltagare": "15",
        "kategori": str(kategori.pk),
        "metod": "Coachning och arbetsträning.",
        "uppfoljning": "Enkät var 13:e vecka.",
        "tillvaratas": "Spridningsseminarier.",
        "diskuterad": "nej",
        "diskuterad_hur": "",
        "samverkansparter": [str(af)],
        "mal_overgripande": ["Fler i arbete eller studier"],
        "mal_effekt": ["70 procent närmare arbete"],
        "mal_insats": ["15 deltagare per år"],
        "rad-0-avsnitt": "lon",
        "rad-0-standard": "False",
        "rad-0-benamning": "Coach",
        "rad-0-tjanst_procent": "100",
        "rad-0-fran": "2026-07-01",
        "rad-0-till": "2027-06-30",
        f"rad-0-org{alv}": "681000",
        f"rad-0-org{af}": "",
        "rad-1-avsnitt": "lokal",
        "rad-1-standard": "True",
        "rad-1-benamning": "Lokalhyra",
        f"rad-1-org{alv}": "12000",
        f"rad-1-org{af}": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(a):
    return f"/ansokningar/{a.pk}/redigera/"


def field_errors(content, name):
    """The messages crispy shows under the field `name` (id_<name>)."""
    found = re.findall(rf'id="error_\d+_id_{re.escape(name)}"><strong>(.*?)</strong>', content, re.S)
    return [html.unescape(m) for m in found]


def row_html(content, prefix):
    """The <tr> of the budget row whose inputs are named `prefix`-..."""
    for chunk in content.split('<tr class="budget-row"')[1:]:
        chunk = chunk.split("</tr>")[0]
        if f'name="{prefix}-' in chunk:
            return html.unescape(chunk)
    raise AssertionError(f"no budget row {prefix}")


def assert_not_saved(response, a):
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ansökan är inte sparad. Rätta det som är markerat nedan." in text
    before = a.version
    a.refresh_from_db()
    assert a.version == before and a.syfte == ""
    return text


def assert_kept(text, data):
    """Everything typed is in the re-rendered page."""
    for name in ("syfte", "bakgrund", "malgrupp", "metod", "uppfoljning", "tillvaratas"):
        assert html.escape(data[name], quote=False) in text, name
    assert 'value="2027-06-30"' in text
    assert html.escape(data["mal_overgripande"][0]) in text
    assert 'value="Coach"' in text and 'value="681000"' in text


# --- invalid values ----------------------------------------------------------


def test_negative_amount(anna, ansokan, orgs, kategori):
    alv = orgs["alvkarleby"].pk
    data = form_data(ansokan, orgs, kategori, **{f"rad-1-org{alv}": "-500"})
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    row = row_html(text, "rad-1")
    assert "Beloppet kan inte vara negativt." in row
    assert 'value="-500"' in row and "is-invalid" in row
    assert_kept(text, data)


def test_amount_that_is_not_a_whole_number(anna, ansokan, orgs, kategori):
    alv = orgs["alvkarleby"].pk
    data = form_data(ansokan, orgs, kategori, **{f"rad-1-org{alv}": "12 000,50"})
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    assert "Ange beloppet i hela kronor, utan decimaler." in row_html(text, "rad-1")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("5000,50", "Ange beloppet i hela kronor, utan decimaler."),
        ("5000.5", "Ange beloppet i hela kronor, utan decimaler."),
        ("−500", "Beloppet kan inte vara negativt."),
        ("tolv tusen", "Ange beloppet i hela kronor med siffror, t.ex. 86 400."),
        ("2 000 000 000", "Beloppet är orimligt stort."),
    ],
)
def test_amounts_are_refused_with_a_message_at_the_field(anna, ansokan, orgs, kategori, typed, message):
    alv = orgs["alvkarleby"].pk
    data = form_data(ansokan, orgs, kategori, **{f"rad-1-org{alv}": typed})
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    row = row_html(text, "rad-1")
    assert message in row
    assert f'value="{typed}"' in row  # kept as typed
    assert_kept(text, data)


@pytest.mark.parametrize("typed", ["1 540 400", "1\u00a0540\u00a0400", "1540400", " 1 540 400 kr "])
def test_amounts_with_spaces_are_whole_kronor(anna, ansokan, orgs, kategori, typed):
    alv = orgs["alvkarleby"].pk
    data = form_data(ansokan, orgs, kategori, **{f"rad-1-org{alv}": typed})
    assert anna.post(edit_url(ansokan), data).status_code == 302
    ansokan.refresh_from_db()
    assert ansokan.summa_forbund == 681_000 + 1_540_400


def test_amount_inputs_are_text_with_a_numeric_keyboard(anna, ansokan):
    text = anna.get(edit_url(ansokan)).content.decode()
    amounts = re.findall(r"<input[^>]*data-belopp[^>]*>", text)
    assert amounts and all('type="text"' in i and 'inputmode="numeric"' in i for i in amounts)
    assert 'type="number" min="0" step="1"' not in text


def test_salary_line_without_title_is_not_dropped(anna, ansokan, orgs, kategori):
    data = form_data(
        ansokan, orgs, kategori,
        **{"rad-2-avsnitt": "lon", "rad-2-standard": "False", "rad-2-benamning": "",
           "rad-2-tjanst_procent": "50", "rad-2-fran": "2026-07-01", "rad-2-till": "2026-12-31"},
    )  # fmt: skip
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    row = row_html(text, "rad-2")
    assert "Ange befattning för tjänsten." in row
    assert 'value="50"' in row and 'value="2026-12-31"' in row


def test_salary_dates_and_delar_lie_within_the_period(anna, ansokan, orgs, kategori):
    data = form_data(
        ansokan, orgs, kategori,
        **{"rad-0-fran": "2026-06-01", "rad-0-till": "2027-07-31",
           "del-0-namn": "Förfas", "del-0-startdatum": "2026-05-01", "del-0-slutdatum": "2026-12-31",
           "del-1-namn": "Efterfas", "del-1-startdatum": "2027-01-01", "del-1-slutdatum": "2027-09-30"},
    )  # fmt: skip
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    row = row_html(text, "rad-0")
    assert "Tjänsten kan inte börja före insatsens planerade startdatum (2026-07-01)." in row
    assert "Tjänsten kan inte sluta efter insatsens planerade slutdatum (2027-06-30)." in row
    assert field_errors(text, "del-0-startdatum") == [
        "Delen kan inte börja före insatsens planerade startdatum (2026-07-01)."
    ]
    assert field_errors(text, "del-1-slutdatum") == [
        "Delen kan inte sluta efter insatsens planerade slutdatum (2027-06-30)."
    ]
    assert field_errors(text, "del-0-slutdatum") == []
    assert 'value="2027-09-30"' in text and 'value="Efterfas"' in text


def test_end_date_before_start(anna, ansokan, orgs, kategori):
    data = form_data(
        ansokan, orgs, kategori, startdatum="2027-06-30", slutdatum="2026-07-01", **{"rad-0-till": "2026-01-01"}
    )
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    assert field_errors(text, "slutdatum") == ["Slutdatum kan inte vara före startdatum."]
    assert "Till-datum kan inte vara före från-datum." in row_html(text, "rad-0")
    assert 'value="2027-06-30"' in text and 'value="2026-01-01"' in text


def test_impossible_date(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, startdatum="2026-02-30")
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    assert field_errors(text, "startdatum") == ["Fyll i ett giltigt datum."]
    assert 'value="2026-02-30"' in text


def test_tjanst_over_100_percent(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, **{"rad-0-tjanst_procent": "105"})
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    row = row_html(text, "rad-0")
    assert "Tjänstgöringsgraden kan vara högst 100 procent." in row
    assert 'value="105"' in row
    assert_kept(text, data)


def test_overlong_text_is_refused_with_its_length(anna, ansokan, orgs, kategori):
    # 2 MB: under the request size limit, far over the field's 20 000 characters.
    long = "Lång text. " * (2 * MB // 11)
    data = form_data(ansokan, orgs, kategori, syfte=long)
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    (message,) = field_errors(text, "syfte")
    assert message.startswith(f"Texten är för lång: högst 20{NBSP}000 tecken (nu "), message
    assert "Lång text. Lång text." in text  # what was typed comes back
    assert 'maxlength="20000"' not in text  # the browser must not cut a paste silently


def test_ten_megabytes_of_text_is_refused_without_a_server_error(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, metod="x" * (10 * MB))
    # The request limit (12 MB) lets it through; the form answers next to the field.
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    assert field_errors(text, "metod") == [
        f"Texten är för lång: högst 20{NBSP}000 tecken (nu 10{NBSP}485{NBSP}760)."
    ]
    assert text.count("x" * 1000) >= 10_000  # the text comes back
    assert_kept(text, {**data, "metod": "x"})


SVENSK_TEXT = (
    "Målgruppen är kommunmedborgare i arbetsför ålder som står utanför arbetsmarknaden. "
    "Övergången till studier sker stegvis; åtgärderna följs upp var 13:e vecka.\r\n"
    "Även de som ännu inte är redo för de befintliga insatserna får stöd.\r\n\r\n"
)


def test_ten_megabytes_of_swedish_text_posted_as_the_browser_does(anna, ansokan, orgs, kategori):
    """The edit form posts multipart/form-data, as a browser does with the
    page's enctype: å, ä and ö travel as UTF-8, not percent-encoded, so
    10 MB of Swedish text stays well under the request limit and gets the
    field's own message. The text comes back whole, line breaks included."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    page = anna.get(edit_url(ansokan)).content.decode()
    assert 'enctype="multipart/form-data"' in page.split('id="ansokan-form"')[0].rsplit("<form", 1)[1]
    text = SVENSK_TEXT * (10 * MB // len(SVENSK_TEXT.encode()))
    assert len(text.encode()) > 9.9 * MB and len(text) < 10 * MB
    data = form_data(ansokan, orgs, kategori, metod=text)
    body = encode_multipart(BOUNDARY, data)
    assert len(body) < 11 * MB  # url-encoded, the same text would be about 17 MB
    response = anna.generic("POST", edit_url(ansokan), body, content_type=MULTIPART_CONTENT)
    page = assert_not_saved(response, ansokan)
    assert field_errors(page, "metod") == [
        f"Texten är för lång: högst 20{NBSP}000 tecken (nu {belopp(len(text.strip()))})."
    ]
    shown = html.unescape(page.split('name="metod"')[1].split(">", 1)[1].split("</textarea>")[0])
    assert shown.replace("\r\n", "\n").strip() == text.replace("\r\n", "\n").strip()
    assert_kept(page, {**data, "metod": "x"})


def test_overlong_goal(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, mal_effekt=["m" * 2001])
    text = assert_not_saved(anna.post(edit_url(ansokan), data), ansokan)
    assert f"Ett effektmål är för långt: högst 2{NBSP}000 tecken." in text
    assert "m" * 2001 in text


def test_missing_required_fields_on_submit_are_shown_at_each_field(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, action="lamna_in", metod="", syfte="  ", mal_insats=[])
    response = anna.post(edit_url(ansokan), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ansökan är sparad men inte inlämnad: 3 uppgifter saknas." in text
    assert field_errors(text, "metod") == ["Beskriv vilka metoder ni kommer att använda."]
    assert field_errors(text, "syfte") == ["Beskriv syftet med insatsen."]
    assert "Ange minst ett insatsmål." in text
    ansokan.refresh_from_db()
    assert ansokan.status == Ansokan.Status.UTKAST and not ansokan.diarienummer
    assert ansokan.version == 2  # the draft itself was saved
    # The re-rendered form carries the new version, so saving again works.
    assert 'name="version" value="2"' in text
    response = anna.post(edit_url(ansokan), form_data(ansokan, orgs, kategori, action="lamna_in"))
    assert response.status_code == 302
    ansokan.refresh_from_db()
    assert ansokan.status == Ansokan.Status.INLAMNAD


def test_empty_or_overlong_komplettering_request(anna, client_for, bertil_handlaggare, ansokan, orgs, kategori):
    assert anna.post(edit_url(ansokan), form_data(ansokan, orgs, kategori, action="lamna_in")).status_code == 302
    bertil = client_for(bertil_handlaggare)
    url = f"/ansokningar/{ansokan.pk}/komplettering/"

    response = bertil.post(url, {"begaran": "   "})
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "begaran") == ["Skriv vad som behöver kompletteras."]

    response = bertil.post(url, {"begaran": "Beskriv rekryteringen. " * 1000})
    assert response.status_code == 400
    text = response.content.decode()
    assert field_errors(text, "begaran")[0].startswith(f"Texten är för lång: högst 20{NBSP}000 tecken")
    assert "Beskriv rekryteringen. Beskriv rekryteringen." in text
    ansokan.refresh_from_db()
    assert ansokan.status == Ansokan.Status.INLAMNAD and not ansokan.kompletteringar.exists()


# --- markup is text ----------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
FILE_URL = "file:///etc/passwd"


def test_markup_and_urls_are_saved_as_text_and_shown_escaped(anna, ansokan, orgs, kategori):
    data = form_data(
        ansokan,
        orgs,
        kategori,
        namn=f"Insats {SCRIPT}",
        syfte=f"Syfte {SCRIPT}",
        metod=f"Se {FILE_URL}",
        mal_overgripande=[f"Mål {SCRIPT}", f"<img src=x onerror=alert(2)> {FILE_URL}"],
        **{"rad-0-benamning": f"Coach {SCRIPT}"},
    )
    response = anna.post(edit_url(ansokan), data)
    assert response.status_code == 302
    ansokan.refresh_from_db()
    assert ansokan.syfte == f"Syfte {SCRIPT}"  # stored as typed
    assert ansokan.metod == f"Se {FILE_URL}"

    for url in (f"/ansokningar/{ansokan.pk}/", edit_url(ansokan), "/ansokningar/"):
        text = anna.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, url
        assert SCRIPT not in text, url
        assert "<img src=x" not in text, url
        assert f'href="{FILE_URL}' not in text and f"src=\"{FILE_URL}" not in text, url
    detail = anna.get(f"/ansokningar/{ansokan.pk}/").content.decode()
    assert f"Se {FILE_URL}" in detail
    assert "&lt;img src=x onerror=alert(2)&gt;" in detail


# --- attachments -------------------------------------------------------------

SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(client, a, name, content):
    return client.post(f"/ansokningar/{a.pk}/bilagor/", {"fil": SimpleUploadedFile(name, content)})


def refused(response, message):
    """The detail page again (400) with `message` next to the file field."""
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "fil") == [message]


def test_renamed_exe_is_refused(anna, ansokan, media):
    refused(
        upload(anna, ansokan, "budget.pdf", EXE),
        "Filens innehåll stämmer inte med filändelsen .pdf. Ladda upp en riktig PDF-fil.",
    )
    assert not Bilaga.objects.exists()
    assert not any(media.rglob("*"))


def test_other_file_types_are_refused(anna, ansokan, media):
    refused(upload(anna, ansokan, "program.exe", EXE), "Bara PDF-, DOCX- och XLSX-filer kan bifogas.")
    refused(
        upload(anna, ansokan, "budget.docx", b"PK\x03\x04 not really a zip"),
        "Filens innehåll stämmer inte med filändelsen .docx. Ladda upp en riktig DOCX-fil.",
    )
    assert not Bilaga.objects.exists()


def test_too_big_attachment_is_refused(anna, ansokan, media):
    refused(upload(anna, ansokan, "stor.pdf", b"%PDF-1.4\n" + b"0" * (10 * MB)), "Filen är för stor: högst 10 MB.")
    assert not Bilaga.objects.exists()


def test_no_file_chosen(anna, ansokan, media):
    refused(anna.post(f"/ansokningar/{ansokan.pk}/bilagor/", {}), "Välj en fil att ladda upp.")


def test_small_pdf_is_accepted_and_downloadable(anna, ansokan, media):
    response = upload(anna, ansokan, "Budgetunderlag 2026.pdf", SMALL_PDF)
    assert response.status_code == 302
    text = anna.get(response["Location"]).content.decode()
    assert "Bilagan är uppladdad." in text
    bilaga = Bilaga.objects.get()
    assert (bilaga.filnamn, bilaga.typ, bilaga.storlek) == ("Budgetunderlag 2026.pdf", "pdf", len(SMALL_PDF))
    assert "Budgetunderlag 2026.pdf" in text
    download = anna.get(f"/ansokningar/{ansokan.pk}/bilagor/{bilaga.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SMALL_PDF
    assert "attachment" in download["Content-Disposition"]


# --- two people editing ------------------------------------------------------


def test_stale_save_is_refused_and_overwrites_nothing(client, anna_sokande, ansokan, orgs, kategori):
    kollega = UserFactory(username="kollega", roll="sokande", organisationer=[orgs["alvkarleby"]])
    first, second = Client(), Client()
    first.force_login(anna_sokande)
    second.force_login(kollega)
    # Both open the form at version 1.
    for c in (first, second):
        assert 'name="version" value="1"' in c.get(edit_url(ansokan)).content.decode()

    saved = first.post(edit_url(ansokan), form_data(ansokan, orgs, kategori, syfte="Annas syfte"))
    assert saved.status_code == 302

    stale = form_data(ansokan, orgs, kategori, syfte="Kollegans syfte", mal_overgripande=["Kollegans mål"])
    response = second.post(edit_url(ansokan), stale)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ansökan har sparats någon annanstans sedan du öppnade den här sidan" in text
    assert "av dig själv i en annan flik eller ett annat fönster" in text  # not only "someone else"
    assert "Kollegans syfte" in text and "Kollegans mål" in text  # kept for copying
    ansokan.refresh_from_db()
    assert ansokan.version == 2
    assert ansokan.syfte == "Annas syfte"
    assert list(ansokan.mal.values_list("text", flat=True)).count("Kollegans mål") == 0


# --- diarienummer under load -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_consecutive_diarienummer(forbund, anna_sokande, orgs, kategori):
    n = 6
    drafts = []
    for i in range(n):
        a = services.skapa_ansokan(by=anna_sokande, insatsagare=orgs["alvkarleby"], namn=f"Insats {i}")
        Part.objects.create(ansokan=a, organisation=orgs["af"], ordning=1)
        drafts.append(a)
    barrier = threading.Barrier(n)
    results, errors = {}, []

    def submit(a):
        try:
            c = Client()
            c.force_login(anna_sokande)
            data = form_data(a, orgs, kategori, action="lamna_in")
            barrier.wait(timeout=10)
            results[a.pk] = c.post(edit_url(a), data).status_code
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(a,)) for a in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(results.values()) == [302] * n, results

    submitted = Ansokan.objects.filter(pk__in=[a.pk for a in drafts])
    assert all(a.status == Ansokan.Status.INLAMNAD for a in submitted)
    assert sorted(a.diarie_lopnummer for a in submitted) == list(range(1, n + 1))
    year = timezone.localdate().year
    assert sorted(a.diarienummer for a in submitted) == sorted(f"SFU {year}/{i}" for i in range(1, n + 1))


# --- the status changed while the page was open --------------------------------


def test_a_withdrawn_application_opens_read_only_with_the_reason(anna, anna_sokande, ansokan):
    services.aterkalla(ansokan=ansokan, by=anna_sokande)
    response = anna.get(edit_url(ansokan), follow=True)
    assert response.redirect_chain == [(f"/ansokningar/{ansokan.pk}/", 302)]
    assert "Ansökan har status ”Återkallad” och kan inte ändras." in response.content.decode()


def test_a_save_after_the_status_changed_keeps_what_was_typed(anna, anna_sokande, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori)  # the page was opened while it was a draft
    services.aterkalla(ansokan=ansokan, by=anna_sokande)
    response = anna.post(edit_url(ansokan), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ansökan kan inte ändras när den har status ”Återkallad”. Det du skrev är inte sparat" in text
    assert_kept(text, data)
    ansokan.refresh_from_db()
    assert ansokan.syfte == ""


def test_an_edit_conflict_is_said_once(anna, ansokan, orgs, kategori):
    data = form_data(ansokan, orgs, kategori, version=str(ansokan.version - 1))
    text = anna.post(edit_url(ansokan), data).content.decode()
    assert text.count("Ansökan har sparats någon annanstans") == 1
    assert_kept(text, data)

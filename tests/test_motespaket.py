"""The meeting packet as one PDF (issue 10, item 4): cover with table of
contents, the kallelse, per ärende its beslutsförslag (the frozen file),
the application as bilaga and the handlingar; bookmarks per ärende and
document, page stamps per document, page numbers in the contents that match
the pages; incremental rebuilds from stored parts; "Reviderad" after the
kallelse went out; unreadable uploads never a 500."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from beslut import motespaket
from beslut import services as beslut_services
from beslut.models import Arende
from beslut.services import kallelse as kallelse_services
from tests import mote_data
from tests.helpers import NBSP

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(forslag, cecilia_forbundschef, media):
    return beslut_services.faststall(forslag=forslag, by=cecilia_forbundschef)


@pytest.fixture
def mote(version, orgs, david_ledamot, elsa_ersattare, fredrik_sekreterare):
    organ = mote_data.organ_med_ledamoter(orgs, david_ledamot, elsa_ersattare)
    return mote_data.mote(organ, fredrik_sekreterare, version, handling_data=mote_data.blank_pdf(3))


def pages_text(data):
    return [p.extract_text().replace(NBSP, " ") for p in PdfReader(io.BytesIO(data)).pages]


def outline(data):
    """[(depth, title, 1-based page)] of the packet's bookmarks."""
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def stamp_positions(data):
    """Per page (after the cover): the top of the stamp's word "sida" and the
    page's height, by poppler (pdftotext -bbox), so a stamp drawn off the
    page (a portrait stamp on a landscape page) is caught."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    result = []
    pages = list(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S))
    for page in pages[1:]:
        tops = [float(y) for y in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>sida</word>', page.group(3))]
        result.append((min(tops) if tops else None, float(page.group(1)), float(page.group(2))))
    return result


def store_files(media):
    folder = media / "pdf"
    return {p.name for p in folder.iterdir() if p.suffix == ".pdf"} if folder.exists() else set()


def test_packet_order_bookmarks_stamps_and_contents(mote, version, media, tmp_path):
    data = motespaket.paket(mote)
    pages = pages_text(data)
    titel = version.innehall["titel"]
    # Cover, kallelse, the proposal (2+ pages), the application, the handling (3 blank pages).
    assert "Möteshandlingar" in pages[0] and "Innehåll" in pages[0]
    assert "Kallelse till sammanträde" in pages[1]
    marks = outline(data)
    titles = [(d, t) for d, t, _p in marks]
    assert titles == [
        (0, "Innehåll"),
        (0, "Kallelse och föredragningslista"),
        (0, f"Ärende 4 {titel}"),
        (1, "Beslutsförslag"),
        (1, "Bilaga: ansökan"),
        (0, "Ärende 5 Lägesrapport"),
        (1, "Handling: rapport.pdf"),
    ]
    start = {t: p for _d, t, p in marks}
    assert start["Innehåll"] == 1 and start["Kallelse och föredragningslista"] == 2
    assert start[f"Ärende 4 {titel}"] == start["Beslutsförslag"]
    assert "Förslag till beslut" in pages[start["Beslutsförslag"] - 1]
    assert "Ansökan" in pages[start["Bilaga: ansökan"] - 1] or "ansökan" in pages[start["Bilaga: ansökan"] - 1]
    # Every document page is stamped with its own numbering.
    ansokan_sidor = start["Ärende 5 Lägesrapport"] - start["Bilaga: ansökan"]
    first = pages[start["Bilaga: ansökan"] - 1]
    assert f"Ärende 4 – Bilaga: ansökan, sida 1 av {ansokan_sidor}" in first
    last = pages[start["Ärende 5 Lägesrapport"] - 2]
    assert f"sida {ansokan_sidor} av {ansokan_sidor}" in last
    assert "Ärende 5 – Handling: rapport.pdf, sida 3 av 3" in pages[-1]
    assert len(pages) == start["Handling: rapport.pdf"] + 2
    # Every page after the cover has its stamp in the top margin, landscape
    # pages (the application's budget) too.
    positions = stamp_positions(data)
    assert any(w > h for _top, w, h in positions)
    assert all(top is not None and 0 <= top < 30 for top, _w, _h in positions), positions
    # The contents' page numbers are where the bookmarks (and documents) are.
    cover = pages[0]
    for _d, title, page in marks[1:]:
        assert re.search(re.escape(title.split(" (")[0]) + r".*?\s" + str(page) + r"\b", cover, re.S), (title, page)
    # The frozen proposal file is in it as fastställd: its text, page for page.
    frozen = pages_text(version.pdf.read())
    assert frozen[0].split("\n")[3] in pages[start["Beslutsförslag"] - 1]


def test_packet_is_readable_with_outline_lang_and_title(mote, media):
    data = motespaket.paket(mote)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv" and root["/PageMode"] == "/UseOutlines"
    assert reader.metadata.title.startswith("Möteshandlingar Förbundsstyrelsen 2026-03-18")
    assert "/OutputIntents" in root
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Kallelse till sammanträde" in text and "Lägesrapport" in text


def test_second_request_is_a_file_read_and_a_change_renders_only_what_changed(mote, media, version, cecilia_forbundschef):
    motespaket.raknare.update(stamplar=0, omslag=0, paket=0)
    first = motespaket.paket(mote)
    files = store_files(media)
    assert motespaket.raknare["paket"] == 1
    assert motespaket.paket(mote) == first
    assert motespaket.raknare["paket"] == 1 and store_files(media) == files  # nothing laid out again
    # A new handling on the informationsärende: its stamp, the kallelse? no, the cover and the packet.
    info = mote.arenden.get(typ=Arende.Typ.INFORMATION)
    mote_data.handling(info, cecilia_forbundschef, mote_data.blank_pdf(1), "bilaga2.pdf")
    motespaket.raknare.update(stamplar=0, omslag=0, paket=0)
    second = motespaket.paket(mote)
    assert second != first
    new = store_files(media) - files
    # The new document's stamp and stamped copy, the cover and the packet;
    # the proposal, the application, the kallelse and the other stamped
    # parts come from the store.
    assert motespaket.raknare == {"stamplar": 1, "omslag": 1, "paket": 1}
    assert len(new) == 4, new
    assert sum(name.startswith("del-") for name in new) == 1 and sum(name.startswith("paket-") for name in new) == 1


def test_many_missing_parts_are_made_by_render_workers(mote, media, monkeypatch):
    """The full build's path: the parts are laid out and stamped in forked
    workers, stored, and read back by the build."""
    monkeypatch.setattr(motespaket, "PARALLELL_FRAN", 1)
    data = motespaket.paket(mote)
    assert sum(name.startswith("del-") for name in store_files(media)) == 4
    positions = stamp_positions(data)
    assert len(positions) == len(PdfReader(io.BytesIO(data)).pages) - 1
    assert all(top is not None and 0 <= top < 30 for top, _w, _h in positions)
    assert [t for _d, t, _p in outline(data)][-1] == "Handling: rapport.pdf"


def test_revised_after_the_kallelse(mote, fredrik_sekreterare, django_capture_on_commit_callbacks, media):
    with django_capture_on_commit_callbacks(execute=True):
        kallelse_services.skicka_kallelse(mote=mote, by=fredrik_sekreterare)
    assert "Reviderad" not in pages_text(motespaket.paket(mote))[0]
    Arende.objects.create(sammantrade=mote, ordning=5, typ=Arende.Typ.INFORMATION, rubrik="Budgetuppföljning")
    cover = pages_text(motespaket.paket(mote))[0]
    assert "Möteshandlingar – Reviderad" in cover
    assert "Budgetuppföljning har lagts till" in cover and "inte skickats ut" in cover
    with django_capture_on_commit_callbacks(execute=True):
        kallelse_services.revidera_kallelse(mote=mote, by=fredrik_sekreterare)
    cover = pages_text(motespaket.paket(mote))[0]
    assert "Reviderad kallelse skickad" in cover and "inte skickats ut" not in cover


def test_an_unreadable_upload_becomes_a_page_that_says_so(mote, media, client, fredrik_sekreterare):
    info = mote.arenden.get(typ=Arende.Typ.INFORMATION)
    mote_data.handling(info, fredrik_sekreterare, b"%PDF-1.4 trasig fil", "trasig.pdf")
    client.force_login(fredrik_sekreterare)
    response = client.get(reverse("beslut:motespaket_pdf", args=[mote.pk]))
    assert response.status_code == 200
    pages = pages_text(response.content)
    assert any("kunde inte läsas som PDF" in p and "trasig.pdf" in p for p in pages)


def test_members_read_the_packet_only_after_the_kallelse(
    mote, client, david_ledamot, elsa_ersattare, fredrik_sekreterare, django_capture_on_commit_callbacks, media
):
    url = reverse("beslut:motespaket_pdf", args=[mote.pk])
    for member in (david_ledamot, elsa_ersattare):
        client.force_login(member)
        assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        kallelse_services.skicka_kallelse(mote=mote, by=fredrik_sekreterare)
    for member in (david_ledamot, elsa_ersattare):
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

"""The protokoll PDF and the protokollsutdrag (issue 10 item 6): Swedish
practice's blocks in their order, archivable and tagged."""

import pytest

from beslut import protokoll_pdf
from samordning.pdf import render_html
from tests.helpers import pdf_text
from tests.justering_data import bygg_mote
from tests.pdfcheck import archival_problems

pytestmark = pytest.mark.django_db


def _mote(pk):
    return protokoll_pdf.mote_queryset().get(pk=pk)


def _i_ordning(text, *delar):
    pos = -1
    for del_ in delar:
        ny = text.find(del_, pos + 1)
        assert ny > pos, f"{del_!r} saknas eller står före {delar[delar.index(del_) - 1]!r}"
        pos = ny


@pytest.fixture
def mote(forbund, media):
    return bygg_mote(antal=5, start=84)


def test_the_protokoll_has_its_blocks_in_order(mote):
    data = protokoll_pdf.render_protokoll_pdf(_mote(mote["mote"].pk), use_cache=False)
    text = pdf_text(data)
    _i_ordning(
        text,
        "Förbundsstyrelsen", "Sammanträdesdatum", "2026-11-23", "Protokoll",
        "Plats och tid", "Kommunhuset, Tierp, 2026-11-23 kl. 13.15–15.00",
        "Beslutande", "David Jansson (Region Uppsala), ordförande", "Hanna Ek",
        "Tjänstgörande ersättare", "Elsa Karlsson (Tierps kommun), tjänstgör för Olof Berg",
        "Ej tjänstgörande ersättare", "Petra Sund",
        "Övriga närvarande", "Cecilia Isaksson, förbundschef",
        "Olof Berg lämnar sammanträdet efter § 86", "Elsa Karlsson tjänstgör från § 87",
        "Utses att justera", "Hanna Ek, Ivar Lind", "Paragrafer", "84–88",
        "Underskrifter", "Sekreterare", "Fredrik Lund", "Ordförande", "David Jansson", "Justerare", "Hanna Ek",
        "ANSLAG/BEVIS", "Protokollet är justerat", "Sammanträdesdatum", "84–88",
        "Datum då anslaget sätts upp", "Förvaringsplats för protokollet", "Samordningsförbundets kansli, Tierp",
        "§ 84 Insats Vägen till arbete", "Beslutsärende", "Beslut", "Förbundsstyrelsen beslutar",
        "att bevilja finansiellt stöd", "att avsätta maximalt 450 000 kr",
        "§ 85 Ärende nummer 85", "På grund av jäv deltar inte Hanna Ek i handläggningen av ärendet.",
        "Omröstning", "David Jansson", "Ja", "Ivar Lind", "Nej",
        "Omröstningen utfaller med 2 ja-röster mot 1 nej-röst", "Reservationer", "Ivar Lind reserverar sig",
        "Protokollsanteckningar", "Förbundschefen redogör",
        "§ 86 Ärende nummer 86", "Informationsärende", "beslutar att notera informationen",
    )  # fmt: skip
    assert "Ej justerat" in text


def test_the_protokoll_is_archivable(mote):
    full = _mote(mote["mote"].pk)
    html = render_html(protokoll_pdf.PROTOKOLL_TEMPLATE, protokoll_pdf.context(full))
    assert archival_problems(protokoll_pdf.render_protokoll_pdf(full), html) == []



def test_the_extract_has_the_paragraphs_and_the_utdragsbestyrkande(mote):
    paragrafer = mote["paragrafer"][1:3]
    data = protokoll_pdf.render_utdrag_pdf(paragrafer)
    text = pdf_text(data)
    _i_ordning(
        text, "Förbundsstyrelsen", "Sammanträdesdatum", "2026-11-23", "Protokollsutdrag", "Paragrafer", "85–86",
        "§ 85 Ärende nummer 85", "På grund av jäv deltar inte Hanna Ek", "§ 86 Ärende nummer 86",
        "JUSTERING", "Protokollet är inte justerat", "UTDRAGSBESTYRKANDE", "Rätt utdraget intygar", "Fredrik Lund",
    )  # fmt: skip
    assert "§ 84" not in text and "§ 87" not in text
    html = render_html(protokoll_pdf.UTDRAG_TEMPLATE, protokoll_pdf.utdrag_context(paragrafer))
    assert archival_problems(data, html) == []


def test_an_extract_is_of_one_meeting(mote):
    annat = bygg_mote(antal=1, start=90, datum=mote["mote"].datum.replace(day=30))
    with pytest.raises(ValueError):
        protokoll_pdf.render_utdrag_pdf([mote["paragrafer"][0], annat["paragrafer"][0]])


def test_paragraph_ranges():
    assert protokoll_pdf.paragraf_intervall([3, 1, 2]) == "1–3"
    assert protokoll_pdf.paragraf_intervall([5]) == "5"
    assert protokoll_pdf.paragraf_intervall([5, 7, 8, 9]) == "5, 7–9"


def test_the_pdf_is_read_in_a_fixed_number_of_queries(forbund, media, django_assert_max_num_queries):
    few = bygg_mote(antal=2, start=1)["mote"]
    many = bygg_mote(antal=20, start=30, datum=few.datum.replace(day=28))["mote"]
    counts = []
    for m in (few, many):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            protokoll_pdf.context(_mote(m.pk))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 20


def test_a_decision_written_as_a_sentence_is_not_made_a_clause(mote):
    from beslut.models import Arende, Paragraf

    par = mote["paragrafer"][0]
    Arende.objects.filter(pk=par.arende_id).update(typ=Arende.Typ.DAGORDNING, rubrik="Fastställande av dagordning")
    Paragraf.objects.filter(pk=par.pk).update(beslut=Paragraf.Beslut.BESLUTAT, beslutstext="Dagordningen fastställs.")
    text = " ".join(pdf_text(protokoll_pdf.render_protokoll_pdf(_mote(mote["mote"].pk), use_cache=False)).split())
    assert "§ 84 Fastställande av dagordning Älvkarleby" in text  # no marking: the heading names it
    assert "Beslut Dagordningen fastställs." in text
    assert "att Dagordningen" not in text

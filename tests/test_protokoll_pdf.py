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
    text = " ".join(pdf_text(data).split())
    _i_ordning(
        text,
        "Förbundsstyrelsen", "Sammanträdesdatum", "2026-11-23", "Protokoll",
        "Plats och tid", "Kommunhuset, Tierp, 2026-11-23 kl. 13.15–15.00",
        "Beslutande", "David Jansson (Region Uppsala), ordförande", "Hanna Ek",
        "Olof Berg (Tierps kommun) § 84–86",
        "Tjänstgörande ersättare", "Elsa Karlsson (Tierps kommun), tjänstgörande ersättare för Olof Berg § 87–88",
        "Ej tjänstgörande ersättare", "Petra Sund",
        "Övriga närvarande", "Cecilia Isaksson, förbundschef",
        "Olof Berg lämnar sammanträdet efter § 86", "Elsa Karlsson tjänstgör för Olof Berg från § 87",
        "Utses att justera", "Hanna Ek, Ivar Lind", "Paragrafer", "84–88",
        "Underskrifter", "Sekreterare", "Fredrik Lund", "Ordförande", "David Jansson", "Justerare", "Hanna Ek",
        "ANSLAG/BEVIS", "Protokollet är justerat", "Sammanträdesdatum", "84–88",
        "Datum då anslaget sätts upp", "Förvaringsplats för protokollet", "Samordningsförbundets kansli, Tierp",
        "§ 84 Insats Vägen till arbete", "Beslutsärende", "Beslut", "Förbundsstyrelsen beslutar",
        "att bevilja finansiellt stöd", "att avsätta maximalt 450 000 kr",
        "§ 85 Ärende nummer 85", "På grund av jäv deltar inte Hanna Ek i handläggningen av ärendet.",
        "Omröstning", "Omröstning begärs och verkställs. Ja-röst för bifall till förslaget, nej-röst för avslag.",
        "David Jansson", "Ja", "Ivar Lind", "Nej",
        "Omröstningen utfaller med 2 ja-röster mot 1 nej-röst.",
        "Förbundsstyrelsen har därmed bifallit förslaget.", "Beslut",
        "Reservationer", "Ivar Lind reserverar sig",
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


def _text(mote):
    data = protokoll_pdf.render_protokoll_pdf(_mote(mote.pk), use_cache=False)
    return " ".join(pdf_text(data).split())


def _satt(par, **falt):
    from beslut.models import Paragraf

    Paragraf.objects.filter(pk=par.pk).update(**falt)


def test_a_decision_that_does_not_adopt_the_proposal_never_prints_its_clauses(mote, fredrik_sekreterare):
    from beslut.models import Arende, Paragraf
    from tests.protokoll_data import faststalld_version

    forsta, andra, _info, fjarde = mote["paragrafer"][:4]
    for par in (forsta, andra):
        satser = par.beslutstext.splitlines()
        version = faststalld_version(fredrik_sekreterare, titel=f"Förslag {par.nummer}", satser=satser)
        Arende.objects.filter(pk=par.arende_id).update(forslag_version=version)
    # The clauses the bifall would have adopted are still in beslutstext.
    _satt(forsta, beslut=Paragraf.Beslut.ATERREMISS, instruktion="att komplettera ansökan med en budget per år.")
    _satt(andra, beslut=Paragraf.Beslut.BORDLAGGNING)
    _satt(fjarde, beslut=Paragraf.Beslut.AVSLAG, beslutstext="")
    text = _text(mote["mote"])
    assert "att bevilja finansiellt stöd" not in text[text.index("§ 84 Insats") : text.index("§ 88")]
    _i_ordning(
        text,
        "§ 84 Insats Vägen till arbete", "Beslut",
        "Förbundsstyrelsen beslutar att återremittera ärendet till förbundschefen med uppdraget att "
        "komplettera ansökan med en budget per år.",
        "§ 85", "Förbundsstyrelsen beslutar att bordlägga ärendet.",
        "§ 87", "Förbundsstyrelsen beslutar att avslå förslaget.",
    )  # fmt: skip


def test_an_omrostning_states_the_proposition_and_what_was_decided(mote):
    _satt(mote["paragrafer"][1], ja_forslag="ordförandens förslag att bevilja ansökan", nej_forslag="Ivar Linds förslag att avslå ansökan")
    from beslut.models import Rost

    Rost.objects.filter(paragraf=mote["paragrafer"][1], uppdrag=mote["uppdrag"]["olof"]).update(svar=Rost.Svar.AVSTAR)
    Rost.objects.filter(paragraf=mote["paragrafer"][1], uppdrag=mote["uppdrag"]["ivar"]).update(svar=Rost.Svar.JA)
    _i_ordning(
        _text(mote["mote"]),
        "§ 85", "Omröstning",
        "Omröstning begärs och verkställs. Ja-röst för ordförandens förslag att bevilja ansökan, "
        "nej-röst för Ivar Linds förslag att avslå ansökan.",
        "David Jansson Ja", "Ivar Lind Ja", "Olof Berg Avstår",
        "Omröstningen utfaller med 2 ja-röster mot 0 nej-röster (1 avstår). "
        "Förbundsstyrelsen har därmed beslutat enligt ordförandens förslag att bevilja ansökan.",
        "Beslut",
    )  # fmt: skip


def test_narvaro_per_person_with_paragraph_ranges(forbund, media):
    from beslut.models import Narvaro

    m = bygg_mote(antal=9, start=8)  # §§ 8–16; Olof leaves after § 10, Elsa serves from § 11
    a = m["arenden"]
    hanna = Narvaro.objects.get(sammantrade=m["mote"], namn="Hanna Ek")
    petra = Narvaro.objects.get(sammantrade=m["mote"], namn="Petra Sund")
    Narvaro.objects.filter(pk__in=[hanna.pk, petra.pk]).update(till_arende=a[5])  # § 13
    Narvaro.objects.create(
        sammantrade=m["mote"], uppdrag=petra.uppdrag, namn="Petra Sund", typ=Narvaro.Typ.TJANSTGORANDE,
        ersatter=hanna.uppdrag, fran_arende=a[6], ordning=7,
    )  # fmt: skip
    text = _text(m["mote"])
    _i_ordning(
        text,
        "Beslutande", "Hanna Ek (Tierps kommun) § 8–13", "Olof Berg (Tierps kommun) § 8–10",
        "Tjänstgörande ersättare", "Elsa Karlsson (Tierps kommun), tjänstgörande ersättare för Olof Berg § 11–16",
        "Petra Sund (Region Uppsala), tjänstgörande ersättare för Hanna Ek § 14–16",
        "Ej tjänstgörande ersättare", "Petra Sund (Region Uppsala) § 8–13",
        "Ändringar i närvaron", "Olof Berg lämnar sammanträdet efter § 10",
        "Elsa Karlsson tjänstgör för Olof Berg från § 11", "Hanna Ek lämnar sammanträdet efter § 13",
        "Petra Sund tjänstgör för Hanna Ek från § 14",
    )  # fmt: skip
    assert "Petra Sund lämnar" not in text
    assert "David Jansson (Region Uppsala), ordförande §" not in text  # there throughout: no range


def test_an_extract_shows_who_decided_and_no_invandning_about_other_paragraphs(mote):
    from beslut.models import Justering

    Justering.objects.filter(pk=mote["justeringar"][2].pk).update(invandning="§ 84 saknar beloppet för 2028.")
    full = _text(mote["mote"])
    assert "§ 84 saknar beloppet för 2028." in full  # the protokoll keeps it
    text = " ".join(pdf_text(protokoll_pdf.render_utdrag_pdf(mote["paragrafer"][1:2])).split())
    assert "saknar beloppet" not in text and "Invändning" not in text
    _i_ordning(
        text, "§ 85 Ärende nummer 85", "Beslutande: David Jansson, Ivar Lind, Olof Berg", "Jäv: Hanna Ek",
        "På grund av jäv deltar inte Hanna Ek",
    )  # fmt: skip


def test_standard_items_and_the_delegation_report(mote, fredrik_sekreterare):
    import datetime

    from django.utils import timezone

    from beslut.models import Arende, Beslutsforslag, FaststalldVersion, Paragraf
    from tests.protokoll_data import faststalld_version

    forsta, _andra, tredje = mote["paragrafer"][:3]
    Arende.objects.filter(pk=forsta.arende_id).update(typ=Arende.Typ.DAGORDNING, rubrik="Fastställande av dagordning")
    _satt(forsta, beslut=Paragraf.Beslut.BESLUTAT, beslutstext="fastställa dagordningen")
    Arende.objects.filter(pk=tredje.arende_id).update(
        typ=Arende.Typ.DELEGATION, rubrik="Anmälan av delegationsbeslut", beskrivning=""
    )
    _satt(tredje, beslut=Paragraf.Beslut.BESLUTAT, beslutstext="Anmälan av delegationsbesluten läggs till handlingarna.")
    version = faststalld_version(fredrik_sekreterare, titel="Stöd till Steget vidare", belopp=95_000)
    Beslutsforslag.objects.filter(pk=version.forslag_id).update(instans=Beslutsforslag.Instans.DELEGATION)
    dag = timezone.make_aware(datetime.datetime(2026, 11, 10, 10, 0))
    FaststalldVersion.objects.filter(pk=version.pk).update(faststalld=dag)
    text = _text(mote["mote"])
    assert "Förbundsstyrelsen beslutar att fastställa dagordningen." in text
    _i_ordning(
        text, "§ 86 Anmälan av delegationsbeslut", "Delegationsbeslut", "Stöd till Steget vidare",
        version.innehall["diarienummer"], "2026-11-10", "95 000 kr",
        "Beslut", "Anmälan av delegationsbesluten läggs till handlingarna.",
    )  # fmt: skip
    assert "att Anmälan" not in text
    full = _mote(mote["mote"].pk)
    html = render_html(protokoll_pdf.PROTOKOLL_TEMPLATE, protokoll_pdf.context(full))
    assert archival_problems(protokoll_pdf.render_protokoll_pdf(full, use_cache=False), html) == []


def test_a_bifall_with_changes_says_so_and_shows_the_amounts(forbund, media, fredrik_sekreterare):
    from beslut.models import Arende, Paragraf
    from tests.protokoll_data import faststalld_version

    m = bygg_mote(antal=1, start=84)
    version = faststalld_version(fredrik_sekreterare, belopp=316_000)
    Arende.objects.filter(pk=m["arenden"][0].pk).update(forslag_version=version)
    _satt(
        m["paragrafer"][0], beslut=Paragraf.Beslut.ANDRAT, belopp=250_000,
        beslutstext="bevilja finansiellt stöd till insatsen\navsätta maximalt 250 000 kr",
    )  # fmt: skip
    _i_ordning(
        _text(m["mote"]),
        "Förbundsstyrelsen beslutar, med ändring av förbundschefens förslag,", "att bevilja finansiellt stöd",
        "att avsätta maximalt 250 000 kr", "Förslaget: maximalt 316 000 kr. Beslutat: maximalt 250 000 kr.",
    )  # fmt: skip


def test_a_tied_vote_nobody_decided_names_no_winner(mote):
    from beslut.models import Rost

    par = mote["paragrafer"][1]
    _satt(par, ja_forslag="ordförandens förslag", nej_forslag="Ivar Linds förslag")
    # Without the chair's vote Olof's ja and Ivar's nej tie, and no utslagsröst decides it.
    Rost.objects.filter(paragraf=par, uppdrag=mote["uppdrag"]["ordf"]).delete()
    text = _text(mote["mote"])
    assert "Omröstningen utfaller med 1 ja-röst mot 1 nej-röst. Lika röstetal." in text
    assert "har därmed beslutat" not in text

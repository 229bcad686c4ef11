"""Keeping the protokoll (issue 10 item 6): närvaro per § as people come
and go, who is beslutande in each §, jäv, omröstning, the decisions with
the proposal's att-clauses verbatim, § numbers under concurrency, and a
justerat protokoll refusing every change."""

import threading

import pytest
from django.db import connections
from django.urls import reverse

from beslut.models import (
    Jav,
    Justering,
    Narvaro,
    Paragraf,
    Paragrafserie,
    Protokoll,
    Rost,
    Sammantrade,
)
from beslut.services import protokoll as prot
from samordning.errors import ConflictError, WorkflowError
from samordning.models import AuditEntry
from tests import protokoll_data as data

pytestmark = pytest.mark.django_db
N = Narvaro.Typ
B = Paragraf.Beslut


@pytest.fixture
def styrelse(david_ledamot, elsa_ersattare, orgs):
    return data.organ_med_ledamoter(david_ledamot, elsa_ersattare)


@pytest.fixture
def version(cecilia_forbundschef):
    return data.faststalld_version(cecilia_forbundschef)


@pytest.fixture
def mote(styrelse, version, fredrik_sekreterare):
    organ, _u = styrelse
    mote = data.genomfort_mote(organ, fredrik_sekreterare, version)
    prot.paborja_protokoll(mote=mote, by=fredrik_sekreterare)
    mote.refresh_from_db()
    return mote


def _arenden(mote):
    return list(mote.arenden.select_related("paragraf", "forslag_version").order_by("ordning"))


def _rad(u, typ, **kw):
    return prot.Rad(typ=typ, namn=u.person.get_full_name(), uppdrag=u, **kw)


# --- starting: § numbers, prefilled närvaro ---------------------------------------------


def test_starting_numbers_every_arende_and_prefills_narvaro(mote, styrelse, david_ledamot):
    _organ, u = styrelse
    assert [a.paragraf.nummer for a in _arenden(mote)] == [1, 2, 3, 4, 5]
    rader = list(Narvaro.objects.filter(sammantrade=mote))
    assert [(r.uppdrag, r.typ) for r in rader] == [
        (u["david"], N.BESLUTANDE), (u["lena"], N.BESLUTANDE), (u["olof"], N.BESLUTANDE),
        (u["elsa"], N.ERSATTARE), (u["per"], N.ERSATTARE),
    ]  # fmt: skip
    assert rader[0].titel == "Ordförande"
    assert Justering.objects.get(sammantrade=mote).person == david_ledamot
    assert AuditEntry.objects.filter(handling="protokoll.paborjat").count() == 1


def test_numbers_run_on_through_the_year_and_are_not_given_twice(mote, styrelse, version, fredrik_sekreterare):
    organ, _u = styrelse
    prot.tilldela_paragrafer(mote=mote, by=fredrik_sekreterare)  # again: nothing new
    nasta = data.genomfort_mote(organ, fredrik_sekreterare, None, datum=data.DATUM.replace(month=5))
    prot.tilldela_paragrafer(mote=nasta, by=fredrik_sekreterare)
    assert [a.paragraf.nummer for a in _arenden(nasta)] == [6, 7, 8, 9]
    nytt_ar = data.genomfort_mote(organ, fredrik_sekreterare, None, datum=data.DATUM.replace(year=2027))
    prot.tilldela_paragrafer(mote=nytt_ar, by=fredrik_sekreterare)
    assert [a.paragraf.nummer for a in _arenden(nytt_ar)] == [1, 2, 3, 4]
    assert Paragrafserie.objects.get(organ=organ, ar=2026).senaste == 9


def test_a_meeting_not_held_gets_no_numbers(styrelse, fredrik_sekreterare):
    organ, _u = styrelse
    mote = data.genomfort_mote(organ, fredrik_sekreterare)
    Sammantrade.objects.filter(pk=mote.pk).update(status=Sammantrade.Status.KALLAT)
    mote.refresh_from_db()
    with pytest.raises(WorkflowError, match="förs när sammanträdet är genomfört"):
        prot.tilldela_paragrafer(mote=mote, by=fredrik_sekreterare)
    assert not Paragraf.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_at_once_neither_reuse_nor_skip_a_number(styrelse, fredrik_sekreterare):
    """Two meetings of one organ numbered at the same moment on two
    connections, plus the same meeting twice: 1..n without a gap."""
    organ, _u = styrelse
    motena = [data.genomfort_mote(organ, fredrik_sekreterare) for _ in range(3)]
    jobs = [*motena, motena[0]]
    barrier = threading.Barrier(len(jobs))
    errors = []

    def number(m):
        try:
            barrier.wait(timeout=10)
            prot.tilldela_paragrafer(mote=m, by=fredrik_sekreterare)
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=number, args=(m,)) for m in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    nummer = sorted(Paragraf.objects.filter(organ=organ, ar=2026).values_list("nummer", flat=True))
    assert nummer == list(range(1, 13))  # 3 meetings × 4 ärenden
    assert Paragrafserie.objects.get(organ=organ, ar=2026).senaste == 12
    for m in motena:  # each meeting's §§ in a row, in the list's order
        own = [a.paragraf.nummer for a in _arenden(m)]
        assert own == list(range(own[0], own[0] + 4))


# --- närvaro and beslutande ---------------------------------------------------------------


def test_someone_leaving_and_an_ersattare_serving_from_the_next_paragraph(mote, styrelse, fredrik_sekreterare):
    """Lena leaves after the beslutsärende (§ 3); Elsa serves for her from
    § 4. Elsa was present, not serving, until then."""
    _organ, u = styrelse
    a = _arenden(mote)
    rader = [
        _rad(u["david"], N.BESLUTANDE),
        _rad(u["lena"], N.BESLUTANDE, till_arende=a[2]),
        _rad(u["olof"], N.BESLUTANDE),
        _rad(u["elsa"], N.ERSATTARE, till_arende=a[2]),
        _rad(u["elsa"], N.TJANSTGORANDE, ersatter=u["lena"], fran_arende=a[3]),
        prot.Rad(typ=N.OVRIG, namn="Cecilia Isaksson", titel="Förbundschef"),
    ]
    prot.spara_narvaro(mote=mote, by=fredrik_sekreterare, version=mote.version, rader=rader)
    underlag = prot.Underlag(mote)
    per_paragraf = {p.nummer: [x.person.first_name for x in underlag.beslutande(p)] for p in underlag.paragrafer}
    assert per_paragraf[3] == ["David", "Lena", "Olof"]
    assert per_paragraf[4] == per_paragraf[5] == ["David", "Olof", "Elsa"]
    assert [x.person.first_name for x in prot.beslutande(a[3].paragraf)] == ["David", "Olof", "Elsa"]
    assert Narvaro.objects.get(sammantrade=mote, typ=N.OVRIG).titel == "Förbundschef"


@pytest.mark.parametrize(
    "rader, falt, meddelande",
    [
        (lambda u, a: [_rad(u["elsa"], N.BESLUTANDE)], "typ", "Bara en ledamot"),
        (lambda u, a: [_rad(u["elsa"], N.TJANSTGORANDE)], "ersatter", "Ange vilken ledamot"),
        (lambda u, a: [_rad(u["elsa"], N.TJANSTGORANDE, ersatter=u["olof"])], "ersatter", "inte ersättare för Olof"),
        # Lena serves the whole meeting: Elsa cannot serve for her in § 4.
        (
            lambda u, a: [_rad(u["lena"], N.BESLUTANDE), _rad(u["elsa"], N.TJANSTGORANDE, ersatter=u["lena"], fran_arende=a[3])],
            "ersatter", "Lena Nord tjänstgör redan",
        ),
        (lambda u, a: [_rad(u["david"], N.BESLUTANDE, fran_arende=a[3], till_arende=a[1])], "till_arende", "före"),
        (lambda u, a: [_rad(u["david"], N.BESLUTANDE), _rad(u["david"], N.BESLUTANDE, fran_arende=a[4])], "fran_arende", "redan med"),
        (lambda u, a: [_rad(u["david"], N.ERSATTARE, ersatter=u["lena"])], "typ", "Välj en ersättare"),
    ],
)  # fmt: skip
def test_inconsistent_narvaro_is_refused(mote, styrelse, fredrik_sekreterare, rader, falt, meddelande):
    _organ, u = styrelse
    rader = rader(u, _arenden(mote))
    fel = prot.narvarofel(rader, _arenden(mote))
    assert fel and fel[0][1] == falt and meddelande in fel[0][2], fel
    with pytest.raises(WorkflowError, match=meddelande):
        prot.spara_narvaro(mote=mote, by=fredrik_sekreterare, version=mote.version, rader=rader)
    assert Narvaro.objects.filter(sammantrade=mote).count() == 5  # the prefilled rows stay


def test_per_stands_in_for_the_ledamot_of_his_organisation(mote, styrelse):
    _organ, u = styrelse
    a = _arenden(mote)
    ok = [_rad(u["olof"], N.BESLUTANDE, till_arende=a[1]), _rad(u["per"], N.TJANSTGORANDE, ersatter=u["olof"], fran_arende=a[2])]
    assert prot.narvarofel(ok, a) == []
    fel = prot.narvarofel([_rad(u["per"], N.TJANSTGORANDE, ersatter=u["lena"])], a)
    assert "Per Ek är inte ersättare för Lena Nord" in fel[0][2]


# --- jäv ------------------------------------------------------------------------------------


def test_jav_removes_the_member_from_the_beslutande_and_their_vote(mote, styrelse, fredrik_sekreterare):
    _organ, u = styrelse
    p = _arenden(mote)[2].paragraf
    prot.spara_omrostning(
        paragraf=p, by=fredrik_sekreterare, version=p.version,
        roster={u["david"]: "ja", u["lena"]: "nej", u["olof"]: "ja"},
    )  # fmt: skip
    p.refresh_from_db()
    prot.satt_jav(paragraf=p, by=fredrik_sekreterare, version=p.version, uppdrag=[u["lena"]])
    assert [x.person.first_name for x in prot.beslutande(p)] == ["David", "Olof"]
    assert set(Rost.objects.filter(paragraf=p).values_list("uppdrag__person__first_name", flat=True)) == {"David", "Olof"}
    assert prot.javtext(Jav.objects.get(paragraf=p)) == "Lena Nord anmäler jäv och deltar inte i handläggningen."
    # …and cannot vote there, not even through the service.
    p.refresh_from_db()
    with pytest.raises(WorkflowError, match="Lena Nord är inte beslutande i §\u00a03"):
        prot.spara_omrostning(paragraf=p, by=fredrik_sekreterare, version=p.version, roster={u["lena"]: "ja"})
    # Another § is not touched.
    assert "Lena" in [x.person.first_name for x in prot.beslutande(_arenden(mote)[3].paragraf)]


def test_an_ersattare_may_serve_in_the_paragraph_where_the_ledamot_is_javig(mote, styrelse, fredrik_sekreterare):
    _organ, u = styrelse
    a = _arenden(mote)
    p = a[2].paragraf
    prot.satt_jav(paragraf=p, by=fredrik_sekreterare, version=p.version, uppdrag=[u["lena"]])
    mote.refresh_from_db()
    rader = [
        _rad(u["david"], N.BESLUTANDE), _rad(u["lena"], N.BESLUTANDE), _rad(u["olof"], N.BESLUTANDE),
        _rad(u["elsa"], N.TJANSTGORANDE, ersatter=u["lena"], fran_arende=a[2], till_arende=a[2]),
    ]  # fmt: skip
    prot.spara_narvaro(mote=mote, by=fredrik_sekreterare, version=mote.version, rader=rader)
    assert [x.person.first_name for x in prot.beslutande(p)] == ["David", "Olof", "Elsa"]
    # Taking the jäv away would have Lena and Elsa serve at once: refused.
    p.refresh_from_db()
    with pytest.raises(WorkflowError, match="Jävet kan inte tas bort"):
        prot.satt_jav(paragraf=p, by=fredrik_sekreterare, version=p.version, uppdrag=[])
    assert Jav.objects.filter(paragraf=p).count() == 1


# --- omröstning -----------------------------------------------------------------------------


def test_only_the_beslutande_vote_and_the_result_is_counted(mote, styrelse, fredrik_sekreterare):
    _organ, u = styrelse
    p = _arenden(mote)[2].paragraf
    with pytest.raises(WorkflowError, match="Elsa Karlsson är inte beslutande"):
        prot.spara_omrostning(paragraf=p, by=fredrik_sekreterare, version=p.version, roster={u["elsa"]: "ja"})
    prot.spara_omrostning(
        paragraf=p, by=fredrik_sekreterare, version=p.version,
        roster={u["david"]: "ja", u["lena"]: "nej", u["olof"]: "avstar"},
    )  # fmt: skip
    p.refresh_from_db()
    assert p.omrostning
    underlag = prot.Underlag(mote)
    resultat = underlag.resultat(p)
    # 1–1: the ordförande (David) has the casting vote.
    assert (resultat.ja, resultat.nej, resultat.avstar, resultat.utfall, resultat.utslagsrost) == (1, 1, 1, "ja", True)
    with pytest.raises(ConflictError):
        prot.spara_omrostning(paragraf=p, by=fredrik_sekreterare, version=p.version - 1, roster={})


def test_a_tie_without_the_chair_is_undecided():
    class R:
        def __init__(self, uid, svar):
            self.uppdrag_id, self.svar = uid, svar

    assert prot.omrostningsresultat([R(1, "ja"), R(2, "nej")], None).utfall == ""
    assert prot.omrostningsresultat([R(1, "ja"), R(2, "nej"), R(3, "nej")]).utfall == "nej"


# --- decisions ------------------------------------------------------------------------------


def test_bifall_moves_the_att_clauses_verbatim(mote, version, fredrik_sekreterare):
    p = _arenden(mote)[2].paragraf
    prot.spara_beslut(paragraf=p, by=fredrik_sekreterare, version=p.version, data={"beslut": B.BIFALL})
    p.refresh_from_db()
    assert prot.beslutssatser(p) == version.innehall["satser"] == data.SATSER
    assert p.beslutstext == "\n".join(data.SATSER)
    assert (p.belopp, str(p.period_fran), str(p.period_till)) == (450_000, "2026-04-01", "2027-03-31")
    assert AuditEntry.objects.filter(handling="protokoll.beslut").count() == 1


def test_bifall_with_a_changed_text_must_say_so(mote, fredrik_sekreterare):
    p = _arenden(mote)[2].paragraf
    text = "\n".join([*data.SATSER[:1], "avsätta maximalt 300 000 kr"])
    with pytest.raises(WorkflowError, match="Välj ”Bifall med ändringar”"):
        prot.spara_beslut(paragraf=p, by=fredrik_sekreterare, version=p.version, data={"beslut": B.BIFALL, "beslutstext": text})


def test_a_changed_amount_is_shown_against_the_proposal(mote, fredrik_sekreterare, client):
    p = _arenden(mote)[2].paragraf
    andrad = data.SATSER[1].replace("450\u00a0000", "300\u00a0000")
    text = "\n".join([data.SATSER[0], andrad, data.SATSER[2]])
    prot.spara_beslut(
        paragraf=p, by=fredrik_sekreterare, version=p.version,
        data={"beslut": B.ANDRAT, "beslutstext": text, "belopp": 300_000, "reservationer": "Olof Berg reserverar sig."},
    )  # fmt: skip
    p.refresh_from_db()
    assert p.belopp == 300_000 and str(p.period_fran) == "2026-04-01"  # the period from the proposal
    assert prot.jamforelse(p) == [
        (data.SATSER[0], data.SATSER[0], False), (data.SATSER[1], andrad, True), (data.SATSER[2], data.SATSER[2], False),
    ]  # fmt: skip
    client.force_login(fredrik_sekreterare)
    html = client.get(reverse("beslut:protokoll_foring", args=[mote.pk])).content.decode()
    assert "Föreslaget belopp: 450\u00a0000\u00a0kr" in html and "Beslutat belopp: 300\u00a0000\u00a0kr" in html
    assert andrad in html and "Olof Berg reserverar sig." in html


@pytest.mark.parametrize(
    "index, beslut, extra, meddelande",
    [
        (2, B.ATERREMISS, {}, "uppdrag vid återremissen"),
        (2, B.ANDRAT, {"beslutstext": " "}, "att-satserna"),
        (2, B.NOTERAT, {}, "kan inte fattas"),
        (3, B.BIFALL, {}, "kan inte fattas"),  # an informationsärende has no proposal
        (4, B.BESLUTAT, {}, "Skriv beslutet"),
    ],
)
def test_decisions_need_what_they_say(mote, fredrik_sekreterare, index, beslut, extra, meddelande):
    p = _arenden(mote)[index].paragraf
    with pytest.raises(WorkflowError, match=meddelande):
        prot.spara_beslut(paragraf=p, by=fredrik_sekreterare, version=p.version, data={"beslut": beslut, **extra})


def test_aterremiss_keeps_the_boards_instruction(mote, fredrik_sekreterare):
    p = _arenden(mote)[2].paragraf
    prot.spara_beslut(
        paragraf=p, by=fredrik_sekreterare, version=p.version,
        data={"beslut": B.ATERREMISS, "instruktion": "Komplettera med budget per år."},
    )  # fmt: skip
    p.refresh_from_db()
    assert p.instruktion == "Komplettera med budget per år." and p.belopp is None
    # The öppnande is prefilled (test_standard_items_start_with_their_customary_decisions).
    assert [x.arende.rubrik for x in prot.ofullstandiga(mote)] == [
        "Val av justerare", "Förbundschefen informerar", "Övriga frågor",
    ]  # fmt: skip


def test_justerare_are_chosen_as_rows_not_yet_attested(mote, styrelse, fredrik_sekreterare, david_ledamot):
    _organ, u = styrelse
    lena, olof = u["lena"].person, u["olof"].person
    prot.valj_justerare(mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=david_ledamot, justerare=[lena, olof])
    rows = list(Justering.objects.filter(sammantrade=mote).order_by("roll", "person__first_name"))
    assert [(j.roll, j.person.first_name, j.attesterad) for j in rows] == [
        ("justerare", "Lena", None), ("justerare", "Olof", None), ("ordforande", "David", None),
    ]  # fmt: skip
    mote.refresh_from_db()
    with pytest.raises(WorkflowError, match="Ordföranden justerar redan"):
        prot.valj_justerare(mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=lena, justerare=[lena])


# --- frozen ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hur", ["status", "protokoll"])
def test_a_justerat_protokoll_refuses_every_change(mote, styrelse, fredrik_sekreterare, david_ledamot, hur):
    _organ, u = styrelse
    if hur == "status":
        Sammantrade.objects.filter(pk=mote.pk).update(status=Sammantrade.Status.JUSTERAT)
    else:
        Protokoll.objects.create(sammantrade=mote, pdf="p.pdf", sha256="0" * 64, justerat="2026-03-20T10:00Z")
    mote.refresh_from_db()
    assert prot.protokollet_ar_last(mote)
    p = _arenden(mote)[2].paragraf
    changes = [
        lambda: prot.tilldela_paragrafer(mote=mote, by=fredrik_sekreterare),
        lambda: prot.paborja_protokoll(mote=mote, by=fredrik_sekreterare),
        lambda: prot.spara_narvaro(mote=mote, by=fredrik_sekreterare, version=mote.version, rader=[]),
        lambda: prot.valj_justerare(
            mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=david_ledamot, justerare=[u["lena"].person]
        ),
        lambda: prot.spara_beslut(paragraf=p, by=fredrik_sekreterare, version=p.version, data={"beslut": B.BIFALL}),
        lambda: prot.satt_jav(paragraf=p, by=fredrik_sekreterare, version=p.version, uppdrag=[u["lena"]]),
        lambda: prot.spara_omrostning(paragraf=p, by=fredrik_sekreterare, version=p.version, roster={u["david"]: "ja"}),
    ]
    for change in changes:
        with pytest.raises(WorkflowError, match="Protokollet är justerat och kan inte längre ändras"):
            change()
    p.refresh_from_db()
    assert p.beslut == "" and not Jav.objects.exists() and not Rost.objects.exists()
    assert Narvaro.objects.filter(sammantrade=mote).count() == 5


# --- the page's query count ---------------------------------------------------------------


def _fyllt_mote(styrelse, by, cecilia, antal):
    """A meeting of `antal` beslutsärenden, each decided with a changed
    text, a jäv and an omröstning, with a ledamot leaving and an ersättare
    serving from the next §."""
    organ, u = styrelse
    mote = data.genomfort_mote(organ, by, data.faststalld_version(cecilia), extra_beslut=antal - 1)
    prot.paborja_protokoll(mote=mote, by=by)
    mote.refresh_from_db()
    a = _arenden(mote)
    rader = [
        _rad(u["david"], N.BESLUTANDE), _rad(u["lena"], N.BESLUTANDE, till_arende=a[2]), _rad(u["olof"], N.BESLUTANDE),
        _rad(u["elsa"], N.TJANSTGORANDE, ersatter=u["lena"], fran_arende=a[3]),
    ]  # fmt: skip
    prot.spara_narvaro(mote=mote, by=by, version=mote.version, rader=rader)
    for arende in a:
        if arende.forslag_version_id:
            p = arende.paragraf
            text = "\n".join(prot.forslagets_satser(arende)).replace("450\u00a0000", "400\u00a0000")
            prot.spara_beslut(paragraf=p, by=by, version=p.version, data={"beslut": B.ANDRAT, "beslutstext": text, "belopp": 400_000})
            prot.satt_jav(paragraf=p, by=by, version=p.version + 1, uppdrag=[u["olof"]])
            prot.spara_omrostning(paragraf=p, by=by, version=p.version + 2, roster={u["david"]: "ja"})
    return mote


def test_the_page_reads_a_constant_number_of_queries(
    styrelse, fredrik_sekreterare, cecilia_forbundschef, client, django_assert_max_num_queries
):
    client.force_login(fredrik_sekreterare)
    counts = []
    for antal in (1, 20):
        mote = _fyllt_mote(styrelse, fredrik_sekreterare, cecilia_forbundschef, antal)
        with django_assert_max_num_queries(14) as ctx:
            response = client.get(reverse("beslut:protokoll_foring", args=[mote.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("Olof Berg anmäler jäv och deltar inte i handläggningen.") == antal
        assert html.count("Beslutat belopp: 400\u00a0000\u00a0kr") == antal
        counts.append(len(ctx.captured_queries))
        Paragraf.objects.filter(arende__sammantrade=mote).delete()  # the next meeting starts its own series
        Paragrafserie.objects.all().delete()
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "text_belopp, belopp, falt, meddelande",
    [
        ("300\u00a0000", None, "belopp", "Satserna anger 300\u00a0000\u00a0kr men beloppet är förslagets, 450\u00a0000\u00a0kr."),
        ("450\u00a0000", 300_000, "beslutstext", "men det beslutade beloppet är 300\u00a0000\u00a0kr"),
    ],
)
def test_a_changed_amount_must_agree_with_the_clauses(mote, fredrik_sekreterare, text_belopp, belopp, falt, meddelande):
    """The insats gets the decided amount as its maximum: a clause naming
    another amount is refused, at the field to correct."""
    p = _arenden(mote)[2].paragraf
    text = "\n".join(data.SATSER).replace("450\u00a0000", text_belopp) + "\nlägga till en sats"
    assert prot.beslutsfel(p.arende, B.ANDRAT, text, "", belopp)[0][0] == falt
    with pytest.raises(WorkflowError, match=meddelande):
        prot.spara_beslut(
            paragraf=p, by=fredrik_sekreterare, version=p.version,
            data={"beslut": B.ANDRAT, "beslutstext": text, "belopp": belopp},
        )  # fmt: skip


def test_a_justerat_protokoll_page_shows_no_forms_and_refuses_a_post(mote, fredrik_sekreterare, client):
    Sammantrade.objects.filter(pk=mote.pk).update(status=Sammantrade.Status.JUSTERAT)
    p = _arenden(mote)[2].paragraf
    client.force_login(fredrik_sekreterare)
    html = client.get(reverse("beslut:protokoll_foring", args=[mote.pk])).content.decode()
    assert "Protokollet är justerat och kan inte längre ändras." in html and "<textarea" not in html
    response = client.post(
        reverse("beslut:protokoll_beslut", args=[p.pk]), {f"p{p.pk}-beslut": "bifall", "version": p.version}
    )
    assert response.status_code == 400
    assert "Protokollet är justerat och kan inte längre ändras." in response.content.decode()
    p.refresh_from_db()
    assert p.beslut == ""


def test_justerare_are_chosen_among_those_present(mote, fredrik_sekreterare, david_ledamot, cecilia_forbundschef):
    with pytest.raises(WorkflowError, match="bland de närvarande"):
        prot.valj_justerare(
            mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=david_ledamot,
            justerare=[cecilia_forbundschef],
        )  # fmt: skip


def test_a_vote_of_someone_no_longer_serving_is_not_counted_and_goes(mote, styrelse, fredrik_sekreterare):
    _organ, u = styrelse
    a = _arenden(mote)
    p = a[2].paragraf
    prot.spara_omrostning(
        paragraf=p, by=fredrik_sekreterare, version=p.version, roster={u["lena"]: "nej", u["olof"]: "ja", u["david"]: "ja"}
    )
    rader = [_rad(u["david"], N.BESLUTANDE), _rad(u["lena"], N.BESLUTANDE, till_arende=a[1]), _rad(u["olof"], N.BESLUTANDE)]
    mote.refresh_from_db()
    prot.spara_narvaro(mote=mote, by=fredrik_sekreterare, version=mote.version, rader=rader)  # Lena left before § 3
    resultat = prot.Underlag(mote).resultat(p)
    assert (resultat.ja, resultat.nej) == (2, 0)
    assert not Rost.objects.filter(paragraf=p, uppdrag=u["lena"]).exists()  # and it is gone


def test_bifall_through_the_page_and_a_stale_save_keeps_what_was_typed(mote, fredrik_sekreterare, client):
    """The page's prefilled clauses posted as they are (with the browser's
    line endings) are the proposal's; a second tab's save is refused with
    what was typed in it shown again."""
    p = _arenden(mote)[2].paragraf
    client.force_login(fredrik_sekreterare)
    url = reverse("beslut:protokoll_beslut", args=[p.pk])
    prefix = f"p{p.pk}"
    post = {f"{prefix}-beslut": "bifall", f"{prefix}-beslutstext": "\r\n".join(data.SATSER), "version": p.version}
    assert client.post(url, post).status_code == 302
    p.refresh_from_db()
    assert (p.beslut, prot.beslutssatser(p), p.belopp) == ("bifall", data.SATSER, 450_000)
    stale = {**post, f"{prefix}-beslut": "", f"{prefix}-anteckningar": "Andra flikens anteckning"}
    response = client.post(url, stale)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Paragrafen har ändrats av någon annan sedan du öppnade sidan" in html
    assert "Andra flikens anteckning" in html
    p.refresh_from_db()
    assert p.beslut == "bifall" and p.anteckningar == ""


def test_going_back_to_bifall_over_an_untouched_changed_text_takes_the_proposals(mote, fredrik_sekreterare):
    p = _arenden(mote)[2].paragraf
    andrad = "\n".join([data.SATSER[0], data.SATSER[1].replace("450\u00a0000", "300\u00a0000")])
    prot.spara_beslut(
        paragraf=p, by=fredrik_sekreterare, version=p.version,
        data={"beslut": B.ANDRAT, "beslutstext": andrad, "belopp": 300_000},
    )  # fmt: skip
    p.refresh_from_db()
    prot.spara_beslut(
        paragraf=p, by=fredrik_sekreterare, version=p.version, data={"beslut": B.BIFALL, "beslutstext": andrad}
    )
    p.refresh_from_db()
    assert (prot.beslutssatser(p), p.belopp) == (data.SATSER, 450_000)


def test_the_omrostning_states_what_ja_and_nej_were_for(client, mote, styrelse, fredrik_sekreterare):
    _organ, u = styrelse
    p = _arenden(mote)[2].paragraf
    client.force_login(fredrik_sekreterare)
    page = client.get(reverse("beslut:protokoll_foring", args=[mote.pk])).content.decode()
    assert "Ja-röst för (t.ex. förbundschefens förslag)" in page and "Nej-röst för (t.ex. avslag)" in page
    r = client.post(
        reverse("beslut:protokoll_omrostning", args=[p.pk]),
        {"version": p.version, f"rost{p.pk}-ja_forslag": "förbundschefens förslag",
         f"rost{p.pk}-nej_forslag": "avslag", f"rost{p.pk}-u{u['david'].pk}": "ja", f"rost{p.pk}-u{u['lena'].pk}": "nej"},
    )  # fmt: skip
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.omrostning, p.ja_forslag, p.nej_forslag) == (True, "förbundschefens förslag", "avslag")
    # Taking the votes away takes the propositions with them.
    prot.spara_omrostning(paragraf=p, by=fredrik_sekreterare, version=p.version, roster={}, ja_forslag="x")
    p.refresh_from_db()
    assert (p.omrostning, p.ja_forslag) == (False, "")


def test_standard_items_start_with_their_customary_decisions(mote, styrelse, fredrik_sekreterare, david_ledamot):
    _organ, u = styrelse
    a = _arenden(mote)
    oppnande, justerare = a[0].paragraf, a[1].paragraf
    assert (oppnande.beslut, oppnande.beslutstext) == (B.BESLUTAT, "Ordföranden förklarar sammanträdet öppnat.")
    assert (justerare.beslut, justerare.beslutstext) == ("", "")  # none chosen yet
    lena, olof = u["lena"].person, u["olof"].person
    prot.valj_justerare(mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=david_ledamot, justerare=[lena, olof])
    justerare.refresh_from_db()
    assert (justerare.beslut, justerare.beslutstext) == (
        B.BESLUTAT, "Lena Nord och Olof Berg utses att jämte ordföranden justera protokollet."
    )
    # Chosen again: the text follows…
    mote.refresh_from_db()
    prot.valj_justerare(mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=david_ledamot, justerare=[olof])
    justerare.refresh_from_db()
    assert justerare.beslutstext == "Olof Berg utses att jämte ordföranden justera protokollet."
    # …unless the sekreterare wrote their own, which stays.
    prot.spara_beslut(
        paragraf=justerare, by=fredrik_sekreterare, version=justerare.version,
        data={"beslut": B.BESLUTAT, "beslutstext": "Olof Berg utses att justera protokollet. Justering sker 2026-12-10."},
    )  # fmt: skip
    mote.refresh_from_db()
    prot.valj_justerare(mote=mote, by=fredrik_sekreterare, version=mote.version, ordforande=david_ledamot, justerare=[lena])
    justerare.refresh_from_db()
    assert justerare.beslutstext.endswith("Justering sker 2026-12-10.")
    # The secretary edits a prefilled text like any other.
    prot.spara_beslut(
        paragraf=oppnande, by=fredrik_sekreterare, version=oppnande.version,
        data={"beslut": B.BESLUTAT, "beslutstext": "Ordföranden hälsar välkommen och förklarar sammanträdet öppnat."},
    )  # fmt: skip
    oppnande.refresh_from_db()
    assert oppnande.beslutstext.startswith("Ordföranden hälsar välkommen")


def test_the_standard_decisions_by_type():
    from beslut.models import Arende

    T = Arende.Typ
    assert prot._standardbeslut(Arende(typ=T.DAGORDNING), []) == (B.BESLUTAT, "Dagordningen fastställs.")
    assert prot._standardbeslut(Arende(typ=T.DELEGATION), []) == (B.NOTERAT, "Anmälan av delegationsbesluten noteras.")
    assert prot._standardbeslut(Arende(typ=T.AVSLUTNING), [])[1] == "Ordföranden förklarar sammanträdet avslutat."
    assert prot._standardbeslut(Arende(typ=T.BESLUT), []) == ("", "")

    class P:
        def __init__(self, n):
            self.n = n

        def get_full_name(self):
            return self.n

    assert prot.justerartext([P("A B"), P("C D"), P("E F")]) == "A B, C D och E F utses att jämte ordföranden justera protokollet."

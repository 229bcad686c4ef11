"""Closing an insats (issue 11 item 8): the slutrapport accepted, no claim
open, every avvikelse handled; what is released per year; audit; the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from insatser import avvikelser, ekonomi, selectors, services
from insatser import rekvisitioner as rek
from insatser.models import Avvikelse, Beviljande, Insats, Rapport, Rekvisition
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"


@pytest.fixture
def insats(orgs):
    insats = Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"], startdatum=D(2025, 1, 1))
    for fran, till, belopp in [(D(2025, 1, 1), D(2025, 12, 31), 100_000), (D(2026, 1, 1), D(2026, 12, 31), 50_000)]:
        Beviljande.objects.create(
            insats=insats, beslutsdatum=fran, period_fran=fran, period_till=till, belopp=belopp
        )
    return insats


def _betald(insats, by, kansli, belopp, period, betald):
    bev = insats.beviljanden.get(period_fran__year=period[0].year)
    r = rek.lamna_in(insats=insats, beviljande=bev, period=period, rader={"lon": belopp}, by=by)
    r = rek.attestera(rekvisition=r, by=kansli, version=r.version)
    # Attested before the payment day (the service stamps today; the case is earlier).
    Rekvisition.objects.filter(pk=r.pk).update(attesterad=timezone.make_aware(datetime.datetime.combine(betald, datetime.time(9))))
    return rek.markera_betald(rekvisition=r, by=kansli, version=r.version, datum=betald)


@pytest.fixture
def slutrapport(insats):
    return Rapport.objects.create(
        insats=insats, typ=Rapport.Typ.SLUTRAPPORT, period_fran=D(2025, 1, 1), period_till=D(2026, 11, 30),
        forfallodatum=D(2027, 3, 1), status=Rapport.Status.INLAMNAD,
    )  # fmt: skip


def test_closing_checks_release_per_year_and_audit(insats, slutrapport, anna_sokande, bertil_handlaggare):
    _betald(insats, anna_sokande, bertil_handlaggare, 60_000, (D(2025, 1, 1), D(2025, 3, 31)), D(2025, 5, 2))
    oppen = rek.lamna_in(
        insats=insats, beviljande=insats.beviljanden.get(period_fran__year=2026),
        period=(D(2026, 1, 1), D(2026, 3, 31)), rader={"lon": 10_000}, by=anna_sokande,
    )  # fmt: skip
    a = avvikelser.rapportera(
        insats=insats, by=anna_sokande, vad="Vakans.", sedan=D(2025, 9, 1), konsekvenser="Färre deltagare."
    )
    avslut = selectors.avslut(insats)
    assert [k.uppfylld for k in avslut.kontroller] == [False, False, False]
    assert [(a.ar, a.beviljat, a.betalt, a.frigors) for a in avslut.per_ar] == [
        (2025, 100_000, 60_000, 40_000),
        (2026, 50_000, 0, 50_000),
    ]
    with pytest.raises(services.WorkflowError) as refused:
        services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version)
    assert "Slutrapporten är inte godkänd ännu." in str(refused.value)
    assert "1 rekvisition är inlämnad eller attesterad men inte betald." in str(refused.value)
    assert "1 avvikelserapport väntar på hantering." in str(refused.value)

    rek.returnera(rekvisition=oppen, by=bertil_handlaggare, version=oppen.version, kommentar="Fel period.")
    avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=a.version, status="noterad", kommentar="Ok.")
    Rapport.objects.filter(pk=slutrapport.pk).update(status=Rapport.Status.GODKAND)
    assert selectors.avslut(insats).mojligt
    with pytest.raises(services.InsatsError) as framtid:
        services.avsluta_insats(
            insats=insats, by=bertil_handlaggare, version=insats.version,
            datum=timezone.localdate() + datetime.timedelta(days=1),
        )  # fmt: skip
    assert framtid.value.field == "datum"
    closed = services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version)
    assert closed.status == Insats.Status.AVSLUTAD and closed.avslutad_datum == timezone.localdate()
    entry = AuditEntry.objects.get(handling="insats.avslutad")
    assert entry.data["frigjort"] == 90_000 and entry.data["frigjort_per_ar"] == {"2025": 40_000, "2026": 50_000}
    assert entry.data["andrat"] == {"status": ["pagar", "avslutad"]}
    with pytest.raises(services.ConflictError):  # the page opened before the close
        services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version)
    with pytest.raises(services.WorkflowError):
        services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=closed.version)
    # The ekonomi counts only what was paid: the rest goes back to the years' funds.
    years = {y.ar: y for y in ekonomi.ekonomi(2025, 2026, riktlinje=False)}
    assert (years[2025].beslutat, years[2025].frigjort) == (60_000, 40_000)
    assert (years[2026].beslutat, years[2026].frigjort) == (0, 50_000)


def test_without_a_slutrapport_a_note_is_required(insats, bertil_handlaggare):
    assert selectors.avslut(insats).utan_slutrapport
    with pytest.raises(services.InsatsError) as refused:
        services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version, notering="  ")
    assert refused.value.field == "notering"
    services.avsluta_insats(
        insats=insats, by=bertil_handlaggare, version=insats.version, datum=D(2026, 11, 30),
        notering="Slutredovisad på papper, dnr SFU 2027/3.",
    )  # fmt: skip
    insats.refresh_from_db()
    assert insats.avslutad_datum == D(2026, 11, 30)
    assert AuditEntry.objects.get(handling="insats.avslutad").data["notering"].startswith("Slutredovisad")


def test_the_closing_page(client_for, insats, slutrapport, bertil_handlaggare, anna_sokande, david_ledamot):
    url = reverse("insatser:avsluta", args=[insats.pk])
    assert client_for(anna_sokande).get(url).status_code == 403
    assert client_for(david_ledamot).get(url).status_code == 403
    assert url not in client_for(anna_sokande).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()

    client = client_for(bertil_handlaggare)
    assert url in client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "Slutrapporten är godkänd" in page and "Inte uppfyllt" in page
    assert f"150{NBSP}000{NBSP}kr" in page and "data-bekrafta-knapp" not in page  # no form while unmet
    Rapport.objects.filter(pk=slutrapport.pk).update(status=Rapport.Status.GODKAND)
    page = client.get(url).content.decode()
    assert "data-bekrafta-knapp" in page and f"150{NBSP}000{NBSP}kr går tillbaka" in page
    refused = client.post(url, {"datum": "20xx-01-01", "notering": "", "version": insats.version})
    assert refused.status_code == 400 and "ÅÅÅÅ-MM-DD" in refused.content.decode()
    stale = client.post(url, {"datum": "2026-11-30", "version": insats.version - 1})
    assert stale.status_code == 409 and "sedan du öppnade" in stale.content.decode()
    done = client.post(url, {"datum": "2026-11-30", "notering": "", "version": insats.version})
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "Avslutad 2026-11-30" in page and "Insatsen avslutad" in page  # the state and the timeline
    assert "Insatsen avslutad (status)" not in page
    anna = client_for(anna_sokande).get(done["Location"]).content.decode()
    assert url not in page and "Rapportera avvikelse" not in anna and "Insatsen avslutad" in anna


def test_the_closing_page_query_count_does_not_grow(
    client, insats, slutrapport, anna_sokande, bertil_handlaggare, django_assert_max_num_queries
):
    client.force_login(bertil_handlaggare)
    url = reverse("insatser:avsluta", args=[insats.pk])

    def count():
        with django_assert_max_num_queries(25) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(6):
        _betald(insats, anna_sokande, bertil_handlaggare, 1_000, (D(2025, i + 1, 1), D(2025, i + 1, 28)), D(2025, 8, 1))
        Beviljande.objects.create(
            insats=insats, beslutsdatum=D(2026, 1, 1), period_fran=D(2027 + i, 1, 1), period_till=D(2027 + i, 6, 30),
            belopp=10_000,
        )  # fmt: skip
        avvikelser.rapportera(insats=insats, by=anna_sokande, vad="x", sedan=D(2025, 2, 1), konsekvenser="y")
    assert count() == one, one


def _klockan(dag, timme, minut=0):
    """An aware moment in UTC (the local day may be the next one)."""
    return datetime.datetime(dag.year, dag.month, dag.day, timme, minut, tzinfo=datetime.UTC)


def test_the_closing_day_is_not_before_the_claims_the_slutrapport_or_an_avvikelse(
    client_for, insats, slutrapport, anna_sokande, bertil_handlaggare
):
    # Paid claims cover costs to 2026-03-31; a later returned one does not count.
    _betald(insats, anna_sokande, bertil_handlaggare, 20_000, (D(2026, 1, 1), D(2026, 3, 31)), D(2026, 5, 2))
    returnerad = rek.lamna_in(
        insats=insats, beviljande=insats.beviljanden.get(period_fran__year=2026),
        period=(D(2026, 4, 1), D(2026, 9, 30)), rader={"lon": 10_000}, by=anna_sokande,
    )  # fmt: skip
    rek.returnera(rekvisition=returnerad, by=bertil_handlaggare, version=returnerad.version, kommentar="Fel.")
    a = avvikelser.rapportera(insats=insats, by=anna_sokande, vad="Vakans.", sedan=D(2025, 9, 1), konsekvenser="-")
    avvikelser.hantera(avvikelse=a, by=bertil_handlaggare, version=a.version, status="noterad", kommentar="Ok.")
    Avvikelse.objects.filter(pk=a.pk).update(hanterad=_klockan(D(2026, 2, 10), 10))
    # Accepted at 23:30 UTC on 9 June: 10 June in Sweden.
    Rapport.objects.filter(pk=slutrapport.pk).update(
        status=Rapport.Status.GODKAND, hanterad=_klockan(D(2026, 6, 9), 23, 30)
    )

    def avsluta(datum):
        insats.refresh_from_db()
        return services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=insats.version, datum=datum)

    with pytest.raises(services.InsatsError) as refused:
        avsluta(D(2025, 11, 1))
    assert refused.value.field == "datum"
    assert str(refused.value) == "Avslutsdagen kan inte vara före 2026-06-10, då slutrapporten godkändes."
    Rapport.objects.filter(pk=slutrapport.pk).update(hanterad=_klockan(D(2026, 1, 15), 9))
    with pytest.raises(services.InsatsError) as refused:
        avsluta(D(2026, 3, 30))
    assert str(refused.value) == "Avslutsdagen kan inte vara före 2026-03-31, då den sista rekvisitionens period slutar."
    Avvikelse.objects.filter(pk=a.pk).update(hanterad=_klockan(D(2026, 4, 20), 10))
    with pytest.raises(services.InsatsError) as refused:
        avsluta(D(2026, 3, 31))
    assert str(refused.value) == "Avslutsdagen kan inte vara före 2026-04-20, då den sista avvikelserapporten hanterades."

    # The page: the earliest day at the field, and a refusal there with what was typed.
    url = reverse("insatser:avsluta", args=[insats.pk])
    client = client_for(bertil_handlaggare)
    assert "tidigast 2026-04-20" in client.get(url).content.decode()
    response = client.post(url, {"version": insats.version, "datum": "2025-11-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Avslutsdagen kan inte vara före 2026-04-20, då den sista avvikelserapporten hanterades." in page
    assert 'value="2025-11-01"' in page and "is-invalid" in page
    assert client.post(url, {"version": insats.version, "datum": "2026-04-20"}).status_code == 302
    insats.refresh_from_db()
    assert (insats.status, insats.avslutad_datum) == (Insats.Status.AVSLUTAD, D(2026, 4, 20))


def test_the_closing_page_keeps_its_query_count(client_for, insats, slutrapport, anna_sokande, bertil_handlaggare,
                                                django_assert_max_num_queries):
    url = reverse("insatser:avsluta", args=[insats.pk])
    client = client_for(bertil_handlaggare)
    with django_assert_max_num_queries(30) as ctx:
        client.get(url)
    few = len(ctx.captured_queries)
    for manad in range(1, 10):
        _betald(insats, anna_sokande, bertil_handlaggare, 1_000, (D(2025, manad, 1), D(2025, manad, 28)), D(2025, 11, 1))
    with django_assert_max_num_queries(30) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == few

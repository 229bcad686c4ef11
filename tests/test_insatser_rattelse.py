"""Correcting an insats in the register never undoes what the follow-up
rests on (issue 11, items 1 and 8, found by an independent tester): a grant
is not lowered below what is claimed on it, nor its period moved off a
claim, nor removed with claims; the status is not edited there (closing is
the closing page, reopening a decision); a closed insats keeps its grants.
Also the registration of an insats that has already ended."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from insatser import rekvisitioner as rek
from insatser import services
from insatser.models import Beviljande, Insats
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"


@pytest.fixture
def insats(orgs, kategorier):
    insats = Insats.objects.create(
        namn="Steget vidare", insatsagare=orgs["alvkarleby"], kategori=kategorier["Individinriktad"],
        startdatum=D(2025, 1, 1),
    )  # fmt: skip
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 12, 1), diarienummer="SFU 2024/9",
        period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31), belopp=600_000,
    )  # fmt: skip
    Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 12, 1), diarienummer="SFU 2024/10",
        period_fran=D(2026, 1, 1), period_till=D(2026, 12, 31), belopp=100_000,
    )  # fmt: skip
    return insats


@pytest.fixture
def rekvirerat(insats, anna_sokande, bertil_handlaggare):
    """585 250 kr claimed on the 2025 grant (one paid, one waiting), and a
    returned claim that no longer counts."""
    grant = insats.beviljanden.get(period_fran__year=2025)

    def claim(fran, till, kronor):
        return rek.lamna_in(insats=insats, beviljande=grant, period=(fran, till), rader={"lon": kronor}, by=anna_sokande)

    paid = claim(D(2025, 2, 1), D(2025, 6, 30), 300_000)
    paid = rek.attestera(rekvisition=paid, by=bertil_handlaggare, version=paid.version)
    rek.markera_betald(rekvisition=paid, by=bertil_handlaggare, version=paid.version, datum=timezone.localdate())
    claim(D(2025, 7, 1), D(2025, 10, 31), 285_250)
    returned = claim(D(2025, 11, 1), D(2025, 12, 31), 10_000)
    rek.returnera(rekvisition=returned, by=bertil_handlaggare, version=returned.version, kommentar="Fel.")
    insats.refresh_from_db()
    return grant


def _rows(insats, changes=None):
    """The grants as the service takes them; `changes` {grant pk: {field: value}}."""
    return [
        {"id": g.pk, **{k: getattr(g, k) for k in services.BEVILJANDE_FALT}, **(changes or {}).get(g.pk, {})}
        for g in insats.beviljanden.order_by("period_fran")
    ]


def _andra(insats, by, beviljanden, **falt):
    values = {name: getattr(insats, name) for name in services.FALT} | falt
    return services.andra_insats(insats=insats, by=by, version=insats.version, beviljanden=beviljanden, **values)


# --- the service ----------------------------------------------------------------------


def test_a_grant_is_not_lowered_below_what_is_claimed_on_it(insats, rekvirerat, bertil_handlaggare):
    with pytest.raises(services.BeviljandeFel) as refused:
        _andra(insats, bertil_handlaggare, _rows(insats, {rekvirerat.pk: {"belopp": 500_000}}))
    [(pk, field, message)] = refused.value.fel
    assert (pk, field) == (rekvirerat.pk, "belopp")
    assert f"85{NBSP}250{NBSP}kr mer än det nya beloppet är redan rekvirerat" in message
    assert f"585{NBSP}250{NBSP}kr" in message  # the returned claim's 10 000 kr does not count
    rekvirerat.refresh_from_db()
    assert rekvirerat.belopp == 600_000 and not AuditEntry.objects.filter(handling="insats.andrad").exists()
    # Down to exactly what is claimed is fine, and so the total still covers the claims.
    _andra(insats, bertil_handlaggare, _rows(insats, {rekvirerat.pk: {"belopp": 585_250}}))
    rekvirerat.refresh_from_db()
    assert rekvirerat.belopp == 585_250


def test_a_grant_keeps_the_period_of_its_claims_and_is_not_removed(insats, rekvirerat, bertil_handlaggare):
    later = {"period_fran": D(2025, 3, 1), "period_till": D(2025, 9, 30)}
    with pytest.raises(services.BeviljandeFel) as refused:
        _andra(insats, bertil_handlaggare, _rows(insats, {rekvirerat.pk: later}))
    assert [(f, m[:40]) for _pk, f, m in refused.value.fel] == [
        ("period_fran", "Perioden kan inte börja efter 2025-02-01"),
        ("period_till", "Perioden kan inte sluta före 2025-10-31:"),
    ]
    without = [row for row in _rows(insats) if row["id"] != rekvirerat.pk]
    with pytest.raises(services.BeviljandeFel) as refused:
        _andra(insats, bertil_handlaggare, without)
    [(pk, field, message)] = refused.value.fel
    assert (pk, field) == (rekvirerat.pk, None)
    assert "3 rekvisitioner hänvisar till det" in message  # the returned one too: it keeps its grant
    assert insats.beviljanden.count() == 2
    # A grant without claims may still be removed, and one with claims corrected otherwise.
    other = insats.beviljanden.get(period_fran__year=2026)
    kept = [row for row in _rows(insats, {rekvirerat.pk: {"diarienummer": "SFU 2024/11"}}) if row["id"] != other.pk]
    _andra(insats, bertil_handlaggare, kept)
    assert list(insats.beviljanden.values_list("diarienummer", flat=True)) == ["SFU 2024/11"]


def test_the_status_is_not_changed_by_a_correction(insats, bertil_handlaggare):
    with pytest.raises(services.WorkflowError):
        _andra(insats, bertil_handlaggare, _rows(insats), status=Insats.Status.AVSLUTAD)
    insats.refresh_from_db()
    assert (insats.status, insats.version) == (Insats.Status.PAGAR, 1)


def test_a_closed_insats_keeps_its_grants_but_its_name_may_be_corrected(insats, bertil_handlaggare):
    services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=1, datum=D(2026, 11, 30), notering="På papper.")
    insats.refresh_from_db()
    first = insats.beviljanden.order_by("period_fran").first()
    with pytest.raises(services.InsatsError) as refused:
        _andra(insats, bertil_handlaggare, _rows(insats, {first.pk: {"belopp": 700_000}}))
    assert refused.value.field == "beviljanden"
    with pytest.raises(services.InsatsError) as refused:
        _andra(insats, bertil_handlaggare, None, startdatum=D(2026, 12, 1))
    assert refused.value.field == "startdatum"
    saved = _andra(insats, bertil_handlaggare, None, namn="Steget vidare i Älvkarleby")
    assert (saved.namn, saved.status, saved.avslutad_datum) == ("Steget vidare i Älvkarleby", "avslutad", D(2026, 11, 30))
    assert sorted(insats.beviljanden.values_list("belopp", flat=True)) == [100_000, 600_000]


def test_registering_an_insats_that_has_ended_takes_its_end_date(bertil_handlaggare, orgs, kategorier):
    grant = {"beslutsdatum": D(2020, 1, 1), "period_fran": D(2020, 1, 1), "period_till": D(2021, 12, 31), "belopp": 1}
    falt = {
        "by": bertil_handlaggare, "namn": "Gammal insats", "insatsagare": orgs["alvkarleby"],
        "kategori": kategorier["Individinriktad"], "startdatum": D(2020, 1, 1), "beviljanden": [grant],
    }  # fmt: skip
    with pytest.raises(services.InsatsError) as refused:
        services.registrera_insats(status=Insats.Status.AVSLUTAD, avslutad_datum=D(2019, 12, 31), **falt)
    assert refused.value.field == "avslutad_datum"
    insats = services.registrera_insats(status=Insats.Status.AVSLUTAD, avslutad_datum=D(2021, 12, 31), **falt)
    assert (insats.status, insats.avslutad_datum) == ("avslutad", D(2021, 12, 31))
    assert AuditEntry.objects.get(handling="insats.registrerad").data["avslutad_datum"] == "2021-12-31"
    # Without a date: when its last grant ended (not later than today).
    default = services.registrera_insats(status=Insats.Status.AVSLUTAD, **falt | {"namn": "Utan datum"})
    assert default.avslutad_datum == D(2021, 12, 31)
    future = grant | {"period_till": timezone.localdate() + datetime.timedelta(days=60)}
    default = services.registrera_insats(
        status=Insats.Status.AVSLUTAD, **falt | {"namn": "Avbruten", "beviljanden": [future]}
    )
    assert default.avslutad_datum == timezone.localdate()


# --- the pages ----------------------------------------------------------------------


def _post(insats, grants, **changes):
    data = {
        "version": str(insats.version), "namn": insats.namn, "insatsagare": str(insats.insatsagare_id),
        "kategori": str(insats.kategori_id), "startdatum": insats.startdatum.isoformat(),
        "beviljande-TOTAL_FORMS": str(len(grants)), "beviljande-INITIAL_FORMS": str(len(grants)),
        "beviljande-MIN_NUM_FORMS": "0", "beviljande-MAX_NUM_FORMS": "50",
    }  # fmt: skip
    for i, g in enumerate(grants):
        for key, value in g.items():
            data[f"beviljande-{i}-{key}"] = "" if value is None else str(value)
    return data | changes


def test_the_edit_page_says_by_how_much_next_to_the_grant_and_keeps_the_typing(
    client_for, insats, rekvirerat, bertil_handlaggare
):
    client = client_for(bertil_handlaggare)
    url = reverse("insatser:redigera", args=[insats.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page and "Avsluta insatsen" in page  # closing is the closing page
    rows = _rows(insats, {rekvirerat.pk: {"belopp": 500_000}})
    response = client.post(url, _post(insats, rows, namn="Nytt namn", status="avslutad"))
    body = response.content.decode()
    assert response.status_code == 200
    error = body.split('id="id_beviljande-0-belopp_error"')[1].split("</div>")[0]
    assert f"85{NBSP}250{NBSP}kr mer än det nya beloppet är redan rekvirerat" in error
    assert 'value="500000"' in body and 'value="Nytt namn"' in body
    assert "<title>Fel: " in body and 'href="#id_beviljande-0-belopp"' in body  # in the error summary too
    insats.refresh_from_db()
    assert (insats.namn, insats.version) == ("Steget vidare", 1)

    # A refused removal brings the row back, not removed, with the reason.
    rows = _rows(insats)
    rows[0]["DELETE"] = "on"
    body = client.post(url, _post(insats, rows)).content.decode()
    row = body.split('id="id_beviljande-0-beslutsdatum"')[0].rsplit("<tr", 1)[1]
    assert " hidden" not in row
    assert "Beslutet kan inte tas bort" in body and "checked" not in body.split('name="beviljande-0-DELETE"')[1].split(">")[0]

    # The status posted from an old page is ignored: the insats stays ongoing.
    ok = client.post(url, _post(insats, _rows(insats), namn="Nytt namn", status="avslutad"))
    assert ok.status_code == 302
    insats.refresh_from_db()
    assert (insats.namn, insats.status, insats.avslutad_datum) == ("Nytt namn", "pagar", None)


def test_a_closed_insats_on_the_edit_and_insats_pages(
    client_for, insats, bertil_handlaggare, cecilia_forbundschef, anna_sokande
):
    services.avsluta_insats(
        insats=insats, by=cecilia_forbundschef, version=1, datum=D(2026, 11, 30),
        notering="Slutredovisad på papper, dnr SFU 2027/3.",
    )  # fmt: skip
    insats.refresh_from_db()
    client = client_for(bertil_handlaggare)
    url = reverse("insatser:redigera", args=[insats.pk])
    page = client.get(url).content.decode()
    assert "data-avslutad" in page and "Avslutad</span> 2026-11-30" in page
    assert "beviljande-TOTAL_FORMS" not in page and 'name="status"' not in page
    assert f"600{NBSP}000{NBSP}kr" in page  # the grants, shown as they are
    data = _post(insats, []) | {"namn": "Steget vidare (rättat)", "beviljande-0-belopp": "1"}
    assert client.post(url, data).status_code == 302
    insats.refresh_from_db()
    assert (insats.namn, insats.status) == ("Steget vidare (rättat)", "avslutad")
    assert sorted(insats.beviljanden.values_list("belopp", flat=True)) == [100_000, 600_000]

    detalj = reverse("insatser:detalj", args=[insats.pk])
    page = client.get(detalj).content.decode()
    assert "Avslutad 2026-11-30" in page and "Avslutad, avslutad" not in page
    assert "Slutredovisad på papper, dnr SFU 2027/3." in page
    assert f"avslutad av {cecilia_forbundschef}" in page
    assert "Insatsen avslutad" in page and "Insatsen avslutad (status)" not in page
    assert "Sätt rapportplan" not in page and "Ändra rapportplan" not in page
    assert reverse("insatser:rapportplan", args=[insats.pk]) not in page
    anna = client_for(anna_sokande).get(detalj).content.decode()
    assert "Slutredovisad på papper" in anna and f"avslutad av {cecilia_forbundschef}" not in anna


def test_an_ongoing_insats_offers_the_report_plan(client_for, insats, bertil_handlaggare):
    page = client_for(bertil_handlaggare).get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert reverse("insatser:rapportplan", args=[insats.pk]) in page


def test_registering_an_ended_insats_through_the_form(client_for, bertil_handlaggare, orgs, kategorier):
    client = client_for(bertil_handlaggare)
    data = {
        "namn": "Avslutad sedan länge", "insatsagare": str(orgs["alvkarleby"].pk),
        "kategori": str(kategorier["Individinriktad"].pk), "startdatum": "2020-01-01", "status": "avslutad",
        "beviljande-TOTAL_FORMS": "1", "beviljande-INITIAL_FORMS": "0",
        "beviljande-MIN_NUM_FORMS": "0", "beviljande-MAX_NUM_FORMS": "50",
        "beviljande-0-beslutsdatum": "2019-12-01", "beviljande-0-period_fran": "2020-01-01",
        "beviljande-0-period_till": "2021-12-31", "beviljande-0-belopp": "200000",
    }  # fmt: skip
    page = client.get(reverse("insatser:ny")).content.decode()
    assert 'name="status"' in page and 'name="avslutad_datum"' in page
    framtid = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(reverse("insatser:ny"), data | {"avslutad_datum": framtid}).content.decode()
    assert 'id="id_avslutad_datum_error"' in refused and "Avslutsdagen kan inte vara i framtiden." in refused
    refused = client.post(reverse("insatser:ny"), data | {"avslutad_datum": "2019-12-31"}).content.decode()
    assert "Avslutsdagen kan inte vara före insatsens startdatum." in refused and not Insats.objects.exists()
    assert client.post(reverse("insatser:ny"), data | {"avslutad_datum": "2021-12-31"}).status_code == 302
    assert Insats.objects.get().avslutad_datum == D(2021, 12, 31)
    # An ongoing one: a date typed by mistake is not kept.
    data |= {"namn": "Pågående", "status": "pagar", "avslutad_datum": "2021-12-31"}
    assert client.post(reverse("insatser:ny"), data).status_code == 302
    assert Insats.objects.get(namn="Pågående").avslutad_datum is None
    data |= {"namn": "Utan datum", "status": "avslutad", "avslutad_datum": ""}
    assert client.post(reverse("insatser:ny"), data).status_code == 302
    assert Insats.objects.get(namn="Utan datum").avslutad_datum == D(2021, 12, 31)


def test_the_closing_page_prints_years_plainly_and_tells_checks_apart(client_for, insats, anna_sokande, bertil_handlaggare):
    grant = insats.beviljanden.get(period_fran__year=2025)
    rek.lamna_in(insats=insats, beviljande=grant, period=(D(2025, 1, 1), D(2025, 1, 31)), rader={"lon": 1}, by=anna_sokande)
    page = client_for(bertil_handlaggare).get(reverse("insatser:avsluta", args=[insats.pk])).content.decode()
    assert '<th scope="row">2025</th>' in page and '<th scope="row">2026</th>' in page
    assert "2" + NBSP + "025" not in page and "2 025" not in page
    assert "1 rekvisition är inlämnad eller attesterad men inte betald." in page
    uppfylld = page.split('data-kontroll="uppfylld"')[0].rsplit("<span", 1)[1]
    ej = page.split('data-kontroll="ej-uppfylld"')[0].rsplit("<span", 1)[1]
    assert "bg-success-subtle" in uppfylld and "bg-danger-subtle" in ej
    assert "✓" in page and "✗" in page  # not by colour alone


def test_a_decision_reopens_a_closed_insats_without_its_closing_note(insats, bertil_handlaggare, anna_sokande):
    from ansokningar import services as ansokan_services

    services.avsluta_insats(insats=insats, by=bertil_handlaggare, version=1, datum=D(2026, 11, 30), notering="Slut.")
    ansokan = ansokan_services.skapa_ansokan(
        by=anna_sokande, insatsagare=insats.insatsagare, namn=insats.namn, typ="tillagg", insats=insats
    )
    grant = {"beslutsdatum": D(2026, 12, 1), "period_fran": D(2027, 1, 1), "period_till": D(2027, 12, 31), "belopp": 1}
    reopened, _grant = services.bevilja_insats(by=bertil_handlaggare, beviljande=grant, ansokan=ansokan, insats=insats)
    reopened.refresh_from_db()
    assert (reopened.status, reopened.avslutad_datum, reopened.avslutad_av, reopened.avslut_notering) == (
        "pagar", None, None, ""
    )
    assert AuditEntry.objects.get(handling="insats.avslutad").data["notering"] == "Slut."  # the history keeps it


def test_the_start_is_not_after_the_first_grant_or_claim(client_for, insats, rekvirerat, bertil_handlaggare, orgs, kategorier):
    # The service: neither on the edit page nor when registering.
    with pytest.raises(services.InsatsError) as refused:
        _andra(insats, bertil_handlaggare, None, startdatum=D(2026, 6, 1))
    assert refused.value.field == "startdatum"
    assert str(refused.value) == "Startdatum kan inte vara efter 2025-01-01, då det första beviljandets period börjar."
    # Moving the first grant later is refused by its claims; the start may follow the grants' start.
    rows = _rows(insats, {rekvirerat.pk: {"period_fran": D(2025, 2, 1)}})
    saved = _andra(insats, bertil_handlaggare, rows, startdatum=D(2025, 2, 1))
    assert saved.startdatum == D(2025, 2, 1)
    insats.refresh_from_db()
    with pytest.raises(services.InsatsError) as refused:
        _andra(insats, bertil_handlaggare, _rows(insats), startdatum=D(2025, 2, 2))
    assert refused.value.field == "startdatum"
    grant = {"beslutsdatum": D(2020, 1, 1), "period_fran": D(2020, 1, 1), "period_till": D(2021, 12, 31), "belopp": 1}
    with pytest.raises(services.InsatsError) as refused:
        services.registrera_insats(
            by=bertil_handlaggare, namn="Ny", insatsagare=orgs["alvkarleby"], kategori=kategorier["Individinriktad"],
            startdatum=D(2020, 2, 1), beviljanden=[grant],
        )  # fmt: skip
    assert refused.value.field == "startdatum"

    # The edit page: the message at the field, what was typed kept, nothing saved.
    client = client_for(bertil_handlaggare)
    url = reverse("insatser:redigera", args=[insats.pk])
    response = client.post(url, _post(insats, _rows(insats), startdatum="2026-06-01"))
    body = response.content.decode()
    error = body.split('id="id_startdatum_error"')[1].split("</div>")[0]
    assert "Startdatum kan inte vara efter 2025-02-01, då det första beviljandets period börjar." in error
    assert 'value="2026-06-01"' in body
    insats.refresh_from_db()
    assert insats.startdatum == D(2025, 2, 1)

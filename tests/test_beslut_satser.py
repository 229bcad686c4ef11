"""Clauses that follow the proposal: a clause drafted from the library is
filled in again when the amount, period or outcome changes, unless the
förbundschef has rewritten it; what no longer matches is pointed out; the
standard clauses replace the others only after a confirmation, and nothing
typed is lost; a clause with an unfilled placeholder cannot be fastställd."""

import datetime

import pytest
from django.urls import reverse

from beslut import klausuler, services
from beslut.models import Klausul
from samordning.models import Forbund
from tests.helpers import edit_post

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
D = datetime.date


def texts(forslag):
    return [s.text for s in forslag.satser.all()]


def test_drafted_clauses_keep_their_library_clause(forslag):
    linked = [s.klausul.namn for s in forslag.satser.select_related("klausul")]
    assert linked == ["Bevilja stöd", "Avsätta medel", "Medlemmarnas fortsatta finansiering", "Ansökan, lag och styrdokument"]


def test_new_amount_and_period_are_filled_into_untouched_clauses_only(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    data = edit_post(forslag)
    data["sats"][0] = "bevilja finansiellt stöd till insatsen, maximalt 1 540 400 kr"  # rewritten by hand
    data["sats"].append(f"avsätta maximalt 1{NBSP}540{NBSP}400{NBSP}kr under 2023-01-01 till 2024-12-31")  # typed
    data["sats_klausul"].append("")
    data.update(belopp="1200000", period_fran="2023-02-01", period_till="2025-01-31")
    assert client.post(url, data).status_code == 302

    forslag.refresh_from_db()
    satser = texts(forslag)
    assert satser[0] == "bevilja finansiellt stöd till insatsen, maximalt 1 540 400 kr"
    assert satser[1] == f"avsätta maximalt 1{NBSP}200{NBSP}000{NBSP}kr som finansiering under perioden 2023-02-01 till 2025-01-31"
    assert satser[2:4] == [k.text for k in Klausul.objects.filter(typ="villkor").order_by("ordning")]
    assert satser[4].startswith(f"avsätta maximalt 1{NBSP}540{NBSP}400{NBSP}kr")
    # The page says which clauses no longer match, next to them.
    page = client.get(url).content.decode()
    # Clause 1: the amount; the typed one: amount and two dates; and the
    # period, which now ends after the application's.
    assert page.count("Kontrollera:") == 5 and "går utanför ansökans period" in page
    assert f"Satsen nämner 1{NBSP}540{NBSP}400{NBSP}kr men förslagets belopp är 1{NBSP}200{NBSP}000{NBSP}kr." in page
    assert "Satsen nämner 1 januari 2023, som inte är början eller slut på förslagets period" in page
    assert "Ändrad från bibliotekets ”Bevilja stöd”: följer inte med när belopp eller period ändras." in page
    assert "Från biblioteket: Avsätta medel." in page
    detail = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert "Några satser stämmer inte med förslagets belopp" in detail


def test_the_library_clause_chosen_on_the_page_follows_the_amount(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    vald = Klausul.objects.get(namn="Bevilja stöd för period och belopp")
    page = client.get(url).content.decode()
    filled = klausuler.fill(vald.text, klausuler.values(forslag, forslag.ansokan))
    assert f'data-link="{vald.pk}"' in page
    # As listor.js posts it: the filled text and the hidden link.
    data = edit_post(forslag, sats=[filled], sats_klausul=[str(vald.pk)])
    assert client.post(url, data).status_code == 302
    forslag.refresh_from_db()
    assert forslag.satser.get().klausul_id == vald.pk
    assert client.post(url, edit_post(forslag, belopp="316000", period_fran="2021-04-01", period_till="2023-03-31")).status_code == 302
    # In the formats of the förbund's chosen set (installed: 316 000 kr, 2021-04-01).
    assert texts(forslag) == [
        "bevilja finansiellt stöd enligt ansökan Förstärkt stöd till arbete & studier, för perioden "
        f"2021-04-01 till 2023-03-31, maximalt 316{NBSP}000{NBSP}kr"
    ]
    # A link to a clause that does not exist is dropped, not an error.
    forslag.refresh_from_db()
    assert client.post(url, edit_post(forslag, sats_klausul=["999999"])).status_code == 302
    assert forslag.satser.get().klausul_id is None


def test_a_new_outcome_swaps_the_untouched_standard_clauses(forslag, cecilia_forbundschef):
    egen = "uppdra åt förbundschefen att följa upp insatsen"
    satser = [klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()] + [klausuler.Sats(egen)]
    services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"utfall": "avslag"}, satser=satser)
    assert texts(forslag) == ["avslå ansökan om finansiellt stöd till insatsen Förstärkt stöd till arbete & studier", egen]
    forslag.refresh_from_db()
    satser = [klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()]
    services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"utfall": "bifall"}, satser=satser)
    assert len(texts(forslag)) == 5 and texts(forslag)[-1] == egen


def test_a_rewritten_clause_of_the_old_outcome_stays_and_is_pointed_out(forslag, cecilia_forbundschef, client):
    satser = [klausuler.Sats(s.text + " i sin helhet", s.klausul_id) if i == 0 else klausuler.Sats(s.text, s.klausul_id) for i, s in enumerate(forslag.satser.all())]
    services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"utfall": "avslag"}, satser=satser)
    assert texts(forslag)[0].endswith("i sin helhet") and texts(forslag)[1].startswith("avslå")
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:redigera", args=[forslag.pk])).content.decode()
    assert "Satsen kommer från biblioteket för ”bifall” men förslaget är ”avslag”." in page


def test_replacing_with_standard_clauses_saves_first_and_asks(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    data = edit_post(forslag, titel="Ny rubrik", bedomning="Skrivet men inte sparat.", action="standardsatser")
    data["sats"] = ["egen sats", *data["sats"][1:]]
    response = client.post(url, data)
    assert response["Location"] == reverse("beslut:standardsatser", args=[forslag.pk])
    forslag.refresh_from_db()
    assert (forslag.titel, forslag.bedomning, texts(forslag)[0]) == ("Ny rubrik", "Skrivet men inte sparat.", "egen sats")

    page = client.get(response["Location"]).content.decode()
    assert "Ersätta satserna med bibliotekets standardsatser?" in page
    assert "egen sats" in page and 'name="behall_egna"' in page
    # Not yet: the clauses are only replaced when confirmed.
    assert texts(forslag)[0] == "egen sats"
    confirm = reverse("beslut:standardsatser", args=[forslag.pk])
    assert client.post(confirm, {"version": forslag.version, "behall_egna": "1"}).status_code == 302
    assert texts(forslag)[0].startswith("bevilja finansiellt stöd") and texts(forslag)[-1] == "egen sats"
    forslag.refresh_from_db()
    assert client.post(confirm, {"version": forslag.version}).status_code == 302
    assert "egen sats" not in texts(forslag) and len(texts(forslag)) == 4
    # A confirmation of a page that has been changed since is refused.
    before = texts(forslag)
    response = client.post(confirm, {"version": forslag.version - 1}, follow=True)
    assert "har sparats av någon annan" in response.content.decode()
    assert texts(forslag) == before


def test_replacing_with_an_invalid_form_saves_nothing_and_keeps_the_input(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    data = edit_post(forslag, belopp="-1", bedomning="Mitt utkast", action="standardsatser")
    page = client.post(reverse("beslut:redigera", args=[forslag.pk]), data)
    assert page.status_code == 200 and "Mitt utkast" in page.content.decode()
    forslag.refresh_from_db()
    assert forslag.bedomning != "Mitt utkast"


def test_unfilled_placeholder_cannot_be_fastställd(forslag, cecilia_forbundschef, client):
    forslag.refresh_from_db()
    services.spara_forslag(
        forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"belopp": None},
        satser=[klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()],
    )  # fmt: skip
    assert "{belopp}" in texts(forslag)[1]
    with pytest.raises(services.WorkflowError, match=r"Sats 2 innehåller \{belopp\}, som inte är ifyllt"):
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:redigera", args=[forslag.pk])).content.decode()
    assert "Platshållaren {belopp} är inte ifylld." in page
    response = client.post(reverse("beslut:faststall", args=[forslag.pk]), follow=True)
    assert "innehåller {belopp}, som inte är ifyllt" in response.content.decode()
    # Filling in the amount fills the clause again.
    forslag.refresh_from_db()
    services.spara_forslag(
        forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={"belopp": 900_000},
        satser=[klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()],
    )  # fmt: skip
    assert texts(forslag)[1].startswith(f"avsätta maximalt 900{NBSP}000{NBSP}kr")


def test_non_breaking_spaces_survive_the_edit_page(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    data = edit_post(forslag)
    data["sats"][1] = "att  " + data["sats"][1] + "\n"
    assert client.post(reverse("beslut:redigera", args=[forslag.pk]), data).status_code == 302
    assert f"1{NBSP}540{NBSP}400{NBSP}kr" in texts(forslag)[1]


def test_numbered_style_everywhere_clauses_are_shown(forslag, cecilia_forbundschef, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Forbund.objects.filter(pk=1).update(beslutsstil="numrerad")
    services.faststall(forslag=forslag, by=cecilia_forbundschef)
    client.force_login(cecilia_forbundschef)
    compare = client.get(reverse("beslut:jamfor", args=[forslag.pk])).content.decode()
    assert "1. Bevilja finansiellt stöd" in compare and "att bevilja" not in compare
    library = client.get(reverse("beslut:klausuler")).content.decode()
    assert "<td>Bevilja finansiellt stöd enligt {ansokningstyp}" in library and "att bevilja" not in library
    detail = client.get(reverse("beslut:detalj", args=[forslag.pk])).content.decode()
    assert '<td class="nr">2.</td><td>Avsätta maximalt' in detail
    confirm = client.get(reverse("beslut:standardsatser", args=[forslag.pk])).content.decode()
    assert "<td class=\"nr\">1.</td><td>Bevilja" in confirm
    # A version frozen in the att style compares in its own style.
    Forbund.objects.filter(pk=1).update(beslutsstil="att")
    compare = client.get(reverse("beslut:jamfor", args=[forslag.pk])).content.decode()
    assert "<del>1. Bevilja finansiellt stöd" in compare and "<ins>att bevilja finansiellt stöd" in compare


def test_confirmation_page_query_count_does_not_grow(forslag, cecilia_forbundschef, client, django_assert_max_num_queries):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:standardsatser", args=[forslag.pk])
    with django_assert_max_num_queries(40) as one:
        assert client.get(url).status_code == 200
    services.spara_forslag(
        forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={},
        satser=[klausuler.Sats(f"sats {i}", k.pk) for i, k in enumerate(Klausul.objects.all())] * 3,
    )  # fmt: skip
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_only_the_forbundschef_replaces_clauses(forslag, bertil_handlaggare, client):
    client.force_login(bertil_handlaggare)
    url = reverse("beslut:standardsatser", args=[forslag.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": forslag.version}).status_code == 403


def test_the_page_keeps_the_link_of_a_clause_with_a_large_id(forslag, cecilia_forbundschef, client):
    """Ids are written unlocalised: "12 345" would not come back as a link."""
    k = Klausul.objects.create(pk=12345, namn="Stor", typ="ovrigt", text="lägga {insats} till handlingarna")
    services.spara_forslag(
        forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={},
        satser=[klausuler.Sats(klausuler.fill(k.text, klausuler.values(forslag, forslag.ansokan)), k.pk)],
    )  # fmt: skip
    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:redigera", args=[forslag.pk])).content.decode()
    assert '<input type="hidden" name="sats_klausul" value="12345">' in page
    assert 'data-link="12345"' in page


def test_keeping_own_clauses_keeps_library_clauses_besides_the_standard_ones(forslag, cecilia_forbundschef):
    handlingarna = Klausul.objects.get(namn="Lägga till handlingarna")
    satser = [klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()][:1]
    satser.append(klausuler.Sats(handlingarna.text, handlingarna.pk))
    services.spara_forslag(forslag=forslag, by=cecilia_forbundschef, version=forslag.version, falt={}, satser=satser)
    assert [s.text for s in services.egna_satser(forslag)] == [handlingarna.text]
    forslag.refresh_from_db()
    services.hamta_standardsatser(forslag=forslag, by=cecilia_forbundschef, version=forslag.version, behall_egna=True)
    assert len(texts(forslag)) == 5 and texts(forslag)[-1] == handlingarna.text


def test_the_year_placeholder_names_the_inriktning_year(cecilia_forbundschef, client):
    """Seed 002: "anta förslag till verksamhetsinriktning 2018"."""
    Klausul.objects.all().delete()  # as a fresh installation has it
    klausuler.load_defaults(Klausul)
    forslag = services.skapa_forslag(by=cecilia_forbundschef, titel="Verksamhetsinriktning 2018")
    anta = Klausul.objects.get(namn="Anta inriktning")
    assert anta.text == "anta förslag till verksamhetsinriktning {ar}"
    assert klausuler.fill(anta.text, klausuler.values(forslag)) == "anta förslag till verksamhetsinriktning {ar}"
    assert klausuler.varningar(klausuler.fill(anta.text, klausuler.values(forslag)), forslag)  # pointed out
    forslag.period_fran, forslag.period_till = datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)
    assert klausuler.fill(anta.text, klausuler.values(forslag)) == "anta förslag till verksamhetsinriktning 2018"

    client.force_login(cecilia_forbundschef)
    page = client.get(reverse("beslut:klausul", args=[anta.pk])).content.decode()
    assert "<code>{ar}</code>" in page and "periodens första år" in page

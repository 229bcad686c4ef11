"""The rekvisition pages (issue 11 item 2): the insatsägare files a claim
(refused over the maximum with the amount over and everything typed kept),
the handläggare attests, returns or records payment, a stale page is told,
a returned claim is corrected by a new one; who sees what; query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats, Rekvisition
from tests.test_tillganglighet import error_page_problems

pytestmark = pytest.mark.django_db
D = datetime.date
S = Rekvisition.Status


@pytest.fixture
def insats(orgs):
    i = Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])
    i.samverkansparter.add(orgs["af"])
    return i


@pytest.fixture
def beslut(insats):
    return Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 12, 10), organ=Beviljande.Organ.STYRELSE, paragraf=84,
        period_fran=D(2026, 1, 1), period_till=D(2027, 12, 31), belopp=100_000,
    )  # fmt: skip


def _post(insats, beslut, **over):
    data = {
        "beviljande": beslut.pk, "period_fran": "2026-01-01", "period_till": "2026-03-31",
        "belopp_lon": "80 000", "belopp_lokal": "", "belopp_ovrig": "2500", "kommentar": "Första kvartalet.",
    }  # fmt: skip
    data.update(over)
    return data


def _claim(insats, beslut, by, **rader):
    return rek.lamna_in(
        insats=insats, beviljande=beslut, period=(D(2026, 1, 1), D(2026, 3, 31)), rader=rader or {"lon": 10_000}, by=by
    )


def test_the_insatsagare_files_a_claim_refused_over_the_maximum_with_everything_kept(
    client, anna_sokande, insats, beslut, media
):
    client.force_login(anna_sokande)
    page = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    ny = reverse("insatser:rekvisition_ny", args=[insats.pk])
    assert ny in page and "Budget mot utfall" in page

    form = client.get(ny).content.decode()
    assert f'<option value="{beslut.pk}" selected>' in form  # the grant covering today

    _claim(insats, beslut, anna_sokande, lon=20_000)
    fil = SimpleUploadedFile("kvitto.pdf", b"%PDF-1.7 kvitto", "application/pdf")
    response = client.post(ny, {**_post(insats, beslut), "bilaga": fil})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rekvisitionen överskrider det beviljade beloppet med 2\xa0500\xa0kr." in html
    assert 'id="rader_error"' in html and ' rader_error"' in html
    for typed in ('value="80 000"', 'value="2500"', 'value="2026-03-31"', "Första kvartalet."):
        assert typed in html, typed
    assert "välj verifikationen på nytt" in html
    assert not error_page_problems(html), error_page_problems(html)
    assert Rekvisition.objects.count() == 1

    fil = SimpleUploadedFile("kvitto.pdf", b"%PDF-1.7 kvitto", "application/pdf")  # chosen again
    response = client.post(ny, {**_post(insats, beslut, belopp_ovrig="0"), "bilaga": fil})
    r = Rekvisition.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == reverse("insatser:rekvisition", args=[r.pk])
    assert r.summa == 80_000 and r.kommentar == "Första kvartalet." and r.filnamn == "kvitto.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "Kvar efter denna" in page and "0\xa0kr" in page
    assert client.get(reverse("insatser:rekvisition_bilaga", args=[r.pk])).status_code == 200


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"period_fran": "2025-10-01", "period_till": "2025-12-31"}, "period_fran", "Perioden ska ligga inom beslutets period 2026-01-01–2027-12-31."),
        ({"period_fran": "2026-12-01", "period_till": "2027-01-31"}, "period_till", "En rekvisition gäller kostnader inom ett kalenderår."),
        ({"period_till": "2025-12-31"}, "period_till", "Till-datum kan inte vara före från-datum."),
        ({"belopp_lon": "", "belopp_ovrig": ""}, None, "Ange minst ett belopp större än 0 kr."),
        ({"belopp_lon": "12,50"}, "belopp_lon", "Ange beloppet i hela kronor, utan decimaler."),
        ({"belopp_lon": "-5"}, "belopp_lon", "Beloppet kan inte vara negativt."),
    ],
)
def test_bad_input_is_told_at_its_field(client, anna_sokande, insats, beslut, over, field, message):
    client.force_login(anna_sokande)
    response = client.post(reverse("insatser:rekvisition_ny", args=[insats.pk]), _post(insats, beslut, **over))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    if field:
        assert f'id="id_{field}_error"' in html or f'aria-describedby="id_{field}_error"' in html
    assert not error_page_problems(html), error_page_problems(html)
    assert not Rekvisition.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused(client, anna_sokande, insats, beslut):
    client.force_login(anna_sokande)
    fil = SimpleUploadedFile("kvitto.png", b"%PDF-1.7 inte en bild", "image/png")
    html = client.post(
        reverse("insatser:rekvisition_ny", args=[insats.pk]), {**_post(insats, beslut), "bilaga": fil}
    ).content.decode()
    assert "Filens innehåll stämmer inte med filändelsen .png" in html


def test_the_handlaggare_attests_and_records_payment(client, anna_sokande, bertil_handlaggare, insats, beslut):
    r = _claim(insats, beslut, anna_sokande)
    client.force_login(bertil_handlaggare)
    url = reverse("insatser:rekvisition", args=[r.pk])
    page = client.get(url).content.decode()
    assert "data-bekrafta" in page and "Attestera" in page
    response = client.post(reverse("insatser:rekvisition_attestera", args=[r.pk]), {"version": r.version})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == S.ATTESTERAD and r.attesterad_av == bertil_handlaggare
    betald = reverse("insatser:rekvisition_betald", args=[r.pk])
    fram = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    html = client.post(betald, {"version": r.version, "datum": fram}).content.decode()
    assert "Betalningsdagen kan inte vara i framtiden." in html
    assert not error_page_problems(html), error_page_problems(html)
    html = client.post(betald, {"version": r.version, "datum": "2026-04-20"}).content.decode()
    assert "Betalningsdagen kan inte vara före attesten" in html  # at its field
    idag = timezone.localdate()
    assert client.post(betald, {"version": r.version, "datum": idag.isoformat()}).status_code == 302
    r.refresh_from_db()
    assert r.status == S.BETALD and r.betald == idag and r.betald_av == bertil_handlaggare
    page = client.get(url).content.decode()
    assert "registrerad av Bertil" in page and "Markera som betald" not in page


def test_a_stale_page_is_told_not_a_500(client, anna_sokande, bertil_handlaggare, cecilia_forbundschef, insats, beslut):
    r = _claim(insats, beslut, anna_sokande)
    opened = r.version
    rek.attestera(rekvisition=r, by=cecilia_forbundschef, version=opened)
    client.force_login(bertil_handlaggare)
    response = client.post(
        reverse("insatser:rekvisition_returnera", args=[r.pk]), {"version": opened, "kommentar": "Kvitto saknas."}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Rekvisitionen har ändrats av någon annan sedan du öppnade den." in html and "Kvitto saknas." in html
    r.refresh_from_db()
    assert r.status == S.ATTESTERAD


def test_a_return_needs_a_comment_and_the_corrected_claim_replaces_it(
    client, anna_sokande, bertil_handlaggare, insats, beslut
):
    r = _claim(insats, beslut, anna_sokande, lon=60_000, ovrig=1_000)
    client.force_login(bertil_handlaggare)
    returnera = reverse("insatser:rekvisition_returnera", args=[r.pk])
    html = client.post(returnera, {"version": r.version, "kommentar": " "}).content.decode()
    assert "Skriv varför rekvisitionen returneras." in html
    assert not error_page_problems(html), error_page_problems(html)
    assert client.post(returnera, {"version": r.version, "kommentar": "Lokalen hör inte hit."}).status_code == 302

    client.force_login(anna_sokande)
    page = client.get(reverse("insatser:rekvisition", args=[r.pk])).content.decode()
    assert "Lokalen hör inte hit." in page and "Rätta och lämna in på nytt" in page
    ny = reverse("insatser:rekvisition_ny", args=[insats.pk]) + f"?ersatter={r.pk}"
    form = client.get(ny).content.decode()
    assert 'value="60 000"' in form and 'value="1 000"' in form and "Lokalen hör inte hit." in form
    response = client.post(ny, _post(insats, beslut, belopp_lon="60000", belopp_ovrig="", ersatter=r.pk))
    assert response.status_code == 302
    ny_r = Rekvisition.objects.latest("id")
    assert ny_r.ersatter == r and ny_r.summa == 60_000
    r.refresh_from_db()
    assert r.status == S.RETURNERAD and r.returkommentar == "Lokalen hör inte hit."
    # Replaced once: the returned claim offers no second correction.
    assert client.get(ny).status_code == 404
    assert "Rätta och lämna in på nytt" not in client.get(reverse("insatser:rekvisition", args=[r.pk])).content.decode()


def test_who_sees_and_does_what(client, anna_sokande, karin_af, erik_utomstaende, bertil_handlaggare, insats, beslut):
    r = _claim(insats, beslut, anna_sokande)
    detalj, ny = reverse("insatser:detalj", args=[insats.pk]), reverse("insatser:rekvisition_ny", args=[insats.pk])
    # A samverkanspart neither sees the claims nor files them.
    client.force_login(karin_af)
    assert client.get(reverse("insatser:rekvisition", args=[r.pk])).status_code == 404
    assert client.get(ny).status_code in (403, 404)
    lista = client.get(reverse("insatser:rekvisitioner"))  # their list: empty, not Älvkarleby's
    assert lista.status_code == 200 and reverse("insatser:rekvisition", args=[r.pk]) not in lista.content.decode()
    client.force_login(erik_utomstaende)
    assert client.get(reverse("insatser:rekvisition", args=[r.pk])).status_code == 404
    # The kansli sees the claims, but does not file them.
    client.force_login(bertil_handlaggare)
    page = client.get(detalj).content.decode()
    assert reverse("insatser:rekvisition", args=[r.pk]) in page and ny not in page
    # The insatsägare sees no attest buttons; a closed insats takes no claims.
    client.force_login(anna_sokande)
    assert "Attestera" not in client.get(reverse("insatser:rekvisition", args=[r.pk])).content.decode()
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    assert client.get(ny).status_code == 403


def test_the_list_filters_by_status(client, anna_sokande, bertil_handlaggare, insats, beslut):
    a = _claim(insats, beslut, anna_sokande)
    b = _claim(insats, beslut, anna_sokande)
    rek.attestera(rekvisition=b, by=bertil_handlaggare, version=b.version)
    client.force_login(bertil_handlaggare)
    url = reverse("insatser:rekvisitioner")

    def shown(query):
        html = client.get(url, query).content.decode()
        return [p for p in (a, b) if reverse("insatser:rekvisition", args=[p.pk]) + '"' in html]

    assert shown({}) == [a, b]
    assert shown({"status": "inlamnad"}) == [a]
    assert shown({"status": "attesterad"}) == [b]
    assert shown({"status": "betald"}) == []
    assert shown({"status": "okänd"}) == [a, b]


# --- query counts -------------------------------------------------------------------------


def _count(client, url, django_assert_max_num_queries, limit=40):
    with django_assert_max_num_queries(limit) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_claims(
    client, anna_sokande, bertil_handlaggare, insats, beslut, django_assert_max_num_queries
):
    first = _claim(insats, beslut, anna_sokande, lon=1_000, lokal=500)
    pages = [
        (bertil_handlaggare, reverse("insatser:rekvisitioner")),
        (bertil_handlaggare, reverse("insatser:rekvisitioner") + "?status=inlamnad"),
        (bertil_handlaggare, reverse("insatser:detalj", args=[insats.pk])),
        (anna_sokande, reverse("insatser:detalj", args=[insats.pk])),
        (bertil_handlaggare, reverse("insatser:rekvisition", args=[first.pk])),
        (anna_sokande, reverse("insatser:rekvisition_ny", args=[insats.pk])),
    ]
    one = {}
    for user, url in pages:
        client.force_login(user)
        client.get(url)  # warm: Django caches content types per process (the insats page's history)
        one[url, user.pk] = _count(client, url, django_assert_max_num_queries)
    extra = Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 12, 1), period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31), belopp=5_000
    )
    for i in range(12):
        period = (D(2026, 4, 1), D(2026, 4, 30)) if i % 2 else (D(2025, 1, 1), D(2025, 1, 31))
        r = rek.lamna_in(
            insats=insats, beviljande=beslut if i % 2 else extra, period=period, rader={"lokal": 100, "ovrig": 10},
            by=anna_sokande,
        )  # fmt: skip
        if i % 3 == 0:
            rek.attestera(rekvisition=r, by=bertil_handlaggare, version=r.version)
    for user, url in pages:
        client.force_login(user)
        assert _count(client, url, django_assert_max_num_queries) == one[url, user.pk], url
        print(f"\n{url} ({user.username}): {one[url, user.pk]} queries with 1 claim and with 13")


def test_a_samverkanspart_is_shown_no_claims_section(karin_af, anna_sokande, insats, beslut):
    from insatser.views.rekvisitioner import for_insats_page

    _claim(insats, beslut, anna_sokande)
    assert for_insats_page(karin_af, insats) == {"rekvisitioner_synliga": False}
    shown = for_insats_page(anna_sokande, insats)
    assert shown["may_file_rekvisition"] and shown["may_see_rekvisitionslista"]  # their own claims
    assert [u["kategori"] for u in shown["budget_mot_utfall"]] == ["Lönekostnader"]


def test_budget_versus_actual_on_the_insats_page(client, komplett, anna_sokande, orgs):
    from samordning.formatting import kr

    insats = Insats.objects.create(namn="Från ansökan", insatsagare=komplett.insatsagare)
    bev = Beviljande.objects.create(
        insats=insats, ansokan=komplett, beslutsdatum=D(2022, 12, 1), period_fran=D(2023, 1, 1),
        period_till=D(2025, 12, 31), belopp=3_000_000,
    )  # fmt: skip
    rek.lamna_in(insats=insats, beviljande=bev, period=(D(2023, 1, 1), D(2023, 3, 31)), rader={"lon": 1_000}, by=anna_sokande)
    client.force_login(anna_sokande)
    html = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    utfall = rek.budget_mot_utfall(insats)
    lon = next(u for u in utfall if u.kategori == "lon" and u.ar == 2023)
    row = html.split('<th scope="row">2023</th><td>Lönekostnader</td>')[1].split("</tr>")[0]
    assert [kr(lon.budget), kr(1_000), kr(0), kr(lon.budget - 1_000)] == [
        c.split(">")[1] for c in row.split("</td>") if ">" in c
    ]
    assert "ingen budget per kategori" not in html


def test_without_an_application_there_is_no_budget_to_compare(client, anna_sokande, insats, beslut):
    _claim(insats, beslut, anna_sokande)
    client.force_login(anna_sokande)
    html = client.get(reverse("insatser:detalj", args=[insats.pk])).content.decode()
    assert "ingen budget per kategori att jämföra med" in html and "−10\xa0000\xa0kr" not in html

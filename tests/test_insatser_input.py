"""Bad input on the register: a clear Swedish message next to the field,
never a 500, nothing the user typed lost, and nothing saved."""

import html
import re

import pytest
from django.urls import reverse

from insatser.models import Beviljande, Insats
from tests.factories import make_insats
from tests.test_insatser import form_post, grant_post

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def bertil(client_for, bertil_handlaggare):
    return client_for(bertil_handlaggare)


def post_new(client, orgs, kategorier, grants=None, **changes):
    data = form_post(
        orgs["alvkarleby"], kategorier["Strukturövergripande"], grants or [grant_post()], **changes
    )
    response = client.post(reverse("insatser:ny"), data)
    assert response.status_code == 200, response.status_code
    assert not Insats.objects.exists()
    body = html.unescape(response.content.decode())
    assert "Insatsen är inte sparad. Rätta det som är markerat nedan." in body
    return body


def feedback(body):
    """The messages next to fields (crispy's and the grant rows') and above
    the grants."""
    return [
        " ".join(text.split())
        for groups in re.findall(
            r'<p id="error_\d+_id_\w+"><strong>([^<]+)</strong>|class="(?:invalid-feedback d-block|alert alert-danger[^"]*)"[^>]*>([^<]+)',
            body,
        )
        for text in groups
        if text.strip()
    ]


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        (
            grant_post(fran="2021-04-01", till="2019-03-31"),
            "Till-datum kan inte vara före från-datum.",
        ),
        (grant_post(belopp="-270000"), "Beloppet kan inte vara negativt."),
        (grant_post(belopp="0"), "Ange ett belopp större än 0 kr."),
        (grant_post(belopp="27000000000"), "Beloppet är orimligt stort"),
        (grant_post(belopp="270 000,50"), "Ange beloppet i hela kronor, t.ex. 270 000."),
        (grant_post(belopp="tvåhundra"), "Ange beloppet i hela kronor"),
        (grant_post(belopp="9" * 5000), "Ange beloppet i hela kronor"),
        (grant_post(beslut="2099-01-01"), "Beslutsdatum kan inte ligga i framtiden"),
        (grant_post(fran="0202-04-01"), "ange ett år mellan 2000 och 2100"),
        (grant_post(till="2021-02-30"), "Ange datumet som ÅÅÅÅ-MM-DD"),
        (grant_post(beslut=""), "Ange beslutsdatum."),
        (grant_post(fran="", till=""), "Ange periodens första dag."),
        (grant_post(belopp=""), "Ange belopp."),
        (grant_post(dnr="SFU " + "9" * 40), "Diarienumret får vara högst 30 tecken (nu 44)."),
    ],
)
def test_a_bad_grant_is_shown_next_to_its_field(bertil, orgs, kategorier, grant, message):
    body = post_new(bertil, orgs, kategorier, [grant])
    assert any(message in text for text in feedback(body)), feedback(body)
    # What was typed comes back (the bad value too, so it can be corrected).
    for key in ("beslutsdatum", "diarienummer", "belopp"):
        if grant[key] and len(grant[key]) < 100:
            assert f'value="{grant[key]}"' in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"namn": ""}, "Ange insatsens namn."),
        ({"namn": "x" * 201}, "Namnet får vara högst 200 tecken (nu 201)."),
        ({"insatsagare": ""}, "Välj insatsägare."),
        ({"insatsagare": "abc"}, "Välj en av förbundets medlemsorganisationer."),
        (
            {"insatsagare": "99999999999999999999999"},
            "Välj en av förbundets medlemsorganisationer.",
        ),
        ({"kategori": None}, "Välj inriktning."),
        ({"kategori": "-1"}, "Välj en av inriktningarna i listan."),
        ({"startdatum": ""}, "Ange när insatsen startade."),
        ({"startdatum": "igår"}, "Ange datumet som ÅÅÅÅ-MM-DD"),
        ({"status": "borttagen"}, "Välj pågår eller avslutad."),
    ],
)
def test_a_bad_field_is_shown_next_to_it(bertil, orgs, kategorier, changes, message):
    body = post_new(bertil, orgs, kategorier, **changes)
    assert any(message in text for text in feedback(body)), feedback(body)
    assert 'value="SFU 2019/11"' in body  # the grant typed is kept


def test_no_grant_at_all(bertil, orgs, kategorier):
    body = post_new(bertil, orgs, kategorier, [grant_post("", "", "", "", "")])
    assert "Ange minst ett beviljande: det beslut som ger insatsen pengar." in body
    body = post_new(bertil, orgs, kategorier, [grant_post(DELETE="on")])
    assert "Ange minst ett beviljande" in body


def test_a_former_member_is_not_offered(bertil, orgs, kategorier):
    orgs["knivsta"].medlem = False
    orgs["knivsta"].save()
    body = post_new(bertil, orgs, kategorier, insatsagare=str(orgs["knivsta"].pk))
    assert "Välj en av förbundets medlemsorganisationer." in body


def test_a_duplicate_name_is_refused_next_to_the_name(bertil, bertil_handlaggare, orgs, kategorier):
    make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Individinriktad"])
    data = form_post(
        orgs["alvkarleby"],
        kategorier["Strukturövergripande"],
        [grant_post()],
        namn="  Lokussamordnare   älvkarleby ",
    )
    body = html.unescape(bertil.post(reverse("insatser:ny"), data).content.decode())
    assert "Älvkarleby kommun har redan en insats som heter" in body
    assert Insats.objects.count() == 1


def test_ten_megabytes_of_text_is_an_error_not_a_crash(bertil, orgs, kategorier):
    huge = "å" * (5 * MB)  # 10 MB as UTF-8
    body = post_new(
        bertil, orgs, kategorier, [grant_post(dnr=huge[:1000], belopp=huge[:2000])], namn=huge
    )
    assert "Namnet får vara högst 200 tecken" in body
    # Numbers as every length message writes them (samordning.fields.LengthValidator).
    assert "Diarienumret får vara högst 30 tecken (nu 1\u00a0000)." in body
    assert "Ange beloppet i hela kronor" in body


@pytest.mark.parametrize(
    "management",
    [
        {"beviljande-TOTAL_FORMS": None},
        {"beviljande-TOTAL_FORMS": "abc"},
        {"beviljande-INITIAL_FORMS": "x"},
    ],
)
def test_a_broken_management_form_asks_for_a_reload(bertil, orgs, kategorier, management):
    body = post_new(bertil, orgs, kategorier, **management)
    assert "Formuläret kom inte fram helt. Ladda om sidan och försök igen." in body


def test_too_many_rows_and_a_huge_total(bertil, orgs, kategorier):
    body = post_new(bertil, orgs, kategorier, [grant_post(dnr=f"SFU 2019/{i}") for i in range(51)])
    assert "Högst 50 beviljanden kan sparas på en gång." in body
    data = form_post(
        orgs["alvkarleby"],
        kategorier["Strukturövergripande"],
        [grant_post()],
        **{"beviljande-TOTAL_FORMS": "100000000"},
    )
    response = bertil.post(reverse("insatser:ny"), data)
    assert response.status_code == 200 and not Insats.objects.exists()


def test_tampered_grant_ids_on_edit(bertil, bertil_handlaggare, orgs, kategorier):
    insats = make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    other = make_insats(
        bertil_handlaggare, orgs["knivsta"], kategorier["Strukturövergripande"], namn="Annan"
    )
    url = reverse("insatser:redigera", args=[insats.pk])
    for bad in ["abc", "99999999999999999999999", str(other.beviljanden.first().pk), "-1"]:
        data = form_post(
            orgs["alvkarleby"],
            kategorier["Strukturövergripande"],
            [grant_post(id=bad)],
            initial=1,
            version="1",
        )
        response = bertil.post(url, data)
        assert response.status_code == 200, bad
        assert "Insatsen är inte sparad" in html.unescape(response.content.decode())
    assert other.beviljanden.count() == 2 and insats.beviljanden.count() == 2
    # A version that is not a number is a stale page.
    data = form_post(
        orgs["alvkarleby"], kategorier["Strukturövergripande"], [grant_post()], version="x"
    )
    assert "har sparats av någon annan" in html.unescape(bertil.post(url, data).content.decode())
    assert Beviljande.objects.count() == 4


@pytest.mark.parametrize(
    "query",
    [
        {"insatsagare": "abc"},
        {"insatsagare": "99999999999999999999999"},
        {"kategori": "-1"},
        {"status": "<script>"},
        {"nationell": "x"},
        {"sida": "abc"},
        {"sida": "99999999999999999999"},
        {"q": "x" * 100_000},
    ],
)
def test_odd_list_queries_answer_200(bertil, bertil_handlaggare, orgs, kategorier, query):
    make_insats(bertil_handlaggare, orgs["alvkarleby"], kategorier["Strukturövergripande"])
    assert bertil.get(reverse("insatser:lista"), query).status_code == 200


def test_a_nul_in_the_search_gets_the_swedish_400_page(bertil):
    # Refused for every address in one place (samordning.views.refused_input).
    response = bertil.get(reverse("insatser:lista"), {"q": "\x00"})
    assert response.status_code == 400
    assert "nolltecken" in response.content.decode()


def test_non_numeric_and_huge_ids_in_urls_are_404(bertil):
    for path in [
        "/insatser/abc/",
        "/insatser/99999999999999999999999/",
        "/insatser/-1/redigera/",
        "/insatser/1.5/",
    ]:
        assert bertil.get(path).status_code == 404, path


def test_markup_is_shown_as_text(bertil, bertil_handlaggare, orgs, kategorier):
    insats = make_insats(
        bertil_handlaggare,
        orgs["alvkarleby"],
        kategorier["Strukturövergripande"],
        namn="<b>Fet</b> insats",
    )
    for url in [reverse("insatser:lista"), reverse("insatser:detalj", args=[insats.pk])]:
        body = bertil.get(url).content.decode()
        assert "<b>Fet</b>" not in body and "&lt;b&gt;Fet&lt;/b&gt; insats" in body
